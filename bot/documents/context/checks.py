"""Start-up checks of the context against the interview bundle.

A derived value that reads a question id no interview defines would print a marker forever
without anyone noticing; ``derived_problems`` reports it at start-up, with
``catalog.check_catalog`` (templates) and ``loader.check_bundle`` (interviews).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.dialogs.loader import Bundle
from bot.documents.context import derived
from bot.documents.context.derived import Derived


def derived_problems(bundle: Bundle, registry: Iterable[Derived] | None = None) -> list[str]:
    """Question ids read by a derived value that the bundle lacks; name clashes.

    ``registry`` defaults to the live ``derived.REGISTRY``.
    """
    problems: list[str] = []
    if registry is None:
        registry = derived.REGISTRY
    prefixes = {qid.split(".")[0] for qid in bundle.questions}
    for d in registry:
        if d.name in prefixes:
            problems.append(f"derived value {d.name} clashes with a question prefix")
        for qid in d.reads:
            if qid not in bundle.questions:
                problems.append(f"derived value {d.name} reads unknown question {qid}")
    return problems
