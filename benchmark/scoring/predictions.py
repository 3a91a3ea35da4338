"""Reading and checking prediction and gold JSONL files (the export format), with FILE:LINE errors.

One JSON object per line: ``{"doc_id", "text"?, "entities"?, "times"?, "events"?, "claims"?}``
(``annotations/README.md``). Every problem found is collected and raised together as
``InputError``; nothing is scored from a file that has one. Keys the scorer does not read
are ignored; keys it reads are checked (offsets, labels against the schema, numbers,
references between items).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from ..data.claims import bounds_problems
from ..data.schema import Schema
from ..data.validate import (
    Unaligned,
    check_span,
    claim_value_problems,
    event_label_problems,
    is_int,
    is_unaligned,
    label_problems,
    role_problem,
)
from ..errors import InputError, Problem

__all__ = ["Source", "read_jsonl", "load_records", "check_record", "MAX_DEPTH", "LAYERS"]

LAYERS = ("entities", "times", "events", "claims")
MAX_DEPTH = 16  # a record nests 5 deep; anything past this is not a record


@dataclass
class Source:
    """Checked records of one input, keyed by doc_id, with where each came from."""

    name: str
    records: dict[str, dict]
    lines: dict[str, int]
    sha256: str
    alignment: dict[str, dict[str, int]] = field(default_factory=dict)
    unaligned: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number")
    return value


def _shape(value: Any) -> tuple[int, int]:
    """Nesting depth of a parsed JSON value (a scalar is 1, a non-empty container one more than its
    deepest child), counted level by level without recursion and up to :data:`MAX_DEPTH` + 1, and
    the number of keys of its objects (of the levels counted)."""
    depth, keys = 1, 0
    level = [value] if type(value) is dict or type(value) is list else []
    while level:
        children: list = []
        for item in level:
            if type(item) is dict:
                keys += len(item)
                children.extend(item.values())
            else:
                children.extend(item)
        if not children:
            break
        depth += 1
        if depth > MAX_DEPTH:
            break
        level = [child for child in children if type(child) is dict or type(child) is list]
    return depth, keys


# The objects and lists the export format nests in an item of each layer (besides the item itself).
_NESTED = {"entities": ("head",), "times": (), "events": ("trigger", "arguments"), "claims": ("statement",)}


def _format_keys(value: Any, raw: bytes) -> int | None:
    """The number of keys of a record whose every object and list is where the export format puts
    one (the record, its layers, their items, the items' spans and argument lists, and the objects
    in those), counted without looking at any other value (each look is a cache miss on a large
    file); None for any other line. The containers visited are counted too: they are all of the
    line's containers only when they equal its brackets (a bracket inside a string, or a container
    anywhere else, makes more brackets than containers visited), and then the nesting is 5 deep."""
    if type(value) is not dict:
        return None
    containers, keys = 1, len(value)
    for layer, nested in _NESTED.items():
        items = value.get(layer)
        if type(items) is not list:
            continue
        containers += 1
        for item in items:
            if type(item) is not dict:
                continue
            containers += 1
            keys += len(item)
            for name in nested:
                inner = item.get(name)
                if type(inner) is dict:
                    containers += 1
                    keys += len(inner)
                elif type(inner) is list:
                    containers += 1
                    for part in inner:
                        if type(part) is dict:
                            containers += 1
                            keys += len(part)
    return keys if containers == raw.count(b"{") + raw.count(b"[") else None


_SPACED_KEY = re.compile(rb'"\s+:')


def _key_count(raw: bytes) -> int | None:
    """The number of '":' in a JSON line that end a key or open a string starting with ":" (None
    when some key may have whitespace before its colon), counted at C speed: an escaped quote has
    an odd run of backslashes before it, so those with none, less those with one, plus those with
    two, and so on. Where no key is repeated this is the parsed count plus the strings starting
    with ":", so a line whose count equals the parsed count has no repeated key."""
    if (b" :" in raw or b"\t" in raw or b"\r" in raw or b"\n" in raw) and _SPACED_KEY.search(raw):
        return None  # (tabs and line breaks are never raw inside strings: rare whitespace, looked at once)
    count, sign, marker = 0, 1, b'":'
    if b"\\" not in raw:
        return raw.count(marker)
    while found := raw.count(marker):
        count += sign * found
        sign, marker = -sign, b"\\" + marker
    return count


class RepeatedKey(Exception):
    """A JSON object names the same key twice."""

    def __init__(self, key: str):
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict:
    """``json.loads``' object hook: a dict, or ``RepeatedKey`` where a plain dict would silently
    keep only the last value of a key."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RepeatedKey(key)
            seen.add(key)
    return obj


_DIGITS_MARKED = bytes.maketrans(b"0123456789", b"\0" * 10)  # NUL: never raw in a JSON line that parses
_LONG_NUMBER = b"\0" * 19  # 19 digits in a row: maybe an integer past 64 bits


def parse_line(raw: bytes) -> Any:
    """One JSON line as a value; raise ValueError with a readable message.

    The line is parsed by orjson (about twice as fast as ``json.loads`` on large files, as
    ``scripts/bench_scoring.py`` prints), which reads exactly the values ``json.loads`` reads where
    it accepts a line, except integers past 64 bits (made floats): a line with a run of 19 digits,
    or one it rejects (it also rejects NaN, infinities, lone surrogates and invalid UTF-8), goes to
    ``json.loads`` with no hook instead. Its keys are then counted twice, as written
    (:func:`_key_count`) and as parsed (:func:`_format_keys` for a record of the export format's
    shape, else :func:`_shape`, which also measures the nesting). Only a line that fails, or where
    the two counts differ (a key given twice in an object, which a plain dict silently drops), the
    count is unsure or the nesting is too deep, is parsed again by :func:`_strict_loads`, which
    raises the first problem in the line's order, so the message is the one the strict parse gives."""
    try:
        if raw.translate(_DIGITS_MARKED).find(_LONG_NUMBER) >= 0:
            raise ValueError("an integer orjson would read as a float")
        value, checked = orjson.loads(raw), True  # valid UTF-8, finite numbers, surrogates in pairs
    except ValueError:  # orjson.JSONDecodeError is one
        value, checked = _loads(raw), False
    keys, too_deep = _format_keys(value, raw), False
    if keys is None:  # a line of another shape: every container walked
        depth, keys = _shape(value)
        too_deep = depth > MAX_DEPTH
    if too_deep or keys != _key_count(raw):
        value = _strict_loads(raw.decode("utf-8"))
    if too_deep:
        raise ValueError(f"nesting deeper than {MAX_DEPTH} levels")
    if not checked and _SURROGATE_ESCAPE.search(raw):  # a lone surrogate can only come from a \uD800-\uDFFF escape
        surrogate = _lone_surrogate(value)
        if surrogate is not None:
            raise ValueError(f"the string {surrogate[:40]!r} holds a lone surrogate (a \\u escape of U+D800-U+DFFF not in a pair)")
    return value


def _loads(raw: bytes) -> Any:
    """``json.loads`` of a line orjson declined, NaN and infinities rejected; a line it rejects
    raises :func:`_strict_loads`' message."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not valid UTF-8 ({error.reason} at byte {error.start})") from None
    try:
        return json.loads(line, parse_constant=_reject_constant, parse_float=_finite_float)
    except (ValueError, RecursionError):
        return _strict_loads(line)  # raises: a hook changes no parse's success


def _strict_loads(line: str) -> Any:
    """``json.loads`` with every check as a hook: repeated keys, NaN and infinities, as ValueError."""
    try:
        return json.loads(line, parse_constant=_reject_constant, parse_float=_finite_float, object_pairs_hook=_object)
    except RepeatedKey as error:
        raise ValueError(f"repeated key {error.key!r} in one JSON object (JSON readers keep only one of them)") from None
    except RecursionError:
        raise ValueError(f"nesting deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg} at column {error.colno}") from None


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _lone_surrogate(value: Any) -> str | None:
    """The first string (key or value) holding a lone surrogate, which no UTF-8 output can write."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def read_jsonl(path: Path | str) -> tuple[list[tuple[int, Any]], str]:
    """Parse a JSONL file into (line number, value) pairs and the file's SHA-256.

    Blank lines are skipped; a UTF-8 byte-order mark is allowed. Raises ``InputError``.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, None, "file not found")]) from None
    except OSError as error:
        raise InputError([Problem(name, None, f"cannot read: {error.strerror}")]) from None
    values, problems = [], []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            values.append((number, parse_line(raw)))
        except ValueError as error:
            problems.append(Problem(name, number, str(error)))
    if problems:
        raise InputError(problems)
    return values, hashlib.sha256(data).hexdigest()


def records_sha256(records: Iterable[dict]) -> str:
    """SHA-256 of records written as the export writes them (one compact JSON object a line)."""
    digest = hashlib.sha256()
    for record in records:
        digest.update((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    return digest.hexdigest()


def load_records(
    source: Path | str | list[dict],
    schema: Schema,
    texts: dict[str, str] | None = None,
    match: str = "offsets",
) -> Source:
    """Read and check records from a JSONL path or a list of dicts.

    ``texts`` (doc_id -> text) is the gold: given, every doc_id must be one of its keys and
    offsets are checked against its texts (predictions); absent, each record must carry its
    own ``text`` (a gold file). ``match="text"`` first aligns items that give a surface
    string instead of offsets (``align.py``). Raises ``InputError`` listing every problem.
    """
    if isinstance(source, (str, Path)):
        name = str(source)
        lines, sha256 = read_jsonl(source)
    else:
        name = "<predictions>" if texts is not None else "<gold>"
        lines = list(enumerate(source, 1))
        sha256 = records_sha256(value for _, value in lines)
    if not lines:  # a broken pipeline, not a system that found nothing (empty layers are fine)
        raise InputError([Problem(name, None, "no documents")])
    problems: list[Problem] = []
    records: dict[str, dict] = {}
    where: dict[str, int] = {}
    alignment: dict[str, dict[str, int]] = {}
    unaligned: dict[str, dict[tuple[int, int], str]] = {}
    for number, value in lines:
        messages = list(_check_header(value, texts, where))
        if not messages and match == "text":
            from .align import occurrence_problems

            messages = list(occurrence_problems(value))
        if not messages:
            doc_id = value["doc_id"]
            text = value["text"] if texts is None else texts[doc_id]
            if match == "text":
                from .align import align_record

                value, unaligned[doc_id] = align_record(value, text, alignment)
            value = resolve_arguments(value)
            messages = list(check_record(value, text, schema, texts is None))
            where[doc_id] = number
            records[doc_id] = value
        problems.extend(Problem(name, number, message) for message in messages)
    if problems:
        raise InputError(problems)
    return Source(name, records, where, sha256, alignment, unaligned)


def resolve_arguments(record: dict) -> dict:
    """A copy of ``record`` whose arguments without offsets take them from the item they name
    (``record`` itself when every argument gives offsets)."""
    events = record.get("events")
    if not isinstance(events, list) or all(
        not isinstance(event, dict) or not isinstance(event.get("arguments"), list)
        or all(not isinstance(a, dict) or "start" in a or "end" in a for a in event["arguments"])
        for event in events
    ):
        return record
    items = {
        item["id"]: item
        for layer in ("entities", "times")
        for item in (record.get(layer) if isinstance(record.get(layer), list) else ())
        if isinstance(item, dict) and _is_id(item.get("id"))
    }
    resolved = []
    for event in events:
        arguments = event.get("arguments") if isinstance(event, dict) else None
        if isinstance(arguments, list):
            event = {**event, "arguments": [_resolve(a, items) for a in arguments]}
        resolved.append(event)
    return {**record, "events": resolved}


def _resolve(argument: Any, items: dict) -> Any:
    if not isinstance(argument, dict) or "start" in argument or "end" in argument:
        return argument
    target = items.get(argument.get("mention")) if _is_id(argument.get("mention")) else None
    if target is None or not is_int(target.get("start")) or not is_int(target.get("end")):
        return argument
    resolved = {**argument, "start": target["start"], "end": target["end"]}
    return Unaligned(resolved) if is_unaligned(target) else resolved


def _check_header(value: Any, texts: dict[str, str] | None, seen: dict[str, int]) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"expected a JSON object (one document), got {type(value).__name__}"
        return
    doc_id = value.get("doc_id")
    if doc_id is None:
        yield "missing doc_id"
    elif not isinstance(doc_id, str) or not doc_id:
        yield f"doc_id must be a non-empty string, got {doc_id!r}"
    elif doc_id in seen:
        yield f"duplicate doc_id {doc_id!r} (first on line {seen[doc_id]})"
    elif texts is not None and doc_id not in texts:
        yield f"unknown doc_id {doc_id!r}: not a document of the gold"
    elif texts is None and not isinstance(value.get("text"), str):
        yield "a gold record needs the document text as a string"
    elif texts is not None and "text" in value and value["text"] != texts[doc_id]:
        yield f"text of {doc_id!r} differs from the gold's text"


def _is_id(value: Any) -> bool:
    return (isinstance(value, str) and bool(value)) or is_int(value)


def _ident(value: Any, what: str) -> Iterator[str]:
    if value is not None and not _is_id(value):
        yield f"{what} must be a non-empty string or an integer, got {value!r}"


def _items(record: dict, layer: str) -> Iterator[str]:
    items = record.get(layer)
    if items is not None and not isinstance(items, list):
        yield f"{layer} must be a list, got {type(items).__name__}"
        return
    for i, item in enumerate(items or ()):
        if not isinstance(item, dict):
            yield f"{layer}[{i}]: expected an object, got {type(item).__name__}"


def check_record(record: dict, text: str, schema: Schema, gold: bool = False) -> Iterator[str]:
    """Yield what is wrong with one record's layers (offsets, labels, numbers, references)."""
    if _valid(record, text, schema, gold):
        return iter(())
    return _problems(record, text, schema, gold)


def _span_ok(span: Any, text: str) -> bool:
    """A shortcut of ``check_span``: True only when it finds nothing (plain ints and strs)."""
    if type(span) is not dict:
        return False
    start, end = span.get("start"), span.get("end")
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
        return False
    return "text" not in span or span["text"] == text[start:end]


def _label_ok(value: Any, allowed: dict) -> bool:
    return value is None or (type(value) is str and value in allowed)


def _id_ok(value: Any) -> bool:
    kind = type(value)
    return value is None or (kind is str and value != "") or kind is int


def _new_id(value: Any, ids: dict[Any, str], layer: str) -> bool:
    """Record an item's id (when it has one) as one of ``layer``'s; False when it is malformed or taken."""
    if value is None:
        return True
    if not _id_ok(value) or value in ids:
        return False
    ids[value] = layer
    return True


def _number_ok(value: Any) -> bool:
    kind = type(value)
    return value is None or kind is int or (kind is float and value - value == 0)  # inf - inf and NaN are NaN


def _valid(record: dict, text: str, schema: Schema, gold: bool) -> bool:
    """True only when :func:`_problems` would find nothing: the common case, checked with no
    messages built and no generators (the reader's main cost). Anything unusual returns False and
    is left to :func:`_problems`, which says what is wrong."""
    layers = {}
    for layer in LAYERS:
        items = record.get(layer)
        if items is None:
            items = []
        elif type(items) is not list:
            return False
        layers[layer] = items
    ids: dict[Any, str] = {}
    entity_types, levels = schema.entity_types, schema.mention_levels
    for m in layers["entities"]:  # the bulk of most files: one pass, ids collected on the way
        if type(m) is not dict:
            return False
        cluster, head = m.get("cluster"), m.get("head")
        if not _new_id(m.get("id"), ids, "entities"):
            return False
        if not (_span_ok(m, text) and type(m.get("type")) is str and m["type"] in entity_types
                and _label_ok(m.get("level"), levels) and _id_ok(cluster)):
            return False
        if (head is not None and not _span_ok(head, text)) or (gold and cluster is None):
            return False
    time_types = schema.time_types
    for t in layers["times"]:
        if type(t) is not dict:
            return False
        if not _new_id(t.get("id"), ids, "times"):
            return False
        if not (_span_ok(t, text) and type(t.get("type")) is str and t["type"] in time_types):
            return False
        if t.get("value") is not None and type(t["value"]) is not str:
            return False
    event_types, realis = schema.event_types, schema.realis
    for e in layers["events"]:
        if type(e) is not dict or not _span_ok(e.get("trigger"), text):
            return False
        kind = e.get("type")
        if type(kind) is not str or kind not in event_types or not _label_ok(e.get("realis"), realis):
            return False
        if not _id_ok(e.get("cluster")) or (gold and e.get("cluster") is None):
            return False
        arguments = e.get("arguments")
        if arguments is None:
            continue
        if type(arguments) is not list:
            return False
        roles = event_types[kind].roles
        for argument in arguments:
            if not _span_ok(argument, text):
                return False
            role, mention = argument.get("role"), argument.get("mention")
            if type(role) is not str or role not in roles or (mention is not None and (not _id_ok(mention) or mention not in ids)):
                return False
    units, qualifiers, properties, consistency = schema.units, schema.qualifiers, schema.properties, schema.consistency
    for c in layers["claims"]:
        if type(c) is not dict or not _span_ok(c, text):
            return False
        if not (_number_ok(c.get("value")) and _number_ok(c.get("lower")) and _number_ok(c.get("upper"))):
            return False
        if not (_label_ok(c.get("unit"), units) and _label_ok(c.get("qualifier"), qualifiers)
                and _label_ok(c.get("measured_property"), properties) and _label_ok(c.get("consistency"), consistency)):
            return False
        if not _id_ok(c.get("cluster")) or (gold and c.get("cluster") is None):
            return False
        for key in ("measured_entity", "attribution"):
            ref = c.get(key)
            if ref is not None and not (_id_ok(ref) and ids.get(ref) == "entities"):
                return False
        if c.get("statement") is not None and not _span_ok(c["statement"], text):
            return False
        if (c.get("lower") is not None or c.get("upper") is not None) and bounds_problems(c, schema):
            return False
    return True


def _problems(record: dict, text: str, schema: Schema, gold: bool = False) -> Iterator[str]:
    """Everything wrong with one record, as :func:`check_record` reports it."""
    structure = [message for layer in LAYERS for message in _items(record, layer)]
    if structure:
        yield from structure
        return
    layers = {layer: record.get(layer) or [] for layer in LAYERS}
    ids: dict[Any, str] = {}
    for layer in ("entities", "times"):
        for i, item in enumerate(layers[layer]):
            where = f"{layer}[{i}]"
            yield from (f"{where}: {m}" for m in _ident(item.get("id"), "id"))
            if _is_id(item.get("id")):
                if item["id"] in ids:
                    yield f"{where}: duplicate id {item['id']!r}"
                ids.setdefault(item["id"], layer)
    for i, m in enumerate(layers["entities"]):
        where = f"entities[{i}]"
        yield from (f"{where}: {msg}" for msg in check_span(m, text, "mention"))
        yield from (f"{where}: {msg}" for msg in label_problems(m.get("type"), schema.entity_types, "entity type"))
        yield from (f"{where}: {msg}" for msg in label_problems(m.get("level"), schema.mention_levels, "mention level", optional=True))
        yield from (f"{where}: {msg}" for msg in _ident(m.get("cluster"), "cluster"))
        if m.get("head") is not None:
            yield from (f"{where}: {msg}" for msg in check_span(m["head"], text, "head"))
    for i, t in enumerate(layers["times"]):
        where = f"times[{i}]"
        yield from (f"{where}: {msg}" for msg in check_span(t, text, "time expression"))
        yield from (f"{where}: {msg}" for msg in label_problems(t.get("type"), schema.time_types, "time type"))
        if t.get("value") is not None and not isinstance(t["value"], str):
            yield f"{where}: time value must be a string, got {t['value']!r}"
    for i, e in enumerate(layers["events"]):
        yield from (f"events[{i}]: {msg}" for msg in _check_event(e, text, schema, ids))
    for i, c in enumerate(layers["claims"]):
        yield from (f"claims[{i}]: {msg}" for msg in _check_claim(c, text, schema, ids))
    if gold:
        for layer in ("entities", "events", "claims"):
            for i, item in enumerate(layers[layer]):
                if item.get("cluster") is None:
                    yield f"{layer}[{i}]: a gold item needs a cluster id"


def _check_event(e: dict, text: str, schema: Schema, ids: dict) -> Iterator[str]:
    yield from check_span(e.get("trigger"), text, "trigger")
    yield from (message for _, message in event_label_problems(e, schema, realis_required=False))
    yield from _ident(e.get("cluster"), "cluster")
    arguments = e.get("arguments")
    if arguments is None:
        return
    if not isinstance(arguments, list):
        yield f"arguments must be a list, got {type(arguments).__name__}"
        return
    event_type = schema.event_types.get(e["type"]) if isinstance(e.get("type"), str) else None
    for j, argument in enumerate(arguments):
        where = f"arguments[{j}]"
        if not isinstance(argument, dict):
            yield f"{where}: expected an object, got {type(argument).__name__}"
            continue
        yield from (f"{where}: {msg}" for msg in check_span(argument, text, "argument"))
        problem = role_problem(argument.get("role"), event_type) if event_type is not None else None
        if problem:
            yield f"{where}: {problem}"
        if argument.get("mention") is not None and not (_is_id(argument["mention"]) and argument["mention"] in ids):
            yield f"{where}: mention {argument['mention']!r} is not the id of a mention or time expression"


def _check_claim(c: dict, text: str, schema: Schema, ids: dict) -> Iterator[str]:
    yield from check_span(c, text, "claim")
    yield from (message for _, message in claim_value_problems(c, schema))
    yield from _ident(c.get("cluster"), "cluster")
    for key in ("measured_entity", "attribution"):
        ref = c.get(key)
        if ref is not None and not (_is_id(ref) and ids.get(ref) == "entities"):
            yield f"{key} {ref!r} is not the id of a mention in this document"
    if c.get("statement") is not None:
        yield from check_span(c["statement"], text, "statement")
