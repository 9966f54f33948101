"""Dossiers and .docx readers shared by the document tests, and checks of the dossiers themselves.

- ``full_dossier``: every question answered with a distinctive, valid value (conditions set so
  that as many dependent questions as possible are visible), groups with two rows;
- ``hostile_dossier``: every free-text answer and cell replaced by a hostile payload;
- ``blocks``/``section``: a .docx read back in order (headings, paragraphs, table rows).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

import docx
import pytest

from bot import textfmt
from bot.dialogs.display import display_value
from bot.dialogs.engine import is_visible
from bot.dialogs.loader import Bundle, default_bundle
from bot.dialogs.parsing import is_valid_value
from bot.dialogs.schema import Answer, Dossier, Field_, QType, Question
from bot.rules.territory import sum_communes
from bot.typography import NBSP, NNBSP, french
from tests.helpers.identifiers import valid_siret

COMMUNES = ["Voiron", "Moirans", "Coublevie", "Rives", "Saint-Jean-de-Moirans", "La Buisse"]
ROWS = 2
BUDGET_ROWS = [
    {"line": "64_remunerations", "amount": 30000, "detail": "Coordination"},
    {"line": "62_honoraires", "amount": 5000},
    {"line": "74_ars", "amount": 20000, "detail": "FIR"},
    {"line": "74_communes", "amount": 10000},
    {"line": "86_personnel_benevole", "amount": 2000},
    {"line": "87_benevolat", "amount": 2000},
]
DISTINCTIVE = (QType.TEXT, QType.LONG_TEXT, QType.EMAIL, QType.PHONE, QType.MONEY, QType.DATE)


def _scalar(owner: Question | Field_, idx: int, tag: str, wanted: Any = None) -> Any:
    """A valid, distinctive value of ``owner``'s type (``wanted`` for choices when given)."""
    t = owner.type
    if t is QType.TEXT:
        return f"V{idx:03d} {tag}"
    if t is QType.LONG_TEXT:
        return f"V{idx:03d} première ligne {tag}\nV{idx:03d} seconde ligne"
    if t in (QType.INTEGER, QType.POPULATION):
        return 1000 + idx
    if t is QType.MONEY:
        return 100 * idx + 7
    if t is QType.MONTH_YEAR:
        return f"{2026 + idx % 3}-{1 + idx % 12:02d}"
    if t is QType.DATE:
        return (dt.date(2026, 1, 1) + dt.timedelta(days=idx)).isoformat()
    if t is QType.EMAIL:
        return f"q{idx}@example.org"
    if t is QType.PHONE:
        return f"04 65 71 {idx // 100:02d} {idx % 100:02d}"
    if t is QType.SIRET:
        return valid_siret(idx)
    if t is QType.FINESS:
        return f"43{idx:07d}"
    if t is QType.YES_NO:
        return True if wanted is None else wanted
    if t is QType.CHOICE:
        return wanted if wanted is not None else owner.choices[idx % len(owner.choices)].value
    if t is QType.MULTI_CHOICE:
        return [c.value for c in owner.choices if c.value != "none"]
    raise AssertionError(f"no scalar for {t}")


def _wanted(bundle: Bundle) -> dict[str, Any]:
    """For each condition target, a value that makes its dependants visible (first one wins)."""
    wanted: dict[str, Any] = {}
    for q in bundle.questions.values():
        cond = q.when
        if cond is None or cond.question in wanted:
            continue
        target = bundle.questions[cond.question]
        if cond.equals is not None:
            wanted[target.id] = cond.equals
        elif cond.in_:
            wanted[target.id] = cond.in_[0]
        elif cond.not_equals is not None and target.type is QType.YES_NO:
            wanted[target.id] = not cond.not_equals
        elif cond.not_equals is not None:
            wanted[target.id] = next(c.value for c in target.choices if c.value != cond.not_equals)
    return wanted


def _rows(q: Question, idx: int) -> list[dict[str, Any]]:
    if q.id == "budget.lines":
        return [{"_id": f"b{n}", **row} for n, row in enumerate(BUDGET_ROWS)]
    rows = []
    for r in range(ROWS):
        row: dict[str, Any] = {"_id": f"r{idx}x{r}"}
        for k, f in enumerate(q.fields):
            wanted = f.choices[r % len(f.choices)].value if f.choices else None
            row[f.id] = _scalar(f, idx * 10 + r * 50 + k, f"{q.id} {f.id} {r}", wanted)
        rows.append(row)
    if q.id == "letter_funding.lines":
        rows[1]["action"] = "other"
    return rows


@cache
def _communes() -> list[dict[str, Any]]:
    found = sum_communes(COMMUNES)
    assert not found.ambiguous and not found.not_found
    return [
        {"insee": c.insee, "name": c.name, "department": c.department, "population": c.population}
        for c in found.resolved
    ]


def full_dossier(bundle: Bundle | None = None) -> Dossier:
    bundle = bundle or default_bundle()
    wanted = _wanted(bundle)
    dossier: Dossier = {}
    for idx, (qid, q) in enumerate(sorted(bundle.questions.items()), start=1):
        if q.type is QType.GROUP:
            value: Any = _rows(q, idx)
        elif q.type is QType.COMMUNES:
            value = list(_communes())
        else:
            value = _scalar(q, idx, qid, wanted.get(qid))
        dossier[qid] = Answer(value=value, by="Test")
    return dossier


def half_dossier(bundle: Bundle | None = None) -> Dossier:
    """Every other answer of the full dossier, and the first row of each group with every
    other cell: markers in prose, in tables and in sheets, next to printed answers."""
    full = full_dossier(bundle)
    half: Dossier = {}
    for n, (qid, answer) in enumerate(sorted(full.items())):
        value = answer.value
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            first = {k: v for i, (k, v) in enumerate(value[0].items()) if i % 2 == 0 or k == "_id"}
            half[qid] = Answer(value=[first, *value[1:]], by="Test")
        elif n % 2 == 0:
            half[qid] = answer
    return half


def example_dossier(bundle: Bundle | None = None) -> Dossier:
    """The consistent example dossier of ``data/examples/cpts_exemple.yaml``."""
    from bot.dossier_file import load
    from bot.paths import DATA_DIR

    return load(DATA_DIR / "examples" / "cpts_exemple.yaml", bundle or default_bundle()).dossier


def hostile_dossier(payload: str, bundle: Bundle | None = None) -> Dossier:
    """The full dossier with ``payload`` in every text answer and text cell."""
    bundle = bundle or default_bundle()
    dossier = full_dossier(bundle)
    for qid, q in bundle.questions.items():
        answer = dossier[qid]
        if q.type in (QType.TEXT, QType.LONG_TEXT):
            dossier[qid] = Answer(value=payload)
        elif q.type is QType.GROUP:
            rows = [
                {
                    **row,
                    **{f.id: payload for f in q.fields if f.type in (QType.TEXT, QType.LONG_TEXT)},
                }
                for row in answer.value
            ]
            dossier[qid] = Answer(value=rows)
        elif q.type is QType.COMMUNES:
            dossier[qid] = Answer(value=[{**c, "name": payload} for c in answer.value])
    return dossier


def expected_texts(owner: Question | Field_, value: Any) -> list[str]:
    """Strings a document must contain for this answer (distinctive ones only), as read
    through ``plain``."""
    return [expect(x) for x in _expected_texts(owner, value)]


def _expected_texts(owner: Question | Field_, value: Any) -> list[str]:
    if owner.type is QType.LONG_TEXT:
        return value.split("\n")
    if owner.type is QType.DATE:
        return [textfmt.date_long(value)]  # documents write dates in full, the chat short
    if owner.type in DISTINCTIVE:
        return [display_value(owner, value)]
    if owner.type is QType.MULTI_CHOICE:
        return [c.label for c in owner.choices if c.value in value and c.value != "other"]
    if owner.type is QType.COMMUNES:
        return [c["name"] for c in value] + [c["insee"] for c in value]
    if owner.type is QType.GROUP and isinstance(owner, Question):
        out: list[str] = []
        for row in value:
            for f in owner.fields:
                if row.get(f.id) is not None and f.type in DISTINCTIVE:
                    out += _expected_texts(f, row[f.id])
        return out
    return [display_value(owner, value)]


# --------------------------------------------------------------------------- reading .docx


@dataclass(frozen=True)
class Block:
    level: int | None  # heading level, None for body paragraphs and table rows
    text: str
    marked: tuple[str, ...] = ()  # text of highlighted runs (the « à compléter » markers)


_TYPO_BACK = [
    (f"{NBSP}:", " :"),
    (f"{NNBSP};", " ;"),
    (f"{NNBSP}?", " ?"),
    (f"{NNBSP}!", " !"),
    (f"«{NBSP}", "« "),
    (f"{NBSP}»", " »"),
    ("’", "'"),
]


def plain(text: str) -> str:
    """Text with the spacing and apostrophes of ``bot.typography`` written back the plain
    way, so that content checks compare words; tests/test_typography.py checks the
    typography itself. Expected values go through ``plain(french(x))``."""
    for typo, simple in _TYPO_BACK:
        text = text.replace(typo, simple)
    return text


def expect(text: str) -> str:
    """How a value or a template phrase reads in a document, after ``plain``."""
    return plain(french(text))


READINESS_TITLE = "Vérification avant dépôt"


def blocks(data: bytes, *, front: bool = False) -> list[Block]:
    """Body paragraphs and table rows in document order (``plain`` text).

    The readiness page that opens a working version (tested in
    ``test_documents_readiness_page``) is left out unless ``front``.
    """
    document = docx.Document(io.BytesIO(data))
    out: list[Block] = []
    body = document.element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    skipping = False
    for child in body.iterchildren():
        if child.tag == f"{w}p":
            p = paragraphs[child]
            if not front and p.text == READINESS_TITLE and not out[1:]:
                skipping = True
            if skipping and child.find(f"{w}pPr/{w}pageBreakBefore") is None:
                continue
            skipping = False
            style = p.style.style_id if p.style is not None else ""
            level = int(style[-1]) if style.startswith("Heading") else None
            marked = tuple(plain(r.text) for r in p.runs if r.font.highlight_color is not None)
            out.append(Block(level, plain(p.text), marked))
        elif child.tag == f"{w}tbl":
            for row in tables[child].rows:
                cells = [plain(c.text) for c in row.cells]
                marked = tuple(
                    plain(r.text)
                    for c in row.cells
                    for p in c.paragraphs
                    for r in p.runs
                    if r.font.highlight_color is not None
                )
                out.append(Block(None, " | ".join(cells), marked))
    return out


def full_text(items: list[Block]) -> str:
    return "\n".join(b.text for b in items)


def section(items: list[Block], heading: str) -> list[Block]:
    """The blocks under the first heading containing ``heading``, up to the next one as high."""
    start = next((i for i, b in enumerate(items) if b.level and heading in b.text), None)
    if start is None:
        titles = [b.text for b in items if b.level]
        raise AssertionError(f"no heading containing {heading!r} in {titles}")
    level = items[start].level
    assert level is not None
    end = next(
        (i for i in range(start + 1, len(items)) if items[i].level and items[i].level <= level),
        len(items),
    )
    return items[start:end]


# --------------------------------------------------------------------------- checks


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return default_bundle()


def test_full_dossier_values_are_valid_answers(bundle):
    dossier = full_dossier(bundle)
    bad = [qid for qid, a in dossier.items() if not is_valid_value(bundle.questions[qid], a.value)]
    assert bad == []


def test_full_dossier_shows_most_conditional_questions(bundle):
    dossier = full_dossier(bundle)
    hidden = {q.id for q in bundle.questions.values() if not is_visible(bundle, q, dossier)}
    # the alternative branch of the association status, and the letter's questions that the
    # pré-projet already answered (title = association name, meetings, PRS/CLS links)
    assert hidden == {
        "history.legal_structure",
        "project.title",
        "calendar.meetings",
        "prs.comments",
    }


def test_hostile_dossier_changes_every_free_text(bundle):
    dossier = hostile_dossier("PAYLOAD", bundle)
    texts = [q for q in bundle.questions.values() if q.type in (QType.TEXT, QType.LONG_TEXT)]
    assert texts and all(dossier[q.id].value == "PAYLOAD" for q in texts)
