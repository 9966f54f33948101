"""Shared shape of every rule table: strict models, a source and a date beside each fact.

Every table in ``data/rules/*.yaml`` says where its facts come from (a seed file name or a
URL from the research file), as of when (a full or partial ISO date: ``2019-06-20``,
``2020-11`` or ``2019``) and, where the research file rates it, with what confidence.
Answers cite ``text`` + ``as_of`` after each figure, so the user always sees which legal text
and which date a number comes from.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from bot.paths import DATA_DIR
from bot.textfmt import NBSP, NNBSP

RULES_DIR = DATA_DIR / "rules"
PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

Confidence = Literal["haute", "moyenne", "basse"]


def _date_to_str(value: Any) -> Any:
    # YAML reads an unquoted 2019-06-20 as a date; keep one representation (a string).
    return value.isoformat() if isinstance(value, dt.date) else value


PartialDate = Annotated[str, BeforeValidator(_date_to_str), Field(pattern=PARTIAL_DATE)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a rules file fails at load, not silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict):
    """Where a fact comes from and as of when.

    ``text`` is the French name shown to users (« ACI », « avenant 2 », « guide ARS
    Auvergne-Rhône-Alpes »); ``source`` is the seed file or URL it was read in;
    ``also`` lists further sources that agree.
    """

    source: str
    text: str
    as_of: PartialDate
    confidence: Confidence | None = None
    also: tuple[str, ...] = ()
    as_of_label: str | None = None  # French wording when the date is vague (« fin 2019 »)

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        """How much of ``as_of`` is known, so templates pick « du 20/06/2019 » or « 2019 »."""
        precisions: dict[int, Literal["day", "month", "year"]] = {10: "day", 7: "month", 4: "year"}
        return precisions[len(self.as_of)]

    @property
    def date(self) -> dt.date:
        """First day of the known period (for ordering versions)."""
        parts = [int(p) for p in self.as_of.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def citation(self) -> Sourced:
        """Only the citation fields (a subclass's payload dropped), for templates."""
        return Sourced.model_validate(self.model_dump(include=set(Sourced.model_fields)))


M = TypeVar("M", bound=BaseModel)


# French typography, applied to every string of the rules files so that the YAML stays easy
# to type: « 15 000 » gets a narrow no-break space, « 15 % » and « 60 000 € » a no-break
# space, exactly like the ``number``/``percent``/``money`` filters of ``bot.textfmt``.
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_UNIT = re.compile(r"(?<=\d) (?=[€%])")


def french_typography(text: str) -> str:
    return _UNIT.sub(NBSP, _THOUSANDS.sub(NNBSP, text))


def _typeset(node: Any) -> Any:
    if isinstance(node, str):
        return french_typography(node)
    if isinstance(node, list):
        return [_typeset(v) for v in node]
    if isinstance(node, dict):
        return {k: _typeset(v) for k, v in node.items()}
    return node


@cache
def load_yaml(name: str) -> Any:
    """Parse ``data/rules/<name>.yaml`` once (libyaml when available: import time matters)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (RULES_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return _typeset(yaml.load(fh, Loader=loader))  # noqa: S506 - safe loader


def load_model(model: type[M], name: str) -> M:
    """Validate a rules file; the error names the file so a bad edit is easy to find."""
    try:
        return model.model_validate(load_yaml(name))
    except ValidationError as exc:
        raise ValueError(f"data/rules/{name}.yaml: {exc}") from exc
