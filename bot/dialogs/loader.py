"""Load every interview YAML into one ``Bundle`` and check it as a whole.

Loading is strict per file (pydantic, unknown keys rejected, errors name the file and the
field); ``check_bundle`` then checks what no single file can: unique question ids across
files, ``use:`` references, ``when`` targets placed before the question, named validators.
``default_bundle()`` runs both once and raises on any problem, so a broken YAML file stops
the bot at startup rather than in the middle of a user's interview.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.dialogs.schema import Field_, Interview, QType, Question, QuestionRef, Section
from bot.paths import INTERVIEWS_DIR


class InterviewLoadError(ValueError):
    """A YAML interview file is unreadable or invalid; the message names file and field."""


@dataclass(frozen=True)
class Bundle:
    """All interviews, in CPTS-path order, with their questions resolved."""

    interviews: dict[str, Interview]
    questions: dict[str, Question]  # every defined question (first definition wins)
    files: dict[str, Path] = field(default_factory=dict)  # interview id → YAML file
    definitions: tuple[tuple[str, str], ...] = ()  # (interview id, question id), all of them
    _owner: dict[str, str] = field(default_factory=dict)
    _order: dict[str, tuple[Question, ...]] = field(default_factory=dict)
    _sections: dict[tuple[str, str], Section] = field(default_factory=dict)

    def interview_questions(self, interview_id: str) -> list[Question]:
        """The questions of an interview in order, ``use:`` references resolved."""
        return list(self._order[interview_id])

    def section_of(self, interview_id: str, qid: str) -> Section:
        try:
            return self._sections[(interview_id, qid)]
        except KeyError:
            raise KeyError(f"{qid} is not in interview {interview_id}") from None

    def owner_interview(self, qid: str) -> str:
        """The interview where question ``qid`` is defined (not merely reused)."""
        return self._owner[qid]

    def uses(self, qid: str) -> list[str]:
        """Interviews that ask ``qid`` (its owner and every reuse), in path order."""
        return [iv for iv in self.interviews if (iv, qid) in self._sections]


def _branch(key: Any) -> str | None:
    """The union member a pydantic loc element names (« function-after[_check(), Question] »)."""
    if not isinstance(key, str):
        return None
    if key == "QuestionRef" or key.endswith("QuestionRef]"):
        return "QuestionRef"
    if key == "Question" or key.endswith("Question]"):
        return "Question"
    return None


def _friendly_loc(data: Any, loc: tuple[Any, ...]) -> str:
    """« sections[2] (territory) > items[0] (territory.communes) > type » from a pydantic loc."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            node = node[key] if key < len(node) else None
            name = ""
            if isinstance(node, dict):
                name = str(node.get("id") or node.get("use") or "")
            parts[-1] = f"{parts[-1]}[{key}]" + (f" ({name})" if name else "")
        elif _branch(key):
            continue  # union branch tag
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return " > ".join(parts) or "(racine)"


def _relevant_errors(data: Any, errors: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Keep, for an item, only the errors of the branch it was meant for (question or use)."""
    kept: list[Mapping[str, Any]] = []
    for err in errors:
        loc = err["loc"]
        tag = next((k for k in loc if _branch(k)), None)
        if tag is not None:
            branch = _branch(tag)
            node: Any = data
            for key in loc[: loc.index(tag)]:
                try:
                    node = node[key]
                except (KeyError, IndexError, TypeError):
                    node = None
                    break
            is_ref = isinstance(node, dict) and "use" in node
            if (branch == "QuestionRef") != is_ref:
                continue
        kept.append(err)
    return kept or list(errors)


def load_interview(path: Path) -> Interview:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=loader)  # noqa: S506 - safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise InterviewLoadError(f"{path.name}: {exc}") from exc
    try:
        return Interview.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{path.name}: {_friendly_loc(data, tuple(err['loc']))}: {err['msg']}"
            for err in _relevant_errors(data, exc.errors())
        ]
        raise InterviewLoadError("\n".join(lines)) from exc


def load_bundle(directory: Path = INTERVIEWS_DIR) -> Bundle:
    """Read every ``*.yaml`` of ``directory``; interviews sorted by ``order`` then id."""
    loaded = [(load_interview(p), p) for p in sorted(directory.glob("*.yaml"))]
    loaded.sort(key=lambda item: (item[0].order, item[0].id))
    interviews: dict[str, Interview] = {}
    files: dict[str, Path] = {}
    questions: dict[str, Question] = {}
    owner: dict[str, str] = {}
    definitions: list[tuple[str, str]] = []
    for iv, path in loaded:
        if iv.id in interviews:
            raise InterviewLoadError(f"{path.name}: id {iv.id} already used by {files[iv.id].name}")
        interviews[iv.id] = iv
        files[iv.id] = path
        for section in iv.sections:
            for item in section.items:
                if isinstance(item, Question):
                    definitions.append((iv.id, item.id))
                    questions.setdefault(item.id, item)
                    owner.setdefault(item.id, iv.id)
    order: dict[str, tuple[Question, ...]] = {}
    sections: dict[tuple[str, str], Section] = {}
    for iv in interviews.values():
        resolved: list[Question] = []
        for section in iv.sections:
            for item in section.items:
                qid = item.id if isinstance(item, Question) else item.use
                q = item if isinstance(item, Question) else questions.get(qid)
                if q is None or (iv.id, qid) in sections:
                    continue  # unresolved or repeated: reported by check_bundle
                resolved.append(q)
                sections[(iv.id, qid)] = section
        order[iv.id] = tuple(resolved)
    return Bundle(
        interviews=interviews,
        questions=questions,
        files=files,
        definitions=tuple(definitions),
        _owner=owner,
        _order=order,
        _sections=sections,
    )


def check_bundle(bundle: Bundle) -> list[str]:
    """Every cross-file problem, as readable strings; an empty list means the bundle is sound."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for iv_id, qid in bundle.definitions:
        if qid in seen:
            problems.append(f"{iv_id}: question {qid} is already defined in {seen[qid]}")
        else:
            seen[qid] = iv_id
    for iv in bundle.interviews.values():
        where = bundle.files[iv.id].name if iv.id in bundle.files else iv.id
        if iv.id in bundle.files and bundle.files[iv.id].stem != iv.id:
            problems.append(f"{where}: interview id {iv.id} differs from the file name")
        section_ids = [s.id for s in iv.sections]
        for sid in {s for s in section_ids if section_ids.count(s) > 1}:
            problems.append(f"{where}: section id {sid} is used twice")
        placed: list[str] = []
        for section in iv.sections:
            if not section.items:
                problems.append(f"{where}: section {section.id} has no question")
            for item in section.items:
                if isinstance(item, QuestionRef):
                    qid = item.use
                    if qid not in bundle.questions:
                        problems.append(f"{where}: use {qid}: no interview defines this question")
                        continue
                    if bundle.owner_interview(qid) == iv.id:
                        problems.append(f"{where}: use {qid}: the question is defined in this file")
                    q = bundle.questions[qid]
                else:
                    qid, q = item.id, item
                if qid in placed:
                    problems.append(f"{where}: question {qid} appears twice")
                    continue
                problems += _check_question(where, q, placed, bundle)
                placed.append(qid)
    return problems


def _check_question(where: str, q: Question, placed: list[str], bundle: Bundle) -> list[str]:
    from bot.dialogs.validators import ADVISORS, VALIDATORS, split_spec

    problems: list[str] = []
    if q.when is not None:
        target = q.when.question
        if target not in bundle.questions:
            problems.append(f"{where}: {q.id}: when targets unknown question {target}")
        elif target not in placed:
            problems.append(f"{where}: {q.id}: when targets {target}, which is not asked before it")
        else:
            problems += _check_condition(where, q, bundle.questions[target])
    owners: list[tuple[str, list[str], Question | Field_]] = [(q.id, q.validators, q)]
    owners += [(f"{q.id}.{f.id}", f.validators, f) for f in q.fields]
    for owner, names, holder in owners:
        for spec in names:
            if split_spec(spec)[0] not in VALIDATORS:
                problems.append(f"{where}: {owner}: unknown validator {spec}")
            else:
                problems += _check_arg(where, owner, spec, holder, bundle)
    for spec in q.advice:
        if split_spec(spec)[0] not in ADVISORS:
            problems.append(f"{where}: {q.id}: unknown advice {spec}")
        else:
            problems += _check_arg(where, q.id, spec, q, bundle)
    choice_owners = [(q.id, q.choices)] + [(f"{q.id}.{f.id}", f.choices) for f in q.fields]
    for choice_owner, choices in choice_owners:
        labels = [c.label.casefold() for c in choices]
        if len(labels) != len(set(labels)):
            problems.append(f"{where}: {choice_owner}: two choices share a label")
    if q.type is QType.GROUP:
        if q.min_rows < 0 or q.max_rows < max(q.min_rows, 1):
            problems.append(f"{where}: {q.id}: min_rows/max_rows are inconsistent")
        if not any(f.required for f in q.fields):
            problems.append(f"{where}: {q.id}: a group needs at least one required field")
    elif q.min_rows or q.row_label:
        problems.append(f"{where}: {q.id}: row settings on a question that is not a group")
    return problems


def _check_arg(
    where: str, owner: str, spec: str, holder: Question | Field_, bundle: Bundle
) -> list[str]:
    """The « :arg » of a named check has the kind its function expects (ARG_KINDS)."""
    from bot.dialogs.validators import ARG_KINDS, split_spec

    name, arg = split_spec(spec)
    kind = ARG_KINDS.get(name)
    at = f"{where}: {owner}: {spec}:"
    if kind is None:
        return [f"{at} takes no argument"] if arg is not None else []
    if arg is None:
        return [] if kind.endswith("?") else [f"{at} needs an argument ({kind})"]
    kind = kind.rstrip("?")
    if kind == "int" and not arg.isdecimal():
        return [f"{at} argument must be a whole number"]
    if kind == "question" and arg not in bundle.questions:
        return [f"{at} no question {arg}"]
    if kind == "choice" and arg not in {c.value for c in holder.choices}:
        return [f"{at} {arg} is not a choice of {owner}"]
    return []


def _check_condition(where: str, q: Question, target: Question) -> list[str]:
    """The compared value must be possible for the target's type."""
    cond = q.when
    assert cond is not None
    values = {c.value for c in target.choices}
    at = f"{where}: {q.id}:"
    problems: list[str] = []
    for op, wanted in (("equals", cond.equals), ("not_equals", cond.not_equals)):
        if wanted is None:
            continue
        if target.type is QType.YES_NO and not isinstance(wanted, bool):
            problems.append(f"{at} {op} on yes/no question {target.id} needs true/false")
        if target.type is QType.CHOICE and wanted not in values:
            problems.append(f"{at} {op} {wanted!r} is not a choice of {target.id}")
    if cond.in_ is not None and target.type is QType.CHOICE:
        problems += [
            f"{at} in {v!r} is not a choice of {target.id}" for v in cond.in_ if v not in values
        ]
    if cond.contains is not None:
        if target.type is not QType.MULTI_CHOICE:
            problems.append(f"{at} contains needs a multi-choice target, not {target.id}")
        elif cond.contains not in values:
            problems.append(f"{at} contains {cond.contains!r} is not a choice of {target.id}")
    return problems


@cache
def default_bundle() -> Bundle:
    """The packaged interviews, loaded and checked once per process."""
    bundle = load_bundle(INTERVIEWS_DIR)
    problems = check_bundle(bundle)
    if problems:
        raise InterviewLoadError("\n".join(problems))
    return bundle
