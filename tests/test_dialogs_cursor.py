"""Pure interview transitions (bot/dialogs/cursor.py): no store, no conversation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dialogs import cursor, engine
from bot.dialogs.cursor import Cursor
from bot.dialogs.loader import default_bundle
from bot.dialogs.schema import Answer, Dossier

BUNDLE = default_bundle()
IV = "preprojet"
ORDER = [q.id for q in BUNDLE.interview_questions(IV)]
STATUS, NAME = "structure.association_status", "structure.association_name"
SIRET = "structure.siret"


def dossier(**values: Any) -> Dossier:
    return {key.replace("__", "."): Answer(value=v) for key, v in values.items()}


def test_first_question_then_onwards():
    move = cursor.advance(BUNDLE, cursor.start(IV), {}, after=None)
    assert move.cursor.qid == ORDER[0] == STATUS and not move.finished
    d = dossier(structure__association_status="in_progress")
    move = cursor.advance(BUNDLE, move.cursor, d, after=STATUS)
    assert move.cursor.qid == NAME


@pytest.mark.parametrize(
    ("status", "after_name"),
    [("yes", SIRET), ("no", "structure.email")],  # the SIRET is asked only of an association
)
def test_conditions_decide_what_comes_next(status, after_name):
    d = dossier(structure__association_status=status, structure__association_name="CPTS X")
    move = cursor.advance(BUNDLE, Cursor(IV, qid=NAME), d, after=NAME)
    assert move.cursor.qid == after_name


def test_skip_leaves_the_question_unanswered_and_goes_on():
    move = cursor.skip(BUNDLE, Cursor(IV, qid=STATUS, editing=True), {})
    assert move.cursor.qid == NAME and not move.cursor.editing


def test_back_goes_to_the_previous_visible_question_and_stops_at_the_first():
    d = dossier(structure__association_status="no", structure__association_name="CPTS X")
    email = Cursor(IV, qid="structure.email")
    assert cursor.back(BUNDLE, email, d) == Cursor(IV, qid=NAME)  # SIRET hidden: skipped
    assert cursor.back(BUNDLE, Cursor(IV, qid=STATUS), d) is None


def test_everything_answered_finishes():
    d = {qid: Answer(value="x") for qid in ORDER}
    move = cursor.advance(BUNDLE, Cursor(IV, qid=ORDER[-1]), d, after=ORDER[-1])
    assert move.finished and move.cursor.qid is None


def test_edit_then_resume_where_the_interview_was():
    d = dossier(structure__association_status="no", structure__association_name="CPTS X")
    pending = Cursor(IV, qid="structure.email")
    opened = cursor.edit(BUNDLE, pending, d, IV, ORDER.index(STATUS) + 1)
    assert opened == Cursor(IV, qid=STATUS, resume_qid="structure.email", editing=True)
    # « no » → « yes »: the SIRET becomes visible, so it is asked first, then the resume point
    after = {**d, STATUS: Answer(value="yes")}
    queued = cursor.after_edit(BUNDLE, opened, d, after)
    assert queued.queue == (SIRET,)
    first = cursor.advance(BUNDLE, queued, after, after=STATUS)
    assert first.cursor.qid == SIRET
    then = cursor.advance(BUNDLE, first.cursor, {**after, SIRET: Answer(value="1")}, after=SIRET)
    assert then.cursor.qid == "structure.email" and then.cursor.resume_qid is None


def test_a_second_edit_keeps_the_first_resume_point():
    d = dossier(structure__association_status="no", structure__association_name="CPTS X")
    first = cursor.edit(BUNDLE, Cursor(IV, qid="structure.email"), d, IV, 1)
    assert isinstance(first, Cursor)
    second = cursor.edit(BUNDLE, first, d, IV, 2)
    assert isinstance(second, Cursor) and second.resume_qid == "structure.email"


@pytest.mark.parametrize(
    ("number", "refusal"), [(0, "bad_number"), (len(ORDER) + 1, "bad_number"), (3, "hidden")]
)
def test_edit_refusals(number, refusal):
    d = dossier(structure__association_status="no")  # question 3 (SIRET) is hidden
    assert ORDER[2] == SIRET
    assert cursor.edit(BUNDLE, None, d, IV, number) == refusal


def test_numbers_are_stable_whatever_is_answered():
    numbers = cursor.number_of(BUNDLE, IV)
    assert numbers[STATUS] == 1 and numbers[SIRET] == 3
    assert len(numbers) == len(ORDER)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(ORDER), unique=True), st.sampled_from(ORDER))
def test_advance_never_lands_on_an_answered_or_hidden_question(answered_ids, after):
    d = {qid: Answer(value="x") for qid in answered_ids}
    move = cursor.advance(BUNDLE, Cursor(IV, qid=after), d, after=after)
    if move.finished:
        assert move.cursor.qid is None
        return
    qid = move.cursor.qid
    assert qid is not None and qid not in d and ORDER.index(qid) > ORDER.index(after)
    assert engine.is_visible(BUNDLE, BUNDLE.questions[qid], d)
