"""The catalog against the interviews and templates: every name a template reads exists.

A template reads question answers as ``<prefix>.<name>`` (the question id) and derived
values by their top-level names (``bot.documents.context.DERIVED``). Both are checked
statically on the Jinja syntax tree, so a renamed question or a typo in a template fails
here rather than at the first user's render.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.dialogs.loader import default_bundle
from bot.documents import catalog, service
from bot.documents.context import DERIVED, REGISTRY, Derived, derived_problems
from tests.test_documents_data import blocks, full_dossier, full_text

TEMPLATES = catalog.document_templates()


@pytest.fixture(scope="module")
def bundle():
    return default_bundle()


def test_catalog_matches_bundle_and_templates(bundle):
    assert catalog.check_catalog(bundle) == []


def test_every_interview_document_is_in_the_catalog(bundle):
    for iv in bundle.interviews.values():
        if iv.document:
            assert catalog.get(iv.document).id == iv.document


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_reads_only_questions_and_derived_values(bundle, template):
    assert catalog.template_problems(bundle, template) == []


def test_template_check_catches_unknown_names(bundle):
    source = "{{ structure.nom }} {{ inconnu }} {{ perimeter.nope }} {{ table.rows }}\n"
    problems = catalog.template_problems(bundle, "partials/probe.md.j2", source)
    assert sorted(problems) == [
        "partials/probe.md.j2: no question structure.nom",
        "partials/probe.md.j2: perimeter has no nope",
        "partials/probe.md.j2: unknown name inconnu",
    ]
    # the same text outside partials/ may not read a partial's parameters
    assert "main.md.j2: unknown name table" in catalog.template_problems(
        bundle, "main.md.j2", source
    )


def test_derived_names_never_shadow_questions(bundle):
    prefixes = {qid.split(".")[0] for qid in bundle.questions}
    assert prefixes & DERIVED == set()


def test_derived_registry_reads_only_known_questions(bundle):
    assert derived_problems(bundle) == []
    assert {d.name for d in REGISTRY} == DERIVED


def test_a_derived_value_reading_an_unknown_question_fails_the_startup_check(bundle, monkeypatch):
    bad = Derived("probe", ("structure.adresse_siege", "structure.address"), lambda i: {})
    clash = Derived("structure", (), lambda i: {})
    assert derived_problems(bundle, (*REGISTRY, bad, clash)) == [
        "derived value probe reads unknown question structure.adresse_siege",
        "derived value structure clashes with a question prefix",
    ]
    # and the start-up check (check_catalog, run by the conversation) reports it
    from bot.documents.context import derived as derived_module

    monkeypatch.setattr(derived_module, "REGISTRY", (*REGISTRY, bad))
    assert catalog.check_catalog(bundle) == [
        "derived value probe reads unknown question structure.adresse_siege"
    ]


@pytest.mark.parametrize("doc_id", [s.id for s in catalog.documents()])
def test_no_markdown_syntax_leaks_into_documents(bundle, doc_id):
    for dossier in ({}, full_dossier(bundle)):
        data = service.render_document(
            bundle, dossier, doc_id, cpts_name="CPTS", generated_on=dt.date(2026, 3, 12)
        )
        text = full_text(blocks(data))
        for leak in ("**", "\\", "|---", "{{", "{%", "\ue000", "\ue001", "\ue002"):
            assert leak not in text, (doc_id, leak)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("CPTS des Trois Vallées", "pre-projet-cpts-des-trois-vallees"),
        ("St-Étienne & co / « test »", "pre-projet-saint-etienne-co-test"),
        ("", "pre-projet-cpts"),
        ("👩‍⚕️", "pre-projet-cpts"),
        ("x" * 200, "pre-projet-" + "x" * 40),
    ],
)
def test_file_names_are_safe(name, stem):
    assert catalog.file_stem(catalog.get("preprojet"), name) == stem


def test_action_file_name_carries_its_number():
    spec = catalog.get("fiche_action")
    assert catalog.file_stem(spec, "CPTS A", 3) == "fiche-action-3-cpts-a"
    assert catalog.file_stem(spec, "CPTS A") == "fiches-action-cpts-a"


def test_unknown_document_is_a_key_error():
    with pytest.raises(catalog.UnknownDocument):
        catalog.get("nope")
