"""Spans to IOB2 tags and back, over the tokens of ``benchmark.text``.

``spans_to_iob2`` needs every span to start and end on token boundaries and spans not
to overlap (choose the flat view first with ``flat_spans``); ``iob2_to_spans``
reads tags leniently as conlleval does: an ``I-`` that does not continue a chunk of
its type starts a new one.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import Iterable, Sequence

from .tokens import Token

__all__ = ["spans_to_iob2", "iob2_to_spans", "flat_spans"]

LabelledSpan = tuple[int, int, str]  # (start, end, label), character offsets


def spans_to_iob2(tokens: Sequence[Token], spans: Iterable[LabelledSpan]) -> list[str]:
    """Tag each token ``B-label``, ``I-label`` or ``O``; raise ValueError on a misaligned or overlapping span."""
    tags = ["O"] * len(tokens)
    starts = {token.start: i for i, token in enumerate(tokens)}
    ends = {token.end: i for i, token in enumerate(tokens)}
    for start, end, label in sorted(spans):
        if start not in starts or end not in ends:
            raise ValueError(f"span {start}-{end} ({label}) does not fall on token boundaries")
        first, last = starts[start], ends[end]
        if any(tag != "O" for tag in tags[first : last + 1]):
            raise ValueError(f"span {start}-{end} ({label}) overlaps another span")
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    return tags


def iob2_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[LabelledSpan]:
    """Read chunks from IOB2 tags as character spans."""
    spans: list[LabelledSpan] = []
    current: list | None = None
    for token, tag in zip(tokens, tags, strict=True):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and current is not None and current[2] == label:
            current[1] = token.end
            continue
        if current is not None:
            spans.append(tuple(current))
            current = None
        if prefix in ("B", "I"):
            current = [token.start, token.end, label]
    if current is not None:
        spans.append(tuple(current))
    return spans


def flat_spans(spans: Iterable[LabelledSpan]) -> list[LabelledSpan]:
    """Keep the outermost of nested or overlapping spans (the longer, then the earlier, then the label first in order wins)."""
    kept: list[LabelledSpan] = []  # in order and disjoint, so their ends are in order too
    for span in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0], s[2])):
        k = bisect_left(kept, (span[1],))  # the kept spans that start before this one ends
        if not k or kept[k - 1][1] <= span[0]:  # the last of them (the one ending last) ends before it
            insort(kept, span)
    return kept
