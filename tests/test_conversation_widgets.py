"""Widgets (bot/conversation/widgets.py): each input kind draws its buttons and reads a press
or a text by itself; pure, no store, no conversation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation.widgets import (
    VERBS,
    WIDGETS,
    Refuse,
    Select,
    Store,
    widget_for,
)
from bot.dialogs.loader import default_bundle
from bot.dialogs.parsing import AnswerInvalid
from bot.dialogs.schema import QType

BUNDLE = default_bundle()
STATUS = BUNDLE.questions["structure.association_status"]  # choice
PARTNERS = BUNDLE.questions["history.partner_support"]  # multi-choice
GOVERNANCE = next(f for f in BUNDLE.questions["members.people"].fields if f.type is QType.YES_NO)
SIRET = BUNDLE.questions["structure.siret"]


def labels(rows) -> list[str]:
    return [b.label for row in rows for b in row]


def test_each_kind_draws_its_own_buttons():
    assert labels(widget_for(QType.CHOICE).keyboard(STATUS, "T", [])) == [
        c.label for c in STATUS.choices
    ]
    multi = labels(widget_for(QType.MULTI_CHOICE).keyboard(PARTNERS, "T", ["cpam"]))
    assert multi[1] == "✅ CPAM" and multi[0].startswith("▫️ ") and multi[-1].endswith("Valider")
    assert labels(widget_for(QType.YES_NO).keyboard(GOVERNANCE, "T", [])) == ["Oui", "Non"]
    assert widget_for(QType.SIRET).keyboard(SIRET, "T", []) == []  # typed, not pressed
    every = [b.data for row in widget_for(QType.CHOICE).keyboard(STATUS, "T", []) for b in row]
    assert all(d.startswith("a:T:") for d in every)


@pytest.mark.parametrize(
    ("target", "verb", "arg", "selection", "outcome"),
    [
        (STATUS, "a", "0", [], Store(STATUS.choices[0].value)),
        (STATUS, "a", "99", [], None),  # a stale index: nothing stored
        (STATUS, "a", "x", [], None),
        (GOVERNANCE, "y", "", [], Store(True)),
        (GOVERNANCE, "n", "", [], Store(False)),
        (PARTNERS, "m", "1", [], Select(["cpam"])),
        (PARTNERS, "m", "1", ["ars", "cpam"], Select(["ars"])),  # pressed again: unselected
        (PARTNERS, "mv", "", ["cpam", "ars"], Store(["ars", "cpam"])),  # in the form's order
        (PARTNERS, "mv", "", [], Refuse("multi_empty")),
        (PARTNERS, "mv", "", ["gone"], Refuse("multi_empty")),  # a value no longer offered
    ],
)
def test_presses(target, verb, arg, selection, outcome):
    assert widget_for(target.type).press(target, verb, arg, selection) == outcome


def test_typed_answers_go_through_the_kind_parser():
    assert widget_for(QType.CHOICE).parse(STATUS, "oui") == "yes"
    with pytest.raises(AnswerInvalid):
        widget_for(QType.SIRET).parse(SIRET, "123")


def test_verbs_are_unique_per_widget():
    seen: list[str] = [v for w in WIDGETS.values() for v in w.verbs]
    assert len(seen) == len(set(seen)) == len(VERBS)


@given(st.text(max_size=6), st.lists(st.sampled_from([c.value for c in PARTNERS.choices])))
def test_a_press_never_raises(arg, selection):
    for verb in ("m", "mv"):
        widget_for(QType.MULTI_CHOICE).press(PARTNERS, verb, arg, selection)
    widget_for(QType.CHOICE).press(STATUS, "a", arg, selection)
