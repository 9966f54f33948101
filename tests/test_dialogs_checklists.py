"""The five checklists after the pre-project: they load, reuse the dossier and cover their seeds.

Each seed has a mapping table « checklist item → question id(s) ». An item is a line of the
seed's form (located between two marker lines); every line must be mapped to questions that
the interview really asks (``use:`` resolved, ``qid:field`` for a column of a group) or be
listed as not a question, with the reason. A new or forgotten line of a seed fails the test,
and so does a mapping that names a question the interview does not ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bot.dialogs.engine import progress, visible_questions
from bot.dialogs.loader import Bundle, check_bundle, load_bundle
from bot.dialogs.parsing import is_valid_value, parse_answer
from bot.dialogs.schema import Answer, QType, Question
from bot.normalize import fold
from bot.rules.budget import LETTER_FUNDERS, chart, sections
from tests.sources import SEEDS

GUIDE = "guide-cpts-ars-auvergne-rhone-alpes.txt"
LETTRE = "lettre-intention-occitanie-2019.txt"
TRAME = "trame-projet-de-sante.txt"
CONTRAT = "contractualisation-ars-trame-2019.txt"

MINE = ["lettre_intention", "projet_sante", "fiche_action", "contractualisation", "statuts"]


@cache
def bundle() -> Bundle:
    return load_bundle()


def asked(interview: str) -> dict[str, Question]:
    return {q.id: q for q in bundle().interview_questions(interview)}


# --------------------------------------------------------------------------- loading


def test_bundle_loads_and_is_clean() -> None:
    b = bundle()
    assert check_bundle(b) == []
    assert list(b.interviews)[: len(MINE) + 1] == ["preprojet", *MINE]


@pytest.mark.parametrize("interview", MINE)
def test_interview_is_well_formed(interview: str) -> None:
    b = bundle()
    iv = b.interviews[interview]
    assert b.files[interview].name == f"{interview}.yaml"
    questions = b.interview_questions(interview)
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids))
    defined_here = [q.id for q in questions if b.owner_interview(q.id) == interview]
    for q in questions:
        if q.id in defined_here:
            assert q.source, f"{q.id} has no source"
            assert q.prompt.strip() and q.label.strip()
            assert "\n" not in q.prompt
    assert iv.source.endswith(".txt") and (SEEDS / iv.source).exists()


SOURCE_NAMES = (LETTRE, TRAME, CONTRAT, GUIDE, "guide ARS ARA", "pre-projet-liste-minimale-ara.txt")


@pytest.mark.parametrize("interview", MINE)
def test_sources_name_a_seed_and_examples_parse(interview: str) -> None:
    b = bundle()
    for q in b.interview_questions(interview):
        if b.owner_interview(q.id) != interview:
            continue
        assert q.source and any(name in q.source for name in SOURCE_NAMES), q.id
        for owner in [q, *q.fields]:
            if owner.example and owner.type is not QType.GROUP:
                parse_answer(owner, owner.example)  # raises AnswerInvalid if not


def test_question_ids_are_defined_once() -> None:
    defined = [qid for _, qid in bundle().definitions]
    assert len(defined) == len(set(defined))


# --------------------------------------------------------------------------- reuse

# Dossier-wide ids that must be asked in several interviews but defined in one only.
SHARED = {
    "structure.association_name": {
        "preprojet",
        "lettre_intention",
        "projet_sante",
        "contractualisation",
        "statuts",
    },
    # the head office of the statuts and the letter's sender address (never asked again)
    "structure.address": {
        "preprojet",
        "lettre_intention",
        "projet_sante",
        "contractualisation",
        "statuts",
    },
    "history.meetings": {"preprojet", "lettre_intention", "contractualisation"},
    "missions.prs_cls": {"preprojet", "lettre_intention", "contractualisation"},
    "contact.name": {"preprojet", "lettre_intention", "projet_sante", "contractualisation"},
    "contact.email": {"preprojet", "lettre_intention", "projet_sante", "contractualisation"},
    "legal_rep.name": {"preprojet", "projet_sante", "contractualisation"},
    "members.people": {"preprojet", "lettre_intention", "projet_sante", "contractualisation"},
    "territory.communes": {"preprojet", "lettre_intention", "projet_sante", "contractualisation"},
    "territory.aci_size": {"preprojet", "lettre_intention", "projet_sante", "contractualisation"},
    "diagnosis.demographic_profile": {"preprojet", "lettre_intention", "projet_sante"},
    "diagnosis.territory_organisation": {"preprojet", "lettre_intention", "contractualisation"},
    "missions.gp_access": {"preprojet", "projet_sante"},
    "missions.care_pathways": {
        "preprojet",
        "lettre_intention",
        "projet_sante",
        "contractualisation",
    },
    "missions.means": {"preprojet", "lettre_intention", "contractualisation"},
    "calendar.construction_start": {"preprojet", "lettre_intention", "contractualisation"},
    "calendar.health_project_deposit": {"preprojet", "lettre_intention", "contractualisation"},
    "calendar.implementation_start": {
        "preprojet",
        "lettre_intention",
        "projet_sante",
        "contractualisation",
    },
    "project.title": {"lettre_intention", "contractualisation"},
    "project.objectives": {"lettre_intention", "contractualisation"},
    "prs.transversal_axes": {"lettre_intention", "contractualisation"},
    "pta.exists": {"lettre_intention", "contractualisation"},
    "partners.local_authorities": {"lettre_intention", "contractualisation"},
    "calendar.implementation_steps": {"lettre_intention", "projet_sante", "contractualisation"},
    "territory.offer_analysis": {"projet_sante", "contractualisation"},
    "governance.description": {"projet_sante", "contractualisation"},
    "information_systems.current": {"projet_sante", "contractualisation"},
    "evaluation.quantitative": {"projet_sante", "contractualisation"},
    "budget.lines": {"projet_sante", "contractualisation"},
    "actions.sheets": {"projet_sante", "fiche_action"},
}


@pytest.mark.parametrize(("qid", "interviews"), SHARED.items())
def test_shared_ids_are_reused_not_redefined(qid: str, interviews: set[str]) -> None:
    b = bundle()
    assert set(b.uses(qid)) >= interviews
    assert [iv for iv, q in b.definitions if q == qid] == [b.owner_interview(qid)]


def _dummy(q: Question) -> Any:
    """A well-formed stored value for any question type."""
    values: dict[QType, Any] = {
        QType.TEXT: "x",
        QType.LONG_TEXT: "x",
        QType.INTEGER: 1,
        QType.POPULATION: 20_000,
        QType.MONEY: 1_000,
        QType.MONTH_YEAR: "2026-03",
        QType.DATE: "2026-03-01",
        QType.EMAIL: "a@b.fr",
        QType.PHONE: "04 26 20 94 30",
        QType.SIRET: "73282932000074",
        QType.FINESS: "690000000",
        QType.YES_NO: True,
        QType.COMMUNES: [{"insee": "38185", "name": "G", "department": "38", "population": 1}],
        QType.GROUP: [],
    }
    if q.type is QType.CHOICE:
        return q.choices[0].value
    if q.type is QType.MULTI_CHOICE:
        return [q.choices[0].value]
    return values[q.type]


@pytest.mark.parametrize(
    ("interview", "at_least"),
    [("lettre_intention", 14), ("projet_sante", 25), ("contractualisation", 20), ("statuts", 1)],
)
def test_pre_project_answers_half_fill_the_next_forms(interview: str, at_least: int) -> None:
    b = bundle()
    dossier = {q.id: Answer(value=_dummy(q)) for q in b.interview_questions("preprojet")}
    before = progress(b, interview, {})
    after = progress(b, interview, dossier)
    assert before.answered == 0
    assert after.answered >= at_least


def test_a_letter_answered_fills_the_contracting_file() -> None:
    b = bundle()
    dossier: dict[str, Answer] = {}
    for iv in ("preprojet", "lettre_intention", "projet_sante"):
        for q in b.interview_questions(iv):
            dossier.setdefault(q.id, Answer(value=_dummy(q)))
    own = {qid for iv, qid in b.definitions if iv == "contractualisation"}
    left = {q.id for q in visible_questions(b, "contractualisation", dossier)} - set(dossier)
    assert left and left <= own


# --------------------------------------------------------------------------- seed mapping


def norm(line: str) -> str:
    """A seed line without markup: tags, emphasis, bullets and repeated blanks removed."""
    line = re.sub(r"<[^>]+>", " ", line).replace("*", "")
    line = re.sub(r"[#➡•·]", " ", line)
    line = " ".join(line.split())
    return line.removeprefix("- ").strip()


@cache
def seed_lines(name: str) -> tuple[str, ...]:
    return tuple(norm(raw) for raw in (SEEDS / name).read_text(encoding="utf-8").splitlines())


def _matches(key: str, line: str, exact: bool) -> bool:
    """Exact keys match a whole line, unless they end with « … » (then, like others, a prefix)."""
    if key.endswith("…"):
        return line.startswith(key[:-1])
    return line == key if exact else line.startswith(key)


def block(name: str, start: str, end: str) -> list[tuple[int, str]]:
    """Non-blank lines from the line equal to ``start`` to the next one starting with ``end``."""
    lines = seed_lines(name)
    first = next(i for i, line in enumerate(lines) if _matches(start, line, exact=True))
    last = next(i for i in range(first + 1, len(lines)) if lines[i].startswith(end))
    return [(i + 1, lines[i]) for i in range(first, last + 1) if lines[i]]


@dataclass(frozen=True)
class Spec:
    """How one form of a seed maps to one interview."""

    seed: str
    interview: str
    start: str
    end: str
    mapping: dict[str, list[str]]  # line prefix → question ids (« qid » or « qid:field »)
    ignore: dict[str, str] = field(default_factory=dict)  # line (or prefix…) → why no question
    prs_tables: bool = False  # the three PRS tables are checked against the choices
    budget_table: tuple[str, str] | None = None  # first and last line of a budget table


LETTRE_MAP: dict[str, list[str]] = {
    "Les besoins identifiés": ["problem.description"],
    "Les actions proposées pour y répondre": ["project.objectives", "missions.means"],
    "Le territoire d'action de la communauté": ["territory.communes"],
    "Les engagements des professionnels": ["members.people"],
    "Les modalités du travail pluriprofessionnel": ["project.pluriprofessional_work"],
    "Intitulé du projet": ["project.title"],
    "Date de création": ["project.creation_date"],
    "Rédacteur NOM Prénom": [
        "contact.name",
        "contact.profession",
        "author.is_contact",
        "author.name",
        "author.profession",
    ],
    "Adresse du rédacteur": ["author.address"],
    "Mail du rédacteur": ["contact.email", "author.email"],
    "Téléphone": ["contact.phone", "author.phone"],
    "Liste des personnes impliquées": ["members.people"],
    "Professionnels engagés directement": ["members.people:participation"],
    "NOM Prénom Profession Secteur Activité": [
        "members.people:name",
        "members.people:category",
        "members.people:sector",
        "members.people:place",
        "members.people:structure",
    ],
    "Professionnels sollicités et dans l'attente": ["members.people:participation"],
    "Problématique portée par le projet": ["problem.description"],
    "Description de la problématique d'accès aux soins": ["problem.description"],
    "Indicateurs d'état des lieux de l'existant": [
        "diagnosis.pathological_profile",
        "diagnosis.health_workforce",
    ],
    "Quelles sont les spécificités éventuelles du territoire": ["problem.territory_specifics"],
    "Descriptif de la prise en charge": ["problem.difficult_care"],
    "Quels sont les dysfonctionnements ou ruptures": ["missions.care_pathways"],
    "Etat des lieux des modalités de travail existantes": ["diagnosis.territory_organisation"],
    "Description des modalités de travail existantes": ["diagnosis.territory_organisation"],
    "Exemples : Systèmes d'information communs": ["diagnosis.territory_organisation"],
    "Objectif(s) visé(s) par le projet": ["project.summary", "project.objectives"],
    "Description synthétique du projet": ["project.summary"],
    "Description des objectifs attendus": ["project.objectives"],
    "Intitulé objectif Impact(s) population Impact(s) acteurs": [
        "project.objectives:title",
        "project.objectives:population_impact",
        "project.objectives:actors_impact",
    ],
    "PLAN REGIONAL DE SANTE - Liens avec les THEMES TRANSVERSAUX": ["prs.transversal_axes"],
    "PLAN REGIONAL DE SANTE - Liens avec les PARCOURS PRIORITAIRES": ["prs.priority_pathways"],
    "Thèmes Commentaires": ["prs.comments"],
    "PLAN REGIONAL DE SANTE - Liens avec les EQUIPEMENTS": ["prs.care_activities"],
    "Territoire couvert par le projet CPTS": ["territory.communes"],
    "Territoire d'action du projet": ["territory.communes"],
    "Liste des quartiers / villes": ["territory.communes"],
    "Indiquez le nom de la ville + code postal": ["territory.communes"],
    "Evaluation de population concernée par le projet": ["territory.aci_size"],
    "Taille ": ["territory.aci_size"],
    "Description de la population – Approche socio-démographique": [
        "diagnosis.demographic_profile",
        "diagnosis.social_profile",
    ],
    "Type de population pouvant bénéficier": ["population.beneficiaries"],
    "Outils et méthodes portés par le projet": ["missions.means"],
    "Description des moyens d'actions envisagés": ["missions.means"],
    "Moyens d'actions envisagés par les acteurs impliqués": ["missions.means"],
    "Calendrier prévisionnel de mise en œuvre du projet": ["calendar.construction_start"],
    "Phase de construction du projet": ["calendar.construction_start", "calendar.construction_end"],
    "Réunions d'information / de travail préparatoire": [
        "calendar.meetings:month",
        "calendar.meetings:title",
    ],
    "Dépôt de la lettre d'intention": ["calendar.letter_deposit"],
    "Dépôt du Projet de santé": ["calendar.health_project_deposit"],
    "Contractualisation avec l'ARS": ["calendar.contracting"],
    "Début de la mise en œuvre": [
        "calendar.implementation_start",
        "calendar.implementation_steps:title",
        "calendar.implementation_steps:date",
    ],
    "Premières évaluation": ["calendar.first_evaluations"],
    "Plateforme Territoriale d'Appui": ["pta.exists"],
    "Existence d'une PTA": ["pta.exists"],
    "Si oui, intitulé de la PTA": ["pta.name"],
    "Si oui, quelle articulation": ["pta.articulation"],
    "Collectivités territoriales": ["partners.local_authorities"],
    "Identité de la collectivité territoriale Description du partenariat": [
        "partners.local_authorities:name",
        "partners.local_authorities:partnership",
    ],
    "Dénomination : Enjeux et modalités": [
        "partners.local_authorities:name",
        "partners.local_authorities:partnership",
    ],
    "Coordonnées de la personne de référence": ["partners.local_authorities:contact"],
    "Evaluation du financement pour la création": ["letter_funding.lines"],
    "Financement des travaux de formalisation": ["letter_funding.lines"],
    "Intitulé action Financements UPRS Financements ARS Autres Total": [
        "letter_funding.lines:action",
        "letter_funding.lines:title",
        "letter_funding.lines:urps",
        "letter_funding.lines:ars",
        "letter_funding.lines:other",
    ],
    "Information/ communication": ["letter_funding.lines:action"],
    "Rédaction du projet de santé": ["letter_funding.lines:action"],
}

LETTRE_IGNORE = {
    "La lettre d'intention doit cependant préciser…": "heading of the list below",
    "Destinataire :": "the ARS Occitanie address is printed by the document",
    "Agence Régionale de Santé": "recipient address",
    "Parc-Club du Millénaire": "recipient address",
    "Direction de l'offre de soins": "recipient address",
    "1025 rue Henri-Becquerel": "recipient address",
    "CS 30001": "recipient address",
    "34067 Montpellier Cedex 2": "recipient address",
    "Lettre d'intention": "document title",
    "Dans le cadre de la négociation…": "information on the ACI missions (section intro)",
    "1. Organisation des soins non programmés…": "information (section intro)",
    "2. Organisation du parcours pluriprofessionnel,": "information (section intro)",
    "3. Prévention.": "information (section intro)",
    "Les actions en faveur de la qualité…": "information (section intro)",
    "Thèmes Axes": "PRS table header",
    "Déploiement du projet": "heading",
    "Partenariat et réseau existant": "heading",
}

TRAME_MAP: dict[str, list[str]] = {
    "Projet de la Communauté Professionnelle Territoriale de Santé (CPTS) de": [
        "structure.association_name"
    ],
    "Version document": ["health.version_date"],
    "[Date]": ["health.version_date"],
    "1. Introduction": ["health.local_context"],
    "L'introduction doit exposer l'origine": ["health.local_context"],
    "Une CPTS s'inscrit dans une approche territoriale": [
        "health.collaboration_history",
        "history.core_team",
    ],
    "1.1. Contexte local": ["health.local_context"],
    "1.2. Historique de la collaboration": ["health.collaboration_history"],
    "2. Territoire": ["territory.communes"],
    "Il n'y a ni limites administratives": ["territory.communes"],
    "Une fois le territoire défini": ["health.health_needs", "territory.offer_analysis"],
    "2.1. Contexte démographique et socio-économique": [
        "diagnosis.demographic_profile",
        "diagnosis.social_profile",
    ],
    "Des données démographiques locales": ["diagnosis.demographic_profile"],
    "2.2. Etat des lieux des besoins en santé": [
        "health.health_needs",
        "diagnosis.pathological_profile",
    ],
    "Des données sanitaires (indicateurs de morbidité": ["health.health_needs"],
    "2.3. Ressources sanitaires du territoire": ["territory.offer_analysis"],
    "Enfin des données spécifiques aux problématiques d'offre": ["territory.offer_analysis"],
    "D'autres données sur les établissements": ["diagnosis.establishments"],
    "2.3.1. Professionnels de santé libéraux": [
        "territory.liberal_professionals",
        "diagnosis.health_workforce",
    ],
    "Médecins généralistes": ["territory.liberal_professionals:category"],
    "Médecins spécialistes": ["territory.liberal_professionals:category"],
    "Infirmiers": ["territory.liberal_professionals:category"],
    "Pharmaciens": ["territory.liberal_professionals:category"],
    "Kinésithérapeutes": ["territory.liberal_professionals:category"],
    "Chirurgiens-dentistes": ["territory.liberal_professionals:category"],
    "Biologistes": ["territory.liberal_professionals:category"],
    "...": ["territory.liberal_professionals:other"],
    "2.3.2. Etablissements de santé": ["diagnosis.establishments"],
    "2.3.3. Structures médico-sociales et sociales": ["diagnosis.establishments"],
    "3. Organisation de la CPTS": ["governance.description"],
    "3.1. Membres et partenaires": ["members.people", "members.partners"],
    "« La communauté professionnelle territoriale de santé est composée": ["members.people"],
    "La présence d'emblée de tous les acteurs": ["members.people"],
    "3.1.1. Membres de la CPTS": ["members.people"],
    "La CPTS est constituée des membres à l'initiative": [
        "members.people",
        "diagnosis.establishments",
    ],
    "3.1.2. Membres partenaires": ["members.partners"],
    "La CPTS doit également travailler avec les autres acteurs": ["members.partners:convention"],
    "3.2. Structure juridique": ["structure.association_status", "structure.statutes_status"],
    "L'ordonnance du 12 mai 2021": ["structure.association_status", "structure.statutes_status"],
    "La forme associative est donc imposée": ["structure.statutes_status"],
    "3.3. Gouvernance": ["governance.description"],
    "L'adoption d'une gouvernance": ["governance.description"],
    "Il est important de préciser la répartition des rôles": ["governance.description"],
    "3.4. Fonctionnement opérationnel de la coordination": ["governance.decision_bodies"],
    "Afin d'optimiser l'organisation de la CPTS": ["governance.decision_bodies"],
    "Le rôle des instances décisionnelles": ["governance.decision_bodies"],
    "La fonction et les missions du coordonnateur": ["governance.coordinator_role"],
    "Les différentes commissions et groupes de travail": ["governance.working_groups"],
    "4. Missions et objectifs de la CPTS": ["health.general_objectives"],
    "Après la réalisation du diagnostic territorial": ["health.general_objectives"],
    "Les missions en faveur de l'amélioration de l'accès aux soins": [
        "missions.gp_access",
        "missions.unscheduled_care",
    ],
    "Faciliter l'accès à un médecin traitant": ["missions.gp_access_plan"],
    "Améliorer la prise en charge des soins non programmés": ["missions.unscheduled_care_plan"],
    "Développer le recours à la télésanté": ["missions.telehealth"],
    "Les missions en faveur de l'organisation de parcours": ["missions.care_pathways"],
    "Améliorer la prise en charge des patients": ["missions.care_pathways_plan"],
    "Gestion coordonnée de patients en ALD": ["missions.care_pathways_plan"],
    "Continuité des soins": ["missions.care_pathways_plan"],
    "Les missions en faveur du développement d'actions territoriales de prévention": [
        "missions.prevention"
    ],
    "Promotion de la vaccination": ["missions.prevention_plan"],
    "Dépistages organisés": ["missions.prevention_plan"],
    "Autres actions : addictions": ["missions.prevention_plan"],
    "Les objectifs généraux, qui répondent aux grandes orientations": [
        "health.operational_objectives"
    ],
    "Ce sont des objectifs clairement définis": ["health.general_objectives"],
    "4.1. Objectifs généraux": ["health.general_objectives", "missions.objectives"],
    "4.2. Objectifs opérationnels et actions": ["health.operational_objectives", "actions.sheets"],
    "4.3. Indicateurs d'évaluation": ["evaluation.quantitative", "evaluation.qualitative"],
    "Les critères et indicateurs d'évaluation": [
        "evaluation.quantitative",
        "evaluation.qualitative",
    ],
    "Les partenaires conventionnels fixent": ["evaluation.quantitative"],
    "La démarche d'évaluation peut ainsi reposer": ["actions.sheets:indicators"],
    "5. Conclusion": ["health.conclusion"],
    "6.1.2. Liste des engagements": ["members.people"],
    "6.1.3. Statuts de la structure porteuse": ["structure.statutes_status"],
    "6.1.4. Fiche de poste coordonnateur": ["governance.coordinator_role"],
    "6.1.5. Budget de mise en œuvre et fonctionnement": ["budget.lines", "budget.multi_year"],
    "6.2. Fiches action": ["actions.sheets"],
    "6.2.1. Action 1": ["actions.sheets:title"],
    "6.2.2. Action": ["actions.sheets"],
}

TRAME_IGNORE = {
    "Texte complémentaire ou logo": "layout of the cover page",
    "TRAME DE PROJET DE SANTE D'UNE CPTS": "running title",
    "Par exemple :": "introduces the three items below",
    "Pour rappel les trois missions socles sont :": "introduces the headings below",
    "6. Annexes": "heading",
    "6.1. Organisation": "heading",
    "6.1.1. Textes réglementaires": "regulatory texts: attached by the document, nothing to ask",
}

ANNEX4_MAP: dict[str, list[str]] = {
    "Établi en date du": ["health.version_date"],
    "Création de l'association de loi 1901": ["structure.association_status"],
    "Nom de l'association": ["structure.association_name"],
    "N° SIRET": ["structure.siret"],
    "Coordonnées de la structure porteuse": [
        "structure.address",
        "structure.phone",
        "structure.fax",
        "structure.email",
    ],
    "Personne contact": ["contact.name", "contact.profession", "contact.phone", "contact.email"],
    "Représentant légal": ["legal_rep.name", "legal_rep.role"],
    "Coordonnées bancaires": ["structure.bank_details_ready"],
    "1.1. Quel est le territoire d'action": ["territory.communes"],
    "1.2. À combien de patients": ["population.patients"],
    "Il est attendu une certaine cohérence": ["territory.communes", "population.patients"],
    "Rappel : approche populationnelle": ["territory.aci_size"],
    "1.3. Identification et analyse de l'offre": ["territory.offer_analysis"],
    "1.4. Avez-vous eu l'occasion de communiquer": ["history.communicated_to_all"],
    "1.5. Quelles sont les modalités d'organisation de la gouvernance": ["governance.description"],
    "1.6. Liste des acteurs": ["members.people", "diagnosis.establishments"],
    "liste des professionnels de santé participant": ["members.people"],
    "Catégorie de professionnels de santé Nom Prénom": [
        "members.people:category",
        "members.people:name",
        "members.people:place",
        "members.people:structure",
        "members.people:governance",
    ],
    "Liste des établissements participant": ["diagnosis.establishments"],
    "Service et/ou établissement Nom Prénom Localisation": [
        "diagnosis.establishments:establishment",
        "diagnosis.establishments:contact",
        "diagnosis.establishments:location",
        "diagnosis.establishments:governance",
    ],
    "1.7. Quelles sont aujourd'hui les modalités de travail": ["diagnosis.territory_organisation"],
    "1.8. D'après vos premiers éléments de diagnostic": [
        "missions.gp_access",
        "diagnosis.pathological_profile",
    ],
    "L'accès à un médecin traitant": ["missions.gp_access"],
    "La fréquentation des urgences": ["missions.unscheduled_care"],
    "Les points de rupture": ["missions.care_pathways"],
    "Les actions de prévention": ["missions.prevention"],
    "La qualité des soins/pertinence": ["missions.quality"],
    "L'accompagnement des professionnels de santé dans leur installation": ["missions.pro_support"],
    "Toutes autres thématiques": ["missions.other_themes"],
    "2.1. Quels sont les objectifs visés": ["missions.objectives"],
    "en faveur des patients du territoire": ["missions.objectives"],
    "en faveur des acteurs impliqués": ["missions.objectives"],
    "2.2. Modalités de mise en œuvre": ["health.operational_objectives"],
    "Quelles sont les actions envisagées": ["actions.sheets"],
    "Envisagez-vous de mettre en œuvre des actions de télémédecine": ["missions.telehealth"],
    "Les missions socles des ACI": ["missions.gp_access_plan", "missions.health_crisis_plan"],
    "Mission d'accès aux médecins traitants": ["missions.gp_access_plan"],
    "Mission d'accès aux soins non programmés": [
        "missions.unscheduled_care_plan",
        "missions.sas_articulation",
    ],
    "Mission de parcours/coordination": ["missions.care_pathways_plan"],
    "Mission de prévention": ["missions.prevention_plan"],
    "Des missions complémentaires, entrant dans l'ACI": [
        "missions.quality",
        "missions.pro_support",
    ],
    "Mission qualité et pertinence": ["missions.quality", "missions.quality_plan"],
    "Mission accompagnement des professionnels de santé": [
        "missions.pro_support",
        "missions.pro_support_plan",
    ],
    "Quel est le calendrier de mise en œuvre des actions": [
        "calendar.implementation_start",
        "calendar.implementation_steps",
    ],
    "2.3. Cohérence du projet": ["coherence.existing_actors", "diagnosis.coordination_links"],
    "Quels sont les acteurs et projets existants": ["coherence.existing_actors"],
    "Quels sont les articulations envisagées": ["diagnosis.coordination_links"],
    "2.4. Modalités d'évaluation du projet": ["evaluation.quantitative", "evaluation.qualitative"],
    "Indicateurs quantitatifs d'activité": [
        "evaluation.quantitative",
        "evaluation.quantitative_other",
    ],
    "Indicateurs qualitatifs d'activité": [
        "evaluation.qualitative",
        "evaluation.qualitative_other",
    ],
    "2.5. Dispositif / système d'information": ["information_systems.current"],
    "Quels sont les systèmes d'informations actuellement utilisés": ["information_systems.current"],
    "Le projet induit-il un besoin de partage": [
        "information_systems.sharing_need",
        "information_systems.needs",
    ],
    "Les professionnels adhérents au projet de CPTS ont-ils connaissance": [
        "information_systems.mes_patients_known",
        "information_systems.mes_patients_planned",
    ],
    "3. CADRAGE FINANCIER DU PROJET": ["budget.lines"],
    "3.1. Budget prévisionnel du projet": ["budget.multi_year", "budget.lines"],
    "3.2. Soutenabilité financière": ["budget.sustainability"],
    "Les subventions éventuelles issues du Fond d'intervention régional": ["budget.sustainability"],
    "Signature du représentant légal": ["legal_rep.name", "health.signature_date"],
}

ANNEX4_IGNORE = {
    "Annexe 4 – Modèle de projet de santé": "heading",
    "Ce document-type est à télécharger sur le PAPS": "where to download the form",
    "1. DIAGNOSTIC PRÉALABLE": "heading",
    "2. CONTENU DU PROJET DE LA CPTS": "heading",
    "Si toutes les missions socles ne sont pas remplies…": "warning, quoted in the section intro",
    "Les modalités et le calendrier d'évaluation…": "information, quoted in the section intro",
}

FICHE_MAP: dict[str, list[str]] = {
    "MODÈLE DE FICHE ACTION": ["actions.sheets"],
    "Nous vous invitons à remplir une fiche par action": ["actions.sheets"],
    "Missions ACI / Objectifs régionaux de référence au PRS": ["actions.sheets:mission"],
    "Principaux éléments du diagnostic territorial": ["actions.sheets:diagnosis"],
    "Finalité / objectif général du projet": ["actions.sheets:goal"],
    "Objectif opérationnel": ["actions.sheets:operational_objective"],
    "Description de l'action": ["actions.sheets:description"],
    "Point d'adhérence avec les autres actions": ["actions.sheets:links"],
    "Public bénéficiaire": ["actions.sheets:public"],
    "Acteurs de l'action": ["actions.sheets:actors"],
    "Calendrier : début de l'action étapes clés fin prévisionnelle": [
        "actions.sheets:start",
        "actions.sheets:key_steps",
        "actions.sheets:end",
    ],
}

ANNEX4_BUDGET_MAP: dict[str, list[str]] = {
    "BUDGET PRÉVISIONNEL DU PROJET": ["budget.lines", "actions.sheets:budget"],
    "1 L'attention du demandeur": ["budget.lines:detail"],
    "2 Catégories d'établissements publics": ["budget.lines:line"],
    "3 Le plan comptable des associations": ["budget.lines:line"],
}

CONTRAT_MAP: dict[str, list[str]] = {
    "Demander le financement de la CPTS": ["budget.lines"],
    "Rédiger un budget prévisionnel": ["budget.lines"],
    "1. Le territoire d'action de la communauté professionnelle": ["territory.communes"],
    "2. Les besoins identifiés sur le territoire": ["problem.description"],
    "3. La composition de la communauté professionnelle": ["members.people"],
    "1. La structuration juridique de la CPTS": ["structure.legal_form"],
    "2. Le dispositif de partage d'information": [
        "information_systems.current",
        "information_systems.needs",
    ],
    "3. Les réunions de concertation pluriprofessionnelles": ["missions.means"],
    "4. Les protocoles de prise en charge pluriprofessionnels": ["missions.means"],
    "1. Missions et activités de la structure": ["project.summary", "project.objectives"],
    "2. Présentation des axes prioritaires choisis": [
        "prs.transversal_axes",
        "prs.priority_pathways",
        "prs.care_activities",
    ],
    "IV – Evaluation de la CPTS": ["evaluation.quantitative", "evaluation.qualitative"],
    "Indicateurs obligatoires": ["evaluation.quantitative"],
    "Indicateurs d'action": ["evaluation.quantitative_other", "evaluation.qualitative_other"],
    "Intitulé du projet": ["project.title"],
    "Date de création": ["project.creation_date"],
    "Rédacteur NOM Prénom": [
        "contact.name",
        "contact.profession",
        "author.is_contact",
        "author.name",
        "author.profession",
    ],
    "Adresse du rédacteur": ["author.address"],
    "Mail du rédacteur": ["contact.email", "author.email"],
    "Téléphone": ["contact.phone", "author.phone"],
    "Statut juridique": ["structure.legal_form", "structure.legal_form_other"],
    "Nom de la structure porteuse du projet": ["structure.association_name"],
    "N° FINESS": ["structure.finess"],
    "Coordonnées de la structure porteuse": [
        "structure.address",
        "structure.phone",
        "structure.fax",
        "structure.email",
    ],
    "Personne contact": ["contact.name", "contact.profession", "contact.phone", "contact.email"],
    "Représentant légal de la structure porteuse": ["legal_rep.name"],
    "Territoire d'action du projet": ["territory.communes"],
    "Liste des quartiers / villes": ["territory.communes"],
    "Evaluation de population concernée par le projet": ["territory.aci_size"],
    "Taille ": ["territory.aci_size"],
    "Identification et analyse de l'offre": ["territory.offer_analysis"],
    "Problématique d'accès aux soins": ["problem.description"],
    "Indicateurs d'état des lieux de l'existant": [
        "diagnosis.pathological_profile",
        "diagnosis.health_workforce",
        "problem.difficult_care",
        "missions.care_pathways",
        "problem.territory_specifics",
    ],
    "Modalités de travail et de communication existantes": ["diagnosis.territory_organisation"],
    "Systèmes d'information communs": ["diagnosis.territory_organisation"],
    "Cohérence du projet avec les acteurs": [
        "coherence.existing_actors",
        "diagnosis.coordination_links",
    ],
    "Acteurs et projets existants": ["coherence.existing_actors"],
    "Liens / articulations envisagés": ["diagnosis.coordination_links"],
    "Collectivités territoriales": ["partners.local_authorities"],
    "Identité de la collectivité territoriale": [
        "partners.local_authorities:name",
        "partners.local_authorities:partnership",
    ],
    "Dénomination : Coordonnées de la personne de référence": [
        "partners.local_authorities:name",
        "partners.local_authorities:contact",
        "partners.local_authorities:partnership",
    ],
    "Plateforme Territoriale d'Appui": ["pta.exists"],
    "Existence d'un PTA": ["pta.exists"],
    "Si oui, intitulé de la PTA": ["pta.name"],
    "Si oui, quelle articulation": ["pta.articulation"],
    "Structuration juridique de la CPTS/ modalités d'organisation de la gouvernance": [
        "structure.legal_form",
        "governance.description",
    ],
    "Composition de la CPTS": ["members.people"],
    "NOM Prénom Profession Secteur Activité": [
        "members.people:name",
        "members.people:category",
        "members.people:sector",
        "members.people:place",
        "members.people:structure",
        "members.people:governance",
    ],
    "Médecin": ["members.people:category"],
    "Infirmier": ["members.people:category"],
    "Kinésithérapeutes": ["members.people:category"],
    "Pharmaciens": ["members.people:category"],
    "Psychologue": ["members.people:category"],
    "Contenu du projet de la CPTS": ["project.summary"],
    "Description synthétique du projet": ["project.summary"],
    "Description des objectifs attendus": ["project.objectives"],
    "Pour le patient du territoire": ["project.objectives:population_impact"],
    "Pour les acteurs impliqués": ["project.objectives:actors_impact"],
    "Description de la population": ["population.beneficiaries"],
    "Type de population pouvant bénéficier": ["population.beneficiaries"],
    "Nombre de patients inclus dans le projet": ["population.patients"],
    "PRS - Liens avec les THEMES TRANSVERSAUX": ["prs.transversal_axes"],
    "PRS - Liens avec les PARCOURS PRIORITAIRES": ["prs.priority_pathways"],
    "Thèmes Commentaires": ["prs.comments"],
    "PRS - Liens avec les EQUIPEMENTS": ["prs.care_activities"],
    "Modalités de mise en œuvre": ["missions.means"],
    "Description des moyens d'actions envisagés": ["missions.means"],
    "Moyens d'actions envisagés par les acteurs impliqués": ["missions.means"],
    "Calendrier prévisionnel de mise en œuvre du projet": ["calendar.construction_start"],
    "Phase de construction du projet": ["calendar.construction_start", "calendar.construction_end"],
    "Réunions d'information / de travail préparatoire": ["calendar.meetings"],
    "Dépôt de la lettre d'intention": ["calendar.letter_deposit"],
    "Dépôt du projet de santé": ["calendar.health_project_deposit"],
    "Contractualisation avec l'ARS": ["calendar.contracting"],
    "Début de la mise en œuvre": ["calendar.implementation_start", "calendar.implementation_steps"],
    "Premières évaluations": ["calendar.first_evaluations"],
    "Modalités d'évaluation du projet": ["evaluation.quantitative", "evaluation.qualitative"],
    "Définition des indicateurs de suivi": ["evaluation.quantitative", "evaluation.qualitative"],
    "Indicateurs QUANTITATIFS": ["evaluation.quantitative", "evaluation.quantitative_other"],
    "Indicateurs QUALITATIFS": ["evaluation.qualitative", "evaluation.qualitative_other"],
    "Dispositifs et systèmes d'information": ["information_systems.current"],
    "Systèmes d'informations actuellement utilisés": ["information_systems.current"],
    "Partage et échanges d'information": ["information_systems.sharing_need"],
    "Le projet induit-il un besoin de partage": ["information_systems.sharing_need"],
    "Si oui, quelles sont les besoins": ["information_systems.needs"],
    "Cadrage financier du projet": ["budget.lines"],
    "Budget prévisionnel du projet (si projet pluriannuel": [
        "budget.multi_year",
        "budget.lines:year",
    ],
    "Commentaire :": ["budget.comment"],
    "¹ Ne pas indiquer les centimes": ["budget.lines:amount"],
    "² L'attention du demandeur": ["budget.lines:detail"],
    "³ Catégories d'établissements publics": ["budget.lines:line"],
    "⁴ Le plan comptable des associations": ["budget.lines:line"],
    "Signature du représentant légal": ["legal_rep.name", "contracting.signature_date"],
    "Nom et Prénom :": ["legal_rep.name"],
    "Date de la signature": ["contracting.signature_date"],
}

CONTRAT_IGNORE = {
    "La contractualisation avec l'ARS peut prendre…": "context, quoted in the section intro",
    "Deux actions principales sont donc à mener :": "heading",
    "Un formulaire de demande de subvention…": "Cerfa form, quoted in the budget section intro",
    "Contractualiser avec l'ARS :": "heading",
    "Le contrat reprendra à minima…": "content of the contract, not of the file",
    "Exemple de trame de projet :": "heading",
    "I - Présentation du projet": "heading",
    "II - Organisation professionnelle": "heading",
    "III - Organisation de la prise en charge": "heading",
    "Communauté Professionnelle Territoriale de Santé": "heading",
    "Contractualisation": "heading",
    "--": "empty answer area",
    "Dans le cadre de la négociation…": "information on the ACI missions (section intro)",
    "1. Organisation des soins non programmés et accès à un médecin traitant,": "information",
    "2. Organisation du parcours pluriprofessionnel,": "information",
    "3. Prévention.": "information",
    "Les actions en faveur de la qualité…": "information",
    "Thèmes Axes": "PRS table header",
    "Les modalités et le calendrier d'évaluation…": "information, quoted in the section intro",
    "Signature :": "handwritten signature",
}

STATUTS_MAP: dict[str, list[str]] = {
    "ARTICLE PREMIER - NOM": ["structure.association_name"],
    "Il est fondé entre les adhérents": ["structure.association_name"],
    "Accorder de l'attention au choix du nom": ["statutes.usage_name"],
    "ARTICLE 2 - BUT OBJET": ["statutes.object"],
    "Cette association a pour objet": ["statutes.object"],
    "Prévoir un objet assez large": ["statutes.object", "statutes.economic_activities"],
    "ARTICLE 3 - SIÈGE SOCIAL": ["structure.address"],
    "Le siège social est fixé à": ["structure.address"],
    "Le siège social d'une association peut être fixé": ["structure.address"],
    "Il pourra être transféré": ["statutes.seat_transfer_by_board"],
    "Il peut être envisagé la ratification": ["statutes.seat_transfer_by_board"],
    "Article 4 - DURÉE": ["statutes.duration"],
    "La durée de l'association est illimitée": ["statutes.duration"],
    "Cette durée peut être fixée": ["statutes.duration", "statutes.duration_end"],
    "ARTICLE 5 - COMPOSITION": ["statutes.member_categories"],
    "L'association se compose de": ["statutes.member_categories"],
    "a) Membres d'honneur": ["statutes.member_categories"],
    "b) Membres bienfaiteurs": ["statutes.member_categories"],
    "c) Membres actifs ou adhérents": ["statutes.member_categories"],
    "Préciser la nature ou qualité des membres": [
        "statutes.member_persons",
        "statutes.legal_persons_representation",
    ],
    "ARTICLE 6 - ADMISSION": ["statutes.admission"],
    "Article optionnel.": ["statutes.admission"],
    "L'association est ouverte à tous": ["statutes.admission"],
    "Définir éventuellement les conditions": ["statutes.admission", "statutes.admission_other"],
    "« Pour faire partie de l'association": ["statutes.admission"],
    "La liberté d'association se décline": ["statutes.admission"],
    "ARTICLE 7 - MEMBRES – COTISATIONS": ["statutes.fees"],
    "Sont membres actifs": ["statutes.fees:annual_fee"],
    "Sont membres d'honneur": ["statutes.member_categories"],
    "Sont membres bienfaiteurs": ["statutes.fees:entry_fee", "statutes.fees:annual_fee"],
    "Toute cotisation pourra être rachetée": ["statutes.fees:buyout"],
    "Préciser qui paie une cotisation": ["statutes.fees_in_statutes"],
    "ARTICLE 8. - RADIATIONS": ["statutes.radiation_causes"],
    "La qualité de membre se perd par": ["statutes.radiation_causes"],
    "a) La démission": ["statutes.radiation_causes"],
    "b) Le décès": ["statutes.radiation_causes"],
    "c) La radiation prononcée": ["statutes.radiation_causes"],
    "Préciser les modalités de la radiation": ["statutes.radiation_procedure"],
    "Les motifs graves peuvent être précisés": ["statutes.radiation_procedure"],
    "ARTICLE 9. - AFFILIATION": ["statutes.affiliation"],
    "La présente association est affiliée": ["statutes.affiliation"],
    "Elle peut par ailleurs adhérer": ["statutes.affiliation"],
    "ARTICLE 10 - RESSOURCES": ["statutes.resources"],
    "Les ressources de l'association comprennent": ["statutes.resources"],
    "1° Le montant des droits d'entrée": ["statutes.resources"],
    "2° Les subventions": ["statutes.resources"],
    "Ne pas hésiter à prévoir d'autres ressources": ["statutes.resources"],
    "3° Toutes les ressources autorisées": ["statutes.resources"],
    "Si cela n'a pas été fait à l'article 2": ["statutes.economic_activities"],
    "ARTICLE 11 - ASSEMBLÉE GÉNÉRALE ORDINAIRE": ["statutes.ag_month"],
    "Elle se réunit chaque année au mois de": ["statutes.ag_month"],
    "Les décisions sont prises à la majorité des voix des membres présents": [
        "statutes.ag_majority"
    ],
    "Il est prudent de fixer des conditions de quorum": [
        "statutes.ag_quorum",
        "statutes.ag_majority",
    ],
    "Prévoir les règles de représentation des membres absents": ["statutes.ag_quorum"],
    "ARTICLE 12 - ASSEMBLÉE GÉNÉRALE EXTRAORDINAIRE": ["statutes.age_convened_by"],
    "Si besoin est, ou sur la demande de la moitié plus un": ["statutes.age_convened_by"],
    "Les délibérations sont prises à la majorité (ou des deux tiers)": ["statutes.age_majority"],
    "ARTICLE 13 - CONSEIL D'ADMINISTRATION": ["statutes.board_size"],
    "L'association est dirigée par un conseil de X membres": [
        "statutes.board_size",
        "statutes.board_term_years",
    ],
    "Le conseil étant renouvelé chaque année par moitié": ["statutes.board_renewal_half"],
    "Le renouvellement des membres du conseil par fraction": ["statutes.board_renewal_half"],
    "ARTICLE 14 – LE BUREAU": ["statutes.bureau_roles"],
    "Le conseil d'administration élit parmi ses membres": ["statutes.bureau_roles"],
    "1) Un-e- président-e-": ["statutes.bureau_roles"],
    "2) Un-e- ou plusieurs vice-président-e-s": ["statutes.bureau_roles"],
    "3) Un-e- secrétaire": ["statutes.bureau_roles"],
    "4) Un-e- trésorier-e-": ["statutes.bureau_roles"],
    "Pour prévenir des difficultés fréquentes": ["statutes.president_treasurer_separate"],
    "Préciser, ici ou dans un règlement intérieur, les fonctions": ["statutes.bureau_roles"],
    "ARTICLE 15 – INDEMNITÉS": ["statutes.indemnities"],
    "Toutes les fonctions, y compris celles des membres du conseil": ["statutes.indemnities"],
    "Ces dispositions peuvent être affinées dans un règlement intérieur": [
        "statutes.indemnities",
        "statutes.internal_rules",
    ],
    "ARTICLE 16 - RÈGLEMENT INTÉRIEUR": ["statutes.internal_rules"],
    "Un règlement intérieur peut être établi": ["statutes.internal_rules"],
    "Ce règlement éventuel est destiné": ["statutes.internal_rules"],
    "ARTICLE 17 - DISSOLUTION": ["statutes.dissolution_beneficiary"],
    "En cas de dissolution prononcée": ["statutes.dissolution_beneficiary"],
    "Ne pas interdire l'attribution de l'actif net": ["statutes.dissolution_beneficiary"],
    "ARTICLE 18 - LIBÉRALITÉS": ["statutes.liberalities"],
    "Article à insérer pour pouvoir accepter des legs": ["statutes.liberalities"],
    "Le rapport et les comptes annuels": ["statutes.liberalities"],
    "L'association s'engage à présenter ses registres": ["statutes.liberalities"],
    "« Fait à": ["statutes.signature_place", "statutes.signature_date"],
    "Signatures de deux représentants": ["statutes.signatories:name", "statutes.signatories:role"],
}

_FIXED = "fixed wording of the model, reproduced as is in the draft statutes"
STATUTS_IGNORE = {
    "Annexe 2 – Statuts associatifs": "heading",
    "EXEMPLE DE STATUTS (par le Ministère chargé de la vie associative)": "heading",
    "Proposé aux associations déclarées…": "heading",
    "Cet exemple est à compléter et à adapter…": "how to use the model",
    "L'assemblée générale ordinaire comprend tous les membres…": _FIXED,
    "Les statuts peuvent prévoir que certains membres…": "variant not asked (reported)",
    "Quinze jours au moins avant la date fixée…": _FIXED,
    "Le président, assisté des membres du conseil…": _FIXED,
    "Le trésorier rend compte de sa gestion…": _FIXED,
    "L'assemblée générale fixe le montant des cotisations…": _FIXED,
    "Ne peuvent être abordés que les points inscrits…": _FIXED,
    "Il est procédé, après épuisement de l'ordre du jour…": _FIXED,
    "Toutes les délibérations sont prises à main levée…": _FIXED,
    "Les décisions des assemblées générales s'imposent…": _FIXED,
    "Les modalités de convocation sont les mêmes…": _FIXED,
    "La loi de 1901 n'impose pas l'existence…": "information, quoted in the section intro",
    "En cas de vacances, le conseil pourvoit provisoirement…": _FIXED,
    "(Distinguer clairement les prérogatives…": "drafting advice not asked (reported)",
    "Le conseil d'administration se réunit au moins une fois tous les six mois…": _FIXED,
    "Les décisions sont prises à la majorité des voix ; en cas de partage…": _FIXED,
    "Tout membre du conseil qui, sans excuse…": _FIXED,
    "Le conseil d'administration peut déléguer…": _FIXED,
    "Depuis 2011, des précisions ont été apportées…": "minors as founders: out of scope for a CPTS",
    ">Télécharger la plaquette du ministère de l'Éducation nationale": "link for minors",
}


SPECS = [
    Spec(
        LETTRE,
        "lettre_intention",
        "La lettre d'intention doit cependant préciser les éléments suivants :",
        "Rédaction du projet de santé",
        LETTRE_MAP,
        LETTRE_IGNORE,
        prs_tables=True,
    ),
    Spec(
        TRAME,
        "projet_sante",
        "Projet de la Communauté Professionnelle Territoriale de Santé (CPTS) de",
        "[Date]",
        TRAME_MAP,
        TRAME_IGNORE,
    ),
    Spec(TRAME, "projet_sante", "1. Introduction", "6.2.2. Action", TRAME_MAP, TRAME_IGNORE),
    Spec(
        GUIDE,
        "projet_sante",
        "Annexe 4 – Modèle de projet de santé",
        "Signature du représentant légal",
        ANNEX4_MAP,
        ANNEX4_IGNORE,
    ),
    Spec(GUIDE, "fiche_action", "MODÈLE DE FICHE ACTION", "Calendrier :", FICHE_MAP),
    Spec(
        GUIDE,
        "projet_sante",
        "BUDGET PRÉVISIONNEL DU PROJET",
        "3 Le plan comptable",
        ANNEX4_BUDGET_MAP,
        budget_table=("CHARGES MONTANTS PRODUITS MONTANTS", "TOTAL TOTAL"),
    ),
    Spec(
        CONTRAT,
        "contractualisation",
        "La contractualisation avec l'ARS peut prendre la forme…",
        "Signature :",
        CONTRAT_MAP,
        CONTRAT_IGNORE,
        prs_tables=True,
        budget_table=("CHARGES Montant ¹ PRODUITS Montant", "TOTAL XXX TOTAL XXX"),
    ),
    Spec(
        GUIDE,
        "statuts",
        "Annexe 2 – Statuts associatifs",
        "Signatures de deux représentants",
        STATUTS_MAP,
        STATUTS_IGNORE,
    ),
]


def _ignored(line: str, ignore: dict[str, str]) -> str | None:
    return next((key for key in ignore if _matches(key, line, exact=True)), None)


def _mapped(line: str, mapping: dict[str, list[str]]) -> list[str]:
    return [prefix for prefix in mapping if _matches(prefix, line, exact=False)]


def _prs_rows(name: str) -> dict[str, list[tuple[int, str]]]:
    """The three PRS tables of a seed: table key → (line number, row label)."""
    lines = seed_lines(name)
    tables: dict[str, list[tuple[int, str]]] = {}
    keys = {
        "THEMES TRANSVERSAUX": "transversal",
        "PARCOURS PRIORITAIRES": "pathways",
        "EQUIPEMENTS": "activities",
    }
    raw = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        key = next(
            (k for marker, k in keys.items() if "Liens avec les" in line and marker in line), None
        )
        if key is None:
            continue
        j = i + 1
        while not lines[j]:
            j += 1
        j += 1  # column headers
        rows: list[tuple[int, str]] = []
        while j < len(lines) and lines[j]:
            cells = [c.strip() for c in raw[j].split("\t") if c.strip()]
            rows.append((j + 1, cells[0] if key == "pathways" else cells[-1]))
            j += 1
        tables[key] = rows
    return tables


PRS_QUESTIONS = {
    "transversal": "prs.transversal_axes",
    "pathways": "prs.priority_pathways",
    "activities": "prs.care_activities",
}

BUDGET_FRAME = {
    "",
    "charges",
    "montant",
    "montants",
    "produits",
    "charges directes",
    "ressources directes",
    "total des charges",
    "total des produits",
    "total",
    "xxx",
    "contributions volontaires",
}


def key(text: str) -> str:
    """Folded wording without its account number: « 74- Subventions » → « subventions »."""
    return re.sub(r"^\d\d ", "", fold(text.replace("–", " ")))


def _chart_words() -> set[str]:
    """Folded wordings of every chart line and heading, without account numbers."""
    words = {key(s.label) for s in sections()}
    for entry in chart():
        words.add(key(entry.label))
        if entry.also_label:
            words.add(key(entry.also_label))
    return words


def _budget_cells(raw_line: str) -> list[str]:
    line = re.sub(r"<sup>\d</sup>|[¹²³⁴]", "", raw_line)
    line = re.sub(r"<[^>]+>", "", line)
    return [key(c) for c in line.split("\t")]


def _budget_table(seed: str, first_line: str, last_line: str) -> dict[int, list[str]]:
    """Line number → folded cells of each row of a budget table (rows hold tabs)."""
    lines = seed_lines(seed)
    raw = (SEEDS / seed).read_text(encoding="utf-8").splitlines()
    first = lines.index(first_line)
    last = next(i for i in range(first, len(lines)) if lines[i] == last_line)
    return {i + 1: _budget_cells(raw[i]) for i in range(first, last + 1) if "\t" in raw[i]}


def _budget_rows(spec: Spec) -> set[int]:
    """Rows of the spec's budget table, once each cell is checked against the chart."""
    assert spec.budget_table is not None
    rows = _budget_table(spec.seed, *spec.budget_table)
    known = _chart_words() | BUDGET_FRAME
    for number, cells in rows.items():
        assert set(cells) <= known, f"{spec.seed}:{number}: {set(cells) - known}"
    return set(rows)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.interview}:{s.start[:24]}")
def test_every_seed_item_maps_to_a_question(spec: Spec) -> None:
    questions = asked(spec.interview)
    special: set[int] = set()
    if spec.prs_tables:
        special |= {n for rows in _prs_rows(spec.seed).values() for n, _ in rows}
        assert set(PRS_QUESTIONS.values()) <= set(questions)
    if spec.budget_table:
        special |= _budget_rows(spec)
        assert "budget.lines" in questions
    used_keys: set[str] = set()
    unmapped: list[str] = []
    for number, line in block(spec.seed, spec.start, spec.end):
        if number in special:
            continue
        prefixes = _mapped(line, spec.mapping)
        ignored = _ignored(line, spec.ignore)
        used_keys.update(prefixes)
        if ignored:
            used_keys.add(ignored)
        if not prefixes and not ignored:
            unmapped.append(f"{spec.seed}:{number}: {line[:90]}")
    assert unmapped == [], "seed lines with no question:\n" + "\n".join(unmapped)
    for prefix in spec.mapping:
        for target in spec.mapping[prefix]:
            qid, _, field_id = target.partition(":")
            assert qid in questions, f"{prefix!r} → {qid}: not asked in {spec.interview}"
            if field_id:
                assert field_id in {f.id for f in questions[qid].fields}, target


TABLES = [
    (LETTRE_MAP, False),
    (LETTRE_IGNORE, True),
    (TRAME_MAP, False),
    (TRAME_IGNORE, True),
    (ANNEX4_MAP, False),
    (ANNEX4_IGNORE, True),
    (FICHE_MAP, False),
    (ANNEX4_BUDGET_MAP, False),
    (CONTRAT_MAP, False),
    (CONTRAT_IGNORE, True),
    (STATUTS_MAP, False),
    (STATUTS_IGNORE, True),
]


@pytest.mark.parametrize(("table", "exact"), TABLES)
def test_mapping_entries_exist_in_their_seed(table: dict[str, Any], exact: bool) -> None:
    """No stale entry: each key matches a line of the seed blocks that use this table."""
    lines = [
        line
        for spec in SPECS
        if table is spec.mapping or table is spec.ignore
        for _, line in block(spec.seed, spec.start, spec.end)
    ]
    assert lines
    stale = [key for key in table if not any(_matches(key, line, exact) for line in lines)]
    assert stale == []


# --------------------------------------------------------------------------- PRS choices


@pytest.mark.parametrize("seed", [LETTRE, CONTRAT])
@pytest.mark.parametrize("table", PRS_QUESTIONS)
def test_prs_choices_are_exactly_the_seed_rows(seed: str, table: str) -> None:
    rows = [label for _, label in _prs_rows(seed)[table]]
    q = bundle().questions[PRS_QUESTIONS[table]]
    assert [c.label for c in q.choices] == rows
    assert len(rows) == {"transversal": 9, "pathways": 5, "activities": 19}[table]


def test_prs_themes_are_kept_as_choice_help() -> None:
    q = bundle().questions["prs.transversal_axes"]
    assert q.choices[0].help == "Accès aux soins renforcé et un meilleur partage de l'information"
    assert q.choices[-1].help == "Relation soignant/soigné renouvelée autour de soins de qualité"


# --------------------------------------------------------------------------- other tables

# Where the choices of a question must come from the seed's own wording.
QUANT_FIXES = {"par le cpts": "par la cpts", "du cpts": "de la cpts"}


@pytest.mark.parametrize(
    ("qid", "prefix", "rest"),
    [
        (
            "evaluation.quantitative",
            "Indicateurs QUANTITATIFS",
            "indicateurs quantitatifs d activite et ou de service rendu exemples",
        ),
        (
            "evaluation.qualitative",
            "Indicateurs QUALITATIFS",
            "indicateurs qualitatifs d activite et ou de service rendu exemples",
        ),
    ],
)
def test_indicator_choices_are_the_template_examples(qid: str, prefix: str, rest: str) -> None:
    """Removing every example choice from the seed line leaves only its heading."""
    line = fold(next(x for x in seed_lines(CONTRAT) if x.startswith(prefix)))
    for wrong, right in QUANT_FIXES.items():
        line = line.replace(wrong, right)
    labels = [fold(c.label) for c in bundle().questions[qid].choices if c.value != "other"]
    for label in sorted(labels, key=len, reverse=True):
        assert label in line, label
        line = line.replace(label, " ", 1)
    assert " ".join(line.split()) == rest


def test_letter_funding_offers_the_template_lines() -> None:
    q = asked("lettre_intention")["letter_funding.lines"]
    action = next(f for f in q.fields if f.id == "action")
    labels = [c.label for c in action.choices]
    assert labels[:2] == ["Information/communication", "Rédaction du projet de santé"]
    money = tuple(f.id for f in q.fields if f.type is QType.MONEY)
    assert money == LETTER_FUNDERS == ("urps", "ars", "other")


def test_liberal_professionals_offer_the_template_categories() -> None:
    q = asked("projet_sante")["territory.liberal_professionals"]
    category = next(f for f in q.fields if f.id == "category")
    trame = set(seed_lines(TRAME))
    assert all(c.label in trame for c in category.choices if c.value != "other")


# --------------------------------------------------------------------------- budget chart


def test_budget_lines_offer_every_chart_line_in_order() -> None:
    q = bundle().questions["budget.lines"]
    line = next(f for f in q.fields if f.id == "line")
    assert [c.value for c in line.choices] == [e.code for e in chart()]
    for choice, entry in zip(line.choices, chart(), strict=True):
        assert choice.label.endswith(entry.label)
        assert choice.help == entry.note
    fields = {f.id: (f.type, f.required) for f in q.fields}
    assert fields == {
        "line": (QType.CHOICE, True),
        "amount": (QType.MONEY, True),
        "year": (QType.INTEGER, False),
        "detail": (QType.TEXT, False),
    }


# (seed, first row, last row, chart lines that this seed's table does not have)
BUDGET_TABLES = [
    (CONTRAT, "CHARGES Montant ¹ PRODUITS Montant", "TOTAL XXX TOTAL XXX", set()),
    (GUIDE, "CHARGES MONTANTS PRODUITS MONTANTS", "TOTAL TOTAL", {"74_urps"}),
]


@pytest.mark.parametrize(("seed", "first", "last", "absent"), BUDGET_TABLES)
def test_budget_chart_is_complete(seed: str, first: str, last: str, absent: set[str]) -> None:
    """Every cell of the seed tables is a chart wording, and every chart line is in them."""
    rows = _budget_table(seed, first, last)
    cells = {c for row in rows.values() for c in row}
    assert cells <= _chart_words() | BUDGET_FRAME
    missing = {
        entry.code
        for entry in chart()
        if not {key(entry.label), key(entry.also_label or entry.label)} & cells
    }
    assert missing == absent
    assert len(rows) >= 35


# --------------------------------------------------------------------------- action sheets


def _sheet(number: int) -> dict[str, Any]:
    """A stored action sheet, parsed from what a user types."""
    q = bundle().questions["actions.sheets"]
    typed = {**_typed_sheet(number), "mission": "Prévention"}
    return {f.id: parse_answer(f, typed[f.id]) for f in q.fields}


async def test_third_of_five_action_sheets_can_be_edited_and_deleted(tmp_path: Path) -> None:
    from bot.store import Store

    q = bundle().questions["actions.sheets"]
    owner = 4_200_000_001
    async with await Store.open(tmp_path / "cpts.sqlite3") as store:
        await store.upsert_user(owner, "Julie M.")
        team = await store.create_team(owner, "CPTS Test")
        ids = [await store.add_row(team.id, owner, q.id, _sheet(n)) for n in range(1, 6)]
        rows = (await store.dossier(team.id, owner))[q.id].value
        assert [r["title"] for r in rows] == [f"Action {n}" for n in range(1, 6)]
        assert rows[2]["mission"] == "prevention" and rows[2]["budget"] == 2_500
        assert is_valid_value(q, rows)

        edited = {**_sheet(3), "title": "Action 3 revue", "budget": 4_000}
        await store.update_row(team.id, owner, q.id, ids[2], edited)
        rows = (await store.dossier(team.id, owner))[q.id].value
        assert rows[2]["_id"] == ids[2] and rows[2]["title"] == "Action 3 revue"
        assert is_valid_value(q, rows)

        await store.delete_row(team.id, owner, q.id, ids[2])
        rows = (await store.dossier(team.id, owner))[q.id].value
        assert [r["_id"] for r in rows] == [ids[0], ids[1], ids[3], ids[4]]
        assert is_valid_value(q, rows)


async def test_budget_rows_from_the_store_add_up(tmp_path: Path) -> None:
    from bot.rules.budget import totals
    from bot.store import Store

    q = bundle().questions["budget.lines"]
    fields = {f.id: f for f in q.fields}
    typed = [
        ("64 – Rémunération des personnels", "30 000 €", "2027"),
        ("74 – Agence Régionale de Santé", "25k", "2027"),
        ("74 – Région(s)", "5000", "2027"),
    ]
    owner = 4_200_000_002
    async with await Store.open(tmp_path / "cpts.sqlite3") as store:
        await store.upsert_user(owner, "Karim B.")
        team = await store.create_team(owner, "CPTS Test")
        for label, amount, year in typed:
            row = {
                "line": parse_answer(fields["line"], label),
                "amount": parse_answer(fields["amount"], amount),
                "year": parse_answer(fields["year"], year),
            }
            await store.add_row(team.id, owner, q.id, row)
        rows = (await store.dossier(team.id, owner))[q.id].value
    assert is_valid_value(q, rows)
    result = totals(rows)
    assert (result.charges, result.produits, result.balanced) == (30_000, 30_000, True)
    assert result.by_section == {"64": 30_000, "74": 30_000}
    assert list(result.by_year) == [2027]


async def test_action_sheets_through_the_conversation(tmp_path: Path) -> None:
    """Five sheets typed in the chat; the 3rd is edited (title, budget), then deleted."""
    from bot.conversation.core import Conversation
    from bot.store import Store
    from tests.players import Player

    q = bundle().questions["actions.sheets"]
    store = await Store.open(tmp_path / "cpts.sqlite3")
    try:
        julie = Player(Conversation(store, files_dir=tmp_path / "files"), 1, "Julie M.")
        await julie.say("/nouvelle_equipe CPTS des Trois Vallées")
        await julie.press_data("i:fiche_action")
        for number in range(1, 6):
            await julie.press("Ajouter")
            typed = _typed_sheet(number)
            for f in q.fields:
                if f.id == "mission":
                    await julie.press("Prévention")
                else:
                    await julie.say(typed[f.id])
            assert f"Action {number}" in julie.text
        await julie.press("✏️ 3")
        for f in q.fields:
            if f.id == "title":
                await julie.say("Action 3 revue")
            elif f.id == "budget":
                await julie.say("4 000 €")
            else:
                await julie.press("Garder")
        team_id = (await store.teams_of(1))[0].id
        rows = (await store.dossier(team_id, 1))[q.id].value
        assert [r["title"] for r in rows] == [
            "Action 1", "Action 2", "Action 3 revue", "Action 4", "Action 5"
        ]  # fmt: skip
        assert rows[2]["budget"] == 4_000 and rows[2]["mission"] == "prevention"
        assert rows[2]["links"] == "Liens 3"
        assert is_valid_value(q, rows)
        await julie.press("🗑 3")
        rows = (await store.dossier(team_id, 1))[q.id].value
        assert [r["title"] for r in rows] == ["Action 1", "Action 2", "Action 4", "Action 5"]
        assert is_valid_value(q, rows)
    finally:
        await store.close()


def _typed_sheet(number: int) -> dict[str, str]:
    return {
        "title": f"Action {number}",
        "diagnosis": "Faible couverture vaccinale.",
        "goal": "Améliorer la couverture vaccinale.",
        "operational_objective": "Deux campagnes par an.",
        "description": "Campagnes coordonnées en officine et en cabinet.",
        "links": f"Liens {number}",
        "public": "Patients de plus de 65 ans",
        "actors": "Pharmaciens, infirmiers, médecins",
        "start": f"0{number}/2027",
        "key_steps": "Préparation, campagne, bilan",
        "end": "12/2028",
        "indicators": "Taux de vaccination antigrippale",
        "budget": "2 500 €",
    }
