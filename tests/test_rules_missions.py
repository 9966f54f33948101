"""Missions catalogue: keys, socle/optional, synonyms, typo-tolerant lookup, calendar."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.normalize import fold
from bot.rules.missions import catalogue, find_mission, mission, mission_synonyms, missions

KEYS = ["acces_soins", "parcours", "prevention", "crise", "qualite", "accompagnement"]


def test_keys_and_order() -> None:
    assert [m.key for m in missions()] == KEYS


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("acces_soins", "socle"),
        ("parcours", "socle"),
        ("prevention", "socle"),
        ("crise", "socle"),
        ("qualite", "optionnelle"),
        ("accompagnement", "optionnelle"),
    ],
)
def test_kinds(key: str, kind: str) -> None:
    assert mission(key).kind == kind


def test_crisis_is_socle_since_avenant_2() -> None:
    since = mission("crise").since
    assert (since.text, since.as_of, since.confidence) == ("avenant 2", "2021-12-20", "haute")
    assert all(mission(k).since.as_of == "2019-06-20" for k in KEYS if k != "crise")


def test_access_to_care_has_its_sub_missions() -> None:
    subs = {s.key: s for s in mission("acces_soins").sub_missions}
    assert list(subs) == ["medecin_traitant", "snp", "telesante"]
    assert subs["telesante"].source == "trame-projet-de-sante.txt"
    assert "24 heures" in (subs["snp"].description or "")


def test_count_note_says_3_then_4() -> None:
    note = catalogue().count_note
    assert (note.socle_2019, note.socle_now) == (3, 4)
    assert sum(m.is_socle for m in missions()) == note.socle_now
    assert "SAS" in note.message


@pytest.mark.parametrize(
    ("key", "start", "deploy", "at_choice"),
    [
        ("acces_soins", 6, 18, False),
        ("parcours", 12, 24, False),
        ("prevention", 12, 24, False),
        ("crise", 6, 18, False),
        ("qualite", None, None, True),
        ("accompagnement", None, None, True),
    ],
)
def test_calendar(key: str, start: int | None, deploy: int | None, at_choice: bool) -> None:
    cal = mission(key).calendar
    assert (cal.start_months, cal.deploy_months, cal.at_choice) == (start, deploy, at_choice)
    assert catalogue().calendar_source.as_of == "2023-11-30"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("SNP", "acces_soins"),
        ("snp", "acces_soins"),
        ("soins non programmés", "acces_soins"),
        ("soins non programmes", "acces_soins"),
        ("médecin traitant", "acces_soins"),
        ("les patients sans medecin traitant", "acces_soins"),
        ("SAS", "acces_soins"),
        ("télémédecine", "acces_soins"),
        ("crises sanitaires", "crise"),
        ("la gestion de crise", "crise"),
        ("parcours", "parcours"),
        ("parcours pluri-professionnels", "parcours"),
        ("prevension", "prevention"),
        ("vaccination", "prevention"),
        ("qualité et pertinence", "qualite"),
        ("pertinence des soins", "qualite"),
        ("installation des jeunes", "accompagnement"),
        ("compagnonnage", "accompagnement"),
        ("acces_soins", "acces_soins"),
        ("accompagnement", "accompagnement"),
    ],
)
def test_find_mission(text: str, key: str) -> None:
    found = find_mission(text)
    assert found is not None
    assert found.key == key


@pytest.mark.parametrize("text", ["", "  ", "bonjour", "statuts de l'association", "42"])
def test_find_mission_none(text: str) -> None:
    assert find_mission(text) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_find_mission_never_raises(text: str) -> None:
    found = find_mission(text)
    assert found is None or found.key in KEYS


def test_synonyms_for_the_matcher() -> None:
    synonyms = mission_synonyms()
    assert list(synonyms) == KEYS
    for key, names in synonyms.items():
        assert mission(key).short_label in names
    assert {"SNP", "soins non programmés", "médecin traitant"} <= set(synonyms["acces_soins"])
    assert "crises sanitaires" in synonyms["crise"]
    owners: dict[str, str] = {}
    for key, names in synonyms.items():
        for name in names:
            folded = fold(name)
            assert owners.setdefault(folded, key) == key, f"{name!r} names two missions"
            owners[folded] = key
    assert sum(len(n) for n in synonyms.values()) == len(owners)  # no duplicates either


def test_every_mission_has_examples_or_a_source_note() -> None:
    for m in missions():
        assert m.examples, m.key
        assert m.description or m.sub_missions, m.key
