"""Issue 11, item 3 and 9 (conversation side): communes confirmed with their population and
total, a warning across departments/regions, candidates as buttons, the size tier pre-selected."""

from __future__ import annotations

import pytest

from bot.conversation import core
from bot.conversation.core import Conversation
from bot.dialogs.loader import default_bundle
from bot.dialogs.parsing import AnswerInvalid
from bot.textfmt import population
from tests.players import Player

COMMUNES_QID = "territory.communes"
TIER_QID = "territory.aci_size"


@pytest.fixture
def conv(store, tmp_path):
    return Conversation(store, files_dir=tmp_path / "files")


def number(qid: str) -> int:
    return [q.id for q in default_bundle().interview_questions("preprojet")].index(qid) + 1


async def at_communes(conv) -> Player:
    p = Player(conv, 1, "Julie M.")
    await p.say("/nouvelle_equipe CPTS du Voironnais")
    await p.press_data("i:preprojet")
    await p.say(f"/modifier {number(COMMUNES_QID)}")
    assert await p.pending() == COMMUNES_QID
    return p


async def test_confirmation_lists_communes_with_population_and_total(conv):
    p = await at_communes(conv)
    await p.say("Voiron, Voreppe")
    stored = (await p.stored())[COMMUNES_QID].value
    assert [c["name"] for c in stored] == ["Voiron", "Voreppe"]
    for c in stored:
        assert f"• {c['name']} ({c['department']}) : {population(c['population'])}" in p.text
    assert f"Total : {population(sum(c['population'] for c in stored))}" in p.text
    assert "⚠️" not in p.text


async def test_communes_in_two_regions_get_a_warning(conv):
    p = await at_communes(conv)
    await p.say("Voiron, Toulouse")
    assert "plusieurs régions" in p.text
    assert "Occitanie" in p.text and "Auvergne-Rhône-Alpes" in p.text


async def test_size_tier_is_preselected_from_the_communes(conv):
    p = Player(conv, 2, "Marc D.")
    await p.say("/nouvelle_equipe CPTS du Voironnais")
    await p.press_data("i:preprojet")
    await p.say(f"/modifier {number(COMMUNES_QID)}")
    await p.say("Voiron, Voreppe")
    await p.say(f"/modifier {number(TIER_QID)}")
    star = p.buttons()[0]
    assert star.label.startswith("⭐ Taille 1")
    await p.press_data(star.data)
    assert (await p.stored())[TIER_QID].value == "t1"


class Ambiguous(AnswerInvalid):
    """Shape of the parser's ambiguity (a sibling branch adds the real one to the parser)."""

    def __init__(self, message: str, options: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.options = options


async def test_ambiguous_name_offers_one_button_per_candidate(conv, monkeypatch):
    # The commune parser's ambiguity lands on the parsing branch; until then the parser is
    # wrapped so that « Saint-Jean » is ambiguous, which exercises the conversation side.
    real_parse = core.parse_answer

    def parse(target, text):
        if "Saint-Jean" in text and "(" not in text:
            raise Ambiguous(
                "« Saint-Jean » existe dans plusieurs départements.",
                [
                    ("Saint-Jean (31)", text.replace("Saint-Jean", "Saint-Jean (31)")),
                    ("Saint-Jean (38)", text.replace("Saint-Jean", "Saint-Jean (38)")),
                ],
            )
        return real_parse(target, text)

    monkeypatch.setattr(core, "parse_answer", parse)
    p = await at_communes(conv)
    await p.say("Voiron, Saint-Jean")
    assert [b.label for b in p.buttons()] == ["Saint-Jean (31)", "Saint-Jean (38)"]
    assert COMMUNES_QID not in await p.stored()
    await p.press("Saint-Jean (31)")
    stored = (await p.stored())[COMMUNES_QID].value
    assert [c["department"] for c in stored] == ["38", "31"]
    assert "plusieurs régions" in p.text  # and the confirmation says it spans two regions
