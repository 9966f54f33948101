"""From a message to a reply: classify, read the slots, render the card, attach the buttons.

The first message is the card's short template plus one compact source line; each detail is
a button whose token carries the card, the detail and the slots that matter (so a press days
later still answers the same question). Clarifications offer the two or three closest cards,
out-of-scope messages say so and list what the FAQ knows; politeness alone is answered in kind.
"""

from __future__ import annotations

import re
from typing import get_args

from bot.rules.faq import cards as card_registry
from bot.rules.faq import classifier, sources
from bot.rules.faq.api_models import FaqButton, FaqContext, FaqReply
from bot.rules.faq.slots import PART_KEYS, Slots, extract
from bot.rules.faq.social import SocialKind, social_kind
from bot.rules.faq.views import Territory, View
from bot.rules.missions import MissionKey
from bot.rules.sourced import Sourced
from bot.textfmt import render, tidy

MAX_TEXT = 1000  # characters of a message the FAQ reads (longer ones are cut)
SEP = "~"
_DEPARTMENT_CODE = re.compile(r"[0-9][0-9AB][0-9]?")
_MISSIONS: tuple[str, ...] = get_args(MissionKey)  # a button names a mission by its index
_INSEE = re.compile(r"[0-9][0-9AB][0-9]{3}")  # a commune picked by a button (« c63113 »)
MAX_CANDIDATES = 4  # communes offered as buttons for a shared name
_LOOKED_UP = frozenset({"commune", "epci", "communes"})  # populations from the territory data


def _territory(context: FaqContext | None) -> Territory | None:
    if context is None:
        return None
    return Territory(
        population=context.population,
        tier=context.tier,
        department=context.department,
        cpts_name=context.cpts_name,
    )


def encode_slots(slots: Slots, view: View) -> str:
    """The slots a detail button needs, in its callback data: « p21847.d38 », « t3.m0.x0 »,
    « k1.c63113 » (the CPAM, for the commune a button picked).

    Parts are dot-separated (values such as « 21847 » and « d38 » would otherwise run
    together) and missions and parts are indexes, to fit Telegram's 64-byte limit.
    """
    parts = []
    if view.population is not None:
        parts.append(f"p{view.population}")
    elif view.tier is not None:
        parts.append(f"t{view.tier}")
    if slots.mission in _MISSIONS:
        parts.append(f"m{_MISSIONS.index(slots.mission)}")
    if slots.part in PART_KEYS:
        parts.append(f"x{PART_KEYS.index(slots.part)}")
    if view.department:
        parts.append(f"d{view.department}")
    if slots.kinds or slots.contact_profession:  # the contact book loads only when needed
        kinds, professions = _contact_keys()
        if slots.kinds:
            parts.append("k" + "-".join(str(kinds.index(k)) for k in slots.kinds if k in kinds))
        if slots.contact_profession in professions:
            parts.append(f"u{professions.index(slots.contact_profession)}")
    if slots.term:
        from bot.rules.glossary import entries, lookup

        entry = lookup(slots.term)
        if entry is not None:
            parts.append(f"g{entries().index(entry)}")
    return ".".join(parts)


def _contact_keys() -> tuple[list[str], tuple[str, ...]]:
    """The contact kinds and URPS professions a button names by index (« k1 » is the CPAM)."""
    from bot.rules.contacts import PROFESSIONS, contact_book

    return list(contact_book().kinds), PROFESSIONS


def _index(value: str, size: int) -> int | None:
    return int(value) if value.isdecimal() and int(value) < size else None


def decode_slots(code: str) -> Slots:
    """``encode_slots`` reversed; a malformed or stale part is ignored, never an error."""
    slots = Slots(text="")
    for piece in code.split("."):
        key, value = piece[:1], piece[1:]
        if key == "p" and value.isdecimal():
            slots.population, slots.population_source = int(value), "text"
        elif key == "t" and value.isdecimal():
            slots.tier = int(value)
        elif key == "m" and (i := _index(value, len(_MISSIONS))) is not None:
            slots.mission = _MISSIONS[i]
        elif key == "x" and (i := _index(value, len(PART_KEYS))) is not None:
            slots.part = PART_KEYS[i]
        elif key == "d" and _DEPARTMENT_CODE.fullmatch(value):
            slots.department = value
        elif key == "g" and value.isdecimal():
            from bot.rules.glossary import entries

            found = entries()
            if int(value) < len(found):
                slots.term = found[int(value)].term
        elif key == "k":
            kinds = _contact_keys()[0]
            indexes = (_index(v, len(kinds)) for v in value.split("-"))
            slots.kinds = tuple(kinds[i] for i in indexes if i is not None)
        elif key == "u" and (i := _index(value, len(_contact_keys()[1]))) is not None:
            slots.contact_profession = _contact_keys()[1][i]
        elif key == "c" and _INSEE.fullmatch(value):
            _set_commune(slots, value)
    return slots


def _set_commune(slots: Slots, insee: str) -> None:
    """The commune a button picked among homonyms, as if its name had been typed alone."""
    from bot.rules.territory import commune_by_insee

    commune = commune_by_insee(insee)
    if commune is None:
        return
    slots.place_label = commune.name
    slots.population, slots.population_source = commune.population, "commune"
    slots.department, slots.region = commune.department, commune.region


def _candidate_buttons(card: card_registry.Card, slots: Slots, view: View) -> tuple[FaqButton, ...]:
    """One button per commune of a shared name (« Clermont-Ferrand (63) »), when the name was
    the answer's missing piece: the press answers the same card for that commune."""
    if slots.homonyms is None or view.population is not None:
        return ()
    if card.id == "contacts" and view.department:
        return ()
    # The commune first: a code too long for a button is cut from the end
    code = encode_slots(slots, view)
    return tuple(
        FaqButton(label=f"{c.name} ({c.department})", token=_picked(card.id, c.insee, code))
        for c in slots.homonyms[1][:MAX_CANDIDATES]
    )


def _picked(card_id: str, insee: str, code: str) -> str:
    parts = [f"c{insee}", *(p for p in code.split(".") if p)]
    while len(parts) > 1 and len(SEP.join((card_id, "", ".".join(parts))).encode()) > 48:
        parts.pop()
    return _token(card_id, "", ".".join(parts))


def _token(card_id: str, detail_id: str, code: str) -> str:
    token = SEP.join((card_id, detail_id, code))
    if len(token.encode()) > 48:
        token = SEP.join((card_id, detail_id, ""))
    return token


def _contacts_text(slots: Slots, view: View) -> str:
    from bot.rules.contacts import answer_contacts
    from bot.rules.landscape import landscape
    from bot.rules.territory import department_by_code, region_by_code

    code = view.department
    overseas = landscape().overseas
    if code in overseas.no_ars:
        return render("faq/contacts_no_ars.j2", message=overseas.no_ars[code])
    department = department_by_code(code) if code else None
    region_code = slots.region or (department.region if department is not None else None)
    region = region_by_code(region_code) if region_code else None
    text = answer_contacts(
        code,
        set(slots.kinds) or None,
        department_name=department.name if department is not None else None,
        region_name=region.name if region is not None else None,
        region_code=region_code,
        place_label=slots.place_label,
        profession=slots.contact_profession,
        list_departments=slots.homonyms is None,
    )
    if code in overseas.shared_ars:
        text = (
            render("faq/contacts_shared_ars.j2", agency=overseas.shared_ars[code]) + "\n\n" + text
        )
    elif not code and slots.homonyms is not None:  # « cpam de Clermont »: which one?
        text = render("faq/cards/_homonyms.j2", s=slots).strip() + "\n\n" + text
    return text


def _render_card(card: card_registry.Card, slots: Slots, view: View) -> str:
    extra: tuple[Sourced, ...] = ()
    if card.id == "glossaire" and view.glossary_entry is not None:
        extra = (view.glossary_entry.citation(),)
    elif card.id == "population_lieu" and slots.communes is not None:
        extra = (sources.resolve("tiers"),)  # a list of communes is answered with its tier too
    if slots.population_source in _LOOKED_UP and "territory" not in card.sources:
        extra = (*extra, sources.resolve("territory"))  # a population read from the Insee data
    context = {"v": view, "s": slots}
    if card.id == "contacts":
        context["contacts_text"] = _contacts_text(slots, view)
    body = render(card.short, **context)
    found = sources.lines(card.sources, extra)
    if found:
        body = f"{body}\n{render('faq/sources_line.j2', sources=sources.compact(found))}"
    return tidy(body)


def card_reply(card: card_registry.Card, slots: Slots, view: View, confidence: float) -> FaqReply:
    code = encode_slots(slots, view)
    buttons = _candidate_buttons(card, slots, view) or tuple(
        FaqButton(label=d.label, token=_token(card.id, d.id, code)) for d in card.details
    )
    return FaqReply(
        kind="answer",
        text=_render_card(card, slots, view),
        card=card.id,
        confidence=confidence,
        buttons=buttons,
    )


def detail_text(card: card_registry.Card, detail: card_registry.Detail, view: View) -> str:
    context: dict[str, object] = {"v": view, "s": view.slots}
    if detail.template.endswith("sources.j2"):
        extra: tuple[Sourced, ...] = ()
        if card.id == "glossaire" and view.glossary_entry is not None:
            extra = (view.glossary_entry.citation(),)
        keys = card.sources + tuple(k for k in card.facts if sources.is_sourced(k))
        context["sources"] = sources.lines(keys, extra)
    if detail.template.endswith("glossary_terms.j2"):
        from bot.rules.glossary import glossary_terms

        context["terms"] = glossary_terms()
    return tidy(render(detail.template, **context))


def out_of_scope(confidence: float = 0.0) -> FaqReply:
    return FaqReply(
        kind="out_of_scope", text=tidy(render("faq/out_of_scope.j2")), confidence=confidence
    )


def social_reply(kind: SocialKind) -> FaqReply:
    """Out of scope all the same (no card answers it), but in kind rather than « je ne sais
    pas »."""
    return FaqReply(kind="out_of_scope", text=tidy(render("faq/social.j2", kind=kind)))


def _slots_for(text: str, cards: list[card_registry.Card]) -> Slots:
    """The slots, reading the costly ones (communes, a place) only when a card uses them."""
    return extract(
        text,
        communes=any("communes" in c.slots for c in cards),
        place_lookup=any("place" in c.slots for c in cards),
    )


def reply(text: str, context: FaqContext | None = None, *, idle: bool = False) -> FaqReply:
    """``idle``: no interview question is pending (see ``classifier.decide_from``)."""
    text = (text or "")[:MAX_TEXT]
    if not text.strip():
        return out_of_scope()
    politeness = social_kind(text)
    if politeness is not None:
        return social_reply(politeness)
    decision = classifier.decide(text, idle=idle)
    registry = card_registry.registry()
    if decision.kind == "out_of_scope":
        return out_of_scope(decision.not_question)
    if decision.kind == "clarify":
        options = [registry.for_label(label) for label, _ in decision.ranked[:3]]
        choices = [c for c in options if c is not None]
        slots = _slots_for(text, choices)
        code = encode_slots(slots, View(slots, _territory(context)))
        return FaqReply(
            kind="clarify",
            text=tidy(render("faq/clarify.j2", titles=[c.title for c in choices])),
            confidence=decision.ranked[0][1],
            buttons=tuple(
                FaqButton(label=c.title[:1].upper() + c.title[1:], token=_token(c.id, "", code))
                for c in choices
            ),
        )
    label, probability = decision.ranked[0]
    card = registry.for_label(label)
    if card is None:
        return out_of_scope()
    slots = _slots_for(text, [card])
    view = View(slots, _territory(context))
    if card.id == "glossaire" and view.glossary_entry is None:
        return card_reply(card, slots, view, probability).model_copy(update={"kind": "answer"})
    return card_reply(card, slots, view, probability)


def follow(token: str, context: FaqContext | None = None) -> FaqReply | None:
    card_id, sep, rest = token.partition(SEP)
    detail_id, _, code = rest.partition(SEP)
    card = card_registry.registry().by_id(card_id)
    if not sep or card is None:
        return None
    slots = decode_slots(code)
    view = View(slots, _territory(context) if not code else None)
    if not detail_id:
        return card_reply(card, slots, view, 1.0)
    detail = card.detail(detail_id)
    if detail is None:
        return None
    return FaqReply(
        kind="answer", text=detail_text(card, detail, view), card=card.id, confidence=1.0
    )


def everything(text: str, context: FaqContext | None = None) -> str:
    first = reply(text, context)
    parts = [first.text]
    for button in first.buttons:
        more = follow(button.token, context)
        if more is not None:
            parts.append(f"— {button.label} —\n{more.text}")
    return "\n\n".join(parts)
