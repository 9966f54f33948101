"""Loading interview YAML and checking the bundle as a whole."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.dialogs.loader import (
    InterviewLoadError,
    check_bundle,
    default_bundle,
    load_bundle,
)
from bot.paths import INTERVIEWS_DIR


def write(directory: Path, name: str, body: str) -> Path:
    path = directory / f"{name}.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


HEADER = """\
id: {id}
order: {order}
title: "Titre {id}"
short_title: "{id}"
source: seed.txt
source_date: "2019"
description: "Description."
"""


def drop(body: str, line: str) -> str:
    """Remove a whole line (with its indentation) from a YAML snippet."""
    return "".join(x for x in body.splitlines(keepends=True) if x.strip() != line)


def interview(iv_id: str, sections: str, order: int = 10) -> str:
    return HEADER.format(id=iv_id, order=order) + textwrap.dedent(sections)


GOOD_A = """\
sections:
  - id: first
    title: "Premier"
    items:
      - id: a.status
        label: "Statut"
        prompt: "Statut ?"
        type: choice
        choices:
          - {value: "yes", label: "Oui"}
          - {value: "no", label: "Non"}
      - id: a.name
        label: "Nom"
        prompt: "Nom ?"
        type: text
        when: {question: a.status, equals: "yes"}
"""

GOOD_B = """\
sections:
  - id: second
    title: "Second"
    items:
      - use: a.status
      - use: a.name
      - id: b.people
        label: "Personnes"
        prompt: "Qui ?"
        type: group
        row_label: personne
        fields:
          - {id: name, label: "Nom", prompt: "Nom ?", type: text}
"""


@pytest.fixture
def good_dir(tmp_path: Path) -> Path:
    write(tmp_path, "alpha", interview("alpha", GOOD_A, order=20))
    write(tmp_path, "beta", interview("beta", GOOD_B, order=30))
    return tmp_path


def test_real_bundle_is_clean() -> None:
    bundle = load_bundle(INTERVIEWS_DIR)
    assert check_bundle(bundle) == []
    assert "preprojet" in bundle.interviews


def test_default_bundle_is_cached_and_ordered() -> None:
    first = default_bundle()
    assert default_bundle() is first
    orders = [iv.order for iv in first.interviews.values()]
    assert orders == sorted(orders)
    assert next(iter(first.interviews)) == "preprojet"


def test_good_bundle_resolves_references(good_dir: Path) -> None:
    bundle = load_bundle(good_dir)
    assert check_bundle(bundle) == []
    assert list(bundle.interviews) == ["alpha", "beta"]
    assert [q.id for q in bundle.interview_questions("beta")] == ["a.status", "a.name", "b.people"]
    assert bundle.owner_interview("a.name") == "alpha"
    assert bundle.owner_interview("b.people") == "beta"
    assert bundle.section_of("beta", "a.name").id == "second"
    assert bundle.section_of("alpha", "a.name").id == "first"
    assert bundle.uses("a.status") == ["alpha", "beta"]
    assert set(bundle.questions) == {"a.status", "a.name", "b.people"}
    with pytest.raises(KeyError):
        bundle.section_of("alpha", "b.people")


def test_order_field_sorts_interviews(tmp_path: Path) -> None:
    write(tmp_path, "aaa", interview("aaa", GOOD_A, order=50))
    write(tmp_path, "zzz", interview("zzz", GOOD_B.replace("a.", "z."), order=5))
    bundle = load_bundle(tmp_path)
    assert list(bundle.interviews) == ["zzz", "aaa"]


# --------------------------------------------------------------------------- load errors


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (GOOD_A.replace("type: text", "type: texte"), "items[1] (a.name) > type"),
        (GOOD_A.replace('prompt: "Nom ?"', 'promt: "Nom ?"'), "items[1] (a.name) > promt"),
        (GOOD_A.replace("id: a.name", "id: Name"), "items[1] (Name) > id"),
        (GOOD_A.replace('title: "Premier"', 'titre: "Premier"'), "sections[0] (first) > titre"),
    ],
)
def test_load_error_names_file_and_field(tmp_path: Path, body: str, expected: str) -> None:
    write(tmp_path, "alpha", interview("alpha", body))
    with pytest.raises(InterviewLoadError) as info:
        load_bundle(tmp_path)
    message = str(info.value)
    assert message.startswith("alpha.yaml: ")
    assert expected in message


def test_load_error_on_bad_reference_item(tmp_path: Path) -> None:
    body = GOOD_B.replace("- use: a.status", "- use: a.status\n        extra: 1")
    write(tmp_path, "beta", interview("beta", body))
    with pytest.raises(InterviewLoadError) as info:
        load_bundle(tmp_path)
    assert "beta.yaml: sections[0] (second) > items[0] (a.status) > extra" in str(info.value)
    assert "label" not in str(info.value)  # errors of the other union branch are dropped


def test_load_error_on_yaml_syntax(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(InterviewLoadError, match=r"^broken\.yaml: "):
        load_bundle(tmp_path)


def test_duplicate_interview_id_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "alpha", interview("alpha", GOOD_A))
    write(tmp_path, "other", interview("alpha", GOOD_A))
    with pytest.raises(InterviewLoadError, match="already used"):
        load_bundle(tmp_path)


# --------------------------------------------------------------------------- check_bundle


def problems_for(tmp_path: Path, **files: str) -> list[str]:
    for name, body in files.items():
        order = 10 + len(list(tmp_path.glob("*.yaml")))
        write(tmp_path, name, interview(name, body, order=order))
    return check_bundle(load_bundle(tmp_path))


def test_duplicate_question_id_across_files(tmp_path: Path) -> None:
    dup = drop(drop(GOOD_B, "- use: a.status"), "- use: a.name").replace("b.people", "a.name")
    problems = problems_for(tmp_path, alpha=GOOD_A, beta=dup)
    assert any("question a.name is already defined in alpha" in p for p in problems)


def test_unresolved_use(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, beta=GOOD_B)
    assert any("use a.status: no interview defines this question" in p for p in problems)


def test_when_target_unknown(tmp_path: Path) -> None:
    body = GOOD_A.replace("question: a.status", "question: a.missing")
    problems = problems_for(tmp_path, alpha=body)
    assert any("a.name: when targets unknown question a.missing" in p for p in problems)


def test_when_target_after_question(tmp_path: Path) -> None:
    body = GOOD_B.replace(
        "- use: a.status\n      - use: a.name", "- use: a.name\n      - use: a.status"
    )
    problems = problems_for(tmp_path, alpha=GOOD_A, beta=body)
    assert problems == ["beta.yaml: a.name: when targets a.status, which is not asked before it"]


def test_when_target_missing_in_reusing_interview(tmp_path: Path) -> None:
    body = drop(GOOD_B, "- use: a.status")
    problems = problems_for(tmp_path, alpha=GOOD_A, beta=body)
    assert problems == ["beta.yaml: a.name: when targets a.status, which is not asked before it"]


def test_when_value_must_be_a_choice(tmp_path: Path) -> None:
    body = GOOD_A.replace('equals: "yes"', 'equals: "oui"')
    problems = problems_for(tmp_path, alpha=body)
    assert any("equals 'oui' is not a choice of a.status" in p for p in problems)


def test_when_contains_needs_multi_choice(tmp_path: Path) -> None:
    body = GOOD_A.replace('equals: "yes"', 'contains: "yes"')
    problems = problems_for(tmp_path, alpha=body)
    assert any("contains needs a multi-choice target" in p for p in problems)


def test_unknown_validator_and_advice(tmp_path: Path) -> None:
    body = GOOD_A.replace(
        "        type: text\n",
        '        type: text\n        validators: ["no_such_check"]\n        advice: ["nope:1"]\n',
    )
    problems = problems_for(tmp_path, alpha=body)
    assert any("a.name: unknown validator no_such_check" in p for p in problems)
    assert any("a.name: unknown advice nope:1" in p for p in problems)


def test_unknown_field_validator(tmp_path: Path) -> None:
    body = GOOD_B.replace("type: text}", 'type: text, validators: ["bogus"]}')
    problems = problems_for(tmp_path, alpha=GOOD_A, beta=body)
    assert any("b.people.name: unknown validator bogus" in p for p in problems)


def test_duplicate_choice_labels(tmp_path: Path) -> None:
    body = GOOD_A.replace('label: "Non"', 'label: "oui"')
    problems = problems_for(tmp_path, alpha=body)
    assert any("a.status: two choices share a label" in p for p in problems)


def test_duplicate_choice_values_rejected_at_load(tmp_path: Path) -> None:
    write(tmp_path, "alpha", interview("alpha", GOOD_A.replace('value: "no"', 'value: "yes"')))
    with pytest.raises(InterviewLoadError, match="duplicate choice values"):
        load_bundle(tmp_path)


def test_group_without_required_field(tmp_path: Path) -> None:
    body = GOOD_B.replace("type: text}", "type: text, required: false}")
    problems = problems_for(tmp_path, alpha=GOOD_A, beta=body)
    assert any("b.people: a group needs at least one required field" in p for p in problems)


def test_group_rows_inconsistent(tmp_path: Path) -> None:
    body = GOOD_B.replace(
        "row_label: personne", "row_label: personne\n        min_rows: 5\n        max_rows: 2"
    )
    problems = problems_for(tmp_path, alpha=GOOD_A, beta=body)
    assert any("b.people: min_rows/max_rows are inconsistent" in p for p in problems)


def test_row_settings_outside_group(tmp_path: Path) -> None:
    body = GOOD_A.replace("        type: text\n", "        type: text\n        row_label: ligne\n")
    problems = problems_for(tmp_path, alpha=body)
    assert any("a.name: row settings on a question that is not a group" in p for p in problems)


def test_question_twice_in_one_interview(tmp_path: Path) -> None:
    body = GOOD_B.replace("- use: a.name\n", "- use: a.name\n      - use: a.name\n")
    problems = problems_for(tmp_path, alpha=GOOD_A, beta=body)
    assert any("question a.name appears twice" in p for p in problems)


def test_file_name_must_match_id(tmp_path: Path) -> None:
    write(tmp_path, "wrong_name", interview("alpha", GOOD_A))
    problems = check_bundle(load_bundle(tmp_path))
    assert problems == ["wrong_name.yaml: interview id alpha differs from the file name"]


def test_use_of_own_question(tmp_path: Path) -> None:
    body = GOOD_A + "      - use: a.status\n"
    problems = problems_for(tmp_path, alpha=body)
    assert any("use a.status: the question is defined in this file" in p for p in problems)


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("date_order", "date_order: needs an argument (question)"),
        ("date_order:a.nowhere", "date_order:a.nowhere: no question a.nowhere"),
        ("min_total_population:beaucoup", "argument must be a whole number"),
        ("budget_total:quinze", "argument must be a whole number"),
    ],
)
def test_advice_arguments_are_checked(tmp_path: Path, spec: str, problem: str) -> None:
    body = GOOD_A.replace(
        "        type: text\n", f'        type: text\n        advice: ["{spec}"]\n'
    )
    problems = problems_for(tmp_path, alpha=body)
    assert any(problem in p for p in problems), problems


def test_validator_arguments_are_checked(tmp_path: Path) -> None:
    body = GOOD_A.replace(
        "        type: text\n", '        type: text\n        validators: ["not_in_future:1"]\n'
    )
    assert any(
        "not_in_future:1: takes no argument" in p for p in problems_for(tmp_path, alpha=body)
    )


def test_exclusive_choice_argument_must_be_a_choice(tmp_path: Path) -> None:
    body = GOOD_A.replace(
        '          - {value: "no", label: "Non"}\n',
        '          - {value: "no", label: "Non"}\n        validators: ["exclusive_choice:maybe"]\n',
    )
    problems = problems_for(tmp_path, alpha=body)
    assert any("exclusive_choice:maybe: maybe is not a choice of a.status" in p for p in problems)
