"""Load a dossier file for the facilitator command line: an /export JSON or an example YAML.

Two shapes are accepted: the JSON that ``/export`` produces (``bot.store`` ``export_team``:
``format``, ``team``, ``answers`` = question id → stored answer) and a YAML shaped like
``data/examples/cpts_exemple.yaml`` (``meta``, ``unknown``, ``answers`` = question id → value,
commune lists as names, group rows without ``_id``). Both are validated at the boundary
(pydantic for the envelope, the interviews' own types and validators for each value) so the
checks and documents downstream only ever see well-formed answers. Errors are
``DossierFileError`` with one French sentence naming the file and the faulty key.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.dialogs.loader import Bundle
from bot.dialogs.parsing import is_valid_value
from bot.dialogs.schema import Answer, Dossier, QType
from bot.paths import TEMPLATES_DIR
from bot.rules.territory import sum_communes
from bot.textfmt import Strings

EXPORT_FORMAT = "compagnon-cpts.team-export"
VALUE_PREVIEW = 60  # characters of a faulty value quoted in an error


@cache
def strings() -> Strings:
    return Strings(TEMPLATES_DIR / "ui" / "facilitator.yaml")


class DossierFileError(ValueError):
    """The file is missing, unreadable or not a dossier; the message is French and names it."""


# --------------------------------------------------------------------------- envelopes


class _ExportTeam(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str


class ExportFile(BaseModel):
    """What /export writes; members and history are ignored (not needed to check or render)."""

    model_config = ConfigDict(extra="ignore")
    format: Literal["compagnon-cpts.team-export"]
    version: int
    team: _ExportTeam
    answers: dict[str, Answer]


class ExampleMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cpts_name: str | None = None
    fictional: bool = False
    generated_on: dt.date | None = None


class ExampleFile(BaseModel):
    """The hand-written shape of ``data/examples/cpts_exemple.yaml``."""

    model_config = ConfigDict(extra="forbid")
    meta: ExampleMeta = ExampleMeta()
    unknown: list[str] = []
    answers: dict[str, Any]


@dataclass(frozen=True)
class DossierFile:
    path: Path
    dossier: Dossier
    cpts_name: str
    generated_on: dt.date | None = None  # the date printed on documents, when the file fixes it
    fictional: bool = False


# --------------------------------------------------------------------------- loading


def _read(path: Path) -> Any:
    name = str(path)
    if not path.is_file():
        raise DossierFileError(strings()("not_found", path=name))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DossierFileError(strings()("unreadable", path=name, reason=exc)) from exc
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(text, Loader=loader)  # noqa: S506 - safe loader; JSON is YAML too
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0]
        raise DossierFileError(strings()("syntax", path=name, reason=reason)) from exc


def _envelope_error(path: Path, exc: ValidationError) -> DossierFileError:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or "(racine)"
    kind = {"missing": "missing_key", "extra_forbidden": "extra_key"}.get(err["type"], "bad_key")
    return DossierFileError(strings()(kind, path=str(path), field=key))


def _preview(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= VALUE_PREVIEW else text[: VALUE_PREVIEW - 1] + "…"


def _communes(path: Path, key: str, names: list[str]) -> list[dict[str, Any]]:
    found = sum_communes(names)
    if found.ambiguous or found.not_found:
        bad = [*found.not_found, *(a.query for a in found.ambiguous)]
        raise DossierFileError(
            strings()("communes", path=str(path), field=key, names=", ".join(bad))
        )
    return [
        {"insee": c.insee, "name": c.name, "department": c.department, "population": c.population}
        for c in found.resolved
    ]


def _example_value(path: Path, bundle: Bundle, qid: str, value: Any) -> Any:
    """A hand-written value turned into the stored shape (commune names, row ids)."""
    q = bundle.questions[qid]
    key = f"answers.{qid}"
    if (
        q.type is QType.COMMUNES
        and isinstance(value, list)
        and all(isinstance(v, str) for v in value)
    ):
        return _communes(path, key, value)
    if q.type is QType.GROUP and isinstance(value, list):
        return [
            {"_id": f"r{n}", **row} if isinstance(row, dict) and "_id" not in row else row
            for n, row in enumerate(value, start=1)
        ]
    if isinstance(value, dt.date):  # YAML reads an unquoted 2026-02-10 as a date
        return value.isoformat()
    return value


def _check_answers(path: Path, bundle: Bundle, dossier: Dossier) -> None:
    for qid, answer in dossier.items():
        key = f"answers.{qid}"
        q = bundle.questions.get(qid)
        if q is None:
            raise DossierFileError(strings()("unknown_question", path=str(path), field=key))
        if answer.status == "answered" and not is_valid_value(q, answer.value):
            raise DossierFileError(
                strings()(
                    "invalid_value",
                    path=str(path),
                    field=key,
                    label=q.label,
                    value=_preview(answer.value),
                )
            )


def _name(dossier: Dossier, fallback: str) -> str:
    for qid in ("structure.association_name", "project.title"):
        answer = dossier.get(qid)
        value = answer.value if answer is not None and answer.status == "answered" else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return fallback


def parse(path: Path, data: Any, bundle: Bundle) -> DossierFile:
    """A dossier from already-parsed data (``path`` only names the file in errors)."""
    if not isinstance(data, dict) or "answers" not in data:
        raise DossierFileError(strings()("shape", path=str(path)))
    if "format" in data:
        try:
            export = ExportFile.model_validate(data)
        except ValidationError as exc:
            raise _envelope_error(path, exc) from exc
        dossier = dict(export.answers)
        _check_answers(path, bundle, dossier)
        return DossierFile(path=path, dossier=dossier, cpts_name=export.team.name)
    try:
        example = ExampleFile.model_validate(data)
    except ValidationError as exc:
        raise _envelope_error(path, exc) from exc
    dossier = {}
    for qid, value in example.answers.items():
        if qid not in bundle.questions:
            raise DossierFileError(
                strings()("unknown_question", path=str(path), field=f"answers.{qid}")
            )
        dossier[qid] = Answer(value=_example_value(path, bundle, qid, value))
    for qid in example.unknown:
        if qid not in bundle.questions:
            raise DossierFileError(strings()("unknown_question", path=str(path), field="unknown"))
        dossier[qid] = Answer(value=None, status="unknown")
    _check_answers(path, bundle, dossier)
    name = example.meta.cpts_name or _name(dossier, strings()("no_name"))
    return DossierFile(
        path=path,
        dossier=dossier,
        cpts_name=name,
        generated_on=example.meta.generated_on,
        fictional=example.meta.fictional,
    )


def load(path: Path | str, bundle: Bundle) -> DossierFile:
    """Read and check a dossier file; ``DossierFileError`` (French, names file and key)."""
    path = Path(path)
    return parse(path, _read(path), bundle)
