"""Markdown subset → plain text, for an in-chat preview of a document or of one section.

Same parser and sentinels as the .docx writer, so the preview shows exactly what the
document will say: markers as their « [À compléter : …] » text, bullets as « • »,
ordered items numbered, table rows as « a | b | c », formatting dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from bot.documents.markup import BREAK, KEEP, MARK_CLOSE, MARK_OPEN, ROOM, clean_xml, parser
from bot.normalize import fold

_SPLIT_RE = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}{BREAK}])")
_BULLETS = ("•", "–", "·")
_CELL_BREAK = " / "


class SectionNotFound(KeyError):
    """No ``## heading`` matches the requested section."""


@dataclass
class _Block:
    level: int | None  # heading level, None for body blocks
    lines: list[str]


def _inline_text(children: Sequence[Token], marker_text: Callable[[str], str], br: str) -> str:
    out: list[str] = []
    label: list[str] | None = None
    for tok in children:
        if tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "hardbreak":
            out.append(br)
        elif tok.type == "text":
            for piece in _SPLIT_RE.split(tok.content):
                if piece == MARK_OPEN:
                    label = []
                elif piece == MARK_CLOSE:
                    if label is not None:
                        out.append(marker_text("".join(label)))
                    label = None
                elif label is not None:
                    label.append(piece)
                elif piece == BREAK:
                    out.append(br)
                else:  # layout sentinels (keep with next, room to sign) print nothing here
                    out.append(piece.replace(KEEP, "").replace(ROOM, ""))
    if label is not None:
        out.extend(label)
    return "".join(out).strip()


def _blocks(tokens: Sequence[Token], marker_text: Callable[[str], str]) -> list[_Block]:
    blocks: list[_Block] = []
    lists: list[list[int | None]] = []  # per open list: [next number or None for bullets]
    item_started: list[bool] = []
    heading: int | None = None
    row: list[str] | None = None
    for tok in tokens:
        kind = tok.type
        if kind == "heading_open":
            heading = int(tok.tag[1])
        elif kind == "heading_close":
            heading = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                blocks.append(_Block(None, []))
            lists.append([int(tok.attrs.get("start", 1)) if kind == "ordered_list_open" else None])
            item_started.append(False)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            item_started.pop()
        elif kind == "list_item_open":
            item_started[-1] = False
        elif kind == "table_open":
            blocks.append(_Block(None, []))
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks[-1].lines.append(" | ".join(row))
            row = None
        elif kind == "inline":
            if row is not None:
                row.append(_inline_text(tok.children or [], marker_text, _CELL_BREAK))
                continue
            text = _inline_text(tok.children or [], marker_text, "\n")
            if lists and heading is None:
                depth = len(lists) - 1
                indent = "  " * depth
                counter = lists[-1]
                if item_started[-1]:
                    prefix = indent + "  "
                elif counter[0] is None:
                    prefix = f"{indent}{_BULLETS[min(depth, len(_BULLETS) - 1)]} "
                else:
                    prefix = f"{indent}{counter[0]}. "
                    counter[0] += 1
                item_started[-1] = True
                blocks[-1].lines.append(prefix + text.replace("\n", "\n" + " " * len(prefix)))
            else:
                blocks.append(_Block(heading, [text]))
    return blocks


def markdown_to_text(
    markdown: str, marker_text: Callable[[str], str], section: str | None = None
) -> str:
    """Plain text of ``markdown``, or of the ``## section`` whose title matches (folded)."""
    blocks = _blocks(parser().parse(clean_xml(markdown)), marker_text)
    if section is not None:
        wanted = fold(section)
        start = next(
            (i for i, b in enumerate(blocks) if b.level == 2 and fold(b.lines[0]) == wanted),
            None,
        )
        if start is None:
            titles = [b.lines[0] for b in blocks if b.level == 2]
            raise SectionNotFound(f"no section {section!r}; sections: {titles}")
        end = next(
            (
                i
                for i in range(start + 1, len(blocks))
                if (level := blocks[i].level) is not None and level <= 2
            ),
            len(blocks),
        )
        blocks = blocks[start:end]
    return "\n\n".join("\n".join(b.lines) for b in blocks if any(b.lines))
