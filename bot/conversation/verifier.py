"""/verifier: « Vérification avant dépôt » in the chat.

The findings come from ``bot.dialogs.readiness.check`` (rules as data, on the documents
branch); this module only shows them grouped by severity, numbered, with a button per finding
that opens the question to fix (the review's stable ``ed:`` numbers), and a way back.
"""

from __future__ import annotations

from bot.conversation import buttons as B
from bot.conversation import interview as flow
from bot.conversation import views
from bot.conversation.context import Ctx
from bot.conversation.messages import Button
from bot.conversation.services import Services
from bot.conversation.ui import t
from bot.dialogs import readiness

FIX_BUTTONS_MAX = 12  # « ✏️ n » buttons shown at most (the text lists every finding)


async def show_report(ctx: Ctx, svc: Services) -> None:
    report = readiness.check(svc.bundle, await flow.dossier(ctx, svc))
    groups: list[tuple[str, list[tuple[int, readiness.Finding]]]] = []
    fixes: list[Button] = []
    n = 0
    for severity in readiness.SEVERITY_ORDER:
        items = []
        for finding in (f for f in report.findings if f.severity == severity):
            n += 1
            items.append((n, finding))
            button = _fix_button(svc, n, finding)
            if button is not None and len(fixes) < FIX_BUTTONS_MAX:
                fixes.append(button)
        if items:
            groups.append((severity, items))
    kb = B.rows(fixes, 4)
    kb.append([B.button(t("btn_verify_again"), "vf")])
    kb += views.back_to_question(ctx)
    ctx.say(t("readiness", groups=groups, blocking=report.blocking), kb)


def _fix_button(svc: Services, n: int, finding: readiness.Finding) -> Button | None:
    """« ✏️ n » opening the question that fixes finding ``n``, when there is one."""
    qid = finding.question_id
    if qid is None or qid not in svc.bundle.questions:
        return None
    interview = finding.interview_id or svc.bundle.owner_interview(qid)
    if interview not in svc.bundle.interviews:
        return None
    number = flow.number_of(svc, interview).get(qid)
    if number is None:
        return None
    return B.button(f"✏️ {n}", "ed", interview, number)
