"""Where an interview stands, and how it moves: pure transitions, no store, no messages.

A ``Cursor`` is the position in one interview (the pending question, the questions to
re-ask after an edit, where to go on after an edit). Each transition takes the cursor and
the dossier and returns a new cursor plus what the person should be told (questions
already answered elsewhere, the end of the interview, why an edit was refused). The
conversation layer stores the cursor in its session state and renders the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from bot.dialogs import engine
from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Dossier, Question


@dataclass(frozen=True)
class Cursor:
    interview: str
    qid: str | None = None  # the pending question; None once finished
    queue: tuple[str, ...] = ()  # re-asks after an edit made them visible, first first
    resume_qid: str | None = None  # where the interview goes on after an edit
    editing: bool = False  # the pending question was opened to edit an answer


@dataclass(frozen=True)
class Move:
    cursor: Cursor
    prefilled: list[Question] = field(default_factory=list)  # answered in another interview
    finished: bool = False


EditRefusal = Literal["bad_number", "hidden"]


def start(interview: str) -> Cursor:
    return Cursor(interview=interview)


def advance(bundle: Bundle, cursor: Cursor, dossier: Dossier, after: str | None) -> Move:
    """The next question: queued re-asks first, then the resume point, then onwards."""
    queue = list(cursor.queue)
    while queue:
        q = bundle.questions.get(queue.pop(0))
        if q is not None and engine.is_visible(bundle, q, dossier) and q.id not in dossier:
            return Move(replace(cursor, qid=q.id, queue=tuple(queue), editing=False))
    if cursor.resume_qid:
        return Move(replace(cursor, qid=cursor.resume_qid, queue=(), resume_qid=None))
    step = engine.next_step(bundle, cursor.interview, dossier, after)
    shared = [q for q in step.prefilled if bundle.owner_interview(q.id) != cursor.interview]
    moved = replace(
        cursor, qid=step.question.id if step.question else None, queue=(), editing=False
    )
    return Move(moved, prefilled=shared, finished=step.question is None)


def skip(bundle: Bundle, cursor: Cursor, dossier: Dossier) -> Move:
    """« Passer »: leave the pending question unanswered and go on."""
    return advance(bundle, replace(cursor, editing=False), dossier, after=cursor.qid)


def back(bundle: Bundle, cursor: Cursor, dossier: Dossier) -> Cursor | None:
    """« Retour »: the visible question before the pending one; None at the first."""
    if cursor.qid is None:
        return None
    prev = engine.previous_question(bundle, cursor.interview, dossier, cursor.qid)
    return None if prev is None else replace(cursor, qid=prev.id)


def number_of(bundle: Bundle, interview: str) -> dict[str, int]:
    """Question id → its number in the interview: fixed, whatever is answered or visible."""
    return {q.id: i for i, q in enumerate(bundle.interview_questions(interview), start=1)}


def edit(
    bundle: Bundle, cursor: Cursor | None, dossier: Dossier, interview: str, number: int
) -> Cursor | EditRefusal:
    """Open question ``number`` (stable numbering) of ``interview`` to change its answer.

    The interview goes on afterwards where it was, unless an edit was already under way
    (then the first resume point is kept) or the edit is in another interview.
    """
    questions = bundle.interview_questions(interview)
    if not 1 <= number <= len(questions):
        return "bad_number"
    q = questions[number - 1]
    if not engine.is_visible(bundle, q, dossier):
        return "hidden"
    if cursor is None or cursor.interview != interview:
        return Cursor(interview=interview, qid=q.id, editing=True)
    resume = cursor.resume_qid if cursor.editing or cursor.qid is None else cursor.qid
    return replace(cursor, qid=q.id, resume_qid=resume, editing=True)


def after_edit(bundle: Bundle, cursor: Cursor, before: Dossier, after: Dossier) -> Cursor:
    """Queue the questions an edit just made visible, so they are asked next."""
    new = [q.id for q in engine.newly_visible(bundle, cursor.interview, before, after)]
    queued = tuple(dict.fromkeys([*new, *cursor.queue]))
    return replace(cursor, queue=queued)
