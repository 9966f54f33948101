"""Free-text FAQ: French question → answer card + slots → short answer, details behind buttons.

The public contract is ``bot.rules.faq.api`` (re-exported here); nothing outside this package
imports its other modules.
"""

from bot.rules.faq.api import (
    FaqButton,
    FaqContext,
    FaqReply,
    Understanding,
    answer,
    details_text,
    follow,
    match,
    understand,
)

__all__ = [
    "FaqButton",
    "FaqContext",
    "FaqReply",
    "Understanding",
    "answer",
    "details_text",
    "follow",
    "match",
    "understand",
]
