"""The interview engine: pure decisions over a bundle and a dossier, no I/O, no Telegram.

A dossier maps question ids to ``Answer`` values. An answer's ``status`` is « answered » or
« unknown » (« Je ne sais pas encore »); a question absent from the dossier has not been
answered at all. Conditions (``when``) only look at « answered » values: an « unknown » or
missing target keeps its dependants hidden until the team knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.dialogs.display import display_value
from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Answer, Condition, Dossier, Field_, Question
from bot.dialogs.validators import ui_text

MAX_CONDITION_DEPTH = 32  # guards against a cycle that slipped past check_bundle
REVIEW_TEXT_MAX = 300  # a review line quotes at most this much of a long answer (mobile screens)


# --------------------------------------------------------------------------- visibility


def _condition_holds(cond: Condition, answer: Answer | None) -> bool:
    if cond.answered is not None:
        is_answered = answer is not None and answer.status == "answered"
        return is_answered == cond.answered
    if answer is None or answer.status != "answered":
        return False
    value: Any = answer.value
    if cond.equals is not None:
        return _same(value, cond.equals)
    if cond.not_equals is not None:
        return not _same(value, cond.not_equals)
    if cond.in_ is not None:
        return any(_same(value, wanted) for wanted in cond.in_)
    if cond.contains is not None:
        return isinstance(value, list) and cond.contains in value
    return False  # pragma: no cover - Condition guarantees one operator


def _same(value: Any, wanted: Any) -> bool:
    """Equality that does not confuse ``True`` with ``1``."""
    return type(value) is type(wanted) and value == wanted


def is_visible(bundle: Bundle, q: Question, dossier: Dossier, _depth: int = 0) -> bool:
    """Whether ``q`` is asked given the dossier; a question whose target is hidden is hidden."""
    if q.when is None:
        return True
    if _depth > MAX_CONDITION_DEPTH:
        return False
    target = bundle.questions.get(q.when.question)
    if target is None or not is_visible(bundle, target, dossier, _depth + 1):
        return False
    return _condition_holds(q.when, dossier.get(target.id))


def visible_questions(bundle: Bundle, interview_id: str, dossier: Dossier) -> list[Question]:
    return [q for q in bundle.interview_questions(interview_id) if is_visible(bundle, q, dossier)]


# --------------------------------------------------------------------------- moving


@dataclass
class Step:
    question: Question | None  # None: the interview is finished
    prefilled: list[Question]  # visible, already answered, passed over on the way


def _index(questions: list[Question], qid: str | None) -> int:
    """Position of ``qid`` in ``questions``; -1 when absent (so « after » starts at 0)."""
    return next((i for i, q in enumerate(questions) if q.id == qid), -1)


def next_step(bundle: Bundle, interview_id: str, dossier: Dossier, after: str | None) -> Step:
    """The next visible question after ``after`` (None: from the start) with no answer."""
    ordered = bundle.interview_questions(interview_id)
    start = 0 if after is None else _index(ordered, after) + 1
    prefilled: list[Question] = []
    for q in ordered[start:]:
        if not is_visible(bundle, q, dossier):
            continue
        if q.id in dossier:
            prefilled.append(q)
            continue
        return Step(q, prefilled)
    return Step(None, prefilled)


def previous_question(
    bundle: Bundle, interview_id: str, dossier: Dossier, current: str
) -> Question | None:
    """« Retour »: the visible question before ``current``, answered or not."""
    ordered = bundle.interview_questions(interview_id)
    index = _index(ordered, current)
    if index <= 0:
        return None
    for q in reversed(ordered[:index]):
        if is_visible(bundle, q, dossier):
            return q
    return None


def newly_visible(
    bundle: Bundle, interview_id: str, before: Dossier, after: Dossier
) -> list[Question]:
    """Unanswered questions that an edit made visible: the only ones to ask again."""
    return [
        q
        for q in bundle.interview_questions(interview_id)
        if q.id not in after and is_visible(bundle, q, after) and not is_visible(bundle, q, before)
    ]


def next_group_field(q: Question, row: dict[str, Any], after: str | None) -> Field_ | None:
    """The field of a repeatable row that follows ``after`` (None: the first field).

    Every field is offered in order, filled or not, so that editing a row walks through all
    of its columns; ``row`` is accepted for callers that will want per-field conditions.
    """
    if after is None:
        return q.fields[0] if q.fields else None
    ids = [f.id for f in q.fields]
    if after not in ids:
        return None
    index = ids.index(after) + 1
    return q.fields[index] if index < len(q.fields) else None


# --------------------------------------------------------------------------- progress


@dataclass
class SectionProgress:
    section_id: str
    title: str
    answered: int
    unknown: int
    total: int


@dataclass
class Progress:
    interview_id: str
    title: str
    answered: int
    unknown: int
    total: int
    sections: list[SectionProgress]

    @property
    def done(self) -> bool:
        return self.answered == self.total


def _status(dossier: Dossier, qid: str) -> str | None:
    answer = dossier.get(qid)
    return answer.status if answer is not None else None


def progress(bundle: Bundle, interview_id: str, dossier: Dossier) -> Progress:
    """Counts over visible questions; « unknown » answers are counted apart, not as answered."""
    iv = bundle.interviews[interview_id]
    by_section: dict[str, list[str]] = {section.id: [] for section in iv.sections}
    for q in visible_questions(bundle, interview_id, dossier):  # one pass, in order
        by_section[bundle.section_of(interview_id, q.id).id].append(q.id)
    sections: list[SectionProgress] = []
    for section in iv.sections:
        ids = by_section[section.id]
        statuses = [_status(dossier, qid) for qid in ids]
        sections.append(
            SectionProgress(
                section_id=section.id,
                title=section.title,
                answered=statuses.count("answered"),
                unknown=statuses.count("unknown"),
                total=len(ids),
            )
        )
    return Progress(
        interview_id=interview_id,
        title=iv.short_title,
        answered=sum(s.answered for s in sections),
        unknown=sum(s.unknown for s in sections),
        total=sum(s.total for s in sections),
        sections=sections,
    )


def position(bundle: Bundle, interview_id: str, dossier: Dossier, qid: str) -> tuple[int, int]:
    """(rank of ``qid`` among visible questions, number of visible questions): « 7/14 »."""
    ordered = bundle.interview_questions(interview_id)
    index = _index(ordered, qid)
    visible = [i for i, q in enumerate(ordered) if is_visible(bundle, q, dossier)]
    rank = sum(1 for i in visible if i < index) + 1  # one pass: this runs at every prompt
    return min(rank, max(len(visible), 1)), len(visible)


def missing(bundle: Bundle, interview_id: str, dossier: Dossier) -> list[Question]:
    """Visible required questions without an « answered » answer."""
    return [
        q
        for q in visible_questions(bundle, interview_id, dossier)
        if q.required and _status(dossier, q.id) != "answered"
    ]


def todo(bundle: Bundle, dossier: Dossier) -> list[tuple[str, Question]]:
    """Every visible « Je ne sais pas encore » answer, with the interview that defines it."""
    items: list[tuple[str, Question]] = []
    for interview_id in bundle.interviews:
        for q in bundle.interview_questions(interview_id):
            if (
                bundle.owner_interview(q.id) == interview_id
                and _status(dossier, q.id) == "unknown"
                and is_visible(bundle, q, dossier)
            ):
                items.append((interview_id, q))
    return items


# --------------------------------------------------------------------------- review

ReviewStatus = Literal["answered", "unknown", "missing"]


@dataclass
class ReviewLine:
    question: Question
    text: str  # the answer in French, « À compléter » or « Non renseigné »
    status: ReviewStatus
    by: str | None
    at: str | None


def review(
    bundle: Bundle, interview_id: str, dossier: Dossier, section_id: str | None = None
) -> list[ReviewLine]:
    """One line per visible question (of one section if given), in interview order."""
    lines: list[ReviewLine] = []
    for q in visible_questions(bundle, interview_id, dossier):
        if section_id is not None and bundle.section_of(interview_id, q.id).id != section_id:
            continue
        answer = dossier.get(q.id)
        if answer is None:
            lines.append(ReviewLine(q, ui_text("display", "missing"), "missing", None, None))
        elif answer.status == "unknown":
            text = ui_text("display", "unknown")
            lines.append(ReviewLine(q, text, "unknown", answer.by, answer.at))
        else:
            text = display_value(q, answer.value)
            if len(text) > REVIEW_TEXT_MAX:
                text = text[: REVIEW_TEXT_MAX - 1].rstrip() + "…"
            lines.append(ReviewLine(q, text, "answered", answer.by, answer.at))
    return lines
