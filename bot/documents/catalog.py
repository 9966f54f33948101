"""The draft documents the bot can produce: id, title, template, source interviews, file name.

The list itself is data (``templates/documents/catalog.yaml``: French titles belong to
templates, not code). A document draws on whole interviews (its completeness counts their
visible questions) or on a few named questions (the budget). ``check_catalog`` verifies the
references against an interview bundle; it runs as a test.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.dialogs.loader import Bundle
from bot.dialogs.schema import Question
from bot.normalize import tokens
from bot.paths import TEMPLATES_DIR

DOCUMENTS_DIR = TEMPLATES_DIR / "documents"
CATALOG_FILE = DOCUMENTS_DIR / "catalog.yaml"
DOC_ID = r"^[a-z][a-z0-9_]{1,30}$"
SLUG_MAX = 40  # characters of the CPTS name kept in a file name
DEFAULT_SLUG = "cpts"


class UnknownDocument(KeyError):
    """No document has this id (a stale button, a typo in /documents)."""


class DocumentSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=DOC_ID)]
    title: str
    button: str
    template: str
    interviews: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    file_name: str
    file_name_one: str | None = None  # one action sheet of a per-action document
    per_action: bool = False
    source: str

    @model_validator(mode="after")
    def _check(self) -> DocumentSpec:
        if not self.interviews and not self.questions:
            raise ValueError(f"{self.id}: a document needs interviews or questions")
        if self.per_action and not self.file_name_one:
            raise ValueError(f"{self.id}: a per-action document needs file_name_one")
        return self


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    documents: tuple[DocumentSpec, ...]

    @model_validator(mode="after")
    def _unique(self) -> Catalog:
        ids = [d.id for d in self.documents]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate document ids in the catalog")
        return self


@cache
def catalog() -> Catalog:
    with CATALOG_FILE.open(encoding="utf-8") as fh:
        return Catalog.model_validate(yaml.safe_load(fh))


def documents() -> list[DocumentSpec]:
    """Every document, in the order of the CPTS path."""
    return list(catalog().documents)


def get(doc_id: str) -> DocumentSpec:
    """The document ``doc_id``; ``UnknownDocument`` otherwise."""
    for spec in catalog().documents:
        if spec.id == doc_id:
            return spec
    raise UnknownDocument(doc_id)


def questions_of(bundle: Bundle, spec: DocumentSpec) -> list[Question]:
    """The questions a document draws on, once each, in interview order."""
    seen: dict[str, Question] = {}
    for interview_id in spec.interviews:
        for q in bundle.interview_questions(interview_id):
            seen.setdefault(q.id, q)
    for qid in spec.questions:
        seen.setdefault(qid, bundle.questions[qid])
    return list(seen.values())


def slug(name: str) -> str:
    """« CPTS des Trois Vallées » → « cpts-des-trois-vallees » (file-name safe, ASCII)."""
    words = ("".join(c for c in word if c.isascii() and c.isalnum()) for word in tokens(name))
    text = "-".join(w for w in words if w)
    return text[:SLUG_MAX].strip("-") or DEFAULT_SLUG


def file_stem(spec: DocumentSpec, cpts_name: str, action_number: int | None = None) -> str:
    """The file name (without extension) of a generated document."""
    if action_number is not None and spec.file_name_one:
        return spec.file_name_one.format(cpts=slug(cpts_name), n=action_number)
    return spec.file_name.format(cpts=slug(cpts_name))


# Names a partial receives from the template that includes it (documented in each partial).
INCLUDE_PARAMETERS = frozenset({"action", "table", "q", "sig_name", "sig_role", "sig_date"})


def document_templates() -> list[str]:
    """Every document template and partial (the engine's own ``_test``/``_base`` excluded)."""
    return sorted(
        str(p.relative_to(DOCUMENTS_DIR))
        for p in DOCUMENTS_DIR.rglob("*.md.j2")
        if p.parent.name not in ("_test", "_base")
    )


def template_problems(bundle: Bundle, template: str, source: str | None = None) -> list[str]:
    """Names a template reads that nothing produces: unknown top-level names, question ids
    that no interview defines (``structure.nom``), keys a derived value lacks.

    ``source`` checks that text under the name ``template`` instead of the file.
    """
    from jinja2 import meta, nodes

    from bot.documents.context import DERIVED, Lazy, build_context
    from bot.documents.render import environment, template_variables

    env = environment()
    if source is None:
        assert env.loader is not None
        tree = env.parse(env.loader.get_source(env, template)[0])
        names = template_variables(template)
    else:
        tree = env.parse(source)
        names = meta.find_undeclared_variables(tree) - set(env.globals)
    prefixes = {qid.split(".")[0] for qid in bundle.questions}
    allowed = prefixes | DERIVED
    if template.startswith("partials/"):
        allowed |= INCLUDE_PARAMETERS
    problems = [f"{template}: unknown name {n}" for n in sorted(names - allowed)]
    context = build_context(bundle, {}, catalog().documents[0].id)
    for node in tree.find_all(nodes.Getattr):
        if not isinstance(node.node, nodes.Name):
            continue
        name, attr = node.node.name, node.attr
        if name in prefixes and f"{name}.{attr}" not in bundle.questions:
            problems.append(f"{template}: no question {name}.{attr}")
        elif name in DERIVED and isinstance(context[name], Lazy) and attr not in context[name]:
            problems.append(f"{template}: {name} has no {attr}")
    return problems


def check_catalog(bundle: Bundle) -> list[str]:
    """Every reference of the catalog and of the templates that the bundle does not satisfy.

    Meant for startup and tests, like ``check_bundle``: a renamed question or a typo in a
    template is reported here rather than at a user's first render.
    """
    problems: list[str] = []
    documents_of = {iv.document for iv in bundle.interviews.values() if iv.document}
    ids = {spec.id for spec in catalog().documents}
    for missing in sorted(documents_of - ids):
        problems.append(f"an interview produces document {missing}, which the catalog lacks")
    for spec in catalog().documents:
        if not (DOCUMENTS_DIR / spec.template).is_file():
            problems.append(f"{spec.id}: template {spec.template} does not exist")
        for iv in spec.interviews:
            if iv not in bundle.interviews:
                problems.append(f"{spec.id}: unknown interview {iv}")
        for qid in spec.questions:
            if qid not in bundle.questions:
                problems.append(f"{spec.id}: unknown question {qid}")
    for template in document_templates():
        problems += template_problems(bundle, template)
    from bot.documents.context import derived_problems

    return problems + derived_problems(bundle)
