"""Territory lookups against the real Etalab-derived data (no fixtures, no guessed figures)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.normalize import fold
from bot.rules import territory as t
from bot.rules.territory import (
    CommuneLookup,
    Place,
    commune_by_insee,
    department_by_code,
    epci_by_code,
    epci_members,
    find_department,
    find_epci,
    find_place,
    find_region,
    lookup_commune,
    region_by_code,
    split_commune_list,
    sum_communes,
)

GRENOBLE, VOIRON, MOIRANS, COUBLEVIE, RIVES_38 = "38185", "38563", "38239", "38133", "38337"
SAINT_JEAN_DE_MOIRANS, AJACCIO, BASTIA = "38400", "2A004", "2B033"
PARIS, PARIS_13, LYON, LYON_3, MARSEILLE_1 = "75056", "75113", "69123", "69383", "13201"
PAYS_VOIRONNAIS, GRENOBLE_METRO, METRO_LYON = "243800984", "200040715", "200046977"


def pop(insee: str) -> int:
    commune = commune_by_insee(insee)
    assert commune is not None
    return commune.population


# ------------------------------------------------------------------------- data file


def test_data_file_is_small_and_records_its_source() -> None:
    assert t.DATA_FILE.stat().st_size < 2_000_000
    meta = t.metadata()
    assert meta["package"] == "@etalab/decoupage-administratif"
    assert meta["version"] == "6.0.0"
    assert meta["package_license"] == "MIT"
    assert "Licence Ouverte" in meta["data_license"]
    dt.date.fromisoformat(meta["generated"])
    source = (t.TERRITORY_DIR / "SOURCE.md").read_text(encoding="utf-8")
    for needle in (meta["version"], meta["npm_integrity"], meta["generated"], "MIT"):
        assert needle in source


def test_stored_folds_match_fold() -> None:
    """Names are folded at build time; a change to bot.normalize.fold must rebuild the file."""
    data = t.commune_index()
    for i, name in enumerate(data.name):
        assert i in data.names[fold(name)], name
    for key, hits in data.aliases.items():
        assert any(fold(alias) == key for _, alias in hits) or re.search(r"\d", key), key
    with gzip.open(t.DATA_FILE, "rb") as fh:
        raw = json.loads(fh.read())
    for _code, name, _region, folded in raw["departments"]:
        assert folded == fold(name)
    for *_, folded, core in raw["epci"]:
        assert core in folded


def test_counts_match_the_source() -> None:
    data = t.commune_index()
    arrondissements = [i for i, code in enumerate(data.insee) if code in data.parents]
    assert len(arrondissements) == 45
    assert len(data.insee) - len(arrondissements) == 34_969
    assert len(t.department_table()) == 109
    assert len(t.region_table()) == 26
    assert len(t.epci_index().items) == 1_255


def test_longest_place_name_fits_the_scan_window() -> None:
    data = t.commune_index()
    keys = [*t.area_keys(), *data.names, *data.aliases]
    assert max(len(k.split()) for k in keys) <= t.MAX_WORDS


# ------------------------------------------------------------------------- by code


@pytest.mark.parametrize(
    ("code", "name", "department", "region"),
    [
        (GRENOBLE, "Grenoble", "38", "84"),
        (" 38185 ", "Grenoble", "38", "84"),
        (AJACCIO, "Ajaccio", "2A", "94"),
        ("2a004", "Ajaccio", "2A", "94"),
        (BASTIA, "Bastia", "2B", "94"),
        (PARIS, "Paris", "75", "11"),
        (PARIS_13, "Paris 13e Arrondissement", "75", "11"),
        ("97411", "Saint-Denis", "974", "04"),
        ("01144", "Bâgé-Dommartin", "01", "84"),  # former code of Bâgé-la-Ville
    ],
)
def test_commune_by_insee(code: str, name: str, department: str, region: str) -> None:
    commune = commune_by_insee(code)
    assert commune is not None
    assert (commune.name, commune.department, commune.region) == (name, department, region)
    assert commune.population > 0
    assert commune.label == f"{name} ({department})"


@pytest.mark.parametrize("code", ["99999", "", "2C004", "38000", "abcde"])
def test_commune_by_insee_unknown(code: str) -> None:
    assert commune_by_insee(code) is None


def test_arrondissement_has_parent_and_city_has_none() -> None:
    arrondissement, city = commune_by_insee(PARIS_13), commune_by_insee(PARIS)
    assert arrondissement is not None and city is not None
    assert arrondissement.parent == PARIS and city.parent is None
    assert arrondissement.postal_codes == ("75013",)
    assert "75013" in city.postal_codes
    assert arrondissement.population < city.population


@pytest.mark.parametrize(
    ("code", "expected"),
    [("01", "Ain"), ("1", "Ain"), ("38", "Isère"), ("2A", "Corse-du-Sud"), ("2b", "Haute-Corse")]
    + [("974", "La Réunion"), ("976", "Mayotte")],
)
def test_department_by_code(code: str, expected: str) -> None:
    department = department_by_code(code)
    assert department is not None and department.name == expected


@pytest.mark.parametrize("code", ["20", "00", "96", "100", "", "isere"])
def test_department_by_code_unknown(code: str) -> None:
    assert department_by_code(code) is None


@pytest.mark.parametrize(
    ("code", "expected"), [("84", "Auvergne-Rhône-Alpes"), ("94", "Corse"), ("04", "La Réunion")]
)
def test_region_by_code(code: str, expected: str) -> None:
    region = region_by_code(code)
    assert region is not None and region.name == expected
    assert region_by_code("99") is None


# ------------------------------------------------------------------- lookup_commune


@pytest.mark.parametrize(
    ("query", "department", "insee"),
    [
        ("Grenoble", None, GRENOBLE),
        ("grenoble", None, GRENOBLE),
        ("GRENOBLE", None, GRENOBLE),
        ("  Grenoble  ", None, GRENOBLE),
        ("grenobel", None, GRENOBLE),
        ("Grenble", None, GRENOBLE),
        ("Voiron (38)", None, VOIRON),
        ("Voiron 38", None, VOIRON),
        ("Voiron, Isère", None, VOIRON),
        ("Voiron isere", None, VOIRON),
        ("Voiron (Isère)", None, VOIRON),
        ("Saint-Jean-de-Moirans", None, SAINT_JEAN_DE_MOIRANS),
        ("st jean de moirans", None, SAINT_JEAN_DE_MOIRANS),
        ("ST-JEAN-DE-MOIRANS", None, SAINT_JEAN_DE_MOIRANS),
        ("saint jean moirans", None, SAINT_JEAN_DE_MOIRANS),
        ("Coublevie", None, COUBLEVIE),
        ("38500 Coublevoie", None, COUBLEVIE),
        ("Coublevie 38500", None, COUBLEVIE),
        ("Voiron (38500)", None, VOIRON),
        ("Chambery", None, "73065"),
        ("Bourg en bresse", None, "01053"),
        ("bourg-en-bress", None, "01053"),
        ("Le Mans", None, "72181"),
        ("mans", None, "72181"),
        ("Thue et Mue", None, "14098"),
        ("Ajaccio", None, AJACCIO),
        ("Bastia", None, BASTIA),
        ("Paris", None, PARIS),
        ("Paris 13", None, PARIS_13),
        ("Paris 13e", None, PARIS_13),
        ("Paris 13e Arrondissement", None, PARIS_13),
        ("Lyon 3e", None, LYON_3),
        ("Marseille 1er", None, MARSEILLE_1),
        ("Lyon", None, LYON),
        # codes: INSEE ≠ postal code
        (VOIRON, None, VOIRON),
        (AJACCIO, None, AJACCIO),
        ("2a004", None, AJACCIO),
        ("20004", None, AJACCIO),  # Corsica's pre-1976 INSEE code
        ("75013", None, PARIS_13),  # postal code: the arrondissement, not the whole city
        ("01144", None, "01025"),  # former INSEE code of a commune déléguée
        # a department settles homonyms
        ("Bagnols", "63", "63028"),
        ("Bagnols", "Rhône", "69017"),
        ("Bagnols (63)", None, "63028"),
        ("Bagnols, Rhône", None, "69017"),
        ("Saint-Denis", "93", "93066"),
        ("Saint-Denis", "la reunion", "97411"),
        ("saint denis 974", None, "97411"),
        ("Valence", "26", "26362"),
        ("Rives", "38", RIVES_38),
        ("Rives (38)", None, RIVES_38),
        ("Voiron", "isere", VOIRON),
    ],
)
def test_lookup_commune_found(query: str, department: str | None, insee: str) -> None:
    result = lookup_commune(query, department)
    assert result.status == "found", result
    assert result.commune is not None and result.commune.insee == insee
    assert result.candidates == ()
    assert result.query == query


def test_lookup_commune_deleguee_resolves_to_commune_nouvelle() -> None:
    result = lookup_commune("Bâgé-la-Ville")
    assert result.status == "found" and result.commune is not None
    assert result.commune.insee == "01025"
    assert result.matched_name == "Bâgé-la-Ville"
    assert lookup_commune("Bâgé-Dommartin").matched_name is None


@pytest.mark.parametrize(
    ("query", "department", "must_include"),
    [
        ("Bagnols", None, {"63028", "69017"}),
        ("Saint-Denis", None, {"93066", "97411"}),
        ("saint denis", None, {"93066", "97411"}),
        ("Valence", None, {"26362"}),
        ("La Rochelle", None, {"17300"}),  # also a village of 40 people in Haute-Saône
        ("Rives", None, {RIVES_38}),
        ("Saint-Martin", None, set()),
        ("38500", None, {VOIRON, COUBLEVIE}),
        ("13001", None, {"13001", MARSEILLE_1}),  # INSEE of Aix and postcode of Marseille 1er
        ("nacy", None, {"54395"}),
        # named elsewhere than the given department: offered, not silently dropped
        ("Saint-Martin", "Isère", set()),
        ("Voiron", "73", {VOIRON}),
    ],
)
def test_lookup_commune_ambiguous(
    query: str, department: str | None, must_include: set[str]
) -> None:
    result = lookup_commune(query, department)
    assert result.status == "ambiguous", result
    assert result.commune is None
    codes = [c.insee for c in result.candidates]
    assert len(codes) >= 1 and len(set(codes)) == len(codes)
    assert must_include <= set(codes)
    populations = [c.population for c in result.candidates]
    assert populations == sorted(populations, reverse=True)


def test_postal_code_candidates_share_the_code() -> None:
    result = lookup_commune("38500")
    assert result.status == "ambiguous"
    # every candidate has the postal code, or is the commune whose INSEE code it is
    assert all("38500" in c.postal_codes or c.insee == "38500" for c in result.candidates)
    assert sum(c.insee == "38500" for c in result.candidates) == 1
    assert {c.department for c in result.candidates} == {"38"}


def test_department_filter_excludes_other_homonyms() -> None:
    result = lookup_commune("Saint-Martin", "Isère")
    assert all(c.department != "38" for c in result.candidates)
    assert lookup_commune("Saint-Martin").candidates == result.candidates


@pytest.mark.parametrize("query", ["", "   ", "xyzzy", "00000", "Grenoble-sur-Lune", "??", "12"])
def test_lookup_commune_not_found(query: str) -> None:
    result = lookup_commune(query)
    assert result == CommuneLookup(status="not_found", query=query)


# ------------------------------------------------------------- departments, regions


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("38", "38"),
        ("01", "01"),
        ("1", "01"),
        ("2A", "2A"),
        ("2a", "2A"),
        ("2B", "2B"),
        ("974", "974"),
        ("isere", "38"),
        ("Isère", "38"),
        ("ISERE", "38"),
        ("l'Isère", "38"),
        ("département de l'Isère", "38"),
        ("isre", "38"),
        ("haute savoie", "74"),
        ("Haute-Savoie", "74"),
        ("hte savoie", "74"),
        ("haute-savoi", "74"),
        ("savoie", "73"),
        ("rhone", "69"),
        ("Rhône", "69"),
        ("puy de dome", "63"),
        ("Puy-de-Dôme", "63"),
        ("corse du sud", "2A"),
        ("Haute Corse", "2B"),
        ("la reunion", "974"),
        ("Réunion", "974"),
        ("cotes darmor", "22"),
        ("seine st denis", "93"),
        ("Bouches-du-Rhône", "13"),
        ("nord", "59"),
        ("Paris", "75"),
    ],
)
def test_find_department(query: str, code: str) -> None:
    department = find_department(query)
    assert department is not None and department.code == code


@pytest.mark.parametrize("query", ["", "20", "99", "0", "xyz", "grenoble", "pour", "savoyard"])
def test_find_department_none(query: str) -> None:
    assert find_department(query) is None


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Auvergne-Rhône-Alpes", "84"),
        ("auvergne rhone alpes", "84"),
        ("aura", "84"),
        ("ARA", "84"),
        ("84", "84"),
        ("normandie", "28"),
        ("normandi", "28"),
        ("Île-de-France", "11"),
        ("ile de france", "11"),
        ("IDF", "11"),
        ("paca", "93"),
        ("Provence-Alpes-Côte d'Azur", "93"),
        ("grand est", "44"),
        ("région Occitanie", "76"),
        ("Corse", "94"),
        ("Guadeloupe", "01"),
    ],
)
def test_find_region(query: str, code: str) -> None:
    region = find_region(query)
    assert region is not None and region.code == code


@pytest.mark.parametrize("query", ["", "isere", "bonjour", "99"])
def test_find_region_none(query: str) -> None:
    assert find_region(query) is None


# ---------------------------------------------------------------------------- EPCI


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("CA du Pays Voironnais", PAYS_VOIRONNAIS),
        ("pays voironnais", PAYS_VOIRONNAIS),
        ("Pays Voironnais", PAYS_VOIRONNAIS),
        ("cc du pays voironnais", PAYS_VOIRONNAIS),  # wrong type still finds it
        ("communauté d'agglomération du pays voironnais", PAYS_VOIRONNAIS),
        ("agglo du pays voironnais", PAYS_VOIRONNAIS),
        ("pays voironais", PAYS_VOIRONNAIS),
        (PAYS_VOIRONNAIS, PAYS_VOIRONNAIS),
        ("Grenoble-Alpes-Métropole", GRENOBLE_METRO),
        ("grenoble alpes metropole", GRENOBLE_METRO),
        ("Métropole de Lyon", METRO_LYON),
        ("metropole de lyon", METRO_LYON),
        ("grand annecy", "200066793"),
    ],
)
def test_find_epci(query: str, code: str) -> None:
    epci = find_epci(query)
    assert epci is not None and epci.code == code


@pytest.mark.parametrize("query", ["", "bonjour", "sud", "123456789", "cc"])
def test_find_epci_none(query: str) -> None:
    assert find_epci(query) is None


def test_epci_population_is_the_sum_of_its_members() -> None:
    for epci in t.epci_index().items:
        members = epci_members(epci)
        assert len(members) == len(epci.members) > 0
        assert epci.population == sum(c.population for c in members)
    voironnais = epci_by_code(PAYS_VOIRONNAIS)
    assert voironnais is not None and voironnais.kind == "CA"
    assert {VOIRON, MOIRANS, COUBLEVIE, RIVES_38} <= set(voironnais.members)


def test_every_commune_is_in_at_most_one_epci() -> None:
    seen: dict[str, str] = {}
    for epci in t.epci_index().items:
        for member in epci.members:
            assert member not in seen, (member, seen.get(member), epci.code)
            seen[member] = epci.code
    assert PARIS_13 not in seen and PARIS in seen


# ----------------------------------------------------------------------- find_place


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("contact cpam isere", "department", "38"),
        ("Contact CPAM Isère", "department", "38"),
        ("qui contacter a grenoble ?", "commune", GRENOBLE),
        ("Qui contacter à Grenoble ?", "commune", GRENOBLE),
        ("financement pour la cc du pays voironnais", "epci", PAYS_VOIRONNAIS),
        ("la CA du Pays Voironnais finance-t-elle ?", "epci", PAYS_VOIRONNAIS),
        ("cpam de la haute savoie", "department", "74"),
        ("ars 74", "department", "74"),
        ("ARS 2A", "department", "2A"),
        ("38", "department", "38"),
        ("dans le 38", "department", "38"),
        ("le référent de la cpam du 38", "department", "38"),
        ("cpam du nord", "department", "59"),
        ("on est dans le Nord", "department", "59"),
        ("cpam de la manche", "department", "50"),
        ("cpam paris", "department", "75"),  # department preferred to the homonymous city
        ("qui contacter a paris", "commune", PARIS),
        ("qui contacter au mans", "commune", "72181"),
        ("je suis à Eu", "commune", "76255"),
        ("qui contacter a valence", "commune", "26362"),  # homonyms 10× smaller
        ("cpam de saint denis 93", "commune", "93066"),
        ("je travaille a voiron en isere", "commune", VOIRON),  # most specific
        ("hopital de voiron", "commune", VOIRON),
        ("voiron", "commune", VOIRON),
        ("Grenobel", "commune", GRENOBLE),
        ("CPTS à Grenobel ?", "commune", GRENOBLE),
        ("a la rochelle", "commune", "17300"),
        ("st etienne", "commune", "42218"),
        ("st etienne metropole", "epci", "244200770"),
        ("metropole de lyon", "epci", METRO_LYON),
        ("qui contacter a lyon", "commune", LYON),
        ("paris 13", "commune", PARIS_13),
        ("cpts en normandie", "region", "28"),
        ("ars grand est", "region", "44"),
        ("ARS Auvergne-Rhône-Alpes", "region", "84"),
        ("ars aura", "region", "84"),
        ("contact ARS Île-de-France", "region", "11"),
        ("cpam de l'issere", "department", "38"),
        ("ARS haute savoi", "department", "74"),
        ("cpam du cher", "department", "18"),
        ("cpts 38500", "department", "38"),
        ("ARS Guadeloupe", "department", "971"),  # department and region: department
    ],
)
def test_find_place(text: str, kind: str, code: str) -> None:
    place = find_place(text)
    assert place is not None, text
    assert place.kind == kind
    target = getattr(place, kind)
    assert target is not None
    assert (target.insee if kind == "commune" else target.code) == code
    others = {"commune", "department", "epci", "region"} - {kind}
    assert all(getattr(place, other) is None for other in others)
    assert place.matched


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "?",
        "bonjour",
        "pour",
        "contact",
        "aide",
        "les",
        "combien de temps pour creer une cpts ?",
        "Combien de temps faut-il ?",
        "quelle est la taille minimale d'une cpts",
        "quelles sont les missions socles",
        "Mission 1 : accès aux soins",
        "les aides financieres",
        "est ce que les aides sont cumulables",
        "il y a combien de professionnels",
        "Y a-t-il des aides ?",
        "eu égard à la situation",
        "le plan de financement",
        "en cours de création",
        "faut-il une msp",
        "quelle somme pour la mission 1",
        "cpts de 50000 habitants",
        "60 000 € par an",
        "dans les 30 jours",
        "le plus grand est le mieux",
        "au titre du pré-projet",
        "à des fins médicales",
        "à moyen terme",
        "Pour contacter la CPAM, que faire ?",
        "Le bureau doit-il avoir un président ?",
        "A quoi sert la lettre d'intention",
        "Tours de table et réunions",
        "dans quel sens remplir le dossier",
        "la manche",
        "le cher",
        "Jean-Marie",
        "Appelez le 04 81 92 12 14",
        "écrire à contact@cpts-voiron.fr",
        "saint denis",  # two big homonyms: unsure
        "aci",
        "projet de santé",
    ],
)
def test_find_place_none(text: str) -> None:
    assert find_place(text) is None


def test_place_department_and_region_codes() -> None:
    commune = find_place("qui contacter a grenoble")
    assert commune is not None
    assert (commune.department_code, commune.region_code) == ("38", "84")
    department = find_place("cpam de la haute savoie")
    assert department is not None
    assert (department.department_code, department.region_code) == ("74", "84")
    epci = find_place("cc du pays voironnais")
    assert epci is not None
    assert (epci.department_code, epci.region_code) == ("38", "84")
    region = find_place("ars normandie")
    assert region is not None
    assert (region.department_code, region.region_code) == (None, "28")
    lyon_metro = find_place("metropole de lyon")
    assert lyon_metro is not None and lyon_metro.department_code == "69"


def test_place_is_frozen_and_hashable() -> None:
    place = find_place("ars 74")
    assert isinstance(place, Place)
    assert hash(place) == hash(find_place("ars 74"))
    with pytest.raises(AttributeError):
        place.kind = "region"  # type: ignore[misc]


# ------------------------------------------------------------------ lists and sums


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Voiron, Moirans; 38500 Coublevoie\nRives et Saint-Jean-de-Moirans",
            ["Voiron", "Moirans", "38500 Coublevoie", "Rives", "Saint-Jean-de-Moirans"],
        ),
        ("Thue et Mue, Caen et Bayeux", ["Thue et Mue", "Caen", "Bayeux"]),
        (
            "Saint Geniez d'Olt et d'Aubrac et Espalion",
            ["Saint Geniez d'Olt et d'Aubrac", "Espalion"],
        ),
        (
            "Saint-Laurent-du-Pont et Miribel-les-Échelles",
            ["Saint-Laurent-du-Pont", "Miribel-les-Échelles"],
        ),
        ("- Voiron\n- Moirans\n1. Rives\n2) Voreppe", ["Voiron", "Moirans", "Rives", "Voreppe"]),
        ("Voiron / Voreppe + Moirans & Rives", ["Voiron", "Voreppe", "Moirans", "Rives"]),
        ("Voiron, Isère, Moirans (38)", ["Voiron, Isère", "Moirans (38)"]),
        ("Voiron ET Moirans.", ["Voiron", "Moirans"]),
        ("Voiron", ["Voiron"]),
        ("", []),
        (" ,; \n", []),
    ],
)
def test_split_commune_list(text: str, items: list[str]) -> None:
    assert split_commune_list(text) == items


def test_sum_communes_from_a_typed_list() -> None:
    queries = split_commune_list(
        "Voiron, Moirans; 38500 Coublevoie\nRives et Saint-Jean-de-Moirans, voiron, Bagnols, xyzzy"
    )
    result = sum_communes(queries)
    codes = [c.insee for c in result.resolved]
    # Rives is a homonym; the list's other communes are in Isère, which settles it.
    assert codes == [VOIRON, MOIRANS, COUBLEVIE, RIVES_38, SAINT_JEAN_DE_MOIRANS]
    assert [a.query for a in result.ambiguous] == ["Bagnols"]
    assert result.not_found == ("xyzzy",)
    expected = sum(pop(c) for c in codes)
    assert result.total_population == expected


def test_sum_communes_counts_duplicates_and_arrondissements_once() -> None:
    assert sum_communes(["Grenoble", "grenoble", GRENOBLE]).total_population == pop(GRENOBLE)
    whole = sum_communes(["Paris 13", "Paris", "75013"])
    assert [c.insee for c in whole.resolved] == [PARIS]
    assert whole.total_population == pop(PARIS)
    two = sum_communes(["Paris 13", "Paris 14e"])
    assert two.total_population == pop(PARIS_13) + pop("75114")


def test_sum_communes_of_an_epci_matches_its_population() -> None:
    epci = find_epci("pays voironnais")
    assert epci is not None
    result = sum_communes(list(epci.members))
    assert len(result.resolved) == len(epci.members)
    assert result.total_population == epci.population


def test_sum_communes_reads_codes_like_the_rest_of_the_list() -> None:
    ambiguous = lookup_commune("38500")  # Voiron's postcode, and the INSEE code of a commune
    assert ambiguous.status == "ambiguous"
    by_insee = sum_communes([VOIRON, "38500", MOIRANS])
    assert [c.insee for c in by_insee.resolved] == [VOIRON, "38500", MOIRANS]
    assert lookup_commune("38100").status == "ambiguous"  # Grenoble's postcode, Le Cheylas
    by_postal = sum_communes(["38000", "38100", "38340"])  # 38340: three communes
    assert [c.insee for c in by_postal.resolved] == [GRENOBLE]
    assert [a.query for a in by_postal.ambiguous] == ["38340"]


def test_sum_communes_empty() -> None:
    result = sum_communes([])
    assert (result.resolved, result.ambiguous, result.not_found) == ((), (), ())
    assert result.total_population == 0


# ----------------------------------------------------------------------- robustness

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80
) | st.lists(
    st.sampled_from(
        [
            "à",
            "de",
            "la",
            "cpam",
            "ars",
            "38",
            "2A",
            "75013",
            "Voiron",
            "saint",
            "et",
            ",",
            "(",
            ")",
            "-",
            "Isère",
            "cc",
            "du",
            "pays",
            "au",
            "mans",
            "Y",
            "12345",
            "\n",
            "€",
        ]
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_lookups_never_crash(text: str) -> None:
    result = lookup_commune(text)
    assert result.status in ("found", "ambiguous", "not_found")
    assert (result.commune is not None) == (result.status == "found")
    assert bool(result.candidates) == (result.status == "ambiguous")
    place = find_place(text)
    assert place is None or getattr(place, place.kind) is not None
    find_department(text)
    find_region(text)
    find_epci(text)
    items = split_commune_list(text)
    assert all(item.strip() for item in items)
    summed = sum_communes(items)
    assert summed.total_population == sum(c.population for c in summed.resolved)


@pytest.mark.parametrize(
    ("text", "ambiguous", "first_candidate"),
    [
        ("Voiron, Saint-Jean, Moirans", "Saint-Jean", "Saint-Jean-de-Moirans"),
        # Grésivaudan: the one in the same EPCI first, before larger Isère homonyms
        ("Crolles, Bernin, Saint-Jean, Le Touvet, Froges", "Saint-Jean", "Saint-Jean-le-Vieux"),
        ("Toulouse, Saint-Jean", None, None),  # found in the list's own department
        ("Saint-Jean", None, None),  # alone: nothing to compare with
        ("Voiron, Saint-Jean (31)", None, None),  # the department given: taken as said
        ("Voiron, 31488", None, None),  # a code (INSEE) is never doubted
    ],
)
def test_a_name_found_only_far_from_the_list_is_doubted(text, ambiguous, first_candidate):
    total = sum_communes(split_commune_list(text))
    if ambiguous is None:
        assert not total.ambiguous and not total.not_found
        return
    [doubt] = total.ambiguous
    assert doubt.query == ambiguous
    assert doubt.candidates[0].name == first_candidate
    assert doubt.candidates[-1].department == "31"  # the exact far match stays a choice


# ------------------------------------------------------------------- short names


CLERMONT_FERRAND, CLERMONT_OISE, ROMANS_SUR_ISERE, RIOM = "63113", "60157", "26281", "63300"


@pytest.mark.parametrize(
    ("query", "department", "first_candidate", "also"),
    [
        # four villages are « Clermont »; the one people mean is offered first, never chosen
        ("Clermont", None, CLERMONT_FERRAND, {CLERMONT_OISE}),
        ("clermont", None, CLERMONT_FERRAND, {CLERMONT_OISE}),
        ("Romans", None, ROMANS_SUR_ISERE, set()),
        ("Bourg", None, "01053", set()),  # Bourg-en-Bresse
        ("Boulogne", None, "92012", {"62160"}),  # Boulogne-Billancourt, Boulogne-sur-Mer
    ],
)
def test_a_short_name_offers_the_big_commune_it_is_typed_for(
    query: str, department: str | None, first_candidate: str, also: set[str]
) -> None:
    result = lookup_commune(query, department)
    assert result.status == "ambiguous", result
    codes = [c.insee for c in result.candidates]
    assert codes[0] == first_candidate
    assert also <= set(codes)


@pytest.mark.parametrize(
    ("query", "insee"),
    [
        ("Clermont (63)", CLERMONT_FERRAND),  # the department settles it
        ("Clermont, Puy-de-Dôme", CLERMONT_FERRAND),
        ("Clermont (60)", CLERMONT_OISE),  # the exact name in its department wins
        ("Clermont 60", CLERMONT_OISE),
        ("Ivry", "94041"),  # no commune is exactly « Ivry »: Ivry-sur-Seine, said in full
        ("Valence (26)", "26362"),
    ],
)
def test_a_short_name_with_its_department_is_found(query: str, insee: str) -> None:
    result = lookup_commune(query)
    assert result.status == "found", result
    assert result.commune is not None and result.commune.insee == insee


@pytest.mark.parametrize(
    "folded",
    [
        "valence",  # 64 000 inhabitants: Valence-d'Agen (5 000) is no likelier meaning
        "saint denis",  # already the big ones
        "saint jean",  # Saint-Jean (31, 11 000) vs Saint-Jean-de-… under three times bigger
        "lyon",
        "grenoble",
    ],
)
def test_a_name_that_means_itself_stands_for_nothing_longer(folded: str) -> None:
    from bot.rules.territory.data import commune_index
    from bot.rules.territory.shorthands import shorthand_rows

    exact = [i for i, _ in commune_index().hits(folded)]
    assert shorthand_rows(folded, exact) == []


@pytest.mark.parametrize("query", ["saint", "sainte", "saints"])
def test_a_common_word_no_commune_bears_is_short_for_none(query: str) -> None:
    # « sainte » may still be a typo of Saintes; never Sainte-Geneviève-des-Bois & co
    result = lookup_commune(query)
    named = [*result.candidates, *([result.commune] if result.commune else [])]
    assert not [c.name for c in named if fold(c.name).startswith(f"{query} ")]


def test_a_list_settles_a_short_name_by_its_neighbours() -> None:
    total = sum_communes(split_commune_list("Clermont, Riom"))
    assert {c.insee for c in total.resolved} == {CLERMONT_FERRAND, RIOM}
    assert total.total_population == pop(CLERMONT_FERRAND) + pop(RIOM)
    oise = sum_communes(split_commune_list("Clermont, Compiègne"))
    assert CLERMONT_OISE in {c.insee for c in oise.resolved}


@pytest.mark.parametrize(
    ("text", "name", "must_include"),
    [
        ("population de Saint-Denis", "Saint-Denis", {"93066", "97411"}),
        ("combien d'habitants à clermont ?", "Clermont", {CLERMONT_FERRAND, CLERMONT_OISE}),
        ("quelle taille pour Romans", "Romans", {ROMANS_SUR_ISERE}),
    ],
)
def test_a_shared_commune_name_names_the_candidates_when_no_place_is_sure(
    text: str, name: str, must_include: set[str]
) -> None:
    assert find_place(text) is None
    place, found = t.find_place_or_homonyms(text)
    assert place is None
    assert found is not None and found.query == name
    populations = [c.population for c in found.candidates]
    assert populations == sorted(populations, reverse=True)
    assert must_include <= {c.insee for c in found.candidates}


@pytest.mark.parametrize(
    "text",
    [
        "population de Saint-Denis (93)",
        "population de Grenoble",
        "population de Clermont (63)",
        "bonjour",
        "",
    ],
)
def test_no_shared_name_is_reported_when_a_place_is_sure_or_none_named(text: str) -> None:
    assert t.find_place_or_homonyms(text)[1] is None
