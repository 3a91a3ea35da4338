"""The answer contract between the prompts and a model: gold records as answers, replies as items.

An answer is one JSON object in the prediction format (``README.md``) with each item's ``text``
and ``occurrence`` (0 = the first occurrence, counted as ``--match text`` counts them) instead of
offsets. Keys of layers not asked for are ignored.
"""

from __future__ import annotations

import json
import re

from ..data.schema import Schema
from ..scoring.align import TokenBoundaries, occurrences

__all__ = ["gold_answer", "parse_reply", "layer_items", "response_format"]


def _surface(text: str, start: int, end: int, bounds: TokenBoundaries, within: tuple[int, int] | None = None) -> dict:
    """``{text, occurrence}`` of the span (start, end): its index among the string's occurrences."""
    found = occurrences(text, text[start:end], *(within or (0, None)), boundaries=bounds)
    return {"text": text[start:end], "occurrence": found.index((start, end)) if (start, end) in found else 0}


def gold_answer(record: dict, layer: str) -> dict:
    """The answer a perfect model would give for ``layer`` of a gold record (a few-shot example)."""
    text = record["text"]
    bounds = TokenBoundaries(text)
    items: list[dict] = []
    if layer == "entities":
        for m in record.get("entities") or []:
            item = {**_surface(text, m["start"], m["end"], bounds), "type": m["type"], "level": m.get("level")}
            head = m.get("head")
            if head:
                item["head"] = _surface(text, head["start"], head["end"], bounds, (m["start"], m["end"]))
            items.append({**item, "cluster": m.get("cluster")})
    elif layer == "times":
        items = [{**_surface(text, t["start"], t["end"], bounds), "type": t["type"], "value": t.get("value")}
                 for t in record.get("times") or []]
    elif layer == "events":
        for e in record.get("events") or []:
            trigger = e["trigger"]
            arguments = [{"role": a["role"], **_surface(text, a["start"], a["end"], bounds)} for a in e.get("arguments") or []]
            items.append({"type": e["type"], "realis": e.get("realis"), "trigger": _surface(text, trigger["start"], trigger["end"], bounds),
                          "arguments": arguments, "cluster": e.get("cluster")})
    else:
        keys = ("value", "unit", "qualifier", "lower", "upper", "measured_property")
        items = [{**_surface(text, c["start"], c["end"], bounds), **{k: c.get(k) for k in keys}} for c in record.get("claims") or []]
    return {layer: items}


_FENCE = re.compile(r"```(?:json|JSON)?\s*\n(.*?)```", re.S)


def parse_reply(content: str) -> dict:
    """The first JSON object of a reply: the whole reply, else inside a code fence, else the first
    ``{`` from which a JSON object parses. Raises ValueError when there is none."""
    candidates = [content.strip(), *(m.group(1).strip() for m in _FENCE.finditer(content))]
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", content):
        try:
            value, _ = decoder.raw_decode(content, match.start())
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    raise ValueError("no JSON object in the reply")


def layer_items(answer: dict, layer: str) -> list[dict]:
    """The answer's items of ``layer`` (objects only); raises ValueError when the key is missing or
    is not a list, so that a malformed answer is retried."""
    items = answer.get(layer)
    if not isinstance(items, list):
        raise ValueError(f"the reply has no list {layer!r}")
    return [item for item in items if isinstance(item, dict)]


def _string_or_null(values: list[str] | None = None) -> dict:
    return {"type": ["string", "null"], **({"enum": [*values, None]} if values else {})}


def _surface_schema(extra: dict) -> dict:
    return {"type": "object", "properties": {"text": {"type": "string"}, "occurrence": {"type": "integer", "minimum": 0},
                                               **extra}, "required": ["text", *[k for k in extra if k in ("type", "role")]]}


def response_format(layer: str, schema: Schema) -> dict:
    """An OpenAI ``response_format`` with the JSON schema of a layer's answer (types from the schema)."""
    if layer == "entities":
        item = _surface_schema({"type": {"enum": sorted(schema.entity_types)}, "level": _string_or_null(sorted(schema.mention_levels)),
                                "head": _surface_schema({}), "cluster": _string_or_null()})
    elif layer == "times":
        item = _surface_schema({"type": {"enum": sorted(schema.time_types)}, "value": _string_or_null()})
    elif layer == "events":
        roles = sorted({role for spec in schema.event_types.values() for role in spec.roles})
        item = {"type": "object", "required": ["type", "trigger"], "properties": {
            "type": {"enum": sorted(schema.event_types)}, "realis": _string_or_null(sorted(schema.realis)),
            "trigger": _surface_schema({}), "cluster": _string_or_null(),
            "arguments": {"type": "array", "items": _surface_schema({"role": {"enum": roles}})},
        }}
    else:
        number = {"type": ["number", "null"]}
        item = _surface_schema({"value": number, "lower": number, "upper": number, "unit": _string_or_null(sorted(schema.units)),
                                "qualifier": _string_or_null(sorted(schema.qualifiers)),
                                "measured_property": _string_or_null(sorted(schema.properties))})
    answer = {"type": "object", "properties": {layer: {"type": "array", "items": item}}, "required": [layer]}
    return {"type": "json_schema", "json_schema": {"name": f"caravan_ie_{layer}", "strict": False, "schema": answer}}
