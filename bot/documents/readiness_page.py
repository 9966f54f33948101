"""The « Vérification avant dépôt » page that opens the working version of a document.

The findings come from ``bot.dialogs.readiness.check`` (rules as data, pure functions); this
module only picks those that concern one document and shapes them for the template
``templates/documents/_base/readiness.md.j2``, which formats the list and decides nothing.
The sending version never has this page.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogs.loader import Bundle
from bot.dialogs.readiness import SEVERITY_ORDER, Finding, Report, Severity
from bot.documents import catalog

READINESS_TEMPLATE = "_base/readiness.md.j2"


@dataclass(frozen=True)
class PageFinding:
    message: str
    source: str
    question: str | None  # the label of the question that fixes it, when one does


@dataclass(frozen=True)
class PageGroup:
    severity: Severity
    findings: tuple[PageFinding, ...]


def concerns(finding: Finding, doc_id: str, question_ids: frozenset[str]) -> bool:
    """A finding that names this document; or, for a finding that names no document (the
    cross-document checks, such as dates in a possible order), one whose question this
    document prints, or that has no question at all (the whole dossier)."""
    if finding.document is not None:
        return finding.document == doc_id
    return finding.question_id is None or finding.question_id in question_ids


def page_context(bundle: Bundle, report: Report, doc_id: str) -> dict[str, object]:
    """What the readiness page of ``doc_id`` lists: its findings by severity, most severe
    first, each with its source and the question to fix; and how many findings concern
    only other documents (listed by /verifier)."""
    spec = catalog.get(doc_id)
    question_ids = frozenset(q.id for q in catalog.questions_of(bundle, spec))
    mine = [f for f in report.findings if concerns(f, doc_id, question_ids)]
    groups = []
    for severity in SEVERITY_ORDER:
        items = tuple(
            PageFinding(
                message=f.message,
                source=f.source,
                question=bundle.questions[f.question_id].label
                if f.question_id in bundle.questions
                else None,
            )
            for f in mine
            if f.severity == severity
        )
        if items:
            groups.append(PageGroup(severity, items))
    return {
        "groups": groups,
        "counts": {s: sum(1 for f in mine if f.severity == s) for s in SEVERITY_ORDER},
        "blocking": any(f.severity == "bloquant" for f in report.findings),
        "others": len(report.findings) - len(mine),
    }
