"""Checks of one gold document against its text and the schema.

Each check yields ``(item_id, key, message)``; the caller turns ids and keys into file
lines. The same span and label checks serve the gold files and, through
``check_span``, the prediction reader of the scorer.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterator

from .claims import bounds_problems
from .schema import TIME_ROLE, Schema

__all__ = [
    "check_document", "check_span", "is_int", "label_problems", "number_problems", "claim_value_problems",
    "event_label_problems", "role_problem", "TIMEX3_VALUE", "Unaligned", "is_unaligned",
]

Finding = tuple[str | None, str | None, str]

# TIMEX3 value attribute (TimeML 1.2.1): dates, weeks, parts of day, times, durations, refs.
TIMEX3_VALUE = re.compile(
    r"(?:PRESENT_REF|PAST_REF|FUTURE_REF)"
    r"|P(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|ML|WE|H)(?:T?(?:\d+|X)(?:H|M|S))*"
    r"|PT(?:\d+(?:\.\d+)?|X)(?:H|M|S)"
    r"|(?:\d{4}|\d{3}X|\d{2}XX|XXXX)"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-WE)?|-(?:SP|SU|FA|WI|Q[1-4]|H[12]))?"
    r"(?:T(?:MO|AF|EV|NI|DT|\d{2}(?::\d{2}(?::\d{2})?)?))?"
)

_KEYS = {
    "document": ({"doc_id"}, {"entities", "times", "events", "claims"}),
    "entities": ({"id", "start", "end", "text", "type", "level", "head", "cluster"}, set()),
    "times": ({"id", "start", "end", "text", "type", "value"}, set()),
    "events": ({"id", "type", "realis", "cluster", "trigger"}, {"arguments"}),
    "argument": ({"role", "ref", "text"}, set()),
    "claims": (
        {
            "id", "start", "end", "text", "value", "unit", "qualifier", "lower", "upper",
            "measured_entity", "measured_property", "time_anchor", "attribution", "statement",
            "cluster", "consistency",
        },
        {"linked", "consistency_note"},
    ),
}


_ITEM_NAMES = {"entities": "mention", "times": "time expression", "events": "event", "claims": "claim"}


class Unaligned(dict):
    """A predicted item whose text was not found: its offsets lie past the end of the text.

    A distinct type (JSON input never makes one), so that the record checks can tell it from an
    item whose offsets a user gave and skip only its span checks."""


def is_unaligned(item: Any) -> bool:
    return isinstance(item, Unaligned)


def is_int(value: Any) -> bool:
    """True for an integer that is not a boolean (``True`` is no offset)."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_span(span: Any, text: str, what: str = "span") -> Iterator[str]:
    """Yield what is wrong with a ``{start, end, text}`` span over ``text``."""
    for _, message in _span_findings(span, text, what):
        yield message


def _span_findings(span: Any, text: str, what: str) -> Iterator[tuple[str | None, str]]:
    """Yield ``(key, message)``: the key is the field the problem stands on."""
    if not isinstance(span, dict):
        yield None, f"{what} must be a mapping with start, end and text"
        return
    if is_unaligned(span):  # placed past the text on purpose by ``--match text`` (scoring/align.py)
        return
    start, end = span.get("start"), span.get("end")
    if not is_int(start) or not is_int(end):
        yield "start" if not is_int(start) else "end", f"{what} start and end must be integers, got {start!r} and {end!r}"
        return
    if not 0 <= start < end <= len(text):
        yield "start", f"{what} offsets {start}-{end} are not a non-empty range inside the text (length {len(text)})"
        return
    if "text" in span and span["text"] != text[start:end]:
        yield "text", f"{what} text {span['text']!r} does not match offsets {start}-{end}, which cover {text[start:end]!r}"


def _keys(item: Any, kind: str) -> Iterator[tuple[str | None, str]]:
    """Yield ``(key, message)`` for missing and unknown keys of a mapping."""
    required, optional = _KEYS[kind]
    if not isinstance(item, dict):
        yield None, f"expected a mapping, got {type(item).__name__}"
        return
    for key in sorted(required - item.keys()):
        yield None, f"missing key {key!r}"
    for key in sorted(item.keys() - required - optional, key=repr):  # YAML keys may be null or numbers
        yield str(key), f"unknown key {key!r}"


def label_problems(value: Any, allowed: dict | set, what: str, optional: bool = False) -> Iterator[str]:
    """A label that is not in the schema's inventory (``None`` passes when ``optional``); one rule
    for the gold and the predictions."""
    if value is None and optional:
        return
    if not isinstance(value, str) or value not in allowed:
        shown = ", ".join(sorted(allowed)) or "none defined in the schema"
        yield f"{what} {value!r} is not in the schema (allowed: {shown})"


def number_problems(value: Any, what: str) -> Iterator[str]:
    """A number field that is neither null nor a finite int or float (``true`` is no number)."""
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value))
    ):
        yield f"{what} must be a finite number or null, got {value!r}"


CLAIM_LABELS = (("unit", "units", "unit"), ("qualifier", "qualifiers", "qualifier"),
                ("measured_property", "properties", "measured property"), ("consistency", "consistency", "consistency"))


def claim_value_problems(c: dict, schema: Schema, required: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """(field, message) for a claim's labels, numbers and bounds: the rules a gold claim and a
    predicted one share (``required``: the labels that may not be null)."""
    for key, inventory, what in CLAIM_LABELS:
        for message in label_problems(c.get(key), getattr(schema, inventory), what, optional=key not in required):
            yield key, message
    for key in ("value", "lower", "upper"):
        for message in number_problems(c.get(key), key):
            yield key, message
    for message in bounds_problems(c, schema):
        yield "lower" if message.startswith("lower") else "value", message


def event_label_problems(e: dict, schema: Schema, realis_required: bool) -> Iterator[tuple[str, str]]:
    """(field, message) for an event's type and realis labels, shared by gold and predictions."""
    for message in label_problems(e.get("type"), schema.event_types, "event type"):
        yield "type", message
    for message in label_problems(e.get("realis"), schema.realis, "realis", optional=not realis_required):
        yield "realis", message


def role_problem(role: Any, event_type: Any) -> str | None:
    """The message for a role that is not one of the event type's roles, else None."""
    if isinstance(role, str) and role in event_type.roles:
        return None
    return f"role {role!r} is not a role of {event_type.name} (roles: {', '.join(event_type.roles) or 'none'})"


def _cluster(value: Any) -> Iterator[str]:
    if not isinstance(value, str) or not value:
        yield f"cluster must be a non-empty string, got {value!r}"


def check_document(doc: Any, text: str, schema: Schema) -> Iterator[Finding]:
    """Yield ``(item_id, key, message)`` for every problem in one gold document."""
    for key, message in _keys(doc, "document"):
        yield None, key, message
    if not isinstance(doc, dict):
        return
    layers: dict[str, list] = {}
    for layer in ("entities", "times", "events", "claims"):
        items = doc.get(layer) or []
        if not isinstance(items, list):
            yield None, layer, f"{layer} must be a list"
            items = []
        layers[layer] = [item for item in items if isinstance(item, dict)]
        for item in items:
            for key, message in _keys(item, layer):
                yield _id(item), key, f"{_ITEM_NAMES[layer]}: {message}"

    seen: dict[str, str] = {}
    for layer, items in layers.items():
        for item in items:
            item_id = item.get("id")
            if not isinstance(item_id, str) or not item_id:
                yield None, None, f"{layer}: every item needs a non-empty string id, got {item_id!r}"
            elif item_id in seen:
                yield item_id, "id", f"duplicate id {item_id!r} (also in {seen[item_id]})"
            else:
                seen[item_id] = layer

    mentions = {_id(m): m for m in layers["entities"] if _id(m)}
    times = {_id(t): t for t in layers["times"] if _id(t)}
    claims = {_id(c): c for c in layers["claims"] if _id(c)}

    for m in layers["entities"]:
        yield from _spans(_id(m), m, text, "mention")
        yield from _tag(_id(m), "type", label_problems(m.get("type"), schema.entity_types, "entity type"))
        yield from _tag(_id(m), "level", label_problems(m.get("level"), schema.mention_levels, "mention level"))
        yield from _tag(_id(m), "cluster", _cluster(m.get("cluster")))
        head = m.get("head")
        head_problems = list(check_span(head, text, "head"))
        yield from _tag(_id(m), "head", iter(head_problems))
        if not head_problems and is_int(m.get("start")) and is_int(m.get("end")):
            if not m["start"] <= head["start"] < head["end"] <= m["end"]:
                yield _id(m), "head", f"head {head['start']}-{head['end']} is not inside the extent {m['start']}-{m['end']}"

    for t in layers["times"]:
        yield from _spans(_id(t), t, text, "time expression")
        yield from _tag(_id(t), "type", label_problems(t.get("type"), schema.time_types, "time type"))
        value = t.get("value")
        if not isinstance(value, str) or not TIMEX3_VALUE.fullmatch(value):
            yield _id(t), "value", f"time value {value!r} is not a TIMEX3 value"

    for e in layers["events"]:
        yield from _check_event(e, text, schema, mentions, times)

    for c in layers["claims"]:
        yield from _check_claim(c, text, schema, mentions, times, claims)


def _check_event(e: dict, text: str, schema: Schema, mentions: dict, times: dict) -> Iterator[Finding]:
    eid = _id(e)
    yield from _tag(eid, "trigger", check_span(e.get("trigger"), text, "trigger"))
    yield from ((eid, key, message) for key, message in event_label_problems(e, schema, realis_required=True))
    yield from _tag(eid, "cluster", _cluster(e.get("cluster")))
    event_type = schema.event_types.get(e["type"]) if isinstance(e.get("type"), str) else None
    arguments = e.get("arguments") or []
    if not isinstance(arguments, list):
        yield eid, "arguments", "arguments must be a list"
        return
    for argument in arguments:
        for key, message in _keys(argument, "argument"):
            yield eid, key or "arguments", f"argument: {message}"
        if not isinstance(argument, dict):
            continue
        ref, role = argument.get("ref"), argument.get("role")
        where = f"role={role}&ref={ref}"
        target = (mentions.get(ref) or times.get(ref)) if isinstance(ref, str) else None
        if target is None:
            yield eid, where, f"argument ref {ref!r} is not a mention or time expression id"
            continue
        if argument.get("text") != target.get("text"):
            yield eid, where, f"argument text {argument.get('text')!r} differs from {ref}'s text {target.get('text')!r}"
        if event_type is None:
            continue
        problem = role_problem(role, event_type)
        if problem:
            yield eid, where, problem
            continue
        filler = TIME_ROLE if ref in times else target.get("type")
        if filler not in event_type.roles[role]:
            yield eid, where, f"{role} of {event_type.name} cannot be filled by {filler} {ref}"


def _check_claim(c: dict, text: str, schema: Schema, mentions: dict, times: dict, claims: dict) -> Iterator[Finding]:
    cid = _id(c)
    yield from _spans(cid, c, text, "claim")
    yield from ((cid, key, message) for key, message in claim_value_problems(c, schema, required=("unit", "qualifier")))
    yield from _tag(cid, "cluster", _cluster(c.get("cluster")))
    for key, pool in (("measured_entity", mentions), ("attribution", mentions), ("time_anchor", times)):
        ref = c.get(key)
        if ref is not None and (not isinstance(ref, str) or ref not in pool):
            yield cid, key, f"{key} {ref!r} is not the id of a {'time expression' if pool is times else 'mention'}"
    if c.get("statement") is not None:
        yield from _tag(cid, "statement", check_span(c.get("statement"), text, "statement"))
    linked = c.get("linked") or []
    if not isinstance(linked, list):
        yield cid, "linked", f"linked must be a list of claim ids, got {linked!r}"
        linked = []
    for ref in linked:
        if not isinstance(ref, str) or ref not in claims or ref == c.get("id"):
            yield cid, "linked", f"linked {ref!r} is not the id of another claim"


def _id(item: Any) -> str | None:
    return item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None


def _spans(item_id: str | None, span: Any, text: str, what: str) -> Iterator[Finding]:
    """Span findings of an item's own ``start``/``end``/``text``, each on the line of its field."""
    for field, message in _span_findings(span, text, what):
        yield item_id, field, message


def _tag(item_id: str | None, key: str | None, messages: Iterator[str]) -> Iterator[Finding]:
    for message in messages:
        yield item_id, key, message
