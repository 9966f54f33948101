"""A team dossier → the Jinja context of a document template.

Modules (one job each):

- ``values``: the value model (``Answered``, ``Missing`` with its hint, ``Blank``, rows,
  namespaces); the shape check is the parser's (``bot.dialogs.parsing.valid_shape``);
- ``derived``: the registry of derived values, each declaring the question ids it reads;
- ``budget_tables``: the budget and letter-funding tables, sums from ``bot.rules.budget``;
- ``checks``: the start-up check of the registry against the interview bundle.

This module keeps the entry points (``build_context``, ``answered_count``) and re-exports the
names other modules import.
"""

from __future__ import annotations

from typing import Any

from bot.dialogs.engine import is_visible
from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Answer, Dossier, Question
from bot.documents import catalog
from bot.documents.context.budget_tables import budget_table
from bot.documents.context.checks import derived_problems
from bot.documents.context.derived import (
    DERIVED,
    LETTER_RECIPIENT_ID,
    REGISTRY,
    Derived,
    Inputs,
    Lazy,
    UnknownAction,
    derived_values,
    placeholder_action,
    select_action,
)
from bot.documents.context.values import (
    Answered,
    Blank,
    ChoiceBox,
    Missing,
    Namespace,
    Row,
    Value,
    answer_tree,
    commune_rows,
    fits,
    group_rows,
    hint_of,
    marker_label,
    question_value,
)


def build_context(
    bundle: Bundle,
    dossier: Dossier,
    doc_id: str,
    *,
    action_id: str | None = None,
    version: str = "travail",
) -> dict[str, Any]:
    """Everything the template of ``doc_id`` may read: answers by id, then derived values.

    ``version`` (« travail » or « envoi ») is readable as ``version.working`` /
    ``version.sending``: notes meant for the team print only in the working version, and
    the sending version leaves unanswered optional questions out (no marker).
    """
    spec = catalog.get(doc_id)
    tree = answer_tree(bundle, dossier, DERIVED, omit_optional=version == "envoi")
    actions = list(tree["actions"].sheets.rows)
    if spec.per_action and action_id is not None:
        selected = [select_action(actions, action_id)]
    elif spec.per_action and not actions:
        selected = [placeholder_action(bundle)]
    else:
        selected = actions
    context: dict[str, Any] = dict(tree)
    context.update(derived_values(Inputs(bundle, dossier, tree, actions, selected, version)))
    return context


def answered_count(
    bundle: Bundle, dossier: Dossier, doc_id: str, *, action_id: str | None = None
) -> int:
    """How many of the document's visible questions have a printable answer.

    A per-action document with an action counts that sheet's answered fields instead. What
    is missing is not counted here but in the rendered document (its markers, see
    ``service.completeness``): only that count is sure to match what the reader sees.
    """
    spec = catalog.get(doc_id)
    if spec.per_action and action_id is not None:
        q = bundle.questions["actions.sheets"]
        answer = dossier.get(q.id)
        raw = answer.value if answer is not None and answer.status == "answered" else None
        row = select_action(group_rows(q, raw), action_id)
        return sum(1 for f in q.fields if getattr(row, f.id).answered)
    questions = [q for q in catalog.questions_of(bundle, spec) if is_visible(bundle, q, dossier)]
    return sum(1 for q in questions if _is_answered(q, dossier.get(q.id)))


def _is_answered(q: Question, answer: Answer | None) -> bool:
    return (
        answer is not None
        and answer.status == "answered"
        and answer.value not in (None, "")
        and fits(q, answer.value)
    )


__all__ = [
    "DERIVED",
    "LETTER_RECIPIENT_ID",
    "REGISTRY",
    "Answered",
    "Blank",
    "ChoiceBox",
    "Derived",
    "Inputs",
    "Lazy",
    "Missing",
    "Namespace",
    "Row",
    "UnknownAction",
    "Value",
    "answer_tree",
    "answered_count",
    "budget_table",
    "build_context",
    "commune_rows",
    "derived_problems",
    "fits",
    "group_rows",
    "hint_of",
    "marker_label",
    "placeholder_action",
    "question_value",
    "select_action",
]
