"""Raw answers → typed values, or the exact French re-prompt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from bot.dialogs.display import display_value
from bot.dialogs.loader import load_bundle
from bot.dialogs.parsing import AnswerInvalid, is_valid_value, parse_answer, siret_ok
from bot.dialogs.schema import Choice, Field_, QType, Question
from tests.helpers.identifiers import valid_siret

BUNDLE = load_bundle()  # every interview file, without the cross-file check


def make(qtype: QType, **extra: Any) -> Question:
    return Question(id="t.q", label="Q", prompt="Q ?", type=qtype, **extra)


CHOICES = [
    Choice(value="yes", label="Oui"),
    Choice(value="no", label="Non"),
    Choice(value="in_progress", label="En cours"),
]
PARTNERS = [
    Choice(value="ars", label="ARS (délégation départementale)"),
    Choice(value="cpam", label="CPAM"),
    Choice(value="urps", label="URPS"),
    Choice(value="femasaura", label="FemasAURA"),
    Choice(value="health", label="Établissements sanitaires et médico-sociaux"),
    Choice(value="none", label="Aucun pour l'instant"),
]
GROUP = make(
    QType.GROUP,
    row_label="personne",
    fields=[
        Field_(id="name", label="Nom Prénom", prompt="Nom ?", type=QType.TEXT),
        Field_(
            id="job", label="Profession", prompt="Profession ?", type=QType.TEXT, required=False
        ),
        Field_(id="gov", label="Gouvernance", prompt="Gouvernance ?", type=QType.YES_NO),
    ],
)


def ok(q: Question | Field_, raw: str, expected: Any) -> None:
    value = parse_answer(q, raw)
    assert value == expected
    assert is_valid_value(q, value)


def bad(q: Question | Field_, raw: str, message: str) -> None:
    with pytest.raises(AnswerInvalid) as info:
        parse_answer(q, raw)
    assert info.value.message == message


# --------------------------------------------------------------------------- valid inputs

VALID: list[tuple[Question, str, Any]] = [
    (make(QType.TEXT), "  Maison de   santé\ndes Tilleuls ", "Maison de santé des Tilleuls"),
    (make(QType.TEXT), "x" * 300, "x" * 300),
    (make(QType.LONG_TEXT), " Ligne 1\r\n\r\n\r\n\r\nLigne  2 ", "Ligne 1\n\nLigne 2"),
    (make(QType.INTEGER), "12", 12),
    (make(QType.INTEGER), "1 250", 1250),
    (make(QType.INTEGER), "0", 0),
    (make(QType.POPULATION), "60 000", 60000),
    (make(QType.POPULATION), "60k", 60000),
    (make(QType.POPULATION), "soixante mille habitants", 60000),
    (make(QType.MONEY), "15 000", 15000),
    (make(QType.MONEY), "15000 €", 15000),
    (make(QType.MONEY), "15k", 15000),
    (make(QType.MONEY), "15 k€", 15000),
    (make(QType.MONTH_YEAR), "03/2026", "2026-03"),
    (make(QType.MONTH_YEAR), "3/2026", "2026-03"),
    (make(QType.MONTH_YEAR), "mars 2026", "2026-03"),
    (make(QType.MONTH_YEAR), "Mars 2026", "2026-03"),
    (make(QType.MONTH_YEAR), "en août 2026", "2026-08"),
    (make(QType.MONTH_YEAR), "sept. 2027", "2027-09"),
    (make(QType.MONTH_YEAR), "2026-03", "2026-03"),
    (make(QType.MONTH_YEAR), "03/26", "2026-03"),
    (make(QType.DATE), "12/03/2026", "2026-03-12"),
    (make(QType.DATE), "12.03.2026", "2026-03-12"),
    (make(QType.DATE), "12 mars 2026", "2026-03-12"),
    (make(QType.DATE), "1er février 2026", "2026-02-01"),
    (make(QType.DATE), "jeudi 12 mars 2026", "2026-03-12"),
    (make(QType.DATE), "2026-03-12", "2026-03-12"),
    (make(QType.DATE), "29/02/2028", "2028-02-29"),
    (make(QType.EMAIL), " Contact@CPTS-Exemple.fr ", "contact@cpts-exemple.fr"),
    (
        make(QType.EMAIL),
        "mailto:prenom.nom+cpts@sub.domaine.org",
        "prenom.nom+cpts@sub.domaine.org",
    ),
    (make(QType.PHONE), "0426209430", "04 26 20 94 30"),
    (make(QType.PHONE), "04.26.20.94.30", "04 26 20 94 30"),
    (make(QType.PHONE), "04 26 20 94 30", "04 26 20 94 30"),
    (make(QType.PHONE), "06-12-34-56-78", "06 12 34 56 78"),
    (make(QType.PHONE), "+33 4 26 20 94 30", "+33 4 26 20 94 30"),
    (make(QType.PHONE), "+33 (0)4 26 20 94 30", "+33 4 26 20 94 30"),
    (make(QType.PHONE), "0033426209430", "+33 4 26 20 94 30"),
    (make(QType.SIRET), "732 829 320 00074", "73282932000074"),
    (make(QType.SIRET), "73282932000074", "73282932000074"),
    (make(QType.SIRET), "35600000000010", "35600000000010"),  # La Poste: digit-sum rule, not Luhn
    (make(QType.FINESS), "690 000 880", "690000880"),
    (make(QType.FINESS), "2a0000154", "2A0000154"),
    (make(QType.YES_NO), "oui", True),
    (make(QType.YES_NO), "Oui !", True),
    (make(QType.YES_NO), "o", True),
    (make(QType.YES_NO), "yes", True),
    (make(QType.YES_NO), "bien sûr", True),
    (make(QType.YES_NO), "oui, dès l'an prochain", True),
    (make(QType.YES_NO), "non", False),
    (make(QType.YES_NO), "N", False),
    (make(QType.YES_NO), "pas encore", False),
    (make(QType.YES_NO), "non, pas pour l'instant", False),
    (make(QType.CHOICE, choices=CHOICES), "oui", "yes"),
    (make(QType.CHOICE, choices=CHOICES), "in_progress", "in_progress"),
    (make(QType.CHOICE, choices=CHOICES), "3", "in_progress"),
    (make(QType.CHOICE, choices=CHOICES), "3.", "in_progress"),
    (make(QType.CHOICE, choices=CHOICES), "EN COURS", "in_progress"),
    (make(QType.CHOICE, choices=CHOICES), "en cour", "in_progress"),
    (make(QType.CHOICE, choices=CHOICES), "encours", "in_progress"),
    (make(QType.CHOICE, choices=PARTNERS), "ars", "ars"),
    (make(QType.CHOICE, choices=PARTNERS), "femas aura", "femasaura"),
    (make(QType.CHOICE, choices=PARTNERS), "Femasora", "femasaura"),
    (make(QType.CHOICE, choices=PARTNERS), "établissements", "health"),
    (make(QType.MULTI_CHOICE, choices=PARTNERS), "1, 3", ["ars", "urps"]),
    (make(QType.MULTI_CHOICE, choices=PARTNERS), "3 1", ["ars", "urps"]),
    (make(QType.MULTI_CHOICE, choices=PARTNERS), "CPAM et URPS", ["cpam", "urps"]),
    (make(QType.MULTI_CHOICE, choices=PARTNERS), "urps; ars; urps", ["ars", "urps"]),
    (make(QType.MULTI_CHOICE, choices=PARTNERS), "cpam + femasaura", ["cpam", "femasaura"]),
    (
        make(QType.MULTI_CHOICE, choices=PARTNERS),
        "Établissements sanitaires et médico-sociaux",
        ["health"],
    ),
    (make(QType.MULTI_CHOICE, choices=PARTNERS), "toutes", [c.value for c in PARTNERS]),
    (
        GROUP,
        "Marie Curie ; médecin ; oui\nLouis Pasteur ;; non",
        [
            {"_id": "r1", "name": "Marie Curie", "job": "médecin", "gov": True},
            {"_id": "r2", "name": "Louis Pasteur", "gov": False},
        ],
    ),
    (GROUP, "aucune", []),
]


@pytest.mark.parametrize(
    ("q", "raw", "expected"), VALID, ids=[f"{q.type}:{r[:20]}" for q, r, _ in VALID]
)
def test_valid(q: Question, raw: str, expected: Any) -> None:
    ok(q, raw, expected)


# --------------------------------------------------------------------------- invalid inputs

MONTHS_HELP = "Je n'ai pas compris ce mois. Exemples : 03/2026, mars 2026, 2026-03."
DATE_HELP = "Je n'ai pas compris cette date. Exemples : 12/03/2026, 12 mars 2026."
PHONE_FORMAT = (
    "Un numéro français commence par 0 (ou +33) suivi de 9 chiffres, par exemple 0X XX XX XX XX."
)
CHOICE_LIST = "1. Oui\n2. Non\n3. En cours"
POPULATION_HELP = "Je n'ai pas compris ce nombre d'habitants. Exemple : 45 000."
MONEY_HELP = "Je n'ai pas compris ce montant. Exemples : 15 000 €, 15000, 15k."
EMAIL_HELP = "Cette adresse e-mail semble incomplète. Forme attendue : nom@domaine.fr"
PARTNER_LIST = "\n".join(f"{i}. {c.label}" for i, c in enumerate(PARTNERS, start=1))

INVALID: list[tuple[Question, str, str]] = [
    (make(QType.TEXT), "   ", "Votre réponse est vide : écrivez-la, ou touchez « Passer »."),
    (make(QType.TEXT), "\x00\x01", "Votre réponse est vide : écrivez-la, ou touchez « Passer »."),
    (
        make(QType.TEXT),
        "x" * 301,
        "Votre réponse fait 301 caractères ; la limite est de 300. Merci de la raccourcir.",
    ),
    (
        make(QType.LONG_TEXT),
        "y" * 4001,
        "Votre réponse fait 4001 caractères ; la limite est de 4000. Merci de la raccourcir.",
    ),
    (make(QType.INTEGER), "douze pommes", "J'attends un nombre entier, par exemple 12."),
    (make(QType.INTEGER), "1,5", "J'attends un nombre entier, par exemple 12."),
    (make(QType.INTEGER), "-3", "Le nombre ne peut pas être négatif."),
    (
        make(QType.POPULATION),
        "beaucoup",
        POPULATION_HELP,
    ),
    (
        make(QType.POPULATION),
        "15 000 €",
        POPULATION_HELP,
    ),
    (
        make(QType.MONEY),
        "quinze euros cinquante",
        MONEY_HELP,
    ),
    (
        make(QType.MONEY),
        "40 000 habitants",
        MONEY_HELP,
    ),
    (make(QType.MONTH_YEAR), "bientôt", MONTHS_HELP),
    (make(QType.MONTH_YEAR), "mars", MONTHS_HELP),
    (
        make(QType.MONTH_YEAR),
        "13/2026",
        "Le mois doit être compris entre 1 et 12 ; vous avez saisi 13.",
    ),
    (
        make(QType.MONTH_YEAR),
        "03/2260",
        "L'année 2260 semble erronée : indiquez une année entre 1900 et 2100.",
    ),
    (make(QType.DATE), "demain", DATE_HELP),
    (make(QType.DATE), "03/2026", DATE_HELP),
    (make(QType.DATE), "31/02/2026", "Cette date n'existe pas : 31/02/2026."),
    (make(QType.DATE), "29/02/2026", "Cette date n'existe pas : 29/02/2026."),
    (
        make(QType.EMAIL),
        "contact@cpts",
        EMAIL_HELP,
    ),
    (
        make(QType.EMAIL),
        "contact cpts@x.fr",
        EMAIL_HELP,
    ),
    (
        make(QType.EMAIL),
        "a..b@x.fr",
        EMAIL_HELP,
    ),
    (
        make(QType.PHONE),
        "04 26 20 94",
        "Le numéro de téléphone doit comporter 10 chiffres (0X XX XX XX XX) ; "
        "vous en avez saisi 8.",
    ),
    (make(QType.PHONE), "appelez-moi", PHONE_FORMAT),
    (make(QType.PHONE), "4426209430", PHONE_FORMAT),
    (make(QType.PHONE), "+32 2 123 45 67", PHONE_FORMAT),
    (
        make(QType.SIRET),
        "732 829 320 000",
        "Le SIRET doit comporter 14 chiffres ; vous en avez saisi 12.",
    ),
    (
        make(QType.SIRET),
        "732829320",
        "Le SIRET doit comporter 14 chiffres ; vous en avez saisi 9. Ces 9 chiffres forment le "
        "SIREN : ajoutez les 5 chiffres de l'établissement (NIC).",
    ),
    (
        make(QType.SIRET),
        "7328293200007A",
        "Le SIRET ne contient que des chiffres (les espaces sont acceptés).",
    ),
    (
        make(QType.SIRET),
        "73282932000075",
        "Ce SIRET n'est pas valide : la clé de contrôle ne correspond pas. Vérifiez les chiffres.",
    ),
    (
        make(QType.FINESS),
        "69000088",
        "Le numéro FINESS doit comporter 9 caractères ; vous en avez saisi 8.",
    ),
    (
        make(QType.FINESS),
        "69000088X",
        "Le numéro FINESS ne contient que des chiffres (2A ou 2B au début pour la Corse).",
    ),
    (make(QType.YES_NO), "peut-être", "Répondez par oui ou par non."),
    (
        make(QType.CHOICE, choices=CHOICES),
        "bof",
        f"Je n'ai pas reconnu « bof ». Choisissez parmi :\n{CHOICE_LIST}",
    ),
    (
        make(QType.CHOICE, choices=CHOICES),
        "e",
        f"Je n'ai pas reconnu « e ». Choisissez parmi :\n{CHOICE_LIST}",
    ),
    (
        make(QType.CHOICE, choices=CHOICES),
        "7",
        f"Je n'ai pas reconnu « 7 ». Choisissez parmi :\n{CHOICE_LIST}",
    ),
    (
        make(
            QType.CHOICE,
            choices=[
                Choice(value="t4", label="Taille 4 : plus de 175 000 habitants"),
                Choice(value="t4b", label="Taille 4 : et plus de 100 adhérents"),
            ],
        ),
        "taille 4",
        "« taille 4 » peut correspondre à : « Taille 4 : plus de 175 000 habitants » ou "
        "« Taille 4 : et plus de 100 adhérents ». Précisez, ou tapez le numéro.",
    ),
    (
        make(QType.MULTI_CHOICE, choices=PARTNERS),
        "1, la mairie",
        "Je n'ai pas reconnu : « la mairie ». Choisissez parmi :\n"
        f"{PARTNER_LIST}\nPlusieurs réponses possibles (ex. « 1, 3 »), ou « toutes ».",
    ),
    (
        make(QType.MULTI_CHOICE, choices=PARTNERS, validators=["exclusive_choice:none"]),
        "1, 6",
        "« Aucun pour l'instant » ne peut pas être combiné avec d'autres réponses.",
    ),
    (
        make(QType.MULTI_CHOICE, choices=CHOICES),
        "aucune",
        "Choisissez au moins une réponse.",
    ),
    (
        GROUP,
        "; médecin ; oui",
        "Ligne 1 : il manque « Nom Prénom ».\nUne ligne par personne, les colonnes séparées par "
        "« ; » dans cet ordre : Nom Prénom ; Profession ; Gouvernance.",
    ),
    (
        GROUP,
        "Marie ; médecin ; peut-être",
        "Ligne 1, « Gouvernance » : Répondez par oui ou par non.",
    ),
    (
        GROUP,
        "Marie ; médecin ; oui ; en trop",
        "Ligne 1 : 4 colonnes pour 3 attendues.\nUne ligne par personne, les colonnes séparées par "
        "« ; » dans cet ordre : Nom Prénom ; Profession ; Gouvernance.",
    ),
    (
        make(QType.DATE, validators=["not_in_future"]),
        "01/01/2099",
        "Cette date est dans le futur : indiquez une date passée ou aujourd'hui.",
    ),
    (
        make(QType.POPULATION, validators=["population_over_zero"]),
        "0",
        "La population doit être supérieure à zéro.",
    ),
    (make(QType.MONEY, validators=["positive"]), "0 €", "La valeur doit être supérieure à zéro."),
]


@pytest.mark.parametrize(
    ("q", "raw", "message"), INVALID, ids=[f"{q.type}:{r[:20]}" for q, r, _ in INVALID]
)
def test_invalid(q: Question, raw: str, message: str) -> None:
    bad(q, raw, message)


def test_not_in_future_accepts_today_and_past() -> None:
    q = make(QType.DATE, validators=["not_in_future"])
    today = dt.date.today()
    ok(q, today.strftime("%d/%m/%Y"), today.isoformat())
    ok(q, "12/03/2020", "2020-03-12")
    month = make(QType.MONTH_YEAR, validators=["not_in_future"])
    ok(month, today.strftime("%m/%Y"), today.strftime("%Y-%m"))
    bad(month, "01/2099", "Cette date est dans le futur : indiquez une date passée ou aujourd'hui.")


def test_group_row_limits() -> None:
    q = GROUP.model_copy(update={"min_rows": 2, "max_rows": 3})
    bad(q, "Marie ; ; oui", "Il faut au moins 2 lignes.")
    bad(q, "A;;oui\nB;;oui\nC;;oui\nD;;oui", "4 lignes, c'est plus que le maximum de 3.")


# --------------------------------------------------------------------------- checksums


def luhn_ok(digits: str) -> bool:
    return bool(luhn.is_valid(digits))


@pytest.mark.parametrize(
    ("siret", "expected"),
    [("73282932000074", True), ("73282932000075", False), ("35600000000010", True)],
)
def test_siret_check_digit(siret: str, expected: bool) -> None:
    assert siret_ok(siret) is expected


def test_la_poste_siret_rule() -> None:
    assert siret_ok("35600000000010") and not luhn_ok("35600000000010")  # digit sum 15
    # La Poste's head office itself follows Luhn (python-stdnum knows it; the old hand rule did not)
    assert siret_ok("35600000000048") and luhn_ok("35600000000048")
    assert not siret_ok("35600000000011")


# --------------------------------------------------------------------------- is_valid_value


@pytest.mark.parametrize(
    ("q", "value", "expected"),
    [
        (make(QType.TEXT), "ok", True),
        (make(QType.TEXT), " padded", False),
        (make(QType.TEXT), "two\nlines", False),
        (make(QType.TEXT), "", False),
        (make(QType.TEXT), 12, False),
        (make(QType.LONG_TEXT), "two\nlines", True),
        (make(QType.INTEGER), True, False),
        (make(QType.INTEGER), -1, False),
        (make(QType.MONEY), 15000, True),
        (make(QType.MONTH_YEAR), "2026-03", True),
        (make(QType.MONTH_YEAR), "2026-3", False),
        (make(QType.MONTH_YEAR), "2026-13", False),
        (make(QType.DATE), "2026-02-30", False),
        (make(QType.PHONE), "04 26 20 94 30", True),
        (make(QType.PHONE), "0426209430", False),
        (make(QType.SIRET), "73282932000075", False),
        (make(QType.YES_NO), 1, False),
        (make(QType.CHOICE, choices=CHOICES), "maybe", False),
        (make(QType.MULTI_CHOICE, choices=CHOICES), ["yes", "yes"], False),
        (make(QType.MULTI_CHOICE, choices=CHOICES), [], False),
        (
            make(QType.COMMUNES),
            [{"insee": "38563", "name": "Voiron", "department": "38", "population": 1}],
            True,
        ),
        (make(QType.COMMUNES), [{"insee": "38563", "name": "Voiron"}], False),
        (GROUP, [{"_id": "a", "name": "X", "gov": True}], True),
        (GROUP, [{"_id": "a", "name": "X"}], False),  # required field missing
        (GROUP, [{"_id": "a", "name": "X", "gov": True, "other": 1}], False),
        (
            GROUP,
            [{"_id": "a", "name": "X", "gov": True}, {"_id": "a", "name": "Y", "gov": False}],
            False,
        ),
    ],
)
def test_is_valid_value(q: Question, value: Any, expected: bool) -> None:
    assert is_valid_value(q, value) is expected


# --------------------------------------------------------------------------- communes (real data)


def communes_q() -> Question:
    return BUNDLE.questions["territory.communes"]


def test_communes_resolved_and_deduplicated() -> None:
    value = parse_answer(communes_q(), "Voiron, Moirans, 38563")
    assert [c["name"] for c in value] == ["Voiron", "Moirans"]
    assert all(c["department"] == "38" and c["population"] > 0 for c in value)
    assert is_valid_value(communes_q(), value)


def test_communes_department_hint_resolves_homonym() -> None:
    with pytest.raises(AnswerInvalid) as info:
        parse_answer(communes_q(), "Saint-Martin")
    assert info.value.message.startswith("Je n'ai pas pu enregistrer la liste des communes :\n")
    assert "précisez le département" in info.value.message
    assert " ou " in info.value.message


def test_communes_not_found_listed() -> None:
    with pytest.raises(AnswerInvalid) as info:
        parse_answer(communes_q(), "Voiron, Zzyzxville")
    assert "Introuvable : « Zzyzxville »" in info.value.message


# --------------------------------------------------------------------------- hypothesis


def representatives() -> dict[QType, Question | Field_]:
    """One question of the real bundle per answer type (group fields included)."""
    found: dict[QType, Question | Field_] = {}
    for q in BUNDLE.questions.values():
        found.setdefault(q.type, q)
        for f in q.fields:
            found.setdefault(f.type, f)
    return found


REPRESENTATIVES = representatives()
PLAUSIBLE = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"[0-9 ./+\-()]{0,20}", fullmatch=True),
    st.sampled_from(
        ["oui", "non", "mars 2026", "12/03/2026", "1, 3", "toutes", "15 000 €", "0", "aucun"]
    ),
    st.lists(
        st.sampled_from(["1", "2", "oui", ";", ",", " et ", "\n", "Voiron", "mars", "2026", "€"]),
        max_size=8,
    ).map("".join),
)


# types the pre-project form does not use (population, date, finess) get a synthetic question
SYNTHETIC = {t: make(t) for t in QType if t not in REPRESENTATIVES}


def test_real_bundle_provides_most_types() -> None:
    assert set(SYNTHETIC) <= {QType.POPULATION, QType.DATE, QType.FINESS}


@pytest.mark.parametrize("qtype", list(QType), ids=[t.value for t in QType])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=PLAUSIBLE)
def test_parse_never_crashes_and_returns_valid_values(qtype: QType, raw: str) -> None:
    q = REPRESENTATIVES.get(qtype) or SYNTHETIC[qtype]
    check_parse(q, raw)


def check_parse(q: Question | Field_, raw: str) -> None:
    try:
        value = parse_answer(q, raw)
    except AnswerInvalid as exc:
        assert exc.message
        return
    assert is_valid_value(q, value), (q.type, raw, value)


def all_owners() -> list[tuple[str, Question | Field_]]:
    owners: list[tuple[str, Question | Field_]] = []
    for q in BUNDLE.questions.values():
        owners.append((q.id, q))
        owners += [(f"{q.id}.{f.id}", f) for f in q.fields]
    return owners


OWNERS = all_owners()


@pytest.mark.parametrize("owner", [o for _, o in OWNERS], ids=[name for name, _ in OWNERS])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=PLAUSIBLE)
def test_every_question_of_the_bundle_parses_safely(owner: Question | Field_, raw: str) -> None:
    check_parse(owner, raw)


# --------------------------------------------------------------------------- round trips
# What the bot shows (display_value) can be typed back and means the same thing.


def french_number_exists(text: str) -> bool:
    """Only numbers of the French numbering plan are shown by the bot (phonenumbers)."""
    import phonenumbers

    return bool(phonenumbers.is_valid_number(phonenumbers.parse(text, "FR")))


def siret_with_key(body: int) -> str:
    return valid_siret(body)


ROUND_TRIP = st.one_of(
    st.tuples(st.just(QType.MONEY), st.integers(0, 10**8)),
    st.tuples(st.just(QType.POPULATION), st.integers(0, 2 * 10**7)),
    st.tuples(st.just(QType.INTEGER), st.integers(0, 10**6)),
    st.tuples(
        st.just(QType.MONTH_YEAR),
        st.tuples(st.integers(1950, 2100), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    ),
    st.tuples(st.just(QType.DATE), st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31)).map(str)),
    st.tuples(
        st.just(QType.PHONE),
        st.tuples(st.integers(1, 9), st.integers(0, 10**8 - 1))
        .map(lambda t: " ".join((f"0{t[0]}{t[1]:08d}")[i : i + 2] for i in range(0, 10, 2)))
        .filter(french_number_exists),
    ),
    st.tuples(st.just(QType.SIRET), st.integers(0, 10**13 - 1).map(siret_with_key)),
    st.tuples(st.just(QType.YES_NO), st.booleans()),
)


@settings(max_examples=200, deadline=None)
@given(case=ROUND_TRIP)
def test_displayed_values_parse_back(case: tuple[QType, Any]) -> None:
    qtype, value = case
    q = make(qtype)
    if qtype is QType.SIRET and not siret_ok(value):
        return  # the La Poste range follows another rule
    assert is_valid_value(q, value)
    assert parse_answer(q, display_value(q, value)) == value


CHOICE_OWNERS = [
    (name, owner) for name, owner in OWNERS if owner.type in (QType.CHOICE, QType.MULTI_CHOICE)
]


@pytest.mark.parametrize("owner", [o for _, o in CHOICE_OWNERS], ids=[n for n, _ in CHOICE_OWNERS])
def test_every_choice_label_and_number_is_understood(owner: Question | Field_) -> None:
    for number, choice in enumerate(owner.choices, start=1):
        expected = choice.value if owner.type is QType.CHOICE else [choice.value]
        assert parse_answer(owner, choice.label) == expected, choice.label
        assert parse_answer(owner, str(number)) == expected
    if owner.type is QType.MULTI_CHOICE:
        values = [c.value for c in owner.choices[:2]]
        shown = display_value(owner, values)
        try:
            assert parse_answer(owner, shown) == values
        except AnswerInvalid as exc:  # only an exclusive choice may refuse a combination
            assert "ne peut pas être combiné" in exc.message


@pytest.mark.parametrize(
    ("qtype", "value"),
    [(QType.SIRET, "73282932000074\n"), (QType.EMAIL, "a@b.fr\n"), (QType.FINESS, "690000880\n")],
)
def test_trailing_newline_is_not_a_valid_stored_value(qtype: QType, value: str) -> None:
    assert not is_valid_value(make(qtype), value)


@pytest.mark.parametrize(
    ("qtype", "text"),
    [
        (QType.MONEY, "12345678901234"),  # a pasted SIRET is not an amount
        (QType.INTEGER, "82345678900017"),
        (QType.POPULATION, "82345678900017"),
    ],
)
def test_numbers_have_sane_upper_bounds(qtype: QType, text: str) -> None:
    with pytest.raises(AnswerInvalid) as info:
        parse_answer(make(qtype), text)
    assert "trop grand" in info.value.message


def test_a_question_may_set_a_tighter_bound() -> None:
    q = make(QType.INTEGER).model_copy(update={"max_value": 50})
    assert parse_answer(q, "50") == 50
    with pytest.raises(AnswerInvalid):
        parse_answer(q, "51")


def test_nan_is_not_no_but_the_sms_nan_is() -> None:
    with pytest.raises(AnswerInvalid):
        parse_answer(make(QType.YES_NO), "NaN")
    assert parse_answer(make(QType.YES_NO), "nan") is False


def test_a_date_is_never_read_as_options() -> None:
    q = make(QType.MULTI_CHOICE, choices=PARTNERS)
    with pytest.raises(AnswerInvalid):
        parse_answer(q, "01/01/0001")
    assert parse_answer(q, "1 2") == ["ars", "cpam"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fin 2025", "2025-12"),
        ("mi-2026", "2026-06"),
        ("début 2027", "2027-01"),
        ("T1 2026", "2026-01"),
        ("t3 2026", "2026-07"),
        ("2e trimestre 2026", "2026-04"),
        ("1er semestre 2027", "2027-01"),
        ("janv 26", "2026-01"),
        ("été 2026", "2026-07"),
    ],
)
def test_periods_people_type_for_a_planned_step(text: str, expected: str) -> None:
    assert parse_answer(make(QType.MONTH_YEAR), text) == expected


@settings(max_examples=100, deadline=None)
@given(word=st.sampled_from(["fin", "mi", "début", "T1", "T4", "S2"]), year=st.integers(1900, 2100))
def test_any_period_and_year_parses_to_a_month_of_that_year(word: str, year: int) -> None:
    value = parse_answer(make(QType.MONTH_YEAR), f"{word} {year}")
    assert value.startswith(f"{year:04d}-")
    assert 1 <= int(value[5:]) <= 12


USAGE = [
    Choice(value="uses", label="Oui, nous l'utilisons", synonyms=["on l'utilise", "on s'en sert"]),
    Choice(
        value="knows",
        label="Nous le connaissons sans l'utiliser",
        synonyms=["on connaît mais on n'utilise pas", "on connait sans s'en servir"],
    ),
    Choice(value="no", label="Non", synonyms=["jamais entendu parler"]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on connaît mais on n'utilise pas", "knows"),
        ("bah on connait mais on n utilise pas vraiment", "knows"),
        ("on s'en sert", "uses"),
        ("jamais entendu parler", "no"),
        ("2", "knows"),
    ],
)
def test_choices_understand_synonyms_and_paraphrases(text: str, expected: str) -> None:
    assert parse_answer(make(QType.CHOICE, choices=USAGE), text) == expected


def test_a_vague_text_is_not_forced_onto_a_synonym() -> None:
    with pytest.raises(AnswerInvalid):
        parse_answer(make(QType.CHOICE, choices=USAGE), "on verra bien")


@pytest.mark.parametrize(
    ("qid", "text", "expected"),
    [
        ("history.partner_support", "la DD ARS et la CPAM", ["ars", "cpam"]),
        ("history.partner_support", "l'URPS et la MSA", ["urps", "msa"]),
        ("history.partner_support", "DD ARS, URPS", ["ars", "urps"]),
        ("history.partner_support", "personne", ["none"]),
        ("diagnosis.monsisra", "on connaît mais on n'utilise pas", "known"),
        ("diagnosis.monsisra", "jamais entendu parler", "not_known"),
        ("diagnosis.monsisra", "on s'en sert", "used"),
    ],
)
def test_interview_choices_read_the_way_people_say_them(qid, text, expected) -> None:
    # synonyms declared in the interview YAML, and leading articles (« la CPAM »)
    assert parse_answer(load_bundle().questions[qid], text) == expected


def test_every_answer_kind_has_a_parser_and_a_shape_check() -> None:
    """The kinds' tables (one per parsing module) together cover every ``QType``."""
    from bot.dialogs.parsing import KINDS

    assert set(KINDS) == set(QType)
