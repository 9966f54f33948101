"""One widget per input kind: it draws its answer buttons and reads a press or a text.

The shape follows aiogram-dialog's widgets (a widget both renders and handles its own
input), without its framework: a widget is a small object with three pure methods, and the
interview only orchestrates (which question, navigation, storing). Adding an input kind is
one class here and one line in ``WIDGETS``; nothing else in the conversation changes.

A press comes back as a ``Press`` verb and its arguments (``a:<tok>:<index>``); ``press``
returns what it means (``Store``, ``Select``, ``Refuse``) or ``None`` for a stale press.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.conversation import buttons as B
from bot.conversation.messages import Button
from bot.conversation.ui import t
from bot.dialogs.parsing import parse_answer
from bot.dialogs.schema import Choice, Field_, QType, Question

Target = Question | Field_
SHORT_LABEL = 16  # choices this short go two per row


@dataclass(frozen=True)
class Store:
    """The press is an answer: store this value."""

    value: Any


@dataclass(frozen=True)
class Select:
    """The multi-choice selection changed: show the prompt again with it."""

    selection: list[str]


@dataclass(frozen=True)
class Refuse:
    """The press cannot be taken as is: say why (a UI text key) and ask again."""

    message_key: str


Outcome = Store | Select | Refuse | None


class Widget:
    """Free text (and every kind typed rather than pressed): no answer buttons."""

    verbs: tuple[str, ...] = ()

    def keyboard(self, target: Target, tok: str, selection: list[str]) -> list[list[Button]]:
        return []

    def press(self, target: Target, verb: str, arg: str, selection: list[str]) -> Outcome:
        return None

    def parse(self, target: Target, text: str) -> Any:
        """The value a typed text stands for (``AnswerInvalid`` with the French reason)."""
        return parse_answer(target, text)


def choice_rows(choices: list[Choice], tok: str, verb: str, selected: list[str] | None = None):
    out: list[Button] = []
    for i, c in enumerate(choices):
        label = c.label
        if selected is not None:
            label = ("✅ " if c.value in selected else "▫️ ") + label
        out.append(B.button(label, verb, tok, i))
    per_row = 2 if all(len(c.label) <= SHORT_LABEL for c in choices) else 1
    return B.rows(out, per_row)


def _choice_at(target: Target, arg: str) -> Choice | None:
    if not arg.isdecimal() or int(arg) >= len(target.choices):
        return None
    return target.choices[int(arg)]


class ChoiceWidget(Widget):
    verbs = ("a",)

    def keyboard(self, target: Target, tok: str, selection: list[str]) -> list[list[Button]]:
        return choice_rows(target.choices, tok, "a")

    def press(self, target: Target, verb: str, arg: str, selection: list[str]) -> Outcome:
        choice = _choice_at(target, arg)
        return None if choice is None else Store(choice.value)


class MultiChoiceWidget(Widget):
    verbs = ("m", "mv")

    def keyboard(self, target: Target, tok: str, selection: list[str]) -> list[list[Button]]:
        rows = choice_rows(target.choices, tok, "m", selection)
        return [*rows, [B.button(t("btn_validate"), "mv", tok)]]

    def press(self, target: Target, verb: str, arg: str, selection: list[str]) -> Outcome:
        if verb == "mv":
            order = [c.value for c in target.choices]
            chosen = sorted((v for v in selection if v in order), key=order.index)
            return Store(chosen) if chosen else Refuse("multi_empty")
        choice = _choice_at(target, arg)
        if choice is None:
            return None
        value = choice.value
        return Select([v for v in selection if v != value] if value in selection
                      else [*selection, value])  # fmt: skip


class YesNoWidget(Widget):
    verbs = ("y", "n")

    def keyboard(self, target: Target, tok: str, selection: list[str]) -> list[list[Button]]:
        return [[B.button(t("btn_yes"), "y", tok), B.button(t("btn_no"), "n", tok)]]

    def press(self, target: Target, verb: str, arg: str, selection: list[str]) -> Outcome:
        return Store(verb == "y")


TYPED = Widget()
WIDGETS: dict[QType, Widget] = {
    QType.CHOICE: ChoiceWidget(),
    QType.MULTI_CHOICE: MultiChoiceWidget(),
    QType.YES_NO: YesNoWidget(),
}
VERBS = frozenset(v for w in WIDGETS.values() for v in w.verbs)


def widget_for(qtype: QType) -> Widget:
    return WIDGETS.get(qtype, TYPED)
