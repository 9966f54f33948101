"""The copies under sources/ are the shared originals, byte for byte."""

from __future__ import annotations

import pytest

from tests.sources import RESEARCH, SEEDS, SHARED

COPIES = sorted(SEEDS.iterdir()) + [RESEARCH]


def test_copies_exist():
    names = {p.name for p in SEEDS.iterdir()}
    assert {
        "README.md",
        "guide-cpts-ars-auvergne-rhone-alpes.txt",
        "pre-projet-liste-minimale-ara.txt",
        "trame-projet-de-sante.txt",
        "lettre-intention-occitanie-2019.txt",
        "contractualisation-ars-trame-2019.txt",
    } <= names
    assert RESEARCH.is_file()


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside this clone")
@pytest.mark.parametrize("copy", COPIES, ids=[p.name for p in COPIES])
def test_copy_matches_the_shared_original(copy):
    original = SHARED / copy.relative_to(copy.parents[1])
    assert original.read_bytes() == copy.read_bytes(), f"{copy} is out of date: copy {original}"
