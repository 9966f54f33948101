"""The fast document parser (bot.documents.markup.parser) gives exactly stock markdown-it's
tokens: its shortcuts (plain/bold inline content, table cell splitting) are an optimisation,
never a dialect. Guards against a markdown-it upgrade changing what the shortcuts assume."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bot.dialogs.loader import default_bundle
from bot.documents import catalog
from bot.documents.context import build_context
from bot.documents.markup import BREAK, MARK_CLOSE, MARK_OPEN, parser
from bot.documents.render import render_markdown
from tests.test_documents_data import full_dossier


def stock() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False})
    md.enable(["heading", "paragraph", "list", "table", "hr"])
    md.enable(["emphasis", "escape", "newline", "entity", "text_join"])
    return md


STOCK = stock()


def dump(tokens) -> list[dict]:
    out = []
    for t in tokens:
        d = {f.name: getattr(t, f.name) for f in dataclasses.fields(t)}
        d["children"] = None if t.children is None else dump(t.children)
        out.append(d)
    return out


def test_every_real_document_parses_identically():
    bundle = default_bundle()
    dossier = full_dossier(bundle)
    for spec in catalog.documents():
        markdown = render_markdown(spec.template, build_context(bundle, dossier, spec.id))
        assert dump(parser().parse(markdown)) == dump(STOCK.parse(markdown)), spec.id


PIECES = [
    "# ",
    "## ",
    "- ",
    "1. ",
    "**",
    "*",
    "_",
    "\\",
    "&amp;",
    "&#65;",
    "|",
    "|---|",
    "---",
    "\n",
    "\n\n",
    "  \n",
    "mot",
    "l'été",
    "<b>",
    "`c`",
    "[a](b)",
    " ",
    "\t",
    "\u00a0",
    MARK_OPEN,
    MARK_CLOSE,
    BREAK,
    "😀",
    "| a | b |\n|---|---|\n| c | d |\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=30).map("".join))
def test_arbitrary_markdown_parses_identically(markdown):
    assert dump(parser().parse(markdown)) == dump(STOCK.parse(markdown))
