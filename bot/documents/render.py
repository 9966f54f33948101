"""Render a document template (Jinja2 → Markdown subset) to .docx bytes or a text preview.

Templates live under ``templates/documents/`` and are named relative to it
(``"pre_projet.md.j2"``). Their own text is Markdown; every ``{{ expression }}`` is data:
its value is escaped (see ``markup.escape``), so user answers can never add headings,
bold, list items, table cells, Jinja code or XML. Template helpers:

- ``missing(label)`` — a highlighted « [À compléter : label] » marker;
- ``value_or_missing(value, label, fmt=None)`` — the value (through filter ``fmt``,
  e.g. ``"money"``) or the marker when it is None, blank or an empty collection;
- ``checkbox(checked)`` — ☒ or ☐.

Filters are those of ``bot.textfmt`` (money, number, population, percent, date_long,
date_short, month_year). Markup built from expressions is escaped too: to reuse a block
of Markdown, ``{% include %}`` a partial instead of calling a macro with ``{{ }}``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta

from bot import textfmt, typography
from bot.documents import base
from bot.documents.markdown_docx import markdown_body
from bot.documents.markup import KEEP, MARK_OPEN, ROOM, Safe, clean_xml, finalize, marker
from bot.documents.preview import markdown_to_text
from bot.paths import TEMPLATES_DIR

DOCUMENTS_DIR = TEMPLATES_DIR / "documents"
MARKER_TEMPLATE = "documents/_base/marker.j2"
FOOTER_TEMPLATE = "documents/_base/footer.j2"

_PAGE, _PAGES = "\ue010", "\ue011"
_FIELDS = {_PAGE: "PAGE", _PAGES: "NUMPAGES"}
_FIELD_SPLIT_RE = re.compile(f"([{_PAGE}{_PAGES}])")
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SPACES_RE = re.compile(r"\s+")


def checkbox(checked: object) -> Safe:
    return Safe("☒" if checked else "☐")


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, dict)):
        return not value
    return False


@cache
def environment() -> Environment:
    """The documents' Jinja environment: Markdown output, every value escaped."""
    env = Environment(
        loader=FileSystemLoader(str(DOCUMENTS_DIR)),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.filters.update(textfmt.FILTERS)

    def value_or_missing(value: object, label: str, fmt: str | None = None) -> object:
        if _is_blank(value):
            return marker(label)
        return env.filters[fmt](value) if fmt else value

    env.globals.update(missing=marker, checkbox=checkbox, value_or_missing=value_or_missing)
    env.globals.update(keep=Safe(KEEP), room=Safe(ROOM))  # layout: see ``markup``
    return env


def render_markdown(template: str, context: Mapping[str, Any]) -> str:
    """The template's Markdown, values escaped, sentinels in place (compiled once, cached)."""
    return environment().get_template(template).render(context)


def count_markers(markdown: str) -> int:
    """The « à compléter » markers a rendered template will show: one sentinel each.

    Only ``missing``/``Missing`` can put the sentinel there (``escape`` strips it from user
    text), and the Markdown writer turns each one into exactly one highlighted run
    (``Body.markers``): the completeness count and the document cannot disagree.
    """
    return markdown.count(MARK_OPEN)


def template_variables(template: str) -> set[str]:
    """Top-level context names a template reads (for checking interviews produce them)."""
    env = environment()
    assert env.loader is not None
    source = env.loader.get_source(env, template)[0]
    return meta.find_undeclared_variables(env.parse(source)) - set(env.globals)


CORE_PROPERTY_MAX = 255


@lru_cache(maxsize=2048)
def marker_text(label: str) -> str:
    """« [À compléter : label] », worded in ``templates/documents/_base/marker.j2``."""
    return textfmt.render(MARKER_TEMPLATE, label=label)


def _one_line(text: str) -> str:
    return _SPACES_RE.sub(" ", clean_xml(text)).strip()


def _fill_header_footer(
    doc: DocxDocument, *, title: str, cpts_name: str, generated_on: dt.date, draft: bool
) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.add_run(_one_line(cpts_name))
    header.add_run().add_tab()
    header.add_run(_one_line(title))

    footer = section.footer.paragraphs[0]
    text = textfmt.render(
        FOOTER_TEMPLATE,
        generated_on=generated_on,
        tab="\t",
        page=_PAGE,
        pages=_PAGES,
        draft=draft,
        cpts_name=_one_line(cpts_name),
    )
    for piece in _FIELD_SPLIT_RE.split(text):
        if piece in _FIELDS:
            footer._p.append(
                parse_xml(
                    f'<w:fldSimple xmlns:w="{_W_NS}" w:instr=" {_FIELDS[piece]} ">'
                    "<w:r><w:t>1</w:t></w:r></w:fldSimple>"
                )
            )
        elif piece:
            footer.add_run(piece)


def render_docx(
    template: str,
    context: Mapping[str, Any],
    *,
    title: str,
    cpts_name: str,
    summary: Callable[[int], str] | None,
    generated_on: dt.date,
    draft: bool = True,
    front: tuple[str, Mapping[str, Any]] | None = None,
    french: bool = False,
) -> bytes:
    """A .docx draft: header (CPTS, title), footer (draft date, page numbers), summary, body.

    ``summary`` is given the number of markers the body shows, so the completeness line
    printed on top counts exactly what the reader will find highlighted. ``draft``: the
    footer says « Brouillon » (working version) or names the CPTS (sending version).
    ``front``: a template and its context rendered before the document (the readiness
    page of the working version), ending with its own page break. ``french``: French
    typography on the whole text (the documents service always asks for it; the engine's
    own tests check literal rendering without it).
    """
    markdown = render_markdown(template, context)
    if front is not None:
        markdown = render_markdown(*front) + markdown
    if french:  # all of the text, typed values included (bot/typography.py)
        markdown = typography.french(markdown)
    body = markdown_body(markdown, marker_text)
    doc = base.new_document(body.numbering)
    _fill_header_footer(
        doc, title=title, cpts_name=cpts_name, generated_on=generated_on, draft=draft
    )
    text = summary(body.markers) if summary is not None else ""
    if text:  # style set by id: python-docx's lookup by name costs more than the rest
        doc.add_paragraph(clean_xml(text.strip()))._p.style = base.SUMMARY_STYLE

    props = doc.core_properties  # python-docx refuses properties over 255 characters
    props.title = _one_line(title)[:CORE_PROPERTY_MAX]
    props.author = _one_line(cpts_name)[:CORE_PROPERTY_MAX]
    props.created = props.modified = dt.datetime.combine(generated_on, dt.time())
    return base.save(doc, body.blocks)  # the body goes in after the summary


def render_preview(template: str, context: Mapping[str, Any], section: str | None = None) -> str:
    """Plain text of the rendered document, or of one ``## section`` (title matched folded).

    Raises ``preview.SectionNotFound`` (a KeyError) when no ``##`` heading matches.
    """
    return markdown_to_text(render_markdown(template, context), marker_text, section)
