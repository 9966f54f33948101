"""The value model: what ``{{ prefix.name }}`` is in a document template.

Every question of the bundle is reachable by its id: ``{{ structure.association_name }}``
prints the answer in French (« 15 000 € », « 12 mars 2026 », « mars 2026 », « Oui »), or the
« à compléter » marker (the question's label and a one-line hint taken from its help text)
when there is no answer (or « Je ne sais pas encore »), or nothing when the question's
condition hides it. Each value also carries what tables and checkboxes need: ``.raw`` (the
stored value), ``.label``, ``.rows`` (groups and communes, one ``Row`` per line, cells built
the same way from the group's fields), ``.choices`` (label + checked, for checkbox lists),
``.labels`` (chosen labels of a multi-choice), ``.answered``, ``.visible``, ``.required``
(the sending version leaves out empty optional items), ``.hint`` and ``.empty`` (an
unanswered or empty table: templates print « — » rather than computed zeros). Missing and
hidden values are falsy, so ``{% if x %}`` means « answered ».
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from bot import textfmt
from bot.dialogs.display import display_value
from bot.dialogs.engine import is_visible
from bot.dialogs.loader import Bundle
from bot.dialogs.parsing import valid_shape
from bot.dialogs.schema import Dossier, Field_, QType, Question
from bot.documents.markup import Safe, marker

HINT_MAX = 110  # characters of help text kept in a marker: one line of a Word page
# A sentence ends at « . » before a capital (or the end) unless it closes an abbreviation
# (« art. L1434-12-1 », « p. 12 », « cf. »), or at a French « ; ».
_SENTENCE_END_RE = re.compile(
    r"(?<!\bart)(?<!\bArt)(?<!\bcf)(?<!\bp)(?<!\bn°)\.(?=\s+[A-ZÀ-ÖØ-Þ«]|\s*$)|\s;\s"
)


@dataclass(frozen=True)
class ChoiceBox:
    """One line of a checkbox list: ``{{ checkbox(c.checked) }} {{ c.label }}``."""

    value: str
    label: str
    checked: bool
    help: str | None = None


class Answered(str):
    """An answer in French; printed escaped like any value."""

    answered = True
    visible = True
    hint = ""
    label: str
    raw: Any
    rows: list[Row]
    choices: list[ChoiceBox]
    labels: list[str]
    required: bool
    empty: bool

    def __new__(
        cls,
        text: str,
        *,
        label: str,
        raw: Any,
        rows: Iterable[Row] = (),
        choices: Iterable[ChoiceBox] = (),
        labels: Iterable[str] = (),
        required: bool = True,
    ) -> Answered:
        self = super().__new__(cls, text)
        self.label = label
        self.raw = raw
        self.rows = list(rows)
        self.choices = list(choices)
        self.labels = list(labels)
        self.required = required
        self.empty = isinstance(raw, list) and not self.rows and not self.labels
        return self


def hint_of(help_text: str | None) -> str:
    """One line of guidance from a question's help: its first sentence, cut on a word.

    « Part de bénéficiaires de la C2S, personnes âgées isolées, … » rather than the whole
    paragraph of the seed, which belongs behind « ℹ️ Aide ».
    """
    if not help_text:
        return ""
    text = " ".join(help_text.split())
    found = _SENTENCE_END_RE.search(text)
    if found is not None:
        text = text[: found.start()]
    if len(text) > HINT_MAX:
        text = text[:HINT_MAX].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    return text


def marker_label(label: str, hint: str = "") -> str:
    """« profil social — part de bénéficiaires de la C2S… »: what the marker says."""
    return f"{label} — {hint[:1].lower()}{hint[1:]}" if hint else label


class Missing(Safe):
    """No answer yet: prints the « à compléter » marker (label and hint); falsy."""

    answered = False
    visible = True
    empty = True
    raw: Any = None
    labels: list[str] = []
    rows: list[Row] = []
    label: str
    hint: str
    required: bool
    choices: list[ChoiceBox]

    def __new__(
        cls,
        label: str,
        choices: Iterable[ChoiceBox] = (),
        *,
        hint: str = "",
        required: bool = True,
    ) -> Missing:
        self = super().__new__(cls, marker(marker_label(label, hint)))
        self.label = label
        self.hint = hint
        self.required = required
        self.choices = list(choices)
        return self

    def __bool__(self) -> bool:
        return False


class Blank(Safe):
    """Nothing to print: a hidden question or an optional cell left empty; falsy."""

    answered = False
    empty = True
    hint = ""
    raw: Any = None
    label: str
    visible: bool
    required: bool
    labels: list[str] = []
    rows: list[Row] = []
    choices: list[ChoiceBox] = []

    def __new__(cls, label: str = "", *, visible: bool = True, required: bool = False) -> Blank:
        self = super().__new__(cls, "")
        self.label = label
        self.visible = visible
        self.required = required
        return self


Value = Answered | Missing | Blank


class _Thunk:
    """A cell computed on first access (formatting every cell of every group costs)."""

    __slots__ = ("call",)

    def __init__(self, call: Callable[[], Any]) -> None:
        self.call = call


class Row:
    """One line of a group (or a commune): ``row.<field id>`` is a value; ``row.n`` its rank."""

    __slots__ = ("_cells", "n", "row_id")

    def __init__(self, cells: Mapping[str, Any], n: int, row_id: str | None = None) -> None:
        self._cells = dict(cells)
        self.n = n
        self.row_id = row_id

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            value = self._cells[name]
        except KeyError:
            raise AttributeError(name) from None
        if isinstance(value, _Thunk):
            value = self._cells[name] = value.call()
        return value

    def __repr__(self) -> str:
        return f"Row({self.n}, {self._cells!r})"


class Namespace:
    """The questions sharing an id prefix: ``structure`` → ``structure.association_name``.

    Values are computed on first access: a template formats only the answers it prints.
    """

    __slots__ = ("_cache", "_factories")

    def __init__(self, factories: Mapping[str, Callable[[], Any]]) -> None:
        self._factories = dict(factories)
        self._cache: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._cache[name]
        except KeyError:
            pass
        try:
            factory = self._factories[name]
        except KeyError:
            raise AttributeError(name) from None
        value = self._cache[name] = factory()
        return value


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == []


_LENIENT_TEXTS = frozenset(
    {QType.TEXT, QType.LONG_TEXT, QType.EMAIL, QType.PHONE, QType.SIRET, QType.FINESS}
)


def fits(owner: Question | Field_, value: Any) -> bool:
    """Whether a stored value has the shape its type needs to be printed.

    The shape check is the parser's own (``bot.dialogs.parsing.valid_shape``), so a value
    the interview could not have stored (a YAML change turned a text into a list, a choice
    was removed) is shown as « à compléter » instead of breaking the document. Two
    leniencies: any text is printed (escaped) whatever its content, and groups and
    communes are filtered row by row, so any list is kept.
    """
    if owner.type in _LENIENT_TEXTS:
        return isinstance(value, str)
    if owner.type in (QType.GROUP, QType.COMMUNES):
        return isinstance(value, list)
    return valid_shape(owner, value)


def _choices(owner: Question | Field_, value: Any) -> list[ChoiceBox]:
    chosen = value if isinstance(value, list) else [value]
    return [ChoiceBox(c.value, c.label, c.value in chosen, c.help) for c in owner.choices]


_NUMBER_FORMATS: dict[QType, Callable[[int], str]] = {
    QType.MONEY: textfmt.money,
    QType.INTEGER: textfmt.number,
    QType.POPULATION: textfmt.population,
}


@lru_cache(maxsize=4096)
def number_text(qtype: QType, value: int) -> str:
    """Babel formatting is slow (tens of µs) and the same amounts recur across documents."""
    return _NUMBER_FORMATS[qtype](value)


def _display(owner: Question | Field_, value: Any) -> str:
    if owner.type in _NUMBER_FORMATS and type(value) is int:
        return number_text(owner.type, value)
    if owner.type is QType.DATE and isinstance(value, str):
        return textfmt.date_long(value)  # documents write dates in full, the chat short
    return display_value(owner, value)


def missing(owner: Question | Field_) -> Missing:
    """The marker of an unanswered question or cell, with its hint and whether required."""
    return Missing(
        owner.label, _choices(owner, None), hint=hint_of(owner.help), required=owner.required
    )


def _field_value(f: Field_, value: Any) -> Value:
    if is_blank(value) or not fits(f, value):
        return missing(f) if f.required else Blank(f.label)
    choices = _choices(f, value)
    return Answered(
        _display(f, value),
        label=f.label,
        raw=value,
        choices=choices,
        labels=[c.label for c in choices if c.checked],
    )


def group_rows(q: Question, value: Any) -> list[Row]:
    """The rows of a group answer, each cell a value (missing required cells are markers)."""
    rows = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
    return [
        Row(
            {f.id: _Thunk(partial(_field_value, f, r.get(f.id))) for f in q.fields}, n, r.get("_id")
        )
        for n, r in enumerate(rows, start=1)
    ]


def commune_rows(value: Any) -> list[Row]:
    """Communes with their INSEE code, department, population and first postal code."""
    from bot.rules.territory import commune_by_insee

    rows = []
    for n, item in enumerate((c for c in value or () if isinstance(c, dict)), start=1):
        population = item.get("population")
        found = commune_by_insee(str(item.get("insee", "")))
        postal = found.postal_codes[0] if found is not None and found.postal_codes else ""
        cells = {
            "insee": str(item.get("insee", "")),
            "name": str(item.get("name", "")),
            "department": str(item.get("department", "")),
            "population": number_text(QType.INTEGER, population)
            if isinstance(population, int)
            else "",
            "population_raw": population if isinstance(population, int) else None,
            "postal_code": postal,
        }
        rows.append(Row(cells, n))
    return rows


def _absent(q: Question, omit_optional: bool) -> Value:
    return Blank(q.label, required=False) if omit_optional and not q.required else missing(q)


def question_value(
    bundle: Bundle, q: Question, dossier: Dossier, *, omit_optional: bool = False
) -> Value:
    """The value a template sees for question ``q``.

    ``omit_optional`` (the sending version): an unanswered optional question prints nothing
    instead of its marker.
    """
    if not is_visible(bundle, q, dossier):
        return Blank(q.label, visible=False, required=q.required)
    answer = dossier.get(q.id)
    if answer is None or answer.status != "answered":
        return _absent(q, omit_optional)
    value = answer.value
    if not fits(q, value):
        return _absent(q, omit_optional)
    rows: list[Row] = []
    if q.type is QType.GROUP:
        rows = group_rows(q, value)
    elif q.type is QType.COMMUNES:
        rows = commune_rows(value)
    elif is_blank(value):
        return _absent(q, omit_optional)
    choices = _choices(q, value)
    return Answered(
        _display(q, value),
        label=q.label,
        raw=value,
        rows=rows,
        choices=choices,
        labels=[c.label for c in choices if c.checked],
        required=q.required,
    )


def answer_tree(
    bundle: Bundle,
    dossier: Dossier,
    reserved: Set[str] = frozenset(),
    *,
    omit_optional: bool = False,
) -> dict[str, Namespace]:
    """Every question's value, reachable as ``prefix.name`` (ids have exactly one dot).

    ``reserved`` are the derived values' names: a question prefix may not shadow one.
    """
    tree: dict[str, dict[str, Callable[[], Value]]] = {}
    for qid, q in bundle.questions.items():
        prefix, _, name = qid.partition(".")
        tree.setdefault(prefix, {})[name] = partial(
            question_value, bundle, q, dossier, omit_optional=omit_optional
        )
    clash = set(reserved) & set(tree)
    if clash:
        raise ValueError(f"question prefixes clash with derived context names: {sorted(clash)}")
    return {prefix: Namespace(values) for prefix, values in tree.items()}
