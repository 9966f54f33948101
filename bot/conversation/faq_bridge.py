"""The conversation's side of the FAQ contract (``bot.rules.faq.api``).

Builds the ``FaqContext`` from the team's dossier (so « notre taille » is answered for the
team's territory) and turns ``FaqReply.buttons`` into transport-neutral buttons whose press
comes back as ``f:<token>`` and is sent to ``faq.follow``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.conversation import buttons as B
from bot.conversation.messages import Button
from bot.dialogs.schema import Answer
from bot.rules import faq
from bot.rules.faq.api import FaqContext, FaqReply

FAQ_MAX_CHARS = 500  # longer texts are cut before matching: a question is never that long
FOLLOW_VERB = "f"
COMMUNES_QID = "territory.communes"
NAME_QID = "structure.association_name"
TIER_QID = "territory.aci_size"


def _answered(dossier: dict[str, Answer], qid: str) -> Any:
    ans = dossier.get(qid)
    return ans.value if ans is not None and ans.status == "answered" else None


def context_from(dossier: dict[str, Answer]) -> FaqContext | None:
    """What the dossier says about the territory; None when it says nothing yet."""
    communes = _answered(dossier, COMMUNES_QID) or []
    name = _answered(dossier, NAME_QID)
    tier_value = _answered(dossier, TIER_QID)
    if not communes and not name and not tier_value:
        return None
    population = sum(int(c.get("population") or 0) for c in communes) or None
    departments = Counter(str(c.get("department")) for c in communes if c.get("department"))
    tier: int | None = None
    if population:
        from bot.rules.tiers import tier_for

        tier = tier_for(population).tier
    elif isinstance(tier_value, str) and tier_value[1:2].isdecimal():
        tier = int(tier_value[1])  # « t2 » → 2
    return FaqContext(
        population=population,
        tier=tier,
        department=departments.most_common(1)[0][0] if departments else None,
        communes=tuple(str(c.get("name")) for c in communes),
        cpts_name=name if isinstance(name, str) else None,
    )


def ask(text: str, context: FaqContext | None, *, strict: bool) -> FaqReply | None:
    """``strict``: only a confident question (mid-interview); else always a reply."""
    sample = text[:FAQ_MAX_CHARS]
    return faq.match(sample, context) if strict else faq.answer(sample, context)


def follow(token: str, context: FaqContext | None) -> FaqReply | None:
    return faq.follow(token, context)


COMPACT_LABEL = 20  # detail labels this short go two per row above a question


def buttons(reply: FaqReply, *, compact: bool = False) -> list[list[Button]]:
    """The FAQ buttons (details, or the cards offered by a clarification): one per row, or
    two per row when ``compact`` (above the question asked again) and short enough."""
    flat = [B.button(b.label, FOLLOW_VERB, b.token) for b in reply.buttons]
    short = all(len(b.label) <= COMPACT_LABEL for b in reply.buttons)
    return B.rows(flat, 2 if compact and short else 1)
