"""What the drafts say: every answer where its section says, markers for what is missing,
tables with the right rows and totals, the ARS addressed, the completeness summary.

Documents are rendered to .docx and read back with python-docx (paragraphs and table rows
in order, headings with their level, highlighted marker runs).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import docx
import pytest

from bot import textfmt
from bot.dialogs.engine import is_visible
from bot.dialogs.loader import default_bundle
from bot.dialogs.schema import Answer, Dossier
from bot.documents import catalog, service
from bot.documents.context import build_context, hint_of, marker_label
from bot.documents.render import marker_text
from bot.documents.service import completeness
from bot.rules.tiers import tier_for
from tests.test_documents_data import (
    BUDGET_ROWS,
    Block,
    blocks,
    expect,
    expected_texts,
    full_dossier,
    full_text,
    plain,
    section,
)

DATE = dt.date(2026, 3, 12)
DOC_IDS = [spec.id for spec in catalog.documents()]

# Where each answer must appear: document → heading (first heading containing it) → questions.
WHERE: dict[str, dict[str, list[str]]] = {
    "preprojet": {
        "Structure porteuse": [
            "structure.association_status",
            "structure.association_name",
            "structure.siret",
            "structure.email",
            "structure.phone",
            "structure.fax",
            "structure.address",
            "contact.name",
            "contact.profession",
            "contact.phone",
            "contact.email",
            "legal_rep.name",
            "legal_rep.role",
        ],
        "Noyau dur": ["history.core_team"],
        "Réunions de communication": ["history.meetings", "history.communicated_to_all"],
        "Appui d'un partenaire": ["history.partner_support", "history.partner_other"],
        "Personnes impliquées": ["members.people"],
        "2. Territoire": ["territory.communes"],
        "Taille de CPTS envisagée": ["territory.aci_size", "territory.map_ready"],
        "Zones blanches": ["territory.boundaries"],
        "Population concernée": [
            "diagnosis.demographic_profile",
            "diagnosis.social_profile",
            "diagnosis.pathological_profile",
        ],
        "Démographie médicale": ["diagnosis.health_workforce", "diagnosis.health_workforce_total"],
        "Organisation du territoire": [
            "diagnosis.territory_organisation",
            "diagnosis.monsisra",
            "diagnosis.pdsa",
        ],
        "Structures d'exercice coordonné": [
            "diagnosis.coordinated_structures",
            "diagnosis.coordination_links",
        ],
        "Champ sanitaire": ["diagnosis.establishments"],
        "à contacter": ["diagnosis.to_contact"],
        "4. Les actions": [
            "missions.gp_access",
            "missions.unscheduled_care",
            "missions.care_pathways",
            "missions.prevention",
            "missions.health_crisis",
            "missions.other_themes",
            "missions.objectives",
            "missions.means",
            "missions.prs_cls",
        ],
        "5. Calendrier": [
            "calendar.construction_start",
            "calendar.health_project_deposit",
            "calendar.implementation_start",
        ],
        "6. Accompagnement": ["support.accelerator"],
        "7. Mission précoce": ["support.early_mission"],
        "8. Rédaction": ["support.health_project_writer"],
        "9. Budget": [
            "budget_preprojet.communication",
            "budget_preprojet.meetings",
            "budget_preprojet.staff_kind",
            "budget_preprojet.staff_amount",
        ],
    },
    "lettre_intention": {
        "Lettre d'intention": [
            "project.creation_date",
            "structure.association_name",
            "structure.address",
            "author.name",
            "author.profession",
            "author.address",
            "author.email",
            "author.phone",
        ],
        "Liste des personnes impliquées": ["members.people"],
        "Problématique portée": [
            "problem.description",
            "problem.territory_specifics",
            "diagnosis.pathological_profile",
            "diagnosis.health_workforce",
            "problem.difficult_care",
            "missions.care_pathways",
        ],
        "modalités de travail existantes": ["diagnosis.territory_organisation"],
        "Objectif(s) visé(s)": ["project.summary", "project.objectives"],
        "Plan régional de santé": [
            "missions.prs_cls",
            "prs.transversal_axes",
            "prs.priority_pathways",
            "prs.care_activities",
        ],
        "Territoire couvert": [
            "territory.communes",
            "territory.aci_size",
            "diagnosis.demographic_profile",
            "diagnosis.social_profile",
            "population.beneficiaries",
        ],
        "Outils et méthodes": [
            "missions.means",
            "project.pluriprofessional_work",
            "project.commitments",
        ],
        "Déploiement": [
            "calendar.construction_start",
            "calendar.construction_end",
            "history.meetings",
            "calendar.letter_deposit",
            "calendar.health_project_deposit",
            "calendar.contracting",
            "calendar.implementation_start",
            "calendar.implementation_steps",
            "calendar.first_evaluations",
        ],
        "Partenariat et réseau": [
            "pta.exists",
            "pta.name",
            "pta.articulation",
            "partners.local_authorities",
        ],
        "Évaluation du financement": ["letter_funding.lines"],
    },
    "projet_sante": {
        "Projet de santé": ["health.version_date"],
        "Structure porteuse": [
            "structure.association_status",
            "structure.association_name",
            "structure.siret",
            "structure.address",
            "structure.phone",
            "structure.fax",
            "structure.email",
            "contact.name",
            "contact.profession",
            "contact.phone",
            "contact.email",
            "legal_rep.name",
            "legal_rep.role",
            "structure.bank_details_ready",
        ],
        "1.1. Contexte local": ["health.local_context"],
        "1.2. Historique": [
            "health.collaboration_history",
            "history.core_team",
            "history.communicated_to_all",
            "diagnosis.territory_organisation",
        ],
        "2. Territoire": ["territory.communes", "territory.aci_size", "population.patients"],
        "2.1. Contexte démographique": [
            "diagnosis.demographic_profile",
            "diagnosis.social_profile",
        ],
        "2.2. État des lieux": ["health.health_needs", "diagnosis.pathological_profile"],
        "2.3. Ressources sanitaires": [
            "territory.offer_analysis",
            "diagnosis.health_workforce",
            "territory.liberal_professionals",
            "diagnosis.coordinated_structures",
            "diagnosis.establishments",
        ],
        "3.1. Membres et partenaires": ["members.people", "members.partners"],
        "3.2. Structure juridique": ["structure.association_status", "structure.statutes_status"],
        "3.3. Gouvernance": ["governance.description"],
        "3.4. Fonctionnement": [
            "governance.decision_bodies",
            "governance.coordinator_role",
            "governance.working_groups",
        ],
        "3.5. Système d'information": [
            "information_systems.current",
            "diagnosis.monsisra",
            "information_systems.sharing_need",
            "information_systems.needs",
            "information_systems.mes_patients_known",
            "information_systems.mes_patients_planned",
        ],
        "3.6. Cohérence": ["coherence.existing_actors", "diagnosis.coordination_links"],
        "4.1. Objectifs généraux": ["health.general_objectives", "missions.objectives"],
        "4.2. Objectifs opérationnels": [
            "health.operational_objectives",
            "missions.gp_access",
            "missions.gp_access_plan",
            "missions.unscheduled_care",
            "missions.unscheduled_care_plan",
            "missions.sas_articulation",
            "missions.telehealth",
            "missions.care_pathways",
            "missions.care_pathways_plan",
            "missions.prevention",
            "missions.prevention_plan",
            "missions.health_crisis",
            "missions.health_crisis_plan",
            "missions.quality",
            "missions.quality_plan",
            "missions.pro_support",
            "missions.pro_support_plan",
            "missions.other_themes",
        ],
        "4.3. Indicateurs": [
            "evaluation.quantitative",
            "evaluation.quantitative_other",
            "evaluation.qualitative",
            "evaluation.qualitative_other",
        ],
        "4.4. Calendrier": ["calendar.implementation_start", "calendar.implementation_steps"],
        "5. Conclusion": ["health.conclusion", "health.signature_date"],
        "6.1.5. Budget": ["budget.multi_year", "budget.lines", "budget.sustainability"],
        "6.2. Fiches action": ["actions.sheets"],
    },
    "fiche_action": {"Fiches action": ["actions.sheets"]},
    "budget": {
        "Budget prévisionnel": ["budget.multi_year", "budget.lines", "budget.comment"],
        "Signature": ["legal_rep.name", "contracting.signature_date"],
    },
    "contractualisation": {
        "Projet en vue d'une contractualisation": [
            "project.creation_date",
            "author.name",
            "author.profession",
            "author.address",
            "author.email",
            "author.phone",
        ],
        "Communauté professionnelle territoriale de santé": [
            "structure.legal_form",
            "structure.legal_form_other",
            "structure.association_name",
            "structure.finess",
            "structure.address",
            "structure.phone",
            "structure.fax",
            "structure.email",
            "contact.name",
            "contact.profession",
            "contact.phone",
            "contact.email",
            "legal_rep.name",
            "legal_rep.role",
        ],
        "Territoire d'action": ["territory.communes", "territory.aci_size"],
        "Identification et analyse": ["territory.offer_analysis"],
        "Problématique": [
            "problem.description",
            "problem.territory_specifics",
            "diagnosis.pathological_profile",
            "diagnosis.health_workforce",
            "problem.difficult_care",
            "missions.care_pathways",
        ],
        "Modalités de travail et de communication": ["diagnosis.territory_organisation"],
        "Cohérence du projet": ["coherence.existing_actors", "diagnosis.coordination_links"],
        "Collectivités territoriales": ["partners.local_authorities"],
        "Plateforme territoriale": ["pta.exists", "pta.name", "pta.articulation"],
        "Structuration juridique": ["governance.description"],
        "Réunions de concertation": ["organisation.rcp"],
        "Protocoles de prise en charge": ["organisation.protocols"],
        "Composition de la CPTS": ["members.people"],
        "Contenu du projet": [
            "project.summary",
            "project.objectives",
            "population.beneficiaries",
            "population.patients",
        ],
        "Plan régional de santé": [
            "missions.prs_cls",
            "prs.transversal_axes",
            "prs.priority_pathways",
            "prs.care_activities",
        ],
        "Modalités de mise en œuvre": [
            "missions.means",
            "calendar.construction_start",
            "calendar.construction_end",
            "history.meetings",
            "calendar.letter_deposit",
            "calendar.health_project_deposit",
            "calendar.contracting",
            "calendar.implementation_start",
            "calendar.implementation_steps",
            "calendar.first_evaluations",
        ],
        "Modalités d'évaluation": [
            "evaluation.mandatory_indicators",
            "evaluation.quantitative",
            "evaluation.quantitative_other",
            "evaluation.qualitative",
            "evaluation.qualitative_other",
        ],
        "Dispositifs et systèmes": [
            "information_systems.current",
            "information_systems.sharing_need",
            "information_systems.needs",
        ],
        "Cadrage financier": ["budget.multi_year", "budget.lines", "budget.comment"],
        "Signature": ["contracting.signature_date", "legal_rep.name"],
    },
    "statuts": {
        "Statuts de l'association": [
            "structure.association_name",
            "statutes.signature_place",
            "statutes.signature_date",
            "statutes.signatories",
        ],
        "Article premier": ["statutes.usage_name"],
        "But et objet": ["statutes.object", "statutes.economic_activities"],
        "Siège social": ["structure.address", "statutes.seat_transfer_by_board"],
        "Durée": ["statutes.duration", "statutes.duration_end"],
        "Composition": [
            "statutes.member_categories",
            "statutes.member_persons",
            "statutes.legal_persons_representation",
        ],
        "Admission": ["statutes.admission", "statutes.admission_other"],
        "Cotisations": ["statutes.fees_in_statutes", "statutes.fees"],
        "Radiations": ["statutes.radiation_causes", "statutes.radiation_procedure"],
        "Affiliation": ["statutes.affiliation"],
        "Ressources": ["statutes.resources"],
        "Assemblée générale ordinaire": [
            "statutes.ag_month",
            "statutes.ag_quorum",
            "statutes.ag_majority",
        ],
        "Assemblée générale extraordinaire": ["statutes.age_convened_by", "statutes.age_majority"],
        "Conseil d'administration": [
            "statutes.board_size",
            "statutes.board_term_years",
            "statutes.board_renewal_half",
        ],
        "Le bureau": ["statutes.bureau_roles", "statutes.president_treasurer_separate"],
        "Indemnités": ["statutes.indemnities"],
        "Règlement intérieur": ["statutes.internal_rules"],
        "Dissolution": ["statutes.dissolution_beneficiary"],
        "Libéralités": ["statutes.liberalities"],
    },
}

# Questions that only steer what is printed (who writes the letter) and print nothing themselves.
ROUTING = {"author.is_contact"}
# Answers a document replaces by others: the letter and the contracting file name the writer
# (author.*) instead of the contact person when the team says they differ.
REPLACED = {
    "lettre_intention": {"contact.name", "contact.profession", "contact.phone", "contact.email"}
}
# Optional answers a document leaves out when they are empty (no marker).
OMITTED_WHEN_EMPTY = {
    "budget": {"budget.comment"},
    "contractualisation": {
        "budget.comment",
        "prs.comments",
        "evaluation.mandatory_indicators",
        "calendar.meetings",
    },
    "projet_sante": {"budget.comment"},
    "lettre_intention": {"prs.comments", "calendar.meetings"},
    "statuts": {
        "statutes.usage_name",
        "statutes.economic_activities",
        "statutes.radiation_procedure",
        "statutes.affiliation",
        "statutes.ag_quorum",
    },
}

# Statutes turn choices into clauses: what the full dossier's answer must read like.
MONTHS = {
    f"m{i:02d}": m
    for i, m in enumerate(
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        start=1,
    )
}
STATUTES_TEXT: dict[str, Any] = {
    "statutes.seat_transfer_by_board": lambda v: ["transféré par simple décision du conseil"],
    "statutes.duration": lambda v: ["L'association est constituée jusqu'au"],
    "statutes.duration_end": lambda v: [textfmt.date_long(v)],
    "statutes.member_persons": lambda v: ["personnes physiques et personnes morales"],
    "statutes.admission": lambda v: ["il faut remplir les conditions suivantes"],
    "statutes.fees_in_statutes": lambda v: ["annuellement une somme de"],
    "statutes.radiation_causes": lambda v: [
        "la démission",
        "le décès",
        "non-paiement de la cotisation ou pour motif grave",
    ],
    "statutes.resources": lambda v: [
        "droits d'entrée et des cotisations",
        "subventions de l'État",
        "Toutes les ressources autorisées",
    ],
    "statutes.ag_month": lambda v: [f"au mois de {MONTHS[v]}"],
    "statutes.ag_majority": lambda v: [
        "majorité des voix des membres présents ou représentés"
        if v == "present_represented"
        else "majorité des suffrages exprimés"
    ],
    "statutes.age_convened_by": lambda v: [
        "la moitié plus un des membres inscrits"
        if v == "half_plus_one"
        else "d'un quart des membres"
    ],
    "statutes.age_majority": lambda v: ["Les délibérations sont prises à la majorité"],
    "statutes.board_renewal_half": lambda v: ["renouvelé chaque année par moitié"],
    "statutes.bureau_roles": lambda v: ["un(e) président(e)", "un(e) trésorier(e) adjoint(e)"],
    "statutes.president_treasurer_separate": lambda v: ["ne sont pas cumulables"],
    "statutes.indemnities": lambda v: [
        "gratuites et bénévoles" if v == "volunteer" else "article D1434-44"
    ],
    "statutes.internal_rules": lambda v: ["Un règlement intérieur peut être établi"],
    "statutes.liberalities": lambda v: ["adressés chaque année au Préfet du département"],
    "statutes.signature_date": lambda v: [textfmt.date_long(v)],
}
OTHER_TEXT: dict[tuple[str, str], Any] = {
    ("projet_sante", "structure.bank_details_ready"): lambda v: ["joint au dossier"],
}


def marker_of(owner) -> str:
    """The marker text a missing answer prints: its label and the one-line hint of its help."""
    return expect(marker_text(marker_label(owner.label, hint_of(owner.help))))


@pytest.fixture(scope="module")
def bundle():
    return default_bundle()


@pytest.fixture(scope="module")
def full(bundle) -> Dossier:
    return full_dossier(bundle)


def render(bundle, dossier: Dossier, doc_id: str, action_id: str | None = None) -> bytes:
    return service.render_document(
        bundle, dossier, doc_id, cpts_name="CPTS Test", action_id=action_id, generated_on=DATE
    )


@pytest.fixture(scope="module")
def full_docs(bundle, full) -> dict[str, list[Block]]:
    return {doc_id: blocks(render(bundle, full, doc_id)) for doc_id in DOC_IDS}


@pytest.fixture(scope="module")
def empty_docs(bundle) -> dict[str, list[Block]]:
    return {doc_id: blocks(render(bundle, {}, doc_id)) for doc_id in DOC_IDS}


def _expected(doc_id: str, qid: str, bundle, value: Any) -> list[str]:
    if doc_id == "statuts" and qid in STATUTES_TEXT:
        return STATUTES_TEXT[qid](value)
    if (doc_id, qid) in OTHER_TEXT:
        return OTHER_TEXT[(doc_id, qid)](value)
    return expected_texts(bundle.questions[qid], value)


# --------------------------------------------------------------------------- full dossier


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_answer_appears_in_its_section(doc_id, bundle, full, full_docs):
    items = full_docs[doc_id]
    missing: list[str] = []
    for heading, qids in WHERE[doc_id].items():
        text = full_text(section(items, heading))
        for qid in qids:
            for expected in _expected(doc_id, qid, bundle, full[qid].value):
                if expected not in text:
                    missing.append(f"{heading} / {qid}: {expected!r}")
    assert missing == []


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_where_covers_every_visible_question_of_the_document(doc_id, bundle, full):
    spec = catalog.get(doc_id)
    placed = {qid for qids in WHERE[doc_id].values() for qid in qids}
    visible = {q.id for q in catalog.questions_of(bundle, spec) if is_visible(bundle, q, full)}
    assert visible - placed - ROUTING - REPLACED.get(doc_id, set()) == set()


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_full_dossier_leaves_no_answer_marker(doc_id, bundle, full, full_docs):
    expected = {marker_of(q) for q in bundle.questions.values()}
    marked = {m for b in full_docs[doc_id] for m in b.marked}
    answered_markers = marked & expected
    assert answered_markers == set()


# --------------------------------------------------------------------------- empty dossier


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_missing_answer_is_a_marker_with_its_label(doc_id, bundle, empty_docs):
    spec = catalog.get(doc_id)
    marked = {m for b in empty_docs[doc_id] for m in b.marked}
    skip = ROUTING | OMITTED_WHEN_EMPTY.get(doc_id, set())
    wanted = [
        q
        for q in catalog.questions_of(bundle, spec)
        if is_visible(bundle, q, {}) and q.id not in skip
    ]
    assert wanted
    absent = [q.id for q in wanted if marker_of(q) not in marked]
    assert absent == []


def test_hidden_questions_leave_no_marker(bundle, empty_docs):
    # SIRET is only asked once the association exists: no marker in an empty dossier
    siret = bundle.questions["structure.siret"]
    assert marker_of(siret) not in full_text(empty_docs["preprojet"])


def test_unknown_answer_is_a_marker(bundle, full):
    dossier = dict(full)
    dossier["history.core_team"] = Answer(value=None, status="unknown")
    items = blocks(render(bundle, dossier, "preprojet"))
    assert marker_of(bundle.questions["history.core_team"]) in {
        m for b in section(items, "Noyau dur") for m in b.marked
    }


# --------------------------------------------------------------------------- tables


def _rows_with(items: list[Block], first_cell: str) -> list[str]:
    return [b.text for b in items if b.level is None and b.text.startswith(first_cell)]


def test_communes_table_rows_total_and_tier(bundle, full, full_docs):
    communes = full["territory.communes"].value
    total = sum(c["population"] for c in communes)
    for doc_id in ("preprojet", "lettre_intention", "projet_sante", "contractualisation"):
        items = full_docs[doc_id]
        for c in communes:
            row = f"{c['insee']} | {c['name']} | "
            assert any(b.text.startswith(row) for b in items), (doc_id, c)
            assert any(
                b.text.endswith(textfmt.number(c["population"])) for b in items if row in b.text
            )
        total_row = _rows_with(items, "Total | ")[0]
        assert total_row == f"Total | {len(communes)} communes |  | {textfmt.number(total)}"
        text = full_text(items)
        tier = tier_for(total).label
        assert f"Population totale : {textfmt.population(total)}, soit la {tier}" in text


def test_people_table_marks_uncertain_participation(bundle, full, full_docs):
    rows = full["members.people"].value
    uncertain = [r["name"] for r in rows if r["participation"] == "uncertain"]
    assert uncertain
    items = section(full_docs["preprojet"], "Personnes impliquées")
    for name in uncertain:
        assert any(name in b.text and b.text.endswith("Incertaine") for b in items)
    assert f"Participation encore incertaine : {', '.join(uncertain)}." in full_text(items)


def test_letter_splits_engaged_and_solicited_people(bundle, full, full_docs):
    rows = full["members.people"].value
    items = full_docs["lettre_intention"]
    engaged = full_text(section(items, "engagés directement"))
    solicited = full_text(section(items, "sollicités"))
    for r in rows:
        inside, outside = (
            (solicited, engaged) if r["participation"] == "uncertain" else (engaged, solicited)
        )
        assert r["name"] in inside and r["name"] not in outside


@pytest.mark.parametrize(
    ("doc_id", "heading"),
    [
        ("lettre_intention", "Liste des personnes impliquées"),
        ("contractualisation", "Composition de la CPTS"),
    ],
)
def test_people_tables_have_a_sector_column_with_a_dash_when_empty(bundle, full, doc_id, heading):
    # the seeds' « Secteur Activité » column, third after name and profession; the field is
    # optional: a row without a sector shows a dash, never the « à compléter » marker
    field = next(f for f in bundle.questions["members.people"].fields if f.id == "sector")
    labels = {c.value: c.label for c in field.choices}
    rows = [dict(r) for r in full["members.people"].value]
    assert {r["sector"] for r in rows} == {"sanitaire", "medico_social"}
    rows.append({**rows[0], "_id": "no-sector", "name": "Sans Secteur"})
    del rows[-1]["sector"]
    dossier = {**full, "members.people": Answer(value=rows)}
    items = section(blocks(render(bundle, dossier, doc_id)), heading)
    headers = [b.text.split(" | ") for b in items if b.text.startswith("NOM Prénom | ")]
    assert headers and all(h[2] == "Secteur d'activité" for h in headers)
    for r in rows:
        cells = next(b.text.split(" | ") for b in items if b.text.startswith(f"{r['name']} | "))
        assert cells[1:4] == [r["category"], labels.get(r.get("sector"), "—"), r["place"]]
    assert marker_of(field) not in {m for b in items for m in b.marked}


def test_budget_totals_and_unbalanced_warning(bundle, full, full_docs):
    charges = sum(r["amount"] for r in BUDGET_ROWS if r["line"][0] == "6")
    products = sum(r["amount"] for r in BUDGET_ROWS if r["line"][0] == "7")
    assert charges != products
    for doc_id in ("budget", "contractualisation", "projet_sante"):
        text = full_text(full_docs[doc_id])
        total_row = (
            f"Total des charges | {textfmt.money(charges)} | Total des produits | "
            f"{textfmt.money(products)}"
        )
        assert total_row in text, doc_id
        assert "Attention : budget non équilibré." in text
        assert f"déficit de {textfmt.money(charges - products)}" in text


def _budget_dossier(full: Dossier, rows: list[dict], multi: bool = False) -> Dossier:
    dossier = dict(full)
    dossier["budget.lines"] = Answer(value=[{"_id": f"x{i}", **r} for i, r in enumerate(rows)])
    dossier["budget.multi_year"] = Answer(value=multi)
    return dossier


def test_balanced_budget_says_so_without_warning(bundle, full):
    rows = [
        {"line": "64_remunerations", "amount": 40000},
        {"line": "61_locations", "amount": 2000},
        {"line": "74_ars", "amount": 30000},
        {"line": "74_region", "amount": 12000},
    ]
    text = full_text(blocks(render(bundle, _budget_dossier(full, rows), "budget")))
    assert "Budget équilibré : total des charges = total des produits = 42\u202f000\u00a0€." in text
    assert "non équilibré" not in text
    assert "64- Charges de personnel | 40\u202f000\u00a0€" in text  # section subtotal


def test_multi_year_budget_has_one_table_per_year(bundle, full):
    rows = [
        {"line": "64_remunerations", "amount": 40000, "year": 2027},
        {"line": "74_ars", "amount": 40000, "year": 2027},
        {"line": "64_remunerations", "amount": 45000, "year": 2028},
        {"line": "74_ars", "amount": 44000, "year": 2028},
    ]
    items = blocks(render(bundle, _budget_dossier(full, rows, multi=True), "budget"))
    text = full_text(items)
    assert "Budget prévisionnel 2027" in text and "Budget prévisionnel 2028" in text
    assert "Budget prévisionnel, toutes années confondues" in text
    totals = _rows_with(items, "Total des charges")
    assert totals == [
        "Total des charges | 40\u202f000\u00a0€ | Total des produits | 40\u202f000\u00a0€",
        "Total des charges | 45\u202f000\u00a0€ | Total des produits | 44\u202f000\u00a0€",
        "Total des charges | 85\u202f000\u00a0€ | Total des produits | 84\u202f000\u00a0€",
    ]
    assert text.count("Attention : budget non équilibré.") == 2  # 2028 and the whole


def test_preprojet_budget_table_totals_against_the_grant(bundle, full, full_docs):
    amounts = [
        full[f"budget_preprojet.{k}"].value for k in ("communication", "meetings", "staff_amount")
    ]
    items = section(full_docs["preprojet"], "9. Budget")
    total_row = _rows_with(items, "Total des charges")[0]
    assert total_row == (
        f"Total des charges | {textfmt.money(sum(amounts))} | Total des produits | "
        f"{textfmt.money(15000)}"
    )
    assert "Subvention ARS | 15\u202f000\u00a0€" in full_text(items)
    dossier = dict(full)
    for key, value in (("communication", 1500), ("meetings", 2500), ("staff_amount", 11000)):
        dossier[f"budget_preprojet.{key}"] = Answer(value=value)
    balanced = full_text(section(blocks(render(bundle, dossier, "preprojet")), "9. Budget"))
    assert "non équilibré" not in balanced
    assert "non équilibré" in full_text(items)


def test_letter_funding_totals(bundle, full, full_docs):
    rows = full["letter_funding.lines"].value
    sums = {k: sum(r.get(k) or 0 for r in rows) for k in ("urps", "ars", "other")}
    total_row = _rows_with(
        section(full_docs["lettre_intention"], "Évaluation du financement"), "Total"
    )[0]
    assert total_row == " | ".join(
        [
            "Total",
            *(textfmt.money(sums[k]) for k in ("urps", "ars", "other")),
            textfmt.money(sum(sums.values())),
        ]
    )


def test_prs_tables_keep_only_the_chosen_rows(bundle, full):
    dossier = dict(full)
    dossier["prs.transversal_axes"] = Answer(value=["numerique"])
    dossier["prs.priority_pathways"] = Answer(value=["cancer"])
    dossier["prs.care_activities"] = Answer(value=["montagne", "had"])
    for doc_id in ("lettre_intention", "contractualisation"):
        text = full_text(section(blocks(render(bundle, dossier, doc_id)), "Plan régional de santé"))
        for kept in (
            "Transformation numérique en santé",
            "Parcours cancer",
            "Populations en zones de montagne",
            "Modalité de prise en charge en HAD",
        ):
            assert kept in text
        for dropped in (
            "Pertinence",
            "Parcours vieillissement",
            "Soins palliatifs",
            "Présence médicale et soignante",
        ):
            assert dropped not in text


def test_action_sheets_are_appended_and_available_alone(bundle, full, full_docs):
    sheets = full["actions.sheets"].value
    annex = full_text(section(full_docs["projet_sante"], "6.2. Fiches action"))
    for n, sheet in enumerate(sheets, start=1):
        assert f"6.2.{n}. Action {n} : {sheet['title']}" in annex
        alone = full_text(blocks(render(bundle, full, "fiche_action", action_id=str(n))))
        assert sheet["description"].split("\n")[0] in alone
        other = sheets[2 - n]
        assert other["description"].split("\n")[0] not in alone
    by_id = full_text(blocks(render(bundle, full, "fiche_action", action_id=sheets[1]["_id"])))
    assert sheets[1]["title"] in by_id


def test_empty_fiche_action_is_the_blank_model(bundle, empty_docs):
    marked = {m for b in empty_docs["fiche_action"] for m in b.marked}
    for f in bundle.questions["actions.sheets"].fields:
        assert marker_of(f) in marked


# --------------------------------------------------------------------------- recipient


def _communes(*names: str) -> list[dict]:
    from bot.rules.territory import sum_communes

    found = sum_communes(list(names))
    return [
        {"insee": c.insee, "name": c.name, "department": c.department, "population": c.population}
        for c in found.resolved
    ]


@pytest.mark.parametrize(
    ("communes", "present", "absent"),
    [
        (
            ("Voiron", "Moirans"),
            ["Agence régionale de santé Auvergne-Rhône-Alpes", "Garibaldi"],
            ["Montpellier"],
        ),
        (
            ("Montpellier (34)", "Lattes"),
            ["Parc-Club du Millénaire", "34067 Montpellier Cedex 2"],
            ["Agence régionale de santé Occitanie", "Garibaldi"],
        ),
        (
            ("Rennes", "Cesson-Sévigné"),
            ["Agence régionale de santé Bretagne"],
            ["Montpellier", "Garibaldi"],
        ),
    ],
)
def test_letter_is_addressed_to_the_ars_of_the_region(bundle, full, communes, present, absent):
    dossier = dict(full)
    dossier["territory.communes"] = Answer(value=_communes(*communes))
    items = blocks(render(bundle, dossier, "lettre_intention"))
    head = "\n".join(b.text for b in items[:6])
    for text in present:
        assert text in head
    for text in absent:
        assert text not in head


# --------------------------------------------------------------------------- completeness


def test_completeness_counts_answered_questions_and_markers(bundle):
    empty_answered, empty_total = completeness(bundle, {}, "preprojet")
    assert empty_answered == 0 and empty_total > 0
    dossier = {
        "structure.association_name": Answer(value="CPTS Test"),
        "structure.association_status": Answer(value="yes"),  # makes SIRET visible
        "history.core_team": Answer(value=None, status="unknown"),  # not counted as answered
    }
    answered, total = completeness(bundle, dossier, "preprojet")
    assert answered == 2
    summary = service.summary_text(answered, total)
    assert summary == f"2/{total} rubriques renseignées."
    document = docx.Document(__import__("io").BytesIO(render(bundle, dossier, "preprojet")))
    first = document.paragraphs[0]
    assert first.style.style_id == "Summary" and plain(first.text).startswith(summary)
    assert "signalés « À compléter » dans ce document" in plain(first.text)  # the true count


def test_completeness_of_a_full_dossier_is_complete(bundle, full):
    for doc_id in DOC_IDS:
        answered, total = completeness(bundle, full, doc_id)
        assert answered == total > 0, doc_id


def test_available_documents_lists_every_document_with_actions(bundle, full):
    docs = service.available_documents(bundle, full)
    assert [d.id for d in docs] == DOC_IDS
    fiche = next(d for d in docs if d.id == "fiche_action")
    assert [a.title for a in fiche.actions] == [r["title"] for r in full["actions.sheets"].value]


def test_preview_of_one_section(bundle, full):
    text = service.preview(
        bundle,
        full,
        "preprojet",
        "9. Budget prévisionnel lié au financement ARS au titre du pré-projet",
    )
    assert text.startswith("9. Budget")
    assert "Subvention ARS" in text and "Noyau dur" not in text


def test_context_exposes_raw_values_and_labels(bundle, full):
    context = build_context(bundle, full, "preprojet")
    people = context["members"].people
    assert people.raw == full["members.people"].value
    assert people.label == bundle.questions["members.people"].label
    assert [r.name for r in people.rows] == [r["name"] for r in full["members.people"].value]
    assert context["perimeter"]["population_raw"] == sum(
        c["population"] for c in full["territory.communes"].value
    )
    empty = build_context(bundle, {}, "preprojet")
    assert not empty["structure"].association_name
    assert empty["structure"].association_name.label == "Nom de l'association"


def test_answer_that_no_longer_fits_its_question_is_a_marker(bundle, full):
    dossier = dict(full)
    dossier["territory.communes"] = Answer(value="Voiron, Moirans")  # an old free-text answer
    dossier["statutes.bureau_roles"] = Answer(value=["president", "tresorier_general"])
    items = blocks(render(bundle, dossier, "preprojet"))
    assert marker_of(bundle.questions["territory.communes"]) in {
        m for b in section(items, "2. Territoire") for m in b.marked
    }
    statutes = blocks(render(bundle, dossier, "statuts"))
    assert marker_of(bundle.questions["statutes.bureau_roles"]) in {
        m for b in section(statutes, "Le bureau") for m in b.marked
    }
    answered, total = completeness(bundle, dossier, "preprojet")
    assert answered == total - 1


# --------------------------------------------------------------------------- content fixes
# (issue 10, item 6): answers reused across documents, no « Sans objet » without its
# answer, SISA gone, the indemnity article follows its question, the seed gaps closed.


def _preprojet_only(full: Dossier, bundle) -> Dossier:
    """The full dossier's answers to the pré-projet's own questions, nothing else."""
    own = {qid for iv, qid in bundle.definitions if iv == "preprojet"}
    return {qid: a for qid, a in full.items() if qid in own}


REUSED_IN_LETTER = {
    # pré-projet question → where the letter shows it
    "structure.association_name": "Lettre d'intention",
    "structure.address": "Lettre d'intention",
    "history.meetings": "Déploiement",
    "missions.prs_cls": "Plan régional de santé",
}


def test_letter_reuses_preprojet_answers_without_asking_again(bundle, full):
    from bot.dialogs import engine

    dossier = _preprojet_only(full, bundle)
    letter = blocks(render(bundle, dossier, "lettre_intention"))
    for qid, heading in REUSED_IN_LETTER.items():
        for expected in _expected("lettre_intention", qid, bundle, dossier[qid].value):
            assert expected in full_text(section(letter, heading)), (qid, expected)
    asked: list[str] = []
    after = None
    while (step := engine.next_step(bundle, "lettre_intention", dossier, after)).question:
        asked.append(step.question.id)
        after = step.question.id
    still_missing = {q.id for q in engine.missing(bundle, "lettre_intention", dossier)}
    for qid in [*REUSED_IN_LETTER, "project.title", "calendar.meetings", "prs.comments"]:
        assert qid not in asked, qid
        assert qid not in still_missing, qid
    # the title is the association's name; the sender address the head office
    header = full_text(section(letter, "Lettre d'intention"))
    assert f"Intitulé du projet | {dossier['structure.association_name'].value}" in header


def test_letter_funding_table_starts_from_the_preprojet_budget(bundle, full):
    dossier = _preprojet_only(full, bundle)
    amounts = [dossier[f"budget_preprojet.{k}"].value for k in ("communication", "meetings")]
    amounts.append(dossier["budget_preprojet.staff_amount"].value)
    letter = blocks(render(bundle, dossier, "lettre_intention"))
    funding = full_text(section(letter, "Évaluation du financement"))
    for amount in amounts:
        assert textfmt.money(amount) in funding
    assert textfmt.money(sum(amounts)) in funding
    assert "Montants du budget du pré-projet" in funding
    # once the team details the letter's own table, that table wins
    own = blocks(render(bundle, full, "lettre_intention"))
    assert "Montants du budget du pré-projet" not in full_text(
        section(own, "Évaluation du financement")
    )


def test_statuts_head_office_is_the_preprojet_address_never_asked_again(bundle, full):
    from bot.dialogs import engine

    dossier = _preprojet_only(full, bundle)
    statuts = blocks(render(bundle, dossier, "statuts"))
    address = dossier["structure.address"].value
    assert f"Le siège social est fixé à : {address}." in full_text(section(statuts, "Siège social"))
    asked: list[str] = []
    after = None
    while (step := engine.next_step(bundle, "statuts", dossier, after)).question:
        asked.append(step.question.id)
        after = step.question.id
    assert asked and "structure.address" not in asked
    assert "structure.address" in {q.id for q in bundle.interview_questions("statuts")}
    assert "statutes.seat" not in bundle.questions


def test_early_mission_is_sans_objet_only_when_the_accelerator_is_refused(bundle, full):
    def mission(dossier: Dossier) -> str:
        return full_text(section(blocks(render(bundle, dossier, "preprojet")), "7. Mission"))

    unanswered = {k: v for k, v in full.items() if not k.startswith("support.")}
    assert "Sans objet" not in mission(unanswered)
    refused = {**unanswered, "support.accelerator": Answer(value=False)}
    assert "Sans objet" in mission(refused)
    accepted = {**unanswered, "support.accelerator": Answer(value=True)}
    assert "Sans objet" not in mission(accepted)
    assert marker_of(bundle.questions["support.early_mission"]) in mission(accepted)


def test_no_sans_objet_anywhere_in_an_empty_dossier(empty_docs):
    for doc_id, items in empty_docs.items():
        assert "sans objet" not in full_text(items).lower(), doc_id


def test_sisa_is_not_offered_for_the_legal_form(bundle):
    q = bundle.questions["structure.legal_form"]
    assert "sisa" not in {c.value for c in q.choices}
    assert all("SISA" not in c.label for c in q.choices)
    text = full_text(blocks(render(bundle, {}, "contractualisation")))
    assert "SISA" not in text


@pytest.mark.parametrize(
    ("answer", "present", "absent"),
    [
        ("volunteer", "sont gratuites et bénévoles", "peuvent percevoir des indemnités"),
        ("indemnified", "peuvent percevoir des indemnités", "sont gratuites et bénévoles"),
        (None, "sont gratuites et bénévoles", "peuvent percevoir des indemnités"),
    ],
)
def test_indemnity_question_drives_the_indemnity_article(bundle, full, answer, present, absent):
    dossier = dict(full)
    if answer is None:
        del dossier["statutes.indemnities"]
    else:
        dossier["statutes.indemnities"] = Answer(value=answer)
    items = section(blocks(render(bundle, dossier, "statuts")), "Indemnités")
    text = full_text(items)
    assert present in text and absent not in text
    marker = marker_of(bundle.questions["statutes.indemnities"])
    assert (marker in {m for b in items for m in b.marked}) is (answer is None)
    if answer == "indemnified":
        assert "article D1434-44 du code de la santé publique" in text
        assert "plafond annuel de la sécurité sociale" in text
        assert f"Plafond 2026 : {textfmt.money(48_060)}" in text and "confiance moyenne" in text
    else:
        assert "Plafond 2026" not in text


def test_indemnity_ceiling_2026_comes_from_facts_with_its_source():
    from bot.rules.facts import legal_form

    ceiling = legal_form().indemnities.ceiling_recent
    assert {v.year: v.amount for v in ceiling.values}[2026] == 48_060
    assert ceiling.confidence == "moyenne" and ceiling.as_of


def test_budget_has_the_seed_footnotes_and_a_signature_block(bundle, full):
    from bot.rules.budget import chart_table

    notes = chart_table().footnotes
    text = full_text(blocks(render(bundle, full, "budget")))
    for note in (notes.subsidies, notes.epci, notes.contributions):
        assert " ".join(note.split())[:60] in text
    signature = full_text(section(blocks(render(bundle, full, "budget")), "Signature"))
    assert full["legal_rep.name"].value in signature
    assert "Signature :" in signature


def test_contracting_file_has_rcp_protocols_and_mandatory_indicators(bundle, full):
    from bot.rules.facts import indicators

    items = blocks(render(bundle, full, "contractualisation"))
    rcp = full_text(section(items, "Réunions de concertation pluriprofessionnelles"))
    assert full["organisation.rcp"].value.split("\n")[0] in rcp
    protocols = full_text(section(items, "Protocoles de prise en charge"))
    assert full["organisation.protocols"].value.split("\n")[0] in protocols
    evaluation = full_text(section(items, "Modalités d'évaluation"))
    for item in indicators().national.items:
        assert " ".join(item.split()) in evaluation
    assert full["evaluation.mandatory_indicators"].value.split("\n")[0] in evaluation


def test_letter_states_commitments_and_the_origin_of_its_model(bundle, full):
    items = blocks(render(bundle, full, "lettre_intention"))
    assert full["project.commitments"].value.split("\n")[0] in full_text(
        section(items, "Engagements des professionnels")
    )
    assert "URPS Médecins Libéraux d'Occitanie" in full_text(items)
    empty = blocks(render(bundle, {}, "lettre_intention"))
    assert marker_of(bundle.questions["project.commitments"]) in {
        m for b in empty for m in b.marked
    }


def test_markers_carry_a_one_line_hint_from_the_help(bundle, empty_docs):
    q = bundle.questions["diagnosis.social_profile"]
    assert q.help
    marked = {m for b in empty_docs["preprojet"] for m in b.marked}
    [found] = [m for m in marked if m.startswith(expect(marker_text(q.label))[:-1] + " — ")]
    assert len(found) < 200 and "\n" not in found


def test_empty_letter_funding_prints_dashes_not_zero_totals(bundle):
    text = full_text(section(blocks(render(bundle, {}, "lettre_intention")), "Évaluation du"))
    assert "0 €" not in text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(
    ("help_text", "hint"),
    [
        (None, ""),
        ("Une phrase. Une autre.", "Une phrase"),
        ("Avant ; après.", "Avant"),
        ("Voir l'art. L1434-12-1 du code. Suite.", "Voir l'art. L1434-12-1 du code"),
        ("Le guide, p. 12. Suite.", "Le guide, p. 12"),
        ("Taux de la C2S : 8 %. Suite.", "Taux de la C2S : 8 %"),
        ("mot " * 60, ("mot " * 27).strip() + "…"),
    ],
)
def test_hint_is_the_first_sentence_on_one_line(help_text, hint):
    assert hint_of(help_text) == hint


def test_value_model_says_empty_and_required(bundle, full):
    empty = build_context(bundle, {}, "preprojet")
    assert empty["members"].people.empty and empty["perimeter"].empty
    assert empty["budget_tables"].empty and empty["funding_table"].empty
    assert empty["members"].people.required is True
    assert empty["calendar"].meetings.required is False  # optional: the sending version omits it
    filled = build_context(bundle, full, "preprojet")
    assert not filled["members"].people.empty and not filled["perimeter"].empty
    assert not filled["budget_tables"].empty
    assert filled["structure"].address.empty is False


def test_empty_preprojet_budget_prints_no_zero_total(bundle):
    text = full_text(section(blocks(render(bundle, {}, "preprojet")), "9. Budget"))
    assert "Total des charges | —" in text


# --------------------------------------------------------------------------- versions

COACHING = (
    "une représentativité d'environ",
    "Attention : budget non équilibré",
    "Plafond 2026",
    "rubriques renseignées",
)


def _coached_dossier(bundle, full: Dossier) -> Dossier:
    """A dossier that triggers every note for the team: low representativity, an unbalanced
    pré-projet and budget, indemnities chosen."""
    return {
        **full,
        "diagnosis.health_workforce_total": Answer(value=10_000),
        "budget_preprojet.communication": Answer(value=99_999),
        "statutes.indemnities": Answer(value="indemnified"),
        "budget.lines": Answer(value=[{"line": "64_remunerations", "amount": 1_000}]),
    }


@pytest.mark.parametrize("doc_id", ["preprojet", "statuts", "budget"])
def test_sending_version_has_no_coaching_and_working_version_has_it(bundle, full, doc_id):
    dossier = _coached_dossier(bundle, full)

    def text(version: str) -> str:
        data = service.render_document(
            bundle, dossier, doc_id, cpts_name="CPTS Test", generated_on=DATE, version=version
        )
        return full_text(blocks(data))

    working, sending = text("travail"), text("envoi")
    assert [c for c in COACHING if c in sending] == []
    assert any(c in working for c in COACHING)
    assert "rubriques renseignées" in working


def test_sending_version_leaves_empty_optional_items_out(bundle, full):
    dossier = {k: v for k, v in full.items() if k != "statutes.usage_name"}
    optional = bundle.questions["statutes.usage_name"]
    required = bundle.questions["statutes.object"]
    del dossier["statutes.object"]
    assert not optional.required and required.required
    working = build_context(bundle, dossier, "statuts")
    sending = build_context(bundle, dossier, "statuts", version="envoi")
    assert not working["statutes"].usage_name.answered
    assert str(working["statutes"].usage_name) != "" and str(sending["statutes"].usage_name) == ""
    assert str(sending["statutes"].object) == str(working["statutes"].object) != ""


def test_dates_are_written_in_full(bundle, full, full_docs):
    """Every date answer reads « 12 mars 2026 » in a document, never « 12/03/2026 »."""
    dates = {
        qid: a.value
        for qid, a in full.items()
        if bundle.questions.get(qid) is not None
        and bundle.questions[qid].type.value == "date"
        and isinstance(a.value, str)
    }
    assert dates, "the full dossier answers date questions"
    shown = 0
    for doc_id, items in full_docs.items():
        text = full_text(items)
        assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", text), doc_id
        shown += sum(expect(textfmt.date_long(v)) in text for v in dates.values())
    assert shown > 0
