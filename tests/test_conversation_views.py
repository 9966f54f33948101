"""Issue 11, items 4 and 5: stable numbers, undoable edits, views that lead back, sources.

Through ``Conversation.handle`` on a real SQLite file.
"""

from __future__ import annotations

from bot.conversation.ui import t
from bot.dialogs.loader import default_bundle
from tests.players import Player

NAME_QID = "structure.association_name"
STATUS_QID = "structure.association_status"


def number(qid: str, interview: str = "preprojet") -> int:
    questions = default_bundle().interview_questions(interview)
    return [q.id for q in questions].index(qid) + 1


async def started(conv, uid: int = 1) -> Player:
    p = Player(conv, uid, "Julie M.")
    await p.say("/nouvelle_equipe CPTS des Trois Vallées")
    await p.press_data("i:preprojet")
    await p.press("Oui")
    await p.say("Association CPTS des Trois Vallées")
    return p


async def test_modifier_shows_old_and_new_and_can_be_undone(conv):
    p = await started(conv)
    await p.say(f"/modifier {number(NAME_QID)}")
    assert await p.pending() == NAME_QID
    await p.say("Association CPTS des Quatre Vallées")
    assert "Association CPTS des Trois Vallées → Association CPTS des Quatre Vallées" in p.text
    assert (await p.stored())[NAME_QID].value == "Association CPTS des Quatre Vallées"
    undo_data = p.button("Annuler la modification").data
    await p.press_data(undo_data)
    assert (
        t("undone", label="Nom de l'association", value="Association CPTS des Trois Vallées")[:20]
        in p.text
    )
    assert (await p.stored())[NAME_QID].value == "Association CPTS des Trois Vallées"
    # the same undo button again: the answer changed since, nothing happens but a pop-up
    await p.press_data(undo_data)
    assert p.toast == t("undo_stale")
    assert (await p.stored())[NAME_QID].value == "Association CPTS des Trois Vallées"


async def test_edit_from_the_review_returns_to_the_review(conv):
    p = await started(conv)
    await p.say("/revue")
    await p.press_data("rv:preprojet:0")
    n = number(NAME_QID)
    assert f"{n}. " in p.text
    await p.press(f"✏️ {n}")
    assert await p.pending() == NAME_QID
    await p.say("Association CPTS Nouvelle")
    assert "→ Association CPTS Nouvelle" in p.text
    assert "📝" in p.text  # back in the review, not at the next question
    assert any(b.label == t("btn_undo") for b in p.buttons())


async def test_review_numbers_do_not_shift_when_answers_are_added(conv):
    p = await started(conv)
    await p.say("/revue")
    await p.press_data("rv:preprojet:0")
    before = p.text
    await p.say("/reprendre")
    await p.say("passer")  # move on, answer more
    await p.say("/revue")
    await p.press_data("rv:preprojet:0")
    n = number(NAME_QID)
    line = next(x for x in before.splitlines() if x.startswith(f"{n}. "))
    assert line.split(" — ")[0] in p.text


async def test_progress_view_ends_with_a_way_back_to_the_question(conv):
    p = await started(conv)
    pending = await p.pending()
    await p.press("Progression")
    assert "📊" in p.text
    await p.press("Revenir à la question")
    assert await p.pending() == pending
    prompt = default_bundle().questions[pending].prompt
    assert prompt in p.text


async def test_todo_shows_the_current_interview_with_a_button_for_all(conv):
    p = await started(conv)
    await p.say("/acompleter")
    current = p.text
    assert "Pré-projet" in current.splitlines()[0]
    assert "Lettre" not in current
    assert "(Pré-projet)" not in current  # named once, in the heading
    assert any(b.label == t("btn_back_to_question") for b in p.buttons())
    await p.press("Tous les questionnaires")
    assert "Lettre" in p.text or "autres." in p.text
    more = [int(x.split()[2]) for x in p.text.splitlines() if x.startswith("… et ")]
    more_before = [int(x.split()[2]) for x in current.splitlines() if x.startswith("… et ")]
    assert sum(more) > sum(more_before)


async def test_sources_are_named_for_people_not_files(conv):
    p = Player(conv, 5, "Anne B.")
    await p.say("/nouvelle_equipe CPTS Test")
    await p.press_data("i:preprojet")
    assert ".txt" not in p.text
    assert "formulaire de pré-projet ARS Auvergne-Rhône-Alpes" in p.text


async def test_optional_marker_printed_once(conv):
    p = await started(conv)
    bundle = default_bundle()
    fax = next(q for q in bundle.interview_questions("preprojet") if "(facultatif)" in q.prompt)
    await p.say(f"/modifier {number(fax.id)}")
    assert p.text.count("(facultatif)") == 1
