"""One dossier, many views: after the pré-projet, the letter of intent and the health project
show the shared answers pre-filled, never ask them again, and an edit made in one interview
is the answer of every interview."""

from __future__ import annotations

from bot.conversation.core import Conversation
from bot.dialogs import engine
from bot.dialogs.loader import default_bundle
from bot.store import Store
from tests.players import Player
from tests.test_conversation_preprojet import ANSWERS, act


async def walk_preprojet(julie: Player) -> None:
    await julie.press_data("i:preprojet")
    for _ in range(400):
        qid = await julie.pending()
        if qid is None:
            return
        await act(julie, qid, ANSWERS[qid])
    raise AssertionError("pré-projet did not finish")


async def skip_through(player: Player, store: Store, team_id: int, interview: str) -> list[str]:
    """Press « Passer » (or « Terminé » on groups) to the end; return the questions asked."""
    asked: list[str] = []
    for _ in range(400):
        qid = await player.pending()
        if qid is None:
            return asked
        dossier = await store.dossier(team_id, player.user.id)
        assert qid not in dossier, f"{interview}: {qid} was answered already but asked again"
        asked.append(qid)
        skip = next(b for b in player.buttons() if b.data.startswith(("s:", "gd:")))
        await player.press_data(skip.data)
    raise AssertionError(f"{interview} did not finish")


async def test_shared_answers_are_prefilled_and_edits_apply_everywhere(tmp_path):
    bundle = default_bundle()
    store = await Store.open(tmp_path / "cpts.sqlite3")
    conv = Conversation(store, files_dir=tmp_path / "files")
    julie = Player(conv, 1, "Julie M.")
    await julie.say("/nouvelle_equipe CPTS des Trois Vallées")
    await walk_preprojet(julie)
    team_id = (await store.teams_of(1))[0].id
    after_preprojet = await store.dossier(team_id, 1)

    for interview in ("lettre_intention", "projet_sante"):
        julie.all_replies.clear()
        await julie.press_data(f"i:{interview}")
        reused = [
            q
            for q in bundle.interview_questions(interview)
            if bundle.owner_interview(q.id) != interview and q.id in after_preprojet
        ]
        assert len(reused) >= 10, interview
        asked = await skip_through(julie, store, team_id, interview)
        assert not set(asked) & set(after_preprojet)
        assert "parcours terminé" in julie.text
        shown = "\n".join(r.text for r in julie.all_replies)
        assert "Déjà dans le dossier" in shown
        for q in reused:  # every reused answer was shown, with its label, not asked
            assert f"• {q.label} :" in shown, (interview, q.id)

    # Edit the contact person's name from the letter of intent's numbering.
    # numbers are stable: the question's rank in the interview, whatever is answered
    ids = [q.id for q in bundle.interview_questions("lettre_intention")]
    number = ids.index("contact.name") + 1
    await julie.press_data("i:lettre_intention")
    await julie.say(f"/modifier {number}")
    assert await julie.pending() == "contact.name"
    assert "Réponse actuelle : Julie Martin" in julie.text
    await julie.say("Julie Martin-Durand")
    dossier = await store.dossier(team_id, 1)
    assert dossier["contact.name"].value == "Julie Martin-Durand"

    # The pré-projet's review and the health project's review show the new value.
    section = next(
        i
        for i, s in enumerate(bundle.interviews["preprojet"].sections)
        if s.id == bundle.section_of("preprojet", "contact.name").id
    )
    await julie.press_data(f"rv:preprojet:{section}")
    assert "Julie Martin-Durand" in julie.text
    assert "répondu par Julie M." in julie.text
    in_health_project = bundle.section_of("projet_sante", "contact.name").id
    [line] = [
        x
        for x in engine.review(bundle, "projet_sante", dossier, in_health_project)
        if x.question.id == "contact.name"
    ]
    assert line.text == "Julie Martin-Durand" and line.by == "Julie M."
    history = await store.history(team_id, 1, "contact.name")
    assert [h.value for h in history] == ["Julie Martin", "Julie Martin-Durand"]
    await store.close()
