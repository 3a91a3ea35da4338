"""``--match text``: give offsets to predicted items that name their surface string instead.

An item (a mention, its head, a time expression, a claim or its statement, an event trigger or
argument) that has a ``text`` but no ``start``/``end`` is aligned to an occurrence of that text
in the document:

1. Occurrences are looked for in four tiers, and the first tier that finds any is used:
   (a) the exact string starting at a token start and ending at a token end (the
   ``benchmark.text`` tokens, so "he" is not found inside "the", nor "Central America" inside
   "Central American"); (b) the same on token boundaries, ignoring case and treating any run of
   whitespace as equal to any other; then, only as a fallback for strings that cut through a
   token, (c) the exact string anywhere and (d) the loose string anywhere. Overlapping
   occurrences are all kept, in text order.
2. ``occurrence`` (a non-negative integer, 0 = the first; anything else is an input error)
   picks one occurrence of that list; past the last, the item is unaligned.
3. Without ``occurrence``, the item takes the first occurrence that no earlier item of the same
   layer with the same text has taken (so a list in reading order maps to successive
   occurrences); when all are taken, the first.
4. A head is looked for inside its mention's extent (``occurrence`` counts there), then in the
   whole text. An argument that names the ``mention`` of an item of the record takes that
   item's offsets (also in offset mode), whatever its ``text``.

An item that cannot be aligned is not dropped: it becomes an :class:`Unaligned` item placed
past the end of the text, where it matches nothing, so every metric counts it as a false
positive of its layer (a hallucinated mention is also a twinless mention for coreference; an
event whose trigger is unaligned keeps its arguments, which score on their own offsets). A head
or a statement that cannot be aligned is left out, since neither is scored on its own. The
report's ``meta.alignment`` = {layer: {aligned, unaligned}}; the error log lists unaligned items
with kind ``unaligned``. Items that carry offsets are left as they are.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..data.validate import Unaligned, is_unaligned
from ..text.tokens import tokenize

__all__ = ["TokenBoundaries", "occurrences", "occurrence_problems", "align_record", "without_unaligned"]


class TokenBoundaries:
    """Token starts and ends of one text (computed on first use)."""

    def __init__(self, text: str):
        self.text = text
        self._starts: set[int] | None = None
        self._ends: set[int] = set()

    def keep(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if self._starts is None:
            tokens = tokenize(self.text)
            self._starts = {t.start for t in tokens}
            self._ends = {t.end for t in tokens}
        return [(s, e) for s, e in spans if s in self._starts and e in self._ends]


def _exact(text: str, surface: str, start: int, end: int) -> list[tuple[int, int]]:
    found, at = [], text.find(surface, start, end)
    while at >= 0:
        found.append((at, at + len(surface)))
        at = text.find(surface, at + 1, end)
    return found


def _loose(text: str, surface: str, start: int, end: int) -> list[tuple[int, int]]:
    body = r"\s+".join(re.escape(word) for word in surface.split())
    pattern = re.compile(f"(?=({body}))", re.IGNORECASE)  # a lookahead, so overlapping matches count
    return [(m.start(1), m.end(1)) for m in pattern.finditer(text, start, end) if m.end(1) <= end]


def occurrences(
    text: str, surface: str, start: int = 0, end: int | None = None, boundaries: TokenBoundaries | None = None
) -> list[tuple[int, int]]:
    """The (start, end) of every occurrence of ``surface`` in ``text[start:end]`` (rule 1)."""
    end = len(text) if end is None else end
    if not surface.strip():
        return []
    boundaries = boundaries or TokenBoundaries(text)
    exact = _exact(text, surface, start, end)
    on_tokens = boundaries.keep(exact)
    if on_tokens:
        return on_tokens
    loose = _loose(text, surface, start, end)
    return boundaries.keep(loose) or exact or loose


def _needs(item: Any) -> bool:
    return isinstance(item, dict) and "start" not in item and "end" not in item and isinstance(item.get("text"), str)


def _alignable(record: dict) -> Iterator[tuple[str, Any]]:
    """(where, item) of every item of a record that alignment may read, as the checks name them."""
    for layer in ("entities", "times", "claims", "events"):
        items = record.get(layer)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if not isinstance(item, dict):
                continue
            where = f"{layer}[{i}]"
            if layer == "events":
                yield f"{where}.trigger", item.get("trigger")
                arguments = item.get("arguments")
                for j, argument in enumerate(arguments if isinstance(arguments, list) else ()):
                    yield f"{where}.arguments[{j}]", argument
                continue
            yield where, item
            for part in ("head", "statement"):
                if isinstance(item.get(part), dict):
                    yield f"{where}.{part}", item[part]


def occurrence_problems(record: dict) -> Iterator[str]:
    """Yield a message for each ``occurrence`` that is not a non-negative integer (rule 2)."""
    for where, item in _alignable(record):
        if isinstance(item, dict) and "occurrence" in item:
            value = item["occurrence"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                yield f"{where}: occurrence must be a non-negative integer (0 = the first), got {value!r}"


class _Aligner:
    def __init__(self, text: str, counts: dict[str, dict[str, int]]):
        self.text = text
        self.counts = counts
        self.boundaries = TokenBoundaries(text)
        self.taken: dict[tuple[str, str], set[tuple[int, int]]] = {}
        self.unaligned: dict[tuple[int, int], str] = {}

    def _tally(self, layer: str, aligned: bool) -> None:
        tally = self.counts.setdefault(layer, {"aligned": 0, "unaligned": 0})
        tally["aligned" if aligned else "unaligned"] += 1

    def find(self, item: dict, layer: str, start: int = 0, end: int | None = None, successive: bool = True) -> tuple[int, int] | None:
        """The occurrence the item names (rules 2 and 3), or None; ``successive=False`` (heads, which
        several nested mentions may share) takes the first instead of the first one not taken."""
        found = occurrences(self.text, item["text"], start, end, self.boundaries)
        occurrence = item.get("occurrence")
        if occurrence is not None:
            return found[occurrence] if occurrence < len(found) else None
        if not successive:
            return found[0] if found else None
        taken = self.taken.setdefault((layer, item["text"]), set())
        span = next((s for s in found if s not in taken), found[0] if found else None)
        if span is not None:
            taken.add(span)
        return span

    def place(self, item: dict, layer: str) -> dict:
        """The item with offsets: where its text occurs, else an :class:`Unaligned` copy past the text."""
        span = self.find(item, layer)
        self._tally(layer, span is not None)
        if span is not None:
            return {**item, "start": span[0], "end": span[1], "text": self.text[span[0] : span[1]]}
        start = len(self.text) + len(self.unaligned)
        self.unaligned[(start, start + 1)] = item["text"]
        return Unaligned({k: v for k, v in item.items() if k != "head"}, start=start, end=start + 1)

    def part(self, item: dict, key: str, layer: str) -> dict:
        """``item`` with its head or statement aligned (inside the item first), or without it."""
        part = item.get(key)
        if not _needs(part) or isinstance(item, Unaligned):
            return item
        inside = self.find(part, layer, item["start"], item["end"], successive=False) if key == "head" else None
        span = inside or self.find(part, layer, successive=key != "head")
        self._tally(layer, span is not None)
        if span is None:
            return {k: v for k, v in item.items() if k != key}
        return {**item, key: {**part, "start": span[0], "end": span[1], "text": self.text[span[0] : span[1]]}}


def align_record(record: dict, text: str, counts: dict[str, dict[str, int]]) -> tuple[dict, dict[tuple[int, int], str]]:
    """A copy of ``record`` with surface strings aligned to offsets (``counts`` is updated), and the
    surface string of each unaligned item by its (start, end) past the text.

    Call :func:`occurrence_problems` first: ``occurrence`` values are taken as valid here."""
    aligner = _Aligner(text, counts)
    out = dict(record)
    for layer, part, part_layer in (("entities", "head", "heads"), ("times", None, None), ("claims", "statement", "statements")):
        items = record.get(layer)
        if not isinstance(items, list):
            continue
        placed = [aligner.place(item, layer) if _needs(item) else item for item in items]
        if part:
            placed = [aligner.part(item, part, part_layer) if _has_span(item) else item for item in placed]
        out[layer] = placed
    if isinstance(record.get("events"), list):
        ids = {
            item.get("id") for layer in ("entities", "times")
            for item in (record.get(layer) if isinstance(record.get(layer), list) else ()) if isinstance(item, dict)
        } - {None}
        out["events"] = [_event(aligner, e, ids) for e in record["events"]]
    return out, aligner.unaligned


def _has_span(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("start"), int) and isinstance(item.get("end"), int)


def _event(aligner: _Aligner, event: Any, ids: set) -> Any:
    if not isinstance(event, dict):
        return event
    if _needs(event.get("trigger")):
        event = {**event, "trigger": aligner.place(event["trigger"], "triggers")}
    arguments = event.get("arguments")
    if isinstance(arguments, list):
        placed = [_argument(aligner, a, ids) for a in arguments]
        event = {**event, "arguments": placed}
    return event


def _argument(aligner: _Aligner, argument: Any, ids: set) -> Any:
    """An argument aligned by its text, or, when it names an item, left for ``resolve_arguments``
    to give it that item's offsets (its own text and occurrence then play no part)."""
    if not _needs(argument):
        return argument
    mention = argument.get("mention")
    if isinstance(mention, (str, int)) and not isinstance(mention, bool) and mention in ids:
        return {k: v for k, v in argument.items() if k not in ("text", "occurrence")}
    return aligner.place(argument, "arguments")


def without_unaligned(record: dict) -> dict:
    """A copy of an aligned record without its :class:`Unaligned` items (for views of the text)."""
    out = dict(record)
    for layer in ("entities", "times", "claims"):
        if isinstance(record.get(layer), list):
            out[layer] = [item for item in record[layer] if not is_unaligned(item)]
    if isinstance(record.get("events"), list):
        out["events"] = [
            {**e, "arguments": [a for a in e.get("arguments") or [] if not is_unaligned(a)]}
            for e in record["events"] if not is_unaligned(e.get("trigger"))
        ]
    return out
