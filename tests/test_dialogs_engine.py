"""The pure interview engine over a small synthetic bundle (two interviews sharing questions)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from bot.dialogs import engine
from bot.dialogs.loader import Bundle, check_bundle, load_bundle
from bot.dialogs.schema import Answer, Dossier

ONE = """\
id: one
order: 10
title: "Premier entretien"
short_title: "Premier"
source: seed.txt
source_date: "2019"
description: "Test."
sections:
  - id: s1
    title: "Section 1"
    items:
      - id: x.kind
        label: "Type"
        prompt: "Type ?"
        type: choice
        choices:
          - {value: a, label: "Alpha"}
          - {value: b, label: "Bêta"}
      - id: x.detail
        label: "Détail"
        prompt: "Détail ?"
        type: text
        when: {question: x.kind, equals: a}
      - id: x.sub
        label: "Sous-détail"
        prompt: "Sous-détail ?"
        type: text
        when: {question: x.detail, answered: true}
      - id: x.flag
        label: "Drapeau"
        prompt: "Drapeau ?"
        type: yes_no
      - id: x.count
        label: "Nombre"
        prompt: "Combien ?"
        type: integer
        required: false
  - id: s2
    title: "Section 2"
    items:
      - id: x.level
        label: "Niveau"
        prompt: "Niveau ?"
        type: choice
        choices:
          - {value: low, label: "Bas"}
          - {value: mid, label: "Moyen"}
          - {value: high, label: "Haut"}
      - id: x.level_note
        label: "Note de niveau"
        prompt: "Pourquoi ?"
        type: long_text
        when: {question: x.level, in: [mid, high]}
      - id: x.tags
        label: "Étiquettes"
        prompt: "Étiquettes ?"
        type: multi_choice
        choices:
          - {value: t1, label: "Un"}
          - {value: t2, label: "Deux"}
      - id: x.tag_other
        label: "Autre étiquette"
        prompt: "Laquelle ?"
        type: text
        when: {question: x.tags, contains: t2}
      - id: x.people
        label: "Personnes"
        prompt: "Qui ?"
        type: group
        row_label: personne
        fields:
          - {id: name, label: "Nom", prompt: "Nom ?", type: text}
          - {id: role, label: "Rôle", prompt: "Rôle ?", type: text, required: false}
          - {id: gov, label: "Gouvernance", prompt: "Gouvernance ?", type: yes_no}
"""

TWO = """\
id: two
order: 20
title: "Second entretien"
short_title: "Second"
source: seed.txt
source_date: "2021"
description: "Test."
sections:
  - id: t1
    title: "Reprise"
    items:
      - use: x.kind
      - id: y.why
        label: "Pourquoi pas de type"
        prompt: "Pourquoi ?"
        type: text
        when: {question: x.kind, answered: false}
      - use: x.flag
      - id: y.flagged
        label: "Si drapeau"
        prompt: "Et alors ?"
        type: text
        when: {question: x.flag, equals: true}
      - id: y.not_b
        label: "Sauf bêta"
        prompt: "Hors bêta ?"
        type: text
        required: false
        when: {question: x.kind, not_equals: b}
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    directory: Path = tmp_path_factory.mktemp("interviews")
    (directory / "one.yaml").write_text(textwrap.dedent(ONE), encoding="utf-8")
    (directory / "two.yaml").write_text(textwrap.dedent(TWO), encoding="utf-8")
    loaded = load_bundle(directory)
    assert check_bundle(loaded) == []
    return loaded


def dossier(**answers: Any) -> Dossier:
    """dossier(x_kind="a", x_flag="?") → « ? » means « Je ne sais pas encore »."""
    out: Dossier = {}
    for key, value in answers.items():
        qid = key.replace("_", ".", 1)
        if value == "?":
            out[qid] = Answer(
                value=None, status="unknown", by="Julie M.", at="2026-01-02T10:00:00Z"
            )
        else:
            out[qid] = Answer(value=value, by="Karim B.", at="2026-01-01T09:00:00Z")
    return out


def ids(questions: list[Any]) -> list[str]:
    return [q.id for q in questions]


# --------------------------------------------------------------------------- visibility


def test_visible_questions_without_answers(bundle: Bundle) -> None:
    assert ids(engine.visible_questions(bundle, "one", {})) == [
        "x.kind", "x.flag", "x.count", "x.level", "x.tags", "x.people",
    ]  # fmt: skip


def test_equals_condition(bundle: Bundle) -> None:
    visible = ids(engine.visible_questions(bundle, "one", dossier(x_kind="a")))
    assert "x.detail" in visible and "x.sub" not in visible
    assert "x.detail" not in ids(engine.visible_questions(bundle, "one", dossier(x_kind="b")))


def test_hidden_target_hides_dependants(bundle: Bundle) -> None:
    # x.detail is answered but hidden (kind changed to b): x.sub must be hidden too
    d = dossier(x_kind="b", x_detail="texte")
    assert not engine.is_visible(bundle, bundle.questions["x.sub"], d)
    d = dossier(x_kind="a", x_detail="texte")
    assert engine.is_visible(bundle, bundle.questions["x.sub"], d)


def test_in_and_contains_conditions(bundle: Bundle) -> None:
    note, other = bundle.questions["x.level_note"], bundle.questions["x.tag_other"]
    assert not engine.is_visible(bundle, note, dossier(x_level="low"))
    assert engine.is_visible(bundle, note, dossier(x_level="high"))
    assert engine.is_visible(bundle, other, dossier(x_tags=["t1", "t2"]))
    assert not engine.is_visible(bundle, other, dossier(x_tags=["t1"]))


def test_unknown_answer_does_not_satisfy_conditions(bundle: Bundle) -> None:
    d = dossier(x_kind="?")
    assert not engine.is_visible(bundle, bundle.questions["x.detail"], d)
    # « answered: false » is true for an unknown or missing answer
    assert engine.is_visible(bundle, bundle.questions["y.why"], d)
    assert engine.is_visible(bundle, bundle.questions["y.why"], {})
    assert not engine.is_visible(bundle, bundle.questions["y.why"], dossier(x_kind="a"))


def test_not_equals_needs_an_answer(bundle: Bundle) -> None:
    q = bundle.questions["y.not_b"]
    assert engine.is_visible(bundle, q, dossier(x_kind="a"))
    assert not engine.is_visible(bundle, q, dossier(x_kind="b"))
    assert not engine.is_visible(bundle, q, {})


def test_equals_true_is_not_equals_one(bundle: Bundle) -> None:
    q = bundle.questions["y.flagged"]
    assert engine.is_visible(bundle, q, dossier(x_flag=True))
    assert not engine.is_visible(bundle, q, dossier(x_flag=1))
    assert not engine.is_visible(bundle, q, dossier(x_flag=False))


# --------------------------------------------------------------------------- moving


def test_next_step_from_start(bundle: Bundle) -> None:
    step = engine.next_step(bundle, "one", {}, None)
    assert step.question is not None and step.question.id == "x.kind"
    assert step.prefilled == []


def test_next_step_passes_over_answered_questions(bundle: Bundle) -> None:
    d = dossier(x_kind="b", x_flag=True)
    step = engine.next_step(bundle, "one", d, "x.kind")
    assert step.question is not None and step.question.id == "x.count"
    assert ids(step.prefilled) == ["x.flag"]
    step = engine.next_step(bundle, "one", d, None)
    assert ids(step.prefilled) == ["x.kind", "x.flag"]


def test_next_step_in_reusing_interview_shows_shared_answers(bundle: Bundle) -> None:
    d = dossier(x_kind="a", x_flag=False)
    step = engine.next_step(bundle, "two", d, None)
    assert step.question is not None and step.question.id == "y.not_b"
    assert ids(step.prefilled) == ["x.kind", "x.flag"]


def test_unknown_answers_are_not_asked_again(bundle: Bundle) -> None:
    d = dossier(x_kind="?")
    step = engine.next_step(bundle, "one", d, None)
    assert step.question is not None and step.question.id == "x.flag"
    assert ids(step.prefilled) == ["x.kind"]


def test_next_step_finished(bundle: Bundle) -> None:
    d = dossier(
        x_kind="b", x_flag=True, x_count=2, x_level="low", x_tags=["t1"],
        x_people=[{"_id": "r1", "name": "A", "gov": True}],
    )  # fmt: skip
    step = engine.next_step(bundle, "one", d, None)
    assert step.question is None
    assert len(step.prefilled) == 6
    assert engine.next_step(bundle, "one", d, "x.people").question is None


def test_next_step_after_hidden_question_continues_in_order(bundle: Bundle) -> None:
    # the cursor sits on x.detail, which just became hidden: go on from its place
    step = engine.next_step(bundle, "one", dossier(x_kind="b"), "x.detail")
    assert step.question is not None and step.question.id == "x.flag"


def test_previous_question(bundle: Bundle) -> None:
    d = dossier(x_kind="b")
    assert engine.previous_question(bundle, "one", d, "x.kind") is None
    prev = engine.previous_question(bundle, "one", d, "x.flag")
    assert prev is not None and prev.id == "x.kind"  # x.detail and x.sub are hidden
    prev = engine.previous_question(bundle, "one", dossier(x_kind="a"), "x.flag")
    assert prev is not None and prev.id == "x.detail"
    prev = engine.previous_question(bundle, "one", d, "x.level")
    assert prev is not None and prev.id == "x.count"  # unanswered questions count too


def test_back_never_erases(bundle: Bundle) -> None:
    d = dossier(x_kind="a", x_detail="d")
    before = dict(d)
    engine.previous_question(bundle, "one", d, "x.flag")
    assert d == before


def test_newly_visible_after_an_edit(bundle: Bundle) -> None:
    before = dossier(x_kind="b", x_flag=True)
    after = dossier(x_kind="a", x_flag=True)
    assert ids(engine.newly_visible(bundle, "one", before, after)) == ["x.detail"]
    # already answered (from an earlier pass): nothing to re-ask
    after_known = dossier(x_kind="a", x_flag=True, x_detail="déjà")
    assert ids(engine.newly_visible(bundle, "one", before, after_known)) == ["x.sub"]
    # no visibility change: nothing
    assert engine.newly_visible(bundle, "one", before, before) == []


def test_newly_visible_in_other_interview(bundle: Bundle) -> None:
    before = dossier(x_flag=False)
    after = dossier(x_flag=True)
    assert ids(engine.newly_visible(bundle, "two", before, after)) == ["y.flagged"]


def test_next_group_field(bundle: Bundle) -> None:
    q = bundle.questions["x.people"]
    first = engine.next_group_field(q, {}, None)
    assert first is not None and first.id == "name"
    second = engine.next_group_field(q, {"name": "A"}, "name")
    assert second is not None and second.id == "role"
    third = engine.next_group_field(q, {"name": "A", "role": "B"}, "role")
    assert third is not None and third.id == "gov"
    assert engine.next_group_field(q, {"name": "A", "gov": True}, "gov") is None
    assert engine.next_group_field(q, {}, "nope") is None


def test_next_group_field_walks_filled_rows_for_editing(bundle: Bundle) -> None:
    q = bundle.questions["x.people"]
    row = {"name": "A", "role": "B", "gov": True}
    nxt = engine.next_group_field(q, row, "name")
    assert nxt is not None and nxt.id == "role"


# --------------------------------------------------------------------------- progress


def test_progress_counts_visible_questions(bundle: Bundle) -> None:
    d = dossier(x_kind="a", x_detail="?", x_flag=False, x_level="mid")
    prog = engine.progress(bundle, "one", d)
    assert (prog.answered, prog.unknown, prog.total) == (3, 1, 8)
    assert prog.title == "Premier"
    s1, s2 = prog.sections
    assert (s1.section_id, s1.answered, s1.unknown, s1.total) == ("s1", 2, 1, 4)
    assert (s2.section_id, s2.answered, s2.unknown, s2.total) == ("s2", 1, 0, 4)
    assert not prog.done


def test_progress_ignores_answers_to_hidden_questions(bundle: Bundle) -> None:
    prog = engine.progress(bundle, "one", dossier(x_kind="b", x_detail="stale"))
    assert (prog.answered, prog.total) == (1, 6)


def test_position(bundle: Bundle) -> None:
    assert engine.position(bundle, "one", {}, "x.kind") == (1, 6)
    assert engine.position(bundle, "one", {}, "x.flag") == (2, 6)
    assert engine.position(bundle, "one", dossier(x_kind="a"), "x.flag") == (3, 7)
    assert engine.position(bundle, "one", {}, "x.people") == (6, 6)


def test_missing(bundle: Bundle) -> None:
    d = dossier(x_kind="a", x_detail="?", x_flag=True)
    # x.count is optional; x.detail is « unknown », which is still missing
    assert ids(engine.missing(bundle, "one", d)) == ["x.detail", "x.level", "x.tags", "x.people"]


def test_todo_lists_unknown_answers_once_with_their_owner(bundle: Bundle) -> None:
    d = dossier(x_kind="?", x_flag="?", y_why="?", x_detail="?")
    todo = engine.todo(bundle, d)
    # x.detail is hidden (kind unknown), so it is not on the checklist
    assert [(iv, q.id) for iv, q in todo] == [
        ("one", "x.kind"),
        ("one", "x.flag"),
        ("two", "y.why"),
    ]


def test_review_lines(bundle: Bundle) -> None:
    d = dossier(x_kind="a", x_detail="?", x_flag=True, x_count=1250)
    lines = engine.review(bundle, "one", d, "s1")
    assert [(line.question.id, line.text, line.status) for line in lines] == [
        ("x.kind", "Alpha", "answered"),
        ("x.detail", "À compléter", "unknown"),
        ("x.flag", "Oui", "answered"),
        ("x.count", "1\u202f250", "answered"),
    ]
    assert lines[0].by == "Karim B." and lines[0].at == "2026-01-01T09:00:00Z"
    assert lines[1].by == "Julie M."


def test_review_whole_interview_marks_missing(bundle: Bundle) -> None:
    lines = engine.review(bundle, "one", dossier(x_kind="b"))
    assert [line.question.id for line in lines] == [
        "x.kind", "x.flag", "x.count", "x.level", "x.tags", "x.people",
    ]  # fmt: skip
    assert lines[1].text == "Non renseigné" and lines[1].status == "missing"
    assert lines[1].by is None


def test_review_group_summary(bundle: Bundle) -> None:
    rows = [
        {"_id": "r1", "name": "Marie", "role": "IDE", "gov": True},
        {"_id": "r2", "name": "Paul", "gov": False},
    ]
    lines = engine.review(bundle, "one", dossier(x_people=rows), "s2")
    assert lines[-1].text == "2 personnes : Marie – IDE, Paul – Non"


def test_review_shortens_long_answers(bundle: Bundle) -> None:
    d = dossier(x_level="mid", x_level_note="mot " * 200)
    line = next(x for x in engine.review(bundle, "one", d) if x.question.id == "x.level_note")
    assert len(line.text) == engine.REVIEW_TEXT_MAX and line.text.endswith("…")
