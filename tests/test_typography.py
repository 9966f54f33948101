"""French typography of generated documents (bot/typography.py)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.dialogs.loader import default_bundle
from bot.documents import service
from bot.typography import NBSP, NNBSP, french
from tests.test_documents_data import full_dossier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nom : CPTS", f"Nom{NBSP}: CPTS"),
        ("Note: voir", f"Note{NBSP}: voir"),
        ("quoi ? oui !", f"quoi{NNBSP}? oui{NNBSP}!"),
        ("quoi?", f"quoi{NNBSP}?"),
        ("a ; b", f"a{NNBSP}; b"),
        ("« bonjour »", f"«{NBSP}bonjour{NBSP}»"),
        ("«bonjour»", f"«{NBSP}bonjour{NBSP}»"),
        ("l'association d'Isère", "l’association d’Isère"),
        ("15 000 €", f"15{NBSP}000{NBSP}€"),
        ("12 %", f"12{NBSP}%"),
        # left alone: times, URLs, e-mail addresses, years side by side, phone groups
        ("à 14:30", "à 14:30"),
        ("https://exemple.fr/a?b=1", "https://exemple.fr/a?b=1"),
        ("contact@cpts.fr", "contact@cpts.fr"),
        ("2026 2027", "2026 2027"),
        ("04 76 00 00 00", "04 76 00 00 00"),
        ("", ""),
    ],
)
def test_french_typography(text, expected):
    assert french(text) == expected


@given(st.text(max_size=300))
@example("0;»")  # found by Hypothesis: the 2nd pass spaced the « ; » the 1st had left alone
def test_idempotent(text):
    once = french(text)
    assert french(once) == once


@given(st.text(max_size=300))
def test_only_spaces_and_apostrophes_change(text):
    # letters, digits and punctuation are kept in order: only spacing and ' → ’ differ
    def core(s: str) -> str:
        return "".join(s.replace("’", "'").split())

    assert core(french(text)) == core(text)


def test_documents_are_typeset():
    bundle = default_bundle()
    data = service.render_document(
        bundle,
        full_dossier(bundle),
        "budget",
        cpts_name="CPTS Test",
        generated_on=dt.date(2026, 12, 3),
    )
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells
    ]
    body = "\n".join(texts)
    assert f"{NBSP}:" in body and " :" not in body
    assert "'" not in body  # typographic apostrophes only
    assert " €" not in body  # an amount never splits from its unit
