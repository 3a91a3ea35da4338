"""Span scores under the four MUC-5 / SemEval-2013 schemes, exactly as nervaluate 1.2 defines them.

Each prediction is one of correct (COR), incorrect (INC), partial (PAR) or spurious (SPU); each
gold span left unmatched is missed (MIS). POS = COR + INC + PAR + MIS, ACT = COR + INC + PAR + SPU.

* ``strict``: COR when a gold span has the same boundaries and label;
* ``exact``: COR when a gold span has the same boundaries, whatever the label;
* ``partial``: COR on the same boundaries, PAR on an overlap, labels ignored;
* ``type`` (nervaluate's ``ent_type``): COR on an overlap with the same label (the gold span with
  the closest boundaries wins), INC on an overlap with another label.

Otherwise an overlapping gold span makes the prediction INC (PAR under ``partial``), and no overlap
makes it SPU. P = COR / ACT and R = COR / POS; ``partial`` and ``type`` give PAR half credit,
P = (COR + PAR / 2) / ACT and R = (COR + PAR / 2) / POS. Matching is nervaluate's greedy one: each
prediction in turn takes the first unmatched gold span that qualifies, and each gold span is
matched at most once. "Overlap" is nervaluate's default: the shared characters are at least 1% of
the gold span's length.

Differences from calling nervaluate, both to make scores independent of input order: spans are
sets (an exact duplicate, same boundaries and label, counts once) and both sides are processed in
(start, end, label) order. Given the same sorted, deduplicated lists, nervaluate 1.2.1 gives the
same counts (tests/test_scoring_spans.py checks this on random corpora). The implementation sweeps
the sorted spans once per scheme, so a document of n spans costs O(n log n), not nervaluate's O(n^2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

__all__ = ["Span", "SCHEMES", "HALF_CREDIT", "Counts", "Outcome", "spanset", "match_spans", "match_schemes", "score_documents"]

Span = tuple[int, int, str]  # (start, end-exclusive, label)
SCHEMES = ("strict", "exact", "partial", "type")
HALF_CREDIT = {"strict": False, "exact": False, "partial": True, "type": True}
MIN_OVERLAP_PERCENTAGE = 1.0  # nervaluate's default min_overlap_percentage


def spanset(spans: Iterable[Span]) -> list[Span]:
    """The canonical input of :func:`match_spans`: distinct spans in (start, end, label) order."""
    return sorted(set(spans))


@dataclass
class Counts:
    """MUC-5 outcome counts of one scheme, added up over documents."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.correct += other.correct
        self.incorrect += other.incorrect
        self.partial += other.partial
        self.missed += other.missed
        self.spurious += other.spurious
        return self

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    def entry(self, half_credit: bool) -> dict:
        """nervaluate's precision, recall and F1, the counts, and tp/fp/fn (tp = COR + PAR/2 with half credit)."""
        tp = self.correct + 0.5 * self.partial if half_credit else self.correct
        actual, possible = self.actual, self.possible
        precision = tp / actual if actual > 0 else 0
        recall = tp / possible if possible > 0 else 0
        f1 = 2 * (precision * recall) / (precision + recall) if precision + recall > 0 else 0
        return {
            "precision": precision, "recall": recall, "f1": f1,
            "tp": tp, "fp": actual - tp, "fn": possible - tp,
            "correct": self.correct, "incorrect": self.incorrect, "partial": self.partial,
            "missed": self.missed, "spurious": self.spurious, "possible": possible, "actual": actual,
        }


@dataclass
class Outcome:
    """Per-span results of one document under one scheme.

    ``gold[i]`` and ``pred[j]`` are "correct", "incorrect", "partial", "missed" or "spurious";
    ``match[j]`` is the index of the gold span prediction j took, or -1.
    """

    gold: list[str]
    pred: list[str]
    match: list[int]

    def counts(self) -> Counts:
        return Counts(
            correct=self.pred.count("correct"), incorrect=self.pred.count("incorrect"),
            partial=self.pred.count("partial"), missed=self.gold.count("missed"),
            spurious=self.pred.count("spurious"),
        )


def match_spans(gold: Sequence[Span], pred: Sequence[Span], scheme: str) -> Outcome:
    """Match one document's spans (each side as given by :func:`spanset`) under ``scheme``."""
    n = len(gold)
    gold_status = ["missed"] * n
    pred_status = ["spurious"] * len(pred)
    match = [-1] * len(pred)
    if not n:
        return Outcome(gold_status, pred_status, match)
    # Gold spans still worth scanning form a linked list over indices (union-find with path
    # halving in ``following``): a span leaves it once matched, or once it ends before the
    # current prediction starts (predictions come in start order, so it overlaps no later one).
    following = list(range(n + 1))
    taken = [False] * n
    starts, ends, _ = zip(*gold)
    # Index of the first gold span with the same bounds (and label: ``strict``; ``type``, where an
    # identical span is the unique closest one); spans sharing bounds are adjacent in order, and
    # in a dict built from the last index to the first, the first one is what stays.
    strict = scheme in ("strict", "type")
    first = dict(zip(reversed(gold) if strict else zip(reversed(starts), reversed(ends)), range(n - 1, -1, -1)))
    near = "partial" if scheme == "partial" else "incorrect"
    typed = scheme == "type"
    for j, span in enumerate(pred):
        ps, pe, label = span
        i = first.get(span if strict else (ps, pe), n)
        if i < n and not taken[i]:  # the common case: an identical span, still free
            taken[i] = True
            following[i] = i + 1
            gold_status[i] = pred_status[j] = "correct"
            match[j] = i
            continue
        chosen, status = -1, near
        while i < n and starts[i] == ps and ends[i] == pe and (not strict or gold[i][2] == label):
            if not taken[i]:
                chosen, status = i, "correct"
                break
            i += 1
        if chosen < 0:
            best = -1
            i = 0
            while True:
                while following[i] != i:  # the first live index from i
                    following[i] = following[following[i]]
                    i = following[i]
                if i == n or starts[i] >= pe:
                    break
                gs, ge = starts[i], ends[i]
                if ge <= ps:
                    following[i] = i + 1
                # nervaluate's overlap test: shared characters >= 1% of the gold span
                elif (((pe if pe < ge else ge) - (ps if ps > gs else gs)) / (ge - gs)) * 100.0 >= MIN_OVERLAP_PERCENTAGE:
                    if not typed:
                        chosen = i
                        break
                    if gold[i][2] == label:
                        distance = abs(ps - gs) + abs(pe - ge)
                        if best < 0 or distance < best:
                            chosen, best, status = i, distance, "correct"
                    elif chosen < 0:
                        chosen = i
                i += 1
        if chosen >= 0:
            taken[chosen] = True
            following[chosen] = chosen + 1
            gold_status[chosen] = pred_status[j] = status
            match[j] = chosen
    return Outcome(gold_status, pred_status, match)


def _as_partial(outcome: Outcome) -> Outcome:
    """``partial``'s outcome from ``exact``'s on the same spans: the two schemes match identically
    (an identical span first, else the first live gold span that overlaps, labels ignored) and name
    a non-identical match "partial" instead of "incorrect"."""
    def rename(statuses: list[str]) -> list[str]:
        return ["partial" if status == "incorrect" else status for status in statuses]

    return Outcome(rename(outcome.gold), rename(outcome.pred), outcome.match)


def match_schemes(gold: Sequence[Span], pred: Sequence[Span]) -> dict[str, Outcome]:
    """:func:`match_spans` under every scheme (``partial`` derived from ``exact``, as it equals)."""
    exact = match_spans(gold, pred, "exact")
    return {
        "strict": match_spans(gold, pred, "strict"), "exact": exact,
        "partial": _as_partial(exact), "type": match_spans(gold, pred, "type"),
    }


def score_documents(documents: Iterable[tuple[Iterable[Span], Iterable[Span]]]) -> dict:
    """Counts of every scheme over (gold, predicted) span lists, one pair per document.

    Returns ``{scheme: Counts, "per_type": {label: {scheme: Counts}}}``; per label, both sides
    are restricted to that label, as nervaluate does.
    """
    totals = {scheme: Counts() for scheme in SCHEMES}
    per_type: dict[str, dict[str, Counts]] = {}
    for gold_spans, pred_spans in documents:
        gold, pred = spanset(gold_spans), spanset(pred_spans)
        for scheme, outcome in match_schemes(gold, pred).items():
            totals[scheme] += outcome.counts()
        for label, outcomes in by_label(gold, pred).items():
            counts = per_type.setdefault(label, {scheme: Counts() for scheme in SCHEMES})
            for scheme, outcome in outcomes.items():
                counts[scheme] += outcome.counts()
    return {**totals, "per_type": per_type}


def by_label(gold: Sequence[Span], pred: Sequence[Span]) -> dict[str, dict[str, Outcome]]:
    """Every scheme's outcome on the spans of each label, both sides restricted to that label.

    With one label, ``strict`` and ``exact`` coincide (same boundaries implies the same span),
    so ``exact`` reuses the ``strict`` outcome, and ``partial`` is derived from it.
    """
    sides: dict[str, tuple[list[Span], list[Span]]] = {}
    for k, spans in enumerate((gold, pred)):
        for span in spans:
            sides.setdefault(span[2], ([], []))[k].append(span)
    outcomes = {}
    for label, (gold_l, pred_l) in sides.items():
        strict = match_spans(gold_l, pred_l, "strict")
        outcomes[label] = {
            "strict": strict,
            "exact": strict,
            "partial": _as_partial(strict),
            "type": match_spans(gold_l, pred_l, "type"),
        }
    return outcomes
