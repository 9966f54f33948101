"""Contacts by department: every contact of annex 1 is reachable, nothing leaks outside ARA.

The tables below are an independent transcription of annex 1 of the ARS ARA guide (2019),
typed from the seed text, not read from data/contacts.yaml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules import contacts as c

ARA = {
    "01": "Ain",
    "03": "Allier",
    "07": "Ardèche",
    "15": "Cantal",
    "26": "Drôme",
    "38": "Isère",
    "42": "Loire",
    "43": "Haute-Loire",
    "63": "Puy-de-Dôme",
    "69": "Rhône",
    "73": "Savoie",
    "74": "Haute-Savoie",
}

# (department, kind, name, phone or None, e-mail or None)
ARS_ROWS = [
    ("01", "Marion FAURE", "04.81.92.12.30", "marion.faure@ars.sante.fr"),
    ("01", "Alain FRANCOIS", "04.81.92.12.14", "alain.francois@ars.sante.fr"),
    ("03", "Elisabeth WALRAWENS", "04.81.10.62.08", "elisabeth.walrawens@ars.sante.fr"),
    ("07", "Anne-Laure POREZ", "04.26.20.92.79", "anne-laure.porez@ars.sante.fr"),
    ("07", "Aurélié FOURCADE", "04.26.20.91.45", "aurelie.fourcade@ars.sante.fr"),
    ("15", "Christelle CONORT", "04.81.10.63.22", "christelle.conort@ars.sante.fr"),
    (
        "26",
        "Stéphanie DE LA CONCEPTION",
        "04.26.20.91.40",
        "stephanie.delaconception@ars.sante.fr",
    ),
    ("26", "Aurélié FOURCADE", "04.26.20.91.45", "aurelie.fourcade@ars.sante.fr"),
    ("38", "Nathalie BOREL", "04.26.20.94.30", "nathalie.borel@ars.sante.fr"),
    ("42", "Maxime AUDIN", "04.26.20.90.14", "maxime.audin@ars.sante.fr"),
    ("42", "Alain COLMANT", "04.26.20.90.12", "alain.colmant@ars.sante.fr"),
    ("43", "Annick ADIER", "04.81.10.64.19", "annick.adier@ars.sante.fr"),
    ("63", "Pauline DELAIRE", "04.81.10.60.38", "pauline.delaire@ars.sante.fr"),
    ("63", "Laurent CASARIN", "04.81.10.61.07", "laurent.casarin@ars.sante.fr"),
    ("63", "Bertrand COUDERT", "04.81.10.60.71", "bertrand.coudert@ars.sante.fr"),
    ("69", "Izia DUMORD", "04.72.34.41.44", "izia.dumord@ars.sante.fr"),
    ("69", "Christiane CHARDON", "04.27.86.56.54", "christiane.chardon@ars.sante.fr"),
    ("69", "Anabelle JAN", "04.27.86.56.19", "anabelle.jan@ars.sante.fr"),
    ("73", "Sarah MONNET", "04.69.85.52.75", "sarah.monnet@ars.sante.fr"),
    ("74", "Hervé BERTHELOT", "04.26.20.93.40", "herve.berthelot@ars.sante.fr"),
]

# (department, name, e-mail, postal address)
CPAM_ROWS = [
    (
        "01",
        "Catherine Guillermin",
        "mp110101_structures-pluri-professionnelles@assurance-maladie.fr",
        "1 Place de la grenouillère - 01015 Bourg-en-Bresse Cedex",
    ),
    (
        "03",
        "Christophe Chauliaguet",
        "pse.cpam-moulins@assurance-maladie.fr",
        "9-11 rue Achille Roche - BP 351 - 03010 Moulins Cedex",
    ),
    (
        "07",
        "Béatrice Durand",
        "msp-cpts.cpam-ardeche@assurance-maladie.fr",
        "6 Avenue de l'Europe Unie - BP 735 - 07007 Privas",
    ),
    (
        "15",
        "Marie-Alexia Brayat",
        "prof.sante.cpam-aurillac@assurance-maladie.fr",
        "15 rue Pierre Marty - 15010 Aurillac Cedex",
    ),
    (
        "26",
        "Mélanie Nublat",
        "melanie.nublat@assurance-maladie.fr",
        "Avenue du Président E. Herriot - BP 100 - 26024 Valence Cedex",
    ),
    (
        "38",
        "Frédérique Cherdo",
        "msp-cpts.cpam-isere@assurance-maladie.fr",
        "2 rue des alliés - 38045 Grenoble Cedex 9",
    ),
    (
        "42",
        "Emmanuelle Boyet",
        "msp-cpts.cpam-loire@assurance-maladie.fr",
        "3 av. Emile Loubet - 42000 Saint-Étienne",
    ),
    (
        "42",
        "Emmanuelle Boyet",
        "msp-cpts.cpam-loire@assurance-maladie.fr",
        "CS 72701 - 42027 Saint-Étienne Cedex 1",
    ),
    (
        "43",
        "Amélie Solvery",
        "msp-cpts.cpam-431@assurance-maladie.fr",
        "10 avenue André Soulier - CS 70324 - 43009 Le Puy-en-Velay",
    ),
    (
        "63",
        "Joëlle Condat Cuny",
        "gestion_mspp.cpam-clermont-fd@assurance-maladie.fr",
        "Cité administrative - rue Pélissier - 63031 Clermont-Ferrand Cedex 9",
    ),
    (
        "69",
        "Fanny Donnadiou",
        "msp-cpts.cpam-rhone@assurance-maladie.fr",
        "276 cours Emile Zola - 69619 Villeurbanne Cedex",
    ),
    (
        "73",
        "Christine-Soonie Deloge",
        "ps.cpam-chambery@assurance-maladie.fr",
        "5 avenue Jean Jaurès - 73015 Chambéry Cedex",
    ),
    (
        "73",
        "Edmond Guillot",
        "edmond.guillot@assurance-maladie.fr",
        "5 avenue Jean Jaurès - 73015 Chambéry Cedex",
    ),
    (
        "74",
        "Pamela Marini",
        "msp-cpts.cpam-annecy@assurance-maladie.fr",
        "2 rue Robert Schuman - 74984 Annecy Cedex 9",
    ),
]

ELSM_ROWS = [
    ("01", "Emmanuelle Guichard", "emmanuelle.guichard@assurance-maladie.fr"),
    ("03", "Marie-Dolorès Mathonnat", "marie-dolores.mathonnat@assurance-maladie.fr"),
    ("07", "Joël Delhomme", "joel.delhomme@assurance-maladie.fr"),
    ("15", "Dominique Lenial", "dominique.lenial@assurance-maladie.fr"),
    ("26", "Nicole Ferrier", "nicole.ferrier@assurance-maladie.fr"),
    ("38", "Frédérique Girard", "frederique.girard@assurance-maladie.fr"),
    ("38", "Eléonore Alter-Ferotin", "eleonore.alter-ferotin@assurance-maladie.fr"),
    ("42", "Guy Delorme", "guy.delorme@assurance-maladie.fr"),
    ("43", "Cécile Barbe", "cecile.barbe@assurance-maladie.fr"),
    ("63", "Bernadette Villaume", "bernadette.villaume@assurance-maladie.fr"),
    ("69", "Nathalie Clavel", "nathalie.clavel@assurance-maladie.fr"),
    ("73", "Camille Jacquemoud", "camille.jacquemoud@assurance-maladie.fr"),
    ("73", "Jean-Marc Gay", "jean-marc.gay@assurance-maladie.fr"),
    ("74", "Jean-Marie Druge", "jean-marie.druge@assurance-maladie.fr"),
    ("74", "Bernard Vermorel", "bernard.vermorel@assurance-maladie.fr"),
    ("74", "Sonia Blazy", "sonia.blazy@assurance-maladie.fr"),
]

# MSA entity name → departments covered (Auvergne: the former Auvergne region).
MSA_COVERAGE = {
    "MSA Ain-Rhône": {"01", "69"},
    "MSA Ardèche-Drôme-Loire": {"07", "26", "42"},
    "MSA Alpes du Nord": {"73", "74", "38"},
    "MSA Auvergne": {"03", "15", "43", "63"},
}
MSA_PEOPLE = {
    "MSA Ain-Rhône": [
        ("Christel Garcia", "garcia.christel@ain-rhone.msa.fr"),
        ("Dr Sacha Djordjevic", "djordjevic.sacha@ain-rhone.msa.fr"),
        ("Dr Denis Martin", "martin.denis@ain-rhone.msa.fr"),
    ],
    "MSA Ardèche-Drôme-Loire": [
        ("France Januel", "januel.france@ardechedromeloire.msa.fr"),
        ("Dr Gérard Testa", "testa.gerard@ardechedromeloire.msa.fr"),
    ],
    "MSA Alpes du Nord": [
        ("Pauline Brenier", "brenier.pauline@alpesdunord.msa.fr"),
        ("Dr Didier Jacquel", "jacquel.didier@alpesdunord.msa.fr"),
    ],
    "MSA Auvergne": [
        ("Maryse Mons", "mons.maryse@auvergne.msa.fr"),
        ("Dr Catherine Skrzypczak", "skrzypczak.catherine@auvergne.msa.fr"),
    ],
}

# FemasAURA territory → departments, person, phone, e-mail.
FEMASAURA = {
    "Territoire ex-Auvergne": (
        {"03", "15", "43", "63"},
        "Assia Bah-Drif",
        None,
        "coord.auvergne-femasaura@ffmps.fr",
    ),
    "Territoire Ain, Rhône, Ardèche, Loire": (
        {"01", "69", "07", "42"},
        "Marion Darley",
        "07 84 37 77 41",
        "coord.rhone@femasaura.fr",
    ),
    "Territoire Savoie, Haute-Savoie, Drôme, Isère": (
        {"73", "74", "26", "38"},
        "Agnès Bensussan",
        None,
        "coord.isere@femasaura.fr",
    ),
}

# Regional and national contacts: (kind, profession, strings that must appear).
REGIONAL_ROWS = [
    (
        "grcs",
        None,
        ["Anna CRUAUD", "centresdesante.grcs@gmail.com", "44 rue Feuillat - 69424 Lyon Cedex 03"],
    ),
    (
        "urps",
        "chirurgiens_dentistes",
        ["Dr Marc BARTHELEMY", "04 27 89 57 85", "barthelemyma@wanadoo.fr", "urps-cd-ara.fr"],
    ),
    (
        "urps",
        "infirmiers",
        [
            "Lucien BARAZA",
            "04 73 91 08 68",
            "presidence@urps-inf-aura.fr",
            "15 rue du Pré de la Reine - 63000 Clermont-Ferrand",
            "auvergne.infirmiers-urps.org",
        ],
    ),
    (
        "urps",
        "masseurs_kinesitherapeutes",
        ["M. Bruno DUGAST", "04 27 89 57 85", "contact@urps-mk-ara.org", "urps-mk-ara.org"],
    ),
    (
        "urps",
        "medecins",
        [
            "Dr Pierre-Jean TERNAMIAN",
            "20 rue Barrier - 69006 LYON",
            "04 72 74 02 75",
            "urps@urps-med-aura.fr",
        ],
    ),
    (
        "urps",
        "pharmaciens",
        [
            "Olivier ROZAIRE",
            "194 bis rue Garibaldi – 69003 Lyon",
            "04 37 57 13 01",
            "urps@pharmaciens-aura.com",
            "ara.urps-pharma.fr",
        ],
    ),
    (
        "urps",
        "sages_femmes",
        ["Marie-Pierre ROYER", "21 quai Antoine Riboud - 69002 Lyon", "mp.royer69@gmail.com"],
    ),
    ("federation", None, ["Dr Claude Leicher", "06 25 20 01 88", "c.leicher@fcpts.org"]),
    (
        "ars",
        None,
        ["241 rue Garibaldi – CS 93383 – 69418 Lyon cedex 03", "04 72 34 74 00"],
    ),
]

NOT_ARA = ["75", "31", "2A", "2B", "971", "974", "13", "34", "21", "99", "00"]
FOOTER = "2019, à vérifier"


def _all_rows() -> list[tuple[str, str, str]]:
    """(department, kind, expected string) for every department-level contact of the annex."""
    rows: list[tuple[str, str, str]] = []
    for dept, name, phone, email in ARS_ROWS:
        rows += [(dept, "ars", name), (dept, "ars", phone), (dept, "ars", email)]
    for dept, name, email, address in CPAM_ROWS:
        rows += [(dept, "cpam", name), (dept, "cpam", email), (dept, "cpam", address)]
    for dept, name, email in ELSM_ROWS:
        rows += [(dept, "elsm", name), (dept, "elsm", email)]
    for entity, depts in MSA_COVERAGE.items():
        for dept in depts:
            rows.append((dept, "msa", entity))
            for name, email in MSA_PEOPLE[entity]:
                rows += [(dept, "msa", name), (dept, "msa", email)]
    for territory, (depts, name, phone, email) in FEMASAURA.items():
        for dept in depts:
            rows += [(dept, "femasaura", territory), (dept, "femasaura", name)]
            rows += [(dept, "femasaura", email)] + ([(dept, "femasaura", phone)] if phone else [])
    return rows


ROWS = _all_rows()


@pytest.mark.parametrize(("dept", "kind", "expected"), ROWS)
def test_every_annex_contact_reachable_by_department_number(dept, kind, expected):
    assert expected in c.answer_contacts(dept, {kind})
    assert expected in c.answer_contacts(dept)  # default: all department-level kinds


@pytest.mark.parametrize(("dept", "name"), ARA.items())
def test_reachable_by_unpadded_number_and_with_place(dept, name):
    short = dept.lstrip("0")
    expected = [row[2] for row in ROWS if row[0] == dept]
    text = c.answer_contacts(short, place_label="Ma commune")
    assert text.startswith("Ma commune est ")
    assert f"({dept})" in text.splitlines()[0]
    for item in expected:
        assert item in text
    assert c.ara_departments()[dept] == name


@pytest.mark.parametrize("dept", list(ARA))
@pytest.mark.parametrize(("kind", "profession", "expected"), REGIONAL_ROWS)
def test_regional_and_national_contacts_reachable_from_every_department(
    dept, kind, profession, expected
):
    text = c.answer_contacts(dept, {kind}, profession=profession)
    for item in expected:
        assert item in text


def test_department_wise_counts_match_annex():
    for dept in ARA:
        found = c.contacts_for_department(dept)
        assert found is not None
        assert {p.name for p in found.ars.people} == {r[1] for r in ARS_ROWS if r[0] == dept}
        assert {p.name for p in found.cpam.people} == {r[1] for r in CPAM_ROWS if r[0] == dept}
        assert {p.name for p in found.elsm.people} == {r[1] for r in ELSM_ROWS if r[0] == dept}
        assert len(found.urps) == 6
    book = c.contact_book()
    people = sum(len(e.people) for e in book.entities)
    # 20 ARS + 13 CPAM + 16 ELSM + 9 MSA + 3 FemasAURA + 1 GRCS + 6 URPS + 1 Fédération
    assert people == 69


@pytest.mark.parametrize(
    ("dept", "msa", "territory"),
    [
        (dept, msa, territory)
        for dept in ARA
        for msa, depts in MSA_COVERAGE.items()
        if dept in depts
        for territory, (tdepts, *_rest) in FEMASAURA.items()
        if dept in tdepts
    ],
)
def test_msa_and_femasaura_coverage(dept, msa, territory):
    found = c.contacts_for_department(dept)
    assert found is not None
    assert found.msa.name.startswith(msa)
    assert found.femasaura.name.endswith(territory)
    text = c.answer_contacts(dept, {"msa", "femasaura"})
    others = [m for m in MSA_COVERAGE if m != msa]
    assert not any(m in text for m in others)


def test_every_ara_department_has_one_msa_and_one_femasaura():
    covered_msa = sorted(d for depts in MSA_COVERAGE.values() for d in depts)
    covered_fem = sorted(d for depts, *_ in FEMASAURA.values() for d in depts)
    assert covered_msa == covered_fem == sorted(ARA)


def _ara_strings() -> set[str]:
    """Every name, phone, e-mail and address of ARA-specific contacts."""
    out: set[str] = set()
    for e in c.contact_book().entities:
        if e.scope == "national" or (e.region not in (None, c.ARA_REGION_CODE)):
            continue
        out |= {p.name for p in e.people} | set(e.phones()) | set(e.emails())
        out |= {line for a in e.addresses for line in a.lines}
        out |= {e.name} | ({e.website} if e.website else set())
    return out


ARA_STRINGS = _ara_strings()


@pytest.mark.parametrize("dept", NOT_ARA)
@pytest.mark.parametrize("kinds", [None, {"ars"}, {"cpam", "msa"}, {"urps", "grcs"}, set(c.KINDS)])
@pytest.mark.parametrize("region_code", ["84", "11", None])
def test_non_ara_departments_never_get_an_ara_contact(dept, kinds, region_code):
    assert c.contacts_for_department(dept) is None
    text = c.answer_contacts(dept, kinds, region_name="Somewhere", region_code=region_code)
    leaked = [s for s in ARA_STRINGS if s in text]
    assert leaked == []
    assert "Je n'ai pas de contact" in text
    assert "l'ARS Somewhere (délégation départementale)" in text


def test_occitanie_department_gets_sourced_letter_address():
    text = c.answer_contacts(
        "31",
        department_name="Haute-Garonne",
        region_name="Occitanie",
        region_code="76",
        place_label="Toulouse",
    )
    assert "Toulouse (Haute-Garonne, 31)" in text
    assert "l'ARS Occitanie (délégation départementale)" in text
    assert "1025 rue Henri-Becquerel" in text
    assert "34067 Montpellier Cedex 2" in text
    assert "juin 2019" in text
    assert not [s for s in ARA_STRINGS if s in text]


def test_other_region_gets_no_address():
    text = c.answer_contacts("75", region_name="Île-de-France", region_code="11")
    assert "l'ARS Île-de-France (délégation départementale)" in text
    assert "Montpellier" not in text
    assert "@" not in text
    assert "l'ARS de votre région" in c.answer_contacts("75")


def test_federation_is_national_and_given_anywhere():
    for dept in (None, "75", "38"):
        assert "c.leicher@fcpts.org" in c.answer_contacts(dept, {"federation"})


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("84", "241 rue Garibaldi – CS 93383 – 69418 Lyon cedex 03"),
        ("76", "1025 rue Henri-Becquerel"),
    ],
)
def test_regional_ars_contact(region, expected):
    entity = c.regional_ars_contact(region)
    assert entity is not None
    assert any(expected in line for a in entity.addresses for line in a.lines)
    assert entity.source and entity.as_of


@pytest.mark.parametrize("region", ["11", "93", "", "01", "94"])
def test_regional_ars_contact_unsourced_is_none(region):
    assert c.regional_ars_contact(region) is None


@pytest.mark.parametrize(
    ("kinds", "present", "absent"),
    [
        ({"cpam"}, ["msp-cpts.cpam-isere@"], ["nathalie.borel@", "frederique.girard@", "MSA"]),
        ({"elsm"}, ["frederique.girard@"], ["msp-cpts.cpam-isere@", "nathalie.borel@"]),
        ({"ars"}, ["nathalie.borel@", "04 72 34 74 00"], ["assurance-maladie.fr", "URPS"]),
        ({"msa"}, ["alpesdunord.msa.fr"], ["femasaura", "ars.sante.fr"]),
        ({"femasaura"}, ["coord.isere@femasaura.fr"], ["msa.fr", "ars.sante.fr"]),
        ({"urps"}, ["URPS médecins", "URPS sages-femmes"], ["ars.sante.fr", "fcpts"]),
        ({"grcs"}, ["centresdesante.grcs@gmail.com"], ["URPS", "ars.sante.fr"]),
        ({"federation"}, ["c.leicher@fcpts.org"], ["URPS", "ars.sante.fr"]),
        (None, ["nathalie.borel@", "coord.isere@", "Sur demande"], ["URPS médecins", "fcpts"]),
    ],
)
def test_kinds_filtering(kinds, present, absent):
    text = c.answer_contacts("38", kinds)
    for item in present:
        assert item in text
    for item in absent:
        assert item not in text


def test_profession_narrows_urps():
    text = c.answer_contacts("69", {"urps"}, profession="masseurs_kinesitherapeutes")
    assert "contact@urps-mk-ara.org" in text
    assert "URPS médecins" not in text
    assert "URPS masseurs-kinésithérapeutes" in c.answer_contacts(
        "69", profession=("masseurs_kinesitherapeutes")
    )


@pytest.mark.parametrize(
    ("question", "union"),
    [
        ("contact urps ml 69", "URPS médecins"),  # « URPS ML »: médecins libéraux
        ("urps mk isère", "URPS masseurs-kinésithérapeutes"),
        ("urps infirmiers savoie", "URPS infirmiers"),
        # the longest first message of the corpus (1 459 characters): « GP » was not a doctor
        ("I'm a GP in Clermont-Ferrand, who is my contact at the URPS", "URPS médecins"),
        ("urps for nurses in Lyon", "URPS infirmiers"),
    ],
)
def test_a_typed_union_name_gives_that_union_only(question: str, union: str) -> None:
    from bot.rules import faq

    text = faq.answer(question).text
    assert union in text
    assert text.count("URPS ") == 1  # not the six unions (1 421 characters for « urps ml »)


def test_a_dictated_agency_name_is_that_agency() -> None:
    """« l'a r s » (speech recognition spelling it out) listed every kind: 1 013 characters."""
    from bot.rules import faq

    text = faq.answer(
        "euh je suis à clermont ferrand et je voudrais savoir qui appeler à l'a r s"
    ).text
    assert "délégation départementale du Puy-de-Dôme" in text
    assert "CPAM" not in text and "URPS" not in text


@pytest.mark.parametrize(
    ("kinds", "profession"), [({"nope"}, None), (None, "plombiers"), ({"ars"}, "kine")]
)
def test_unknown_kind_or_profession_is_a_programming_error(kinds, profession):
    with pytest.raises(ValueError):
        c.answer_contacts("38", kinds, profession=profession)


@pytest.mark.parametrize("kinds", [None, {"cpam"}, {"urps", "grcs"}])
def test_no_department_asks_and_lists_the_twelve(kinds):
    text = c.answer_contacts(None, kinds)
    assert "Pour quel département ?" in text
    for code, name in ARA.items():
        assert f"{code} {name}" in text
    assert "@" not in text


def test_place_equal_to_department_is_not_repeated():
    text = c.answer_contacts("38", place_label="isere")
    assert not text.startswith("isere est")
    assert "Isère (38)" in text.splitlines()[0]
    assert c.answer_contacts("38", place_label="Grenoble").startswith("Grenoble est en Isère (38).")


ANSWER_CASES = [
    ("38", None, {}),
    ("38", {"urps"}, {"profession": "medecins"}),
    ("1", set(c.KINDS), {}),
    ("75", None, {"region_name": "Île-de-France", "region_code": "11"}),
    ("31", {"ars"}, {"region_name": "Occitanie", "region_code": "76"}),
    (None, None, {}),
    (None, {"federation"}, {}),
    ("", {"cpam"}, {}),
]


@pytest.mark.parametrize(("dept", "kinds", "extra"), ANSWER_CASES)
def test_footer_always_last(dept, kinds, extra):
    text = c.answer_contacts(dept, kinds, **extra)
    last = text.splitlines()[-1]
    assert FOOTER in last
    assert "ARS Auvergne-Rhône-Alpes" in last
    assert len(text) < 4096


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=6))
def test_any_department_code_never_crashes_and_never_leaks(code):
    text = c.answer_contacts(code)
    assert FOOTER in text.splitlines()[-1]
    normalized = c.normalize_department_code(code)
    if normalized not in ARA:
        assert "@" not in text
        assert not [s for s in ARA_STRINGS if s in text]


# ------------------------------------------------------------------ data file checks

EMAIL = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[a-z]{2,}$")


def test_every_email_well_formed_and_every_phone_ten_digits():
    book = c.contact_book()
    emails = [m for e in book.entities for m in e.emails()]
    phones = [p for e in book.entities for p in e.phones()]
    # 69 people, each with an e-mail except Anna CRUAUD and the URPS presidents (entity e-mails).
    assert len(emails) == 69
    # 20 ARS + Marion Darley + 5 URPS + Claude Leicher + ARS ARA head office
    assert len(phones) == 28
    for email in emails:
        assert EMAIL.match(email), email
    for phone in phones:
        digits = re.sub(r"[ .]", "", phone)
        assert digits.isdigit() and len(digits) == 10 and digits.startswith("0"), phone


def test_every_entity_is_sourced_and_dated():
    for e in c.contact_book().entities:
        assert e.source
        assert re.fullmatch(r"\d{4}(-\d{2})?", e.as_of), e.id
        if e.region == "76":
            assert "Occitanie" in e.source and e.as_of == "2019-06"
        else:
            assert "Auvergne-Rhône-Alpes" in e.source and e.as_of == "2019"


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_markdown_artefacts_in_data():
    values = _strings(c.contact_book().model_dump())
    assert len(values) > 300
    for value in values:
        assert "\\" not in value and "mailto:" not in value, value
        assert "](" not in value and "**" not in value and not value.startswith("<"), value


def test_departments_and_region_code():
    assert c.ARA_REGION_CODE == "84"
    assert c.ara_departments() == ARA


def _write(tmp_path: Path, mutate) -> Path:
    raw = yaml.safe_load(c.CONTACTS_FILE.read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "contacts.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _drop_cpam_38(raw):
    raw["entities"] = [e for e in raw["entities"] if e["id"] != "cpam-38"]


def _extra_key(raw):
    raw["entities"][0]["fax"] = "0400000000"


def _bad_profession(raw):
    raw["synonyms"]["urps:plombiers"] = ["plombier"]


def _msa_twice(raw):
    msa = next(e for e in raw["entities"] if e["id"] == "msa-auvergne")
    msa["departments"].append("01")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_drop_cpam_38, "department 38: 0 entities of kind cpam"),
        (_extra_key, "fax"),
        (_bad_profession, "urps:plombiers"),
        (_msa_twice, "department 01: 2 entities of kind msa"),
    ],
)
def test_loader_rejects_broken_files(tmp_path, mutate, message):
    path = _write(tmp_path, mutate)
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        c.load_contacts(path)
    assert str(path) in str(info.value)


def test_loader_accepts_the_real_file_unchanged(tmp_path):
    assert c.load_contacts(_write(tmp_path, lambda raw: None)) == c.contact_book()


# ------------------------------------------------------------------ synonyms


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("assurance maladie", "cpam"),
        ("kiné", "urps:masseurs_kinesitherapeutes"),
        ("fédé", "federation"),
        ("service médical", "elsm"),
        ("mutualité sociale agricole", "msa"),
        ("centres de santé", "grcs"),
        ("sage-femme", "urps:sages_femmes"),
    ],
)
def test_kind_synonyms(word, key):
    assert word in c.kind_synonyms()[key]


def test_synonym_keys_split():
    for key in c.kind_synonyms():
        kind, profession = c.split_kind_key(key)
        assert kind in c.KINDS
        assert profession is None or profession in c.PROFESSIONS
    with pytest.raises(ValueError):
        c.split_kind_key("urps:plombiers")
