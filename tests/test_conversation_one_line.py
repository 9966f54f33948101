"""A row typed on one line at a group question: understood, only the gaps are asked (issue 11)."""

from __future__ import annotations

from bot.conversation.ui import t
from tests.players import Player

GROUP = "members.people"
LINE = "Sophie Durand, infirmière libérale, Voiron, gouvernance oui"


async def at_people_group(conv) -> Player:
    p = Player(conv, 1, "Julie M.")
    await p.say("/nouvelle_equipe CPTS des Trois Vallées")
    await p.press_data("i:preprojet")
    for _ in range(60):
        if await p.pending() == GROUP:
            return p
        skip = next(b for b in p.buttons() if b.data.startswith(("s:", "u:")))
        await p.press_data(skip.data)
    raise AssertionError("the people group was not reached")


async def rows(p: Player) -> list[dict]:
    answer = (await p.stored()).get(GROUP)
    if answer is None:
        return []
    return [{k: v for k, v in r.items() if k != "_id"} for r in answer.value]


async def test_a_person_on_one_line_asks_only_what_is_missing(conv):
    p = await at_people_group(conv)
    assert "Astuce" in p.text  # the group says a whole line can be typed
    await p.say(LINE)
    assert "Compris (personne)" in p.text and "Sophie Durand" in p.text
    assert "champ 1/1" in p.text and "participation" in p.text.lower()
    assert await rows(p) == []  # nothing stored until the row is complete
    await p.press("Confirmée")
    assert t("row_saved", row_label="personne", summary="")[:20] in p.text
    [row] = await rows(p)
    assert row == {
        "name": "Sophie Durand",
        "category": "infirmière libérale",
        "place": "Voiron",
        "governance": True,
        "participation": "confirmed",
    }
    assert await p.pending() == GROUP  # back at the group, ready for the next person


async def test_a_line_typed_at_the_first_field_of_a_new_row(conv):
    p = await at_people_group(conv)
    await p.press("Ajouter")
    await p.say(LINE + ", confirmée")
    [row] = await rows(p)
    assert row["participation"] == "confirmed" and row["place"] == "Voiron"


async def test_a_plain_name_at_the_first_field_is_only_the_name(conv):
    p = await at_people_group(conv)
    await p.press("Ajouter")
    await p.say("Sophie Durand")
    assert "champ 2/" in p.text  # the ordinary walk through the columns goes on
    assert "Compris" not in p.text


async def test_a_question_at_the_group_is_not_read_as_a_row(conv):
    p = await at_people_group(conv)
    await p.say("c'est quoi la représentativité, combien de pros il faut ?")
    assert "Compris" not in p.text
    assert await rows(p) == []
