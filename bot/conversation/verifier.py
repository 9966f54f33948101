"""/verifier: the « Vérification avant dépôt » report in the chat, one button per point.

The report comes from ``bot.dialogs.readiness.check`` (pure, well under a millisecond on a
full dossier, so it runs inline). Each point that names a question gets a button that opens
that question for editing (the ``ed`` button of the review), so a team fixes it in one tap.
"""

from __future__ import annotations

from bot.conversation import buttons as B
from bot.conversation import interview as flow
from bot.conversation.context import Ctx
from bot.conversation.interview import Services
from bot.conversation.messages import Button
from bot.dialogs import engine
from bot.dialogs.readiness import Finding, check
from bot.dialogs.schema import Dossier
from bot.paths import TEMPLATES_DIR
from bot.textfmt import Strings

SHOWN_MAX = 12  # points listed in one message (a phone screen or two)
t = Strings(TEMPLATES_DIR / "readiness" / "chat.yaml")


def fix_position(svc: Services, dossier: Dossier, finding: Finding) -> int | None:
    """Rank of the finding's question among the visible questions of its interview."""
    if finding.question_id is None or finding.interview_id not in svc.bundle.interviews:
        return None
    questions = engine.visible_questions(svc.bundle, finding.interview_id, dossier)
    for rank, q in enumerate(questions, start=1):
        if q.id == finding.question_id:
            return rank
    return None


async def cmd_verify(ctx: Ctx, svc: Services, arg: str) -> None:
    dossier = dict(await flow.dossier(ctx, svc))
    report = check(svc.bundle, dossier)
    shown = report.findings[:SHOWN_MAX]
    rows: list[list[Button]] = []
    for n, finding in enumerate(shown, start=1):
        rank = fix_position(svc, dossier, finding)
        if rank is not None and finding.interview_id is not None:
            rows.append([B.button(t("fix_button", n=n), "ed", finding.interview_id, rank)])
    more = len(report.findings) - len(shown)
    ctx.say(t("report", report=report, shown=shown, more=more), rows)
