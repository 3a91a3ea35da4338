"""What every task scorer shares: P/R/F entries, set matching, per-sentence sufficient statistics.

A headline metric is kept as true positives, false positives and false negatives per unit
(a sentence of the gold text); its corpus score is computed from their sums, so the
bootstrap and the randomisation test recompute it for any resample without matching again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, compress, islice, repeat
from operator import le, not_, sub
from typing import Callable, Hashable, Iterable, Mapping, Sequence

from ..text.tokens import sentences, token_spans

__all__ = ["prf", "Stats", "Units", "Clusterings", "TaskResult", "score_sets", "keyed"]


def prf(tp: float, fp: float, fn: float, **extra: object) -> dict:
    """``{precision, recall, f1, tp, fp, fn}``; a ratio with a zero denominator is 0."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn, **extra}


class Stats(dict):
    """unit -> [tp, fp, fn] of one metric."""

    def add(self, unit: int, tp: float = 0, fp: float = 0, fn: float = 0) -> None:
        row = self.get(unit)
        if row is None:
            self[unit] = [tp, fp, fn]
        else:
            row[0] += tp
            row[1] += fp
            row[2] += fn

    def totals(self) -> tuple[float, float, float]:
        tp = fp = fn = 0
        for a, b, c in self.values():
            tp, fp, fn = tp + a, fp + b, fn + c
        return tp, fp, fn


class Units:
    """The units statistics are kept in: the sentences of the gold documents, numbered in doc_id
    order; the bootstrap draws them by near-duplicate group (:attr:`groups`)."""

    def __init__(self, texts: Mapping[str, str]):
        self.sentences: dict[str, list[tuple[int, int]]] = {}
        self._starts: dict[str, list[int]] = {}
        self._base: dict[str, int] = {}
        self.texts = texts
        count = 0
        for doc_id in sorted(texts):
            spans = sentences(texts[doc_id]) or [(0, len(texts[doc_id]))]
            self.sentences[doc_id] = spans
            self._starts[doc_id] = [start for start, _ in spans]
            self._base[doc_id] = count
            count += len(spans)
        self.count = count

    @cached_property
    def tokens(self) -> dict[str, list[tuple[int, int]]]:
        """The token spans of each text, made on first use (the IOB2 view needs them; sentence
        splitting tokenises only around its break points)."""
        return {doc_id: token_spans(self.texts[doc_id]) for doc_id in self.sentences}

    def spans(self) -> dict[str, range]:
        """The units of each document."""
        return {doc_id: range(self._base[doc_id], self._base[doc_id] + len(spans)) for doc_id, spans in self.sentences.items()}

    @cached_property
    def groups(self) -> list[int]:
        """The near-duplicate group of each unit (``duplicates.sentence_groups``): what a resample draws."""
        from .duplicates import sentence_groups

        return sentence_groups(self.texts, self.sentences)

    def __call__(self, doc_id: str, offset: int) -> int:
        """The unit of the sentence holding ``offset`` (text before the first sentence counts as it)."""
        return self._base[doc_id] + max(bisect_right(self._starts[doc_id], offset) - 1, 0)

    def of_offsets(self, doc_id: str, offsets: Sequence[int]) -> list[int]:
        """The unit of each offset of one document, as calling the instance on each would give.

        Offsets in ascending order (spans in ``spanset`` order) are split at each sentence start,
        one bisection per sentence rather than per offset."""
        base, starts = self._base[doc_id], self._starts[doc_id]
        if not all(map(le, offsets, islice(offsets, 1, None))):
            return [base + max(bisect_right(starts, offset) - 1, 0) for offset in offsets]
        bounds = [0, *(bisect_left(offsets, start) for start in islice(starts, 1, None)), len(offsets)]
        return list(chain.from_iterable(map(repeat, range(base, base + len(starts)), map(sub, bounds[1:], bounds))))


@dataclass
class Clusterings:
    """What a coreference entry was scored on, kept so that the bootstrap can split it into per-sentence
    contributions.

    ``key`` and ``response`` are the clusterings as scored (before ``coreference.normalize_clusters``,
    with singletons kept), ``unit_of`` maps a mention to its unit, ``prefix`` is the report path of
    the entry.
    """

    prefix: str
    key: Sequence[Sequence[Hashable]]
    response: Sequence[Sequence[Hashable]]
    unit_of: Callable[[Hashable], int]


@dataclass
class TaskResult:
    """One task's report section, its headline metrics' per-unit statistics (or, for coreference,
    the clusterings their contributions come from), and its errors: ``errors`` as built, and
    ``deferred`` ones built only when asked for (``Evaluation.errors``), where there are many."""

    report: dict
    stats: dict[str, Stats] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    clusterings: list[Clusterings] = field(default_factory=list)
    deferred: list[Callable[[], Iterable[dict]]] = field(default_factory=list)


def score_sets(
    gold: Mapping[Hashable, int], pred: Mapping[Hashable, int]
) -> tuple[dict, Stats, list[Hashable], list[Hashable]]:
    """Score two sets of keys (each mapped to its unit): entry, per-unit stats, FP keys, FN keys.

    A key found in both is a true positive, counted in the gold key's unit. The keys are sorted
    into found and missed, and the units counted, at C speed; the units appear in the stats in
    the order of their first gold key, then of their first false positive.
    """
    found = list(map(pred.__contains__, gold))
    missed = list(map(not_, found))
    false_negatives = list(compress(gold, missed))
    false_positives = list(compress(pred, map(not_, map(gold.__contains__, pred))))
    fp_units = list(map(pred.__getitem__, false_positives))
    tp, fp, fn = Counter(compress(gold.values(), found)), Counter(fp_units), Counter(compress(gold.values(), missed))
    stats = Stats((unit, [tp[unit], fp[unit], fn[unit]]) for unit in dict.fromkeys(chain(gold.values(), fp_units)))
    return prf(len(gold) - len(false_negatives), len(false_positives), len(false_negatives)), stats, false_positives, false_negatives


def keyed(items: Iterable[tuple[Hashable, int]]) -> dict[Hashable, int]:
    """Keys to units; a repeated key keeps its first unit (duplicates count once)."""
    out: dict[Hashable, int] = {}
    for key, unit in items:
        out.setdefault(key, unit)
    return out
