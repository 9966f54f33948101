"""Issue 11, item 2: what a message typed while a question is pending means.

Each test gives the input, checks what the bot answers and what is stored (nothing, for
control words and questions). Real Conversation, real SQLite.
"""

from __future__ import annotations

import pytest

from bot.conversation.ui import t
from bot.dialogs import engine
from bot.dialogs.loader import default_bundle
from bot.rules import faq
from bot.rules.faq.api import FaqButton, FaqReply
from tests.players import Player

NAME_QID = "structure.association_name"  # a free-text question, second of the pré-projet
STATUS_QID = "structure.association_status"


async def at_name_question(conv) -> Player:
    p = Player(conv, 1, "Julie M.")
    await p.say("/nouvelle_equipe CPTS des Trois Vallées")
    await p.press_data("i:preprojet")
    assert await p.pending() == STATUS_QID
    await p.press("Oui")
    assert await p.pending() == NAME_QID
    return p


@pytest.mark.parametrize("word", ["passer", "Passer", "PASSER", "pasèr", "suivant"])
async def test_skip_words_move_on_and_store_nothing(conv, word):
    p = await at_name_question(conv)
    await p.say(word)
    assert await p.pending() != NAME_QID
    assert NAME_QID not in await p.stored()
    assert "passer" not in p.text.lower().split("\n")[0]


@pytest.mark.parametrize("word", ["retour", "Retour", "retuor"])
async def test_back_words_go_to_the_previous_question(conv, word):
    p = await at_name_question(conv)
    await p.say(word)
    assert await p.pending() == STATUS_QID
    assert NAME_QID not in await p.stored()


@pytest.mark.parametrize(
    "word", ["je ne sais pas encore", "je ne sais pas (encore)", "Je sais pas"]
)
async def test_unknown_words_mark_to_complete_without_storing_the_text(conv, word):
    p = await at_name_question(conv)
    await p.say(word)
    stored = await p.stored()
    assert stored[NAME_QID].status == "unknown"
    assert stored[NAME_QID].value is None
    assert t("unknown_marker") in p.text


async def test_help_word_shows_help_then_the_question_and_its_buttons(conv):
    p = await at_name_question(conv)
    await p.say("aide")
    assert "ℹ️" in p.text
    assert await p.pending() == NAME_QID
    assert any(b.data.startswith("s:") for b in p.buttons())  # the question's buttons again
    assert NAME_QID not in await p.stored()


async def test_help_button_shows_the_question_again(conv):
    p = await at_name_question(conv)
    await p.say("retour")
    await p.press("Aide")
    assert any(label in p.text for label in ("ℹ️",))
    assert {"Oui", "Non"} <= {b.label for b in p.buttons()}  # the question's buttons again


async def test_cancel_pauses_and_resume_asks_again(conv):
    p = await at_name_question(conv)
    await p.say("Annuler")
    assert t("interview_paused") in p.text
    assert NAME_QID not in await p.stored()
    await p.say("reprendre")
    assert await p.pending() == NAME_QID
    prompt = default_bundle().questions[NAME_QID].prompt
    assert prompt in p.text


async def test_question_without_question_mark_at_a_text_question_is_answered_not_stored(conv):
    p = await at_name_question(conv)
    await p.say("contact CPAM Isère")
    found = faq.match("contact CPAM Isère")
    assert found is not None
    assert found.text in p.text
    assert t("back_to_question") in p.text
    assert await p.pending() == NAME_QID
    assert NAME_QID not in await p.stored()
    # one press stores it after all, when it really was the answer
    await p.press("C'était ma réponse")
    assert (await p.stored())[NAME_QID].value == "contact CPAM Isère"


async def test_typed_answer_after_a_faq_answer_is_stored_normally(conv):
    p = await at_name_question(conv)
    await p.say("contact CPAM Isère")
    await p.say("Association CPTS des Trois Vallées")
    assert (await p.stored())[NAME_QID].value == "Association CPTS des Trois Vallées"


async def test_question_during_modifier_does_not_replace_the_answer(conv):
    p = await at_name_question(conv)
    await p.say("Association CPTS des Trois Vallées")
    bundle = default_bundle()
    number = [q.id for q in engine.visible_questions(bundle, "preprojet", {})].index(NAME_QID) + 1
    await p.say(f"/modifier {number}")
    assert await p.pending() == NAME_QID
    await p.say("c'est quoi l'ACI")
    assert "ACI" in p.text
    assert (await p.stored())[NAME_QID].value == "Association CPTS des Trois Vallées"
    assert await p.pending() == NAME_QID


async def test_structured_answer_that_also_reads_as_a_question_is_asked_about(conv, monkeypatch):
    # The trained FAQ lives on another branch and will read more texts as questions; here the
    # FAQ is made to read « Oui » as one so the « question or answer » choice is exercised.
    real_match = faq.match

    def match(text, context=None):
        if text == "En cours":
            return FaqReply(kind="answer", text="Réponse FAQ factice.", card="x", confidence=0.9)
        return real_match(text, context)

    monkeypatch.setattr(faq, "match", match)
    p = Player(conv, 2, "Marc D.")
    await p.say("/nouvelle_equipe CPTS du Test")
    await p.press_data("i:preprojet")
    await p.say("En cours")
    assert "c'est une question ou votre réponse" in p.text
    assert STATUS_QID not in await p.stored()
    await p.press("Ma réponse")
    assert (await p.stored())[STATUS_QID].value == "in_progress"

    await p.say("retour")
    await p.say("En cours")
    await p.press("Une question")
    assert "Réponse FAQ factice." in p.text
    assert await p.pending() == STATUS_QID


async def test_faq_buttons_are_rendered_and_followed(conv, monkeypatch):
    # FAQ buttons come from the FAQ branch; the contract (FaqReply.buttons → follow) is tested
    # here with a reply that carries one.
    reply = FaqReply(
        kind="answer",
        text="Taille 2.",
        card="funding",
        confidence=0.99,
        buttons=(FaqButton(label="Toutes les tailles", token="funding:all"),),
    )
    monkeypatch.setattr(faq, "answer", lambda text, context=None: reply)
    seen: list[str] = []

    def follow(token, context=None):
        seen.append(token)
        return FaqReply(kind="answer", text="Le détail.", card="funding") if token else None

    monkeypatch.setattr(faq, "follow", follow)
    p = Player(conv, 3, "Anne B.")
    await p.say("combien pour 60 000 habitants")
    await p.press("Toutes les tailles")
    assert seen == ["funding:all"]
    assert "Le détail." in p.text
    await p.press_data("f:")
    assert p.toast
