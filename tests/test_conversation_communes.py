"""Issue 11, item 3 and 9 (conversation side): communes confirmed with their population and
total, a warning across departments/regions, candidates as buttons, the size tier pre-selected."""

from __future__ import annotations

from bot.dialogs.loader import default_bundle
from bot.textfmt import population
from tests.players import Player

COMMUNES_QID = "territory.communes"
TIER_QID = "territory.aci_size"


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
    lines = p.text.splitlines()
    assert lines[0].endswith(": 2 communes comprises")  # one line each, a real plural
    for c in stored:
        assert f"• {c['name']} ({c['department']}) : {population(c['population'])}" in lines
    assert f"Total : {population(sum(c['population'] for c in stored))}" in lines
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


async def test_ambiguous_name_offers_the_nearest_candidates_as_buttons(conv):
    # The case: among Isère communes, « Saint-Jean » silently became Saint-Jean (31).
    p = await at_communes(conv)
    await p.say("Voiron, Saint-Jean, Moirans")
    labels = [b.label for b in p.buttons()]
    assert labels[0] == "Saint-Jean-de-Moirans (38)"  # shares Moirans' postal code
    assert "Saint-Jean (31)" in labels and len(labels) == 4
    assert COMMUNES_QID not in await p.stored()  # nothing stored while it is unclear
    await p.press("Saint-Jean-de-Moirans (38)")
    stored = (await p.stored())[COMMUNES_QID].value
    assert [c["name"] for c in stored] == ["Voiron", "Saint-Jean-de-Moirans", "Moirans"]
    assert f"Total : {population(sum(c['population'] for c in stored))}" in p.text
    assert "⚠️" not in p.text


async def test_the_far_candidate_can_still_be_chosen_and_is_flagged(conv):
    p = await at_communes(conv)
    await p.say("Voiron, Saint-Jean")
    await p.press("Saint-Jean (31)")
    stored = (await p.stored())[COMMUNES_QID].value
    assert [c["department"] for c in stored] == ["38", "31"]
    assert "plusieurs régions" in p.text  # the confirmation says it spans two regions
