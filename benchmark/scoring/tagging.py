"""IOB2 chunk scores as seqeval 1.2.2 computes them, and the ``ner`` view of mentions as tags.

Two ways to read chunks from tags, named as seqeval names them:

* ``default`` (seqeval's default, imitating conlleval): lenient. A chunk starts at ``B-``, at an
  ``I-`` after ``O``, and wherever the type changes; it ends before ``B-``, ``O`` or a type change.
* ``strict`` (seqeval ``mode="strict", scheme=IOB2``): a chunk is a ``B-X`` followed by any run of
  ``I-X``; a stray ``I-`` belongs to no chunk. Tags other than B, I and O raise ``ValueError``.

A chunk is (sentence, first token, last token, type); micro P/R/F count chunks of all types
together: tp = chunks in both, fp = predicted only, fn = gold only.

The ``ner`` view (as ``benchmark.export.hf`` builds it for the gold): head spans of NAM mentions, the
outermost kept where they nest, tagged IOB2 over ``benchmark.text`` tokens sentence by sentence.
A prediction's mention enters the view when its level is NAM or it gives no level; a span is
widened to the tokens it touches (gold heads already fall on token boundaries); of spans covering
the same tokens, the one with the alphabetically first label is kept; and a span that crosses a
sentence boundary is left out, as in the ``ner`` config. Tags built from spans are
always well formed, so on this view both modes give the same numbers; they differ on tag
sequences such as a system's raw output.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable, Sequence

from ..text.iob2 import flat_spans, spans_to_iob2
from ..text.tokens import token_spans, tokenize

__all__ = ["MODES", "chunks", "score_tags", "named_spans", "ner_view"]

MODES = ("default", "strict")
Chunk = tuple[int, int, int, str]  # (sentence, first token, last token, type)


def _split(tag: str) -> tuple[str, str]:
    """seqeval's reading of a tag: prefix letter and type ('_' when none)."""
    return tag[0], tag[1:].split("-", maxsplit=1)[-1] or "_"


def _default_chunks(sentence: int, tags: Sequence[str]) -> Iterable[Chunk]:
    """conlleval's chunks (seqeval ``get_entities``: ``end_of_chunk`` / ``start_of_chunk``)."""
    prev_tag, prev_type, begin = "O", "", 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, type_ = _split(tag)
        ends = (
            prev_tag in ("E", "S")
            or (prev_tag in ("B", "I") and prefix in ("B", "S", "O"))
            or (prev_tag not in ("O", ".") and prev_type != type_)
        )
        if ends:
            yield sentence, begin, i - 1, prev_type
        starts = (
            prefix in ("B", "S")
            or (prev_tag in ("E", "S", "O") and prefix in ("E", "I"))
            or (prefix not in ("O", ".") and prev_type != type_)
        )
        if starts:
            begin = i
        prev_tag, prev_type = prefix, type_


def _strict_chunks(sentence: int, tags: Sequence[str]) -> Iterable[Chunk]:
    """seqeval's strict IOB2 chunks: ``B-X`` then ``I-X`` tokens."""
    types = []
    for tag in tags:
        if tag[0] not in "BIO":
            raise ValueError(f"Invalid token is found: {tag}. Allowed prefixes are: I|O|B.")
        types.append(tag[1:].strip("-") or "_")
    i, n = 0, len(tags)
    while i < n:
        if tags[i][0] != "B":
            i += 1
            continue
        end = i + 1
        while end < n and tags[end][0] == "I" and types[end] == types[i]:
            end += 1
        yield sentence, i, end - 1, types[i]
        i = end


def chunks(sequences: Iterable[Sequence[str]], mode: str = "default") -> set[Chunk]:
    """Every chunk of a list of tag sequences (one per sentence)."""
    read = _default_chunks if mode == "default" else _strict_chunks
    return {chunk for n, tags in enumerate(sequences) for chunk in read(n, tags)}


def score_tags(y_true: Sequence[Sequence[str]], y_pred: Sequence[Sequence[str]], mode: str = "default") -> dict:
    """seqeval's micro-averaged precision, recall and F1 with tp/fp/fn (``mode``: default or strict)."""
    if len(y_true) != len(y_pred) or any(len(t) != len(p) for t, p in zip(y_true, y_pred)):
        raise ValueError("gold and predicted tag sequences differ in length")
    true, pred = chunks(y_true, mode), chunks(y_pred, mode)
    tp = len(true & pred)
    precision = tp / len(pred) if pred else 0.0
    recall = tp / len(true) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": len(pred) - tp, "fn": len(true) - tp}


def named_spans(mentions: Iterable[dict], gold: bool) -> list[tuple[int, int, str]]:
    """The mentions that enter the ``ner`` view, as (start, end, type) of their heads."""
    spans = []
    for m in mentions:
        if m.get("level") == "NAM" or (not gold and m.get("level") is None):
            head = m.get("head") or m
            spans.append((head["start"], head["end"], m["type"]))
    return spans


def _view_spans(starts: list[int], ends: list[int], spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One side's spans in the view: widened to the tokens they touch (``starts``, ``ends``: the
    tokens' offsets; a span touching none is left out), one label per extent, outermost kept."""
    snapped = []
    for start, end, label in spans:
        first, last = bisect_right(ends, start), bisect_left(starts, end) - 1
        if first <= last:
            snapped.append((starts[first], ends[last], label))
    covering: dict[tuple[int, int], str] = {}
    for start, end, label in sorted(snapped):
        covering.setdefault((start, end), label)
    return flat_spans((start, end, label) for (start, end), label in covering.items())


def ner_view(
    text: str, sentence_spans: Sequence[tuple[int, int]], gold: Iterable[tuple[int, int, str]],
    pred: Iterable[tuple[int, int, str]],
) -> tuple[list[list[str]], list[list[str]], list[int]]:
    """IOB2 tags of gold and predicted spans for the sentences that hold any span.

    Returns (gold tag sequences, predicted tag sequences, index of each sentence); sentences
    without a span are all ``O`` on both sides and add nothing to any count.
    """
    tokens = tokenize(text)
    starts, ends = [t.start for t in tokens], [t.end for t in tokens]
    sides = [_view_spans(starts, ends, spans) for spans in (gold, pred)]
    sentence_starts = [start for start, _ in sentence_spans]
    used = sorted({bisect_right(sentence_starts, s[0]) - 1 for side in sides for s in side} - {-1})
    gold_tags, pred_tags = [], []
    for n in used:
        start, end = sentence_spans[n]
        window = tokens[bisect_left(starts, start) : bisect_left(starts, end)]
        for side, out in zip(sides, (gold_tags, pred_tags)):
            out.append(spans_to_iob2(window, [s for s in side if start <= s[0] and s[1] <= end]))
    return gold_tags, pred_tags, used


def plain_label(label: str) -> bool:
    """True when seqeval reads the type of ``B-label`` / ``I-label`` as ``label`` in both modes."""
    return bool(label) and label[0] != "-" and label[-1] != "-"


def ner_chunks(
    text: str, sentence_spans: Sequence[tuple[int, int]], gold: Iterable[tuple[int, int, str]],
    pred: Iterable[tuple[int, int, str]], tokens: Sequence[tuple[int, int]] | None = None,
) -> tuple[list[tuple[int, int, int, str]], list[tuple[int, int, int, str]]]:
    """The chunks seqeval reads from :func:`ner_view`'s tags, without building the tags.

    Each side's chunks are (sentence index, start, end, label) in characters: the view's spans
    that lie inside one sentence. Tags built from those spans are B-label I-label ... runs, which
    both modes read back as exactly those spans when every label is plain (:func:`plain_label`);
    callers check that. ``tests/test_scoring_tagging.py`` compares the two ways. ``tokens``:
    the text's :func:`~benchmark.text.tokens.token_spans`, when the caller has them already.
    """
    tokens = token_spans(text) if tokens is None else tokens
    starts, ends = [start for start, _ in tokens], [end for _, end in tokens]
    sentence_starts = [start for start, _ in sentence_spans]
    sides = []
    for spans in (gold, pred):
        chunks = []
        for start, end, label in _view_spans(starts, ends, spans):
            n = bisect_right(sentence_starts, start) - 1
            if n >= 0 and end <= sentence_spans[n][1]:
                chunks.append((n, start, end, label))
        sides.append(chunks)
    return sides[0], sides[1]
