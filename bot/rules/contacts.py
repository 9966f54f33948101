"""Who to call, by department: the contacts of annex 1 of the ARS Auvergne-Rhône-Alpes guide.

The contacts are regional (ARA, 2019) and dated: answers always say so, and a department
outside ARA never gets an ARA contact, only a pointer to its own ARS (with an address when a
seed document gives one, as the Occitanie letter-of-intent template does).
Data: ``data/contacts.yaml``, validated once at first use.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from bot.normalize import fold
from bot.paths import DATA_DIR
from bot.textfmt import render

CONTACTS_FILE = DATA_DIR / "contacts.yaml"
ARA_REGION_CODE = "84"

Kind = Literal["ars", "cpam", "elsm", "msa", "femasaura", "grcs", "urps", "federation"]
Profession = Literal[
    "medecins",
    "infirmiers",
    "pharmaciens",
    "masseurs_kinesitherapeutes",
    "chirurgiens_dentistes",
    "sages_femmes",
]
Scope = Literal["department", "regional", "national"]

KINDS: tuple[str, ...] = get_args(Kind)
PROFESSIONS: tuple[str, ...] = get_args(Profession)
# Kinds with one entity per ARA department; the default set of an answer.
DEPARTMENT_KINDS: tuple[str, ...] = ("ars", "cpam", "elsm", "msa", "femasaura")
URPS_KEY_PREFIX = "urps:"
# Shape of a French department code (metropolitan, Corsica, overseas); anything else is not echoed.
_DEPARTMENT_CODE = re.compile(r"\d{2,3}|2[AB]")
_SCOPES: dict[str, tuple[str, ...]] = {
    "ars": ("department", "regional"),
    "cpam": ("department",),
    "elsm": ("department",),
    "msa": ("department",),
    "femasaura": ("department",),
    "grcs": ("regional",),
    "urps": ("regional",),
    "federation": ("national",),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Model):
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


class Address(_Model):
    label: str | None = None
    lines: tuple[str, ...]


class Entity(_Model):
    """One organisation (or territory of one) with the people and details printed for it."""

    id: str
    kind: Kind
    scope: Scope
    name: str
    profession: Profession | None = None
    departments: tuple[str, ...] = ()
    region: str | None = None
    people: tuple[Person, ...] = ()
    addresses: tuple[Address, ...] = ()
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    twitter: str | None = None
    source: str
    as_of: str

    @model_validator(mode="after")
    def _coherent(self) -> Entity:
        if (self.scope == "department") != bool(self.departments):
            raise ValueError(
                f"{self.id}: departments are required for, and only for, scope=department"
            )
        if (self.scope == "regional") != (self.region is not None):
            raise ValueError(f"{self.id}: region is required for, and only for, scope=regional")
        if (self.kind == "urps") != (self.profession is not None):
            raise ValueError(f"{self.id}: profession is required for, and only for, kind=urps")
        return self

    def phones(self) -> list[str]:
        found = [p.phone for p in self.people if p.phone]
        return found + ([self.phone] if self.phone else [])

    def emails(self) -> list[str]:
        found = [p.email for p in self.people if p.email]
        return found + ([self.email] if self.email else [])


class Department(_Model):
    code: str
    name: str
    in_name: str


class Region(_Model):
    code: str
    name: str


class KindInfo(_Model):
    label: str
    website: str | None = None


class Guide(_Model):
    title: str
    as_of: str


class ContactBook(_Model):
    """The whole file; cross-checks that every ARA department has one contact of each kind."""

    guide: Guide
    regions: tuple[Region, ...]
    departments: tuple[Department, ...]
    kinds: dict[Kind, KindInfo]
    synonyms: dict[str, tuple[str, ...]]
    entities: tuple[Entity, ...]

    @model_validator(mode="after")
    def _complete(self) -> ContactBook:
        ids = [e.id for e in self.entities]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate entity id")
        if set(self.kinds) != set(KINDS):
            raise ValueError(f"kinds must describe exactly {KINDS}")
        codes = {d.code for d in self.departments}
        regions = {r.code for r in self.regions}
        if ARA_REGION_CODE not in regions:
            raise ValueError(f"region {ARA_REGION_CODE} missing")
        for e in self.entities:
            if unknown := set(e.departments) - codes:
                raise ValueError(f"{e.id}: unknown departments {sorted(unknown)}")
            if e.region is not None and e.region not in regions:
                raise ValueError(f"{e.id}: unknown region {e.region}")
            if e.scope not in _SCOPES[e.kind]:
                raise ValueError(f"{e.id}: kind {e.kind} cannot have scope={e.scope}")
        for code in codes:
            for kind in DEPARTMENT_KINDS:
                n = sum(1 for e in self.entities if e.kind == kind and code in e.departments)
                if n != 1:
                    raise ValueError(f"department {code}: {n} entities of kind {kind}, expected 1")
        urps = [e.profession for e in self.entities if e.kind == "urps"]
        if sorted(urps) != sorted(PROFESSIONS):  # type: ignore[type-var]
            raise ValueError(f"expected one URPS per profession {PROFESSIONS}, got {urps}")
        for kind in ("grcs", "federation"):
            if sum(1 for e in self.entities if e.kind == kind) != 1:
                raise ValueError(f"expected exactly one entity of kind {kind}")
        if _head_office(self.entities, ARA_REGION_CODE) is None:
            raise ValueError("ARS head office for ARA missing")
        for key in self.synonyms:
            if _split_key(key) is None:
                raise ValueError(f"synonyms: unknown key {key!r}")
        return self


class DepartmentContacts(_Model):
    """Everything a team in one ARA department may need, local first."""

    department: Department
    ars: Entity
    cpam: Entity
    elsm: Entity
    msa: Entity
    femasaura: Entity
    urps: tuple[Entity, ...]
    grcs: Entity
    federation: Entity
    ars_head_office: Entity

    def of_kind(self, kind: str, profession: str | None = None) -> tuple[Entity, ...]:
        if kind == "urps":
            return tuple(e for e in self.urps if profession in (None, e.profession))
        if kind not in KINDS:
            raise ValueError(f"unknown contact kind {kind!r}")
        return (getattr(self, kind),)


# ------------------------------------------------------------------------------ loading


def load_contacts(path: Path = CONTACTS_FILE) -> ContactBook:
    """Parse and validate a contacts file; errors name the file."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        return ContactBook.model_validate(raw)
    except (ValidationError, ValueError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def contact_book() -> ContactBook:
    return load_contacts()


def _head_office(entities: tuple[Entity, ...], region_code: str) -> Entity | None:
    for e in entities:
        if e.kind == "ars" and e.scope == "regional" and e.region == region_code:
            return e
    return None


def _split_key(key: str) -> tuple[str, str | None] | None:
    """« cpam » → (cpam, None); « urps:medecins » → (urps, medecins); unknown → None."""
    if key.startswith(URPS_KEY_PREFIX):
        profession = key.removeprefix(URPS_KEY_PREFIX)
        return ("urps", profession) if profession in PROFESSIONS else None
    return (key, None) if key in KINDS else None


# ------------------------------------------------------------------------------ lookups


def normalize_department_code(code: str) -> str:
    """« 1 » → « 01 », « 2a » → « 2A »; anything else is kept (stripped, upper-case)."""
    code = code.strip().upper()
    return code.zfill(2) if code.isdecimal() and len(code) == 1 else code


@cache
def ara_departments() -> dict[str, str]:
    """Code → name of the 12 departments the annex covers."""
    return {d.code: d.name for d in contact_book().departments}


@cache
def _departments() -> dict[str, Department]:
    return {d.code: d for d in contact_book().departments}


@cache
def contacts_for_department(code: str) -> DepartmentContacts | None:
    """All contacts for an ARA department, or None for any other department."""
    department = _departments().get(normalize_department_code(code))
    if department is None:
        return None
    book = contact_book()
    local = {
        e.kind: e
        for e in book.entities
        if e.scope == "department" and department.code in e.departments
    }
    head_office = _head_office(book.entities, ARA_REGION_CODE)
    if head_office is None:
        raise ValueError("contacts.yaml: no ARS head office for Auvergne-Rhône-Alpes")
    return DepartmentContacts(
        department=department,
        ars=local["ars"],
        cpam=local["cpam"],
        elsm=local["elsm"],
        msa=local["msa"],
        femasaura=local["femasaura"],
        urps=tuple(e for e in book.entities if e.kind == "urps"),
        grcs=next(e for e in book.entities if e.kind == "grcs"),
        federation=next(e for e in book.entities if e.kind == "federation"),
        ars_head_office=head_office,
    )


def regional_ars_contact(region_code: str) -> Entity | None:
    """The ARS head-office address a seed document gives for that region (84, 76), else None."""
    return _head_office(contact_book().entities, region_code.strip())


def kind_synonyms() -> dict[str, list[str]]:
    """Words users type for each kind; keys are kinds or « urps:<profession> »."""
    return {key: list(words) for key, words in contact_book().synonyms.items()}


def split_kind_key(key: str) -> tuple[str, str | None]:
    """Key of ``kind_synonyms()`` → (kind, profession or None)."""
    parts = _split_key(key)
    if parts is None:
        raise ValueError(f"unknown contact kind key {key!r}")
    return parts


# ------------------------------------------------------------------------------ answers


def answer_contacts(
    department_code: str | None,
    kinds: set[str] | None = None,
    *,
    department_name: str | None = None,
    region_name: str | None = None,
    region_code: str | None = None,
    place_label: str | None = None,
    profession: str | None = None,
    list_departments: bool = True,
) -> str:
    """Plain French answer listing the requested contacts, always ending with the dated source.

    ``kinds=None`` means the department-level kinds; ``profession`` narrows (or implies) URPS.
    Outside ARA the answer gives no ARA contact, only a pointer to the user's own ARS.
    ``list_departments=False``: no department known, but the caller offers its own choices
    (the communes of a shared name), so the twelve departments are not listed.
    """
    kinds = set(kinds) if kinds else None
    wanted = _wanted_kinds(kinds, profession)
    book = contact_book()
    common = {"guide": book.guide, "labels": {k: v.label for k, v in book.kinds.items()}}
    code = normalize_department_code(department_code) if department_code else ""

    if not code:
        if kinds is not None and wanted and set(wanted) <= {"federation"}:
            national = [e for e in book.entities if e.scope == "national"]
            return render("faq/contacts_national.j2", entities=national, **common)
        requested = wanted if kinds is not None or profession else []
        return render(
            "faq/contacts_ask_department.j2",
            departments=book.departments if list_departments else [],
            requested=[_kind_label(k, profession) for k in requested],
            **common,
        )

    found = contacts_for_department(code)
    if found is None:
        regional = None
        if region_code and region_code.strip() != ARA_REGION_CODE:
            regional = regional_ars_contact(region_code)
        national = [e for e in book.entities if e.scope == "national" and e.kind in wanted]
        return render(
            "faq/contacts_outside.j2",
            code=code if _DEPARTMENT_CODE.fullmatch(code) else None,
            department_name=department_name,
            place_label=place_label,
            region_name=region_name,
            regional=regional,
            national=national,
            covered=len(book.departments),
            **common,
        )

    entities: list[Entity] = []
    for kind in wanted:
        entities.extend(found.of_kind(kind, profession))
        if kind == "ars" and kinds is not None:
            entities.append(found.ars_head_office)
    dept = found.department
    same_place = place_label is not None and fold(place_label) == fold(dept.name)
    default = kinds is None and profession is None
    others = [k for k in KINDS if k not in DEPARTMENT_KINDS] if default else []
    return render(
        "faq/contacts.j2",
        department=dept,
        place_label=None if same_place else place_label,
        entities=entities,
        others=others,
        **common,
    )


def _kind_label(kind: str, profession: str | None) -> str:
    """Label of a kind; the URPS's own name when a profession narrows it."""
    book = contact_book()
    if kind == "urps" and profession:
        return next(e.name for e in book.entities if e.profession == profession)
    return book.kinds[kind].label  # type: ignore[index]


def _wanted_kinds(kinds: set[str] | None, profession: str | None) -> list[str]:
    """Requested kinds in display order; unknown kinds or professions are programming errors."""
    if profession is not None and profession not in PROFESSIONS:
        raise ValueError(f"unknown profession {profession!r}")
    if kinds is None:
        requested = {"urps"} if profession else set(DEPARTMENT_KINDS)
    else:
        requested = set(kinds) | ({"urps"} if profession else set())
    if unknown := requested - set(KINDS):
        raise ValueError(f"unknown contact kinds {sorted(unknown)}")
    return [k for k in KINDS if k in requested]
