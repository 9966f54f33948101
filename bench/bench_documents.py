"""Render time of a realistic ~10-page document vs the python-docx floor.

Floor: opening the base document with python-docx and saving it (what any .docx
render costs at least). Target: render < 300 ms and ≤ 10× the floor.

Run: .venv/bin/python bench/bench_documents.py
"""

from __future__ import annotations

import datetime as dt
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx import Document  # noqa: E402

from bot.documents import base, render  # noqa: E402
from bot.documents.markdown_docx import markdown_body  # noqa: E402
from bot.documents.markup import parser  # noqa: E402

TEMPLATE = "_test/projet_sante.md.j2"
RUNS = 20

# Placeholder prose (not facts): French word salad with its apostrophes and commas.
_VOCABULARY = (
    "coordination parcours patients professionnels territoire soins premier recours, "
    "prévention l'accès médecin traitant infirmier pharmacien kinésithérapeute réunion "
    "concertation protocole partage d'information l'équipe maison santé hôpital commune "
    "actions suivi évaluation formation outils numériques messagerie sécurisée réseau, "
    "organisation permanence urgences soins non programmés personnes âgées domicile"
)
_WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words)).rstrip(",")
    return text[0].upper() + text[1:] + "."


def _prose(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(10, 22))
        out.append(_sentence(rng, n))
        left -= n
    return " ".join(out)


def realistic_context(seed: int = 7) -> dict[str, Any]:
    """Synthetic answers for templates/documents/_test/projet_sante.md.j2."""
    rng = random.Random(seed)
    due = ["2026-01", "2026-06", "2026-09", "2027-01", "2027-06"]
    return {
        "cpts": {
            "name": "CPTS Exemple Test",
            "address": "1 rue de l'Exemple, 00000 Testville",
            "created_on": dt.date(2026, 1, 15),
            "presentation": _prose(rng, 150),
            "history": [_prose(rng, 80) for _ in range(2)],
        },
        "territory": {
            "population": 48_250,
            "communes": [
                {"name": f"Commune {i}", "postcode": f"{i:05d}", "population": 500 + 137 * i}
                for i in range(1, 13)
            ],
        },
        "diagnostic": {
            "summary": _prose(rng, 120),
            "strengths": [_prose(rng, 16) for _ in range(5)],
            "weaknesses": [_prose(rng, 16) for _ in range(5)],
            "professions": [
                {
                    "label": f"Profession {i}",
                    "count": 3 + i,
                    "coordinated": i,
                    "comment": _prose(rng, 8) if i % 3 else None,
                }
                for i in range(1, 9)
            ],
        },
        "missions": [
            {
                "title": f"Mission {m}",
                "context": _prose(rng, 50),
                "actions": [
                    {
                        "title": _sentence(rng, 5)[:-1],
                        "goal": _prose(rng, 20),
                        "description": _prose(rng, 70),
                        "steps": [_prose(rng, 12) for _ in range(3)],
                        "indicators": [
                            {
                                "label": _sentence(rng, 6),
                                "target": f"{rng.randint(10, 90)} %" if k else None,
                                "due": rng.choice(due),
                            }
                            for k in range(3)
                        ],
                        "lead": f"Pilote {m}.{a}" if (m + a) % 3 else "",
                        "partners": [f"Partenaire {k}" for k in range(1, 4)],
                    }
                    for a in range(1, 3)
                ],
            }
            for m in range(1, 5)
        ],
        "governance": {
            "text": _prose(rng, 120),
            "statutes": True,
            "charter": False,
            "rules": True,
        },
        "members": [
            {
                "name": f"Membre {i}",
                "profession": f"Profession {1 + i % 8}",
                "commune": f"Commune {1 + i % 12}",
                "role": "Membre du bureau" if i % 4 else None,
            }
            for i in range(1, 17)
        ],
        "budget": [
            {"label": f"Poste {i}", "detail": _prose(rng, 10), "amount": 1_000 * (i + 2)}
            for i in range(1, 11)
        ],
        "calendar": [{"due": d, "label": _prose(rng, 12)} for d in due],
        "signed_on": dt.date(2026, 3, 12),
    }


def estimated_pages(docx: bytes) -> float:
    """Rough A4 page count (17 cm × 25.7 cm text area, Arial 10.5 pt, no LibreOffice)."""
    doc = Document(io.BytesIO(docx))
    lines_per_page, chars_per_line = 55, 92
    extra = {"Heading 1": 3.0, "Heading 2": 2.5, "Heading 3": 2.0, "Heading 4": 1.5}
    lines = 0.0
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = block.xpath("string(.)")
            style = block.style or "Normal"
            if block.xpath(".//w:pageBreakBefore") and lines % lines_per_page:
                lines += lines_per_page - lines % lines_per_page
            name = doc.styles.get_by_id(style, 1).name if style != "Normal" else "Normal"
            lines += max(1, -(-len(text) // chars_per_line)) + extra.get(name, 0.45)
        elif tag == "tbl":
            for tr in block.xpath("./w:tr"):
                cells = tr.xpath("./w:tc")
                width = chars_per_line * 1.1 / len(cells)  # 9.5 pt text in cells
                lines += max(max(1, -(-len(tc.xpath("string(.)")) // width)) for tc in cells)
                lines += 0.3
            lines += 1
    return lines / lines_per_page


def _medians_ms(*fns: Callable[[], object], runs: int = RUNS) -> list[float]:
    """Median time of each function, runs interleaved so that machine load hits all alike."""
    for fn in fns:
        fn()  # warm-up: compiled template, base document, caches
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, acc in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            acc.append(time.perf_counter() - start)
    return [statistics.median(t) * 1000 for t in times]


def main() -> None:
    context = realistic_context()
    markdown = render.render_markdown(TEMPLATE, context)

    def floor() -> None:
        Document(io.BytesIO(base.base_bytes())).save(io.BytesIO())

    def full() -> bytes:
        return render.render_docx(
            TEMPLATE,
            context,
            title="Projet de santé",
            cpts_name="CPTS Exemple Test",
            summary=lambda markers: f"23/{23 + markers} rubriques renseignées",
            generated_on=dt.date(2026, 3, 12),
        )

    def write_only() -> None:
        body = markdown_body(markdown, render.marker_text)
        base.save(base.new_document(body.numbering), body.blocks)

    docx = full()
    words = len(render.render_preview(TEMPLATE, context).split())
    floor_ms, full_ms, jinja_ms, parse_ms, write_ms, preview_ms = _medians_ms(
        floor,
        full,
        lambda: render.render_markdown(TEMPLATE, context),
        lambda: parser().parse(markdown),
        write_only,
        lambda: render.render_preview(TEMPLATE, context),
    )
    print(
        f"document: {len(markdown):,} chars of Markdown, ~{words:,} words, "
        f"{markdown.count(chr(10) + '|')} table rows, {len(docx):,} bytes .docx, "
        f"~{estimated_pages(docx):.1f} A4 pages (estimate)"
    )
    print(f"  jinja render            {jinja_ms:7.2f} ms")
    print(f"  markdown parse          {parse_ms:7.2f} ms")
    print(f"  open, write body, save  {write_ms:7.2f} ms  (includes the parse)")
    print(f"  render_preview (text)   {preview_ms:7.2f} ms")
    print(f"floor (open+save base)  {floor_ms:7.2f} ms  (median of {RUNS})")
    print(f"render_docx             {full_ms:7.2f} ms  (median of {RUNS})")
    ratio = full_ms / floor_ms
    ok = full_ms < 300 and ratio <= 10
    print(f"ratio {ratio:.1f}× floor — target < 300 ms and ≤ 10×: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
