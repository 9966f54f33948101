"""Interview definitions as data: the pydantic models every YAML file is loaded into.

One YAML file per official checklist (``bot/dialogs/interviews/<id>.yaml``). A question is
defined once, in the interview that introduces it, under a dossier-wide id
(``structure.association_name``); other interviews reuse it with ``- use: <id>`` so a team
never types the same thing twice. Unknown keys are rejected so that a typo in a YAML file is
an error at load time, not a silently ignored field.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

QUESTION_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
FIELD_ID = r"^[a-z][a-z0-9_]*$"
CHOICE_VALUE = r"^[a-z0-9_]{1,24}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QType(StrEnum):
    """Answer types. The stored JSON value of each is documented beside it."""

    TEXT = "text"  # str, one line, <= 300 chars
    LONG_TEXT = "long_text"  # str, <= 4000 chars
    INTEGER = "integer"  # int
    POPULATION = "population"  # int (inhabitants)
    MONEY = "money"  # int (whole euros)
    MONTH_YEAR = "month_year"  # "YYYY-MM"
    DATE = "date"  # "YYYY-MM-DD"
    EMAIL = "email"  # str, lower-cased
    PHONE = "phone"  # str, "04 26 20 94 30" / "+33 4 26 20 94 30"
    SIRET = "siret"  # str, 14 digits
    FINESS = "finess"  # str, 9 characters: digits, or 2A/2B + 7 digits (Corsica)
    YES_NO = "yes_no"  # bool
    CHOICE = "choice"  # str: a Choice.value
    MULTI_CHOICE = "multi_choice"  # list[str] of Choice.value
    GROUP = "group"  # list[dict]: one dict per row, "_id" + field values
    COMMUNES = "communes"  # list[{"insee","name","department","population"}]


class Choice(Strict):
    value: Annotated[str, Field(pattern=CHOICE_VALUE)]
    label: str
    help: str | None = None
    # other ways people say it (« on connaît mais on n'utilise pas », « la DD ARS »)
    synonyms: list[str] = []


class Condition(Strict):
    """When a question is asked. Exactly one operator besides ``question``."""

    question: Annotated[str, Field(pattern=QUESTION_ID)]
    equals: str | bool | int | None = None
    not_equals: str | bool | int | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    contains: str | None = None  # for multi_choice answers
    answered: bool | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        ops = [self.equals, self.not_equals, self.in_, self.contains, self.answered]
        if sum(op is not None for op in ops) != 1:
            raise ValueError(
                "a condition needs exactly one of equals/not_equals/in/contains/answered"
            )
        return self


# Sanity bounds for typed numbers (not domain rules): a pasted SIRET or NIR is not an amount,
# a head count or a population. A question may set a tighter ``max_value``.
DEFAULT_MAX_VALUE = {
    QType.INTEGER: 1_000_000,  # people, structures, actions… of one territory
    QType.POPULATION: 20_000_000,  # more than the largest French region
    QType.MONEY: 100_000_000,  # euros; a CPTS budget is well under a few million
}


class Field_(Strict):
    """One column of a repeatable group (a row of a table in the official form)."""

    id: Annotated[str, Field(pattern=FIELD_ID)]
    label: str
    prompt: str
    help: str | None = None
    type: QType
    required: bool = True
    choices: list[Choice] = []
    validators: list[str] = []
    example: str | None = None
    max_value: int | None = None  # numbers: upper bound (default by type, DEFAULT_MAX_VALUE)

    @cached_property
    def choice_labels(self) -> dict[str, str]:
        """value → label (a profession or a budget line is looked up for every row)."""
        return {c.value: c.label for c in self.choices}

    @model_validator(mode="after")
    def _check(self) -> Field_:
        if self.type in (QType.GROUP, QType.COMMUNES):
            raise ValueError(f"field {self.id}: groups cannot nest groups or commune lists")
        _check_choices(self.id, self.type, self.choices)
        return self


class Question(Strict):
    id: Annotated[str, Field(pattern=QUESTION_ID)]
    label: str  # short name used in reviews, progress and « À compléter » markers
    prompt: str  # the question as asked, one short sentence
    help: str | None = None  # the official guidance, behind « ℹ️ Aide »
    source: str | None = None  # which seed and item the question comes from
    type: QType
    required: bool = True
    allow_unknown: bool = True  # offer « Je ne sais pas encore »
    choices: list[Choice] = []
    validators: list[str] = []  # named, pure validators (bot/dialogs/validators.py)
    max_value: int | None = None  # numbers: upper bound (default by type, DEFAULT_MAX_VALUE)
    # named, non-blocking checks against the dossier (« name » or « name:arg »), shown after
    # the answer: e.g. a territory under 15 000 inhabitants, a tier that does not match
    advice: list[str] = []
    when: Condition | None = None
    example: str | None = None
    # repeatable groups only
    fields: list[Field_] = []
    row_label: str | None = None  # « personne », « structure », « ligne »
    min_rows: int = 0
    max_rows: int = 200

    @cached_property
    def choice_labels(self) -> dict[str, str]:
        """value → label (a profession or a budget line is looked up for every row)."""
        return {c.value: c.label for c in self.choices}

    @model_validator(mode="after")
    def _check(self) -> Question:
        _check_choices(self.id, self.type, self.choices)
        if self.type is QType.GROUP:
            if not self.fields:
                raise ValueError(f"{self.id}: a group needs fields")
            if not self.row_label:
                raise ValueError(f"{self.id}: a group needs a row_label")
            ids = [f.id for f in self.fields]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{self.id}: duplicate field ids")
        elif self.fields:
            raise ValueError(f"{self.id}: only groups have fields")
        return self


class QuestionRef(Strict):
    """Reuse of a question defined in another interview (same dossier answer)."""

    use: Annotated[str, Field(pattern=QUESTION_ID)]


class Section(Strict):
    id: Annotated[str, Field(pattern=FIELD_ID)]
    title: str
    intro: str | None = None
    items: list[Question | QuestionRef]


class Interview(Strict):
    id: Annotated[str, Field(pattern=FIELD_ID)]
    title: str  # « Pré-projet de CPTS (ARS Auvergne-Rhône-Alpes) »
    short_title: str  # « Pré-projet », used in progress lines
    source: str  # seed file name in shared/seeds
    source_date: str  # as printed on the seed (« après 2022 », « juin 2019 »)
    region: str | None = None  # set when the form is regional (ARA, Occitanie)
    description: str
    document: str | None = None  # document id produced from this interview
    repeatable: bool = False  # True for action sheets: many instances per team
    order: int = 100  # rank on the CPTS path (preprojet 10, lettre_intention 20, ...)
    sections: list[Section]


def _check_choices(owner: str, qtype: QType, choices: list[Choice]) -> None:
    needs = qtype in (QType.CHOICE, QType.MULTI_CHOICE)
    if needs and not choices:
        raise ValueError(f"{owner}: type {qtype} needs choices")
    if not needs and choices:
        raise ValueError(f"{owner}: only choice types have choices")
    values = [c.value for c in choices]
    if len(values) != len(set(values)):
        raise ValueError(f"{owner}: duplicate choice values")


AnswerStatus = Literal["answered", "unknown"]


class Answer(BaseModel):
    """One dossier entry as the engine sees it (the store adds ids and history)."""

    model_config = ConfigDict(extra="forbid")

    value: Any = None
    status: AnswerStatus = "answered"
    by: str | None = None  # display name of who answered (« Julie M. »)
    at: str | None = None  # ISO-8601 UTC timestamp


Dossier = dict[str, Answer]
