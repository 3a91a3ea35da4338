"""``--match text``: give offsets to predicted items that name their surface string instead.

An item (a mention, time expression, claim, event trigger, mention head or event argument) that
has a ``text`` but no ``start``/``end`` is aligned to an occurrence of that text in the document:

1. Occurrences are the places where the string occurs exactly (overlapping ones included), in
   text order. When there is none, the string is matched ignoring case and treating any run of
   whitespace as equal to any other.
2. ``occurrence`` (an integer, 0 = the first) picks one occurrence; past the last, the item is
   unaligned.
3. Without ``occurrence``, the item takes the first occurrence that no earlier item of the same
   layer with the same text has taken (so a list in reading order maps to successive
   occurrences); when all are taken, the first.
4. A head is looked for inside its mention's extent first. An argument that names its
   ``mention`` takes that item's offsets (also in offset mode).

Items that cannot be aligned are dropped, and counted per layer: the report's
``meta.alignment`` = {layer: {aligned, unaligned}}. Items that carry offsets are left as they are.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["occurrences", "align_record"]


def occurrences(text: str, surface: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of every occurrence of ``surface`` in ``text[start:end]`` (rule 1)."""
    end = len(text) if end is None else end
    found, at = [], text.find(surface, start, end)
    while surface and at >= 0:
        found.append((at, at + len(surface)))
        at = text.find(surface, at + 1, end)
    if found or not surface.strip():
        return found
    pattern = re.compile(r"\s+".join(re.escape(word) for word in surface.split()), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text, start, end)]


def _needs(item: Any) -> bool:
    return isinstance(item, dict) and "start" not in item and "end" not in item and isinstance(item.get("text"), str)


class _Aligner:
    def __init__(self, text: str, counts: dict[str, dict[str, int]]):
        self.text = text
        self.counts = counts
        self.taken: dict[tuple[str, str], set[tuple[int, int]]] = {}

    def place(self, item: dict, layer: str, start: int = 0, end: int | None = None) -> dict | None:
        """The item with offsets, or None when it cannot be aligned (rules 2 and 3)."""
        found = occurrences(self.text, item["text"], start, end)
        occurrence = item.get("occurrence")
        taken = self.taken.setdefault((layer, item["text"]), set())
        if isinstance(occurrence, int) and not isinstance(occurrence, bool):
            span = found[occurrence] if 0 <= occurrence < len(found) else None
        else:
            span = next((s for s in found if s not in taken), found[0] if found else None)
        tally = self.counts.setdefault(layer, {"aligned": 0, "unaligned": 0})
        tally["aligned" if span else "unaligned"] += 1
        if span is None:
            return None
        taken.add(span)
        return {**item, "start": span[0], "end": span[1], "text": self.text[span[0] : span[1]]}

    def head(self, mention: dict) -> dict:
        head = mention.get("head")
        if not _needs(head):
            return mention
        inside = occurrences(self.text, head["text"], mention["start"], mention["end"])
        placed = {**head, "start": inside[0][0], "end": inside[0][1]} if inside else self.place(head, "heads")
        return {**mention, "head": placed} if placed else {k: v for k, v in mention.items() if k != "head"}


def align_record(record: dict, text: str, counts: dict[str, dict[str, int]]) -> dict:
    """A copy of ``record`` with surface strings aligned to offsets; ``counts`` is updated."""
    aligner = _Aligner(text, counts)
    out = dict(record)
    for layer in ("entities", "times", "claims"):
        items = record.get(layer)
        if not isinstance(items, list):
            continue
        placed = [aligner.place(item, layer) if _needs(item) else item for item in items]
        out[layer] = [item for item in placed if item is not None]
    if isinstance(out.get("entities"), list):
        out["entities"] = [aligner.head(m) if isinstance(m, dict) and "start" in m else m for m in out["entities"]]
    if isinstance(record.get("events"), list):
        out["events"] = [e for e in (_event(aligner, e) for e in record["events"]) if e is not None]
    return out


def _event(aligner: _Aligner, event: Any) -> dict | None:
    if not isinstance(event, dict):
        return event
    trigger = event.get("trigger")
    if _needs(trigger):
        trigger = aligner.place(trigger, "triggers")
        if trigger is None:
            return None
        event = {**event, "trigger": trigger}
    arguments = event.get("arguments")
    if isinstance(arguments, list):
        placed = [aligner.place(a, "arguments") if _needs(a) else a for a in arguments]
        event = {**event, "arguments": [a for a in placed if a is not None]}
    return event
