"""« Vérification avant dépôt »: the checks an ARS reviewer makes on a team dossier.

The rules are data (``data/rules/readiness.yaml``, each with its source and date); the
functions here are pure: a dossier and the interview bundle in, findings out. Documents use
the report as the first page of the working version; the conversation shows it for
``/verifier`` with a button per finding that opens the question to fix; ``cpts-bot verifier``
prints it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Dossier

Severity = Literal["bloquant", "a_revoir", "conseil"]
SEVERITY_ORDER: tuple[Severity, ...] = ("bloquant", "a_revoir", "conseil")


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str  # rule id in readiness.yaml
    severity: Severity
    message: str  # French, one or two short sentences, values filled in
    source: str  # the rule's source, named for people (« guide ARS ARA 2019, p. 12 »)
    question_id: str | None = None  # the question that fixes it, when one does
    interview_id: str | None = None
    document: str | None = None  # catalog id of the document concerned, when one is


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)

    findings: tuple[Finding, ...] = ()

    @property
    def blocking(self) -> bool:
        return any(f.severity == "bloquant" for f in self.findings)


def check(bundle: Bundle, dossier: Dossier) -> Report:
    """Every finding for ``dossier``, most severe first."""
    return Report()
