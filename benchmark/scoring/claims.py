"""Numeric claims: detection, then each component on the aligned claims, after MeasEval.

A claim is identified by its quantity span; when a system gives several claims on one span, the
first in canonical order (its scored fields, sorted) is kept, so repeats earn nothing.

* ``detection.strict``: a predicted span equal to a gold span;
* ``detection.overlap``: MeasEval's alignment of quantities: predicted and gold claims that
  share a character are paired one to one, greedily, best pairs first (identical spans, then
  the larger overlap, then the smaller boundary distance, then text order).

On the overlap pairs, each component is compared: ``value`` (``exact``: equal numbers;
``tolerance``: |predicted - gold| <= tolerance x |gold|, default 5%), ``unit``, ``bounds`` (lower
and upper both equal), ``qualifier``, ``measured_entity`` and ``attribution`` (the spans of the
mentions they refer to: equal extents, or both null), ``consistency``. Null equals null.
Each component is an end-to-end entry, tp = pairs whose component is right, fp = predicted
claims - tp, fn = gold claims - tp, with ``accuracy`` = tp / pairs and ``matched`` = pairs.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, NamedTuple, Sequence

from .entities import Pair, _error
from .tally import Stats, TaskResult, Units, keyed, prf, score_sets

__all__ = ["score_claims", "align_claims", "COMPONENTS", "DEFAULT_TOLERANCE"]

DEFAULT_TOLERANCE = 0.05
COMPONENTS = ("value", "unit", "bounds", "qualifier", "measured_entity", "attribution", "consistency")


class ClaimView(NamedTuple):
    """The scored fields of one claim, references resolved to (start, end) of the mention."""

    start: int
    end: int
    value: float | None
    unit: str | None
    bounds: tuple
    qualifier: str | None
    measured_entity: tuple | None
    attribution: tuple | None
    consistency: str | None


def _views(record_items: list[dict], claims: list[dict]) -> list[ClaimView]:
    mentions = {m["id"]: (m["start"], m["end"]) for m in record_items if m.get("id") is not None}
    views = sorted(
        (
            ClaimView(
                c["start"], c["end"], c.get("value"), c.get("unit"), (c.get("lower"), c.get("upper")),
                c.get("qualifier"), mentions.get(c.get("measured_entity")), mentions.get(c.get("attribution")),
                c.get("consistency"),
            )
            for c in claims
        ),
        key=lambda v: (v.start, v.end, repr(v)),
    )
    first: dict[tuple[int, int], ClaimView] = {}
    for view in views:
        first.setdefault((view.start, view.end), view)
    return list(first.values())


def align_claims(gold: Sequence[ClaimView], pred: Sequence[ClaimView]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping claims, best pairs first."""
    starts = [p.start for p in pred]
    longest = max((p.end - p.start for p in pred), default=0)
    candidates = []
    for i, g in enumerate(gold):
        for j in range(bisect_left(starts, g.start - longest), bisect_left(starts, g.end)):
            p = pred[j]
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                exact = (g.start, g.end) == (p.start, p.end)
                candidates.append((not exact, -overlap, abs(g.start - p.start) + abs(g.end - p.end), i, j))
    candidates.sort()
    used_gold, used_pred, pairs = set(), set(), []
    for *_, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _agrees(component: str, tolerance: float | None, g: ClaimView, p: ClaimView) -> bool:
    if tolerance is None:
        return getattr(g, component) == getattr(p, component)
    if g.value is None or p.value is None:
        return g.value is None and p.value is None
    return abs(p.value - g.value) <= tolerance * abs(g.value)


def score_claims(pairs: Sequence[Pair], units: Units, records: dict[str, tuple[dict, dict]],
                 tolerance: float = DEFAULT_TOLERANCE) -> dict[str, TaskResult]:
    """``claims``; ``records`` maps doc_id to its (gold record, predicted record) for mention references."""
    checks = {"value.exact": ("value", None), "value.tolerance": ("value", tolerance),
              **{c: (c, None) for c in COMPONENTS if c != "value"}}
    stats = {name: Stats() for name in ("detection.overlap", *checks)}
    correct = dict.fromkeys(checks, 0)
    strict_gold, strict_pred, errors = [], [], []
    n_gold = n_pred = n_pairs = 0
    for doc_id, text, gold_claims, pred_claims in pairs:
        gold_record, pred_record = records[doc_id]
        gold = _views(gold_record.get("entities") or [], gold_claims)
        pred = _views(pred_record.get("entities") or [], pred_claims)
        gold_units = [units(doc_id, g.start) for g in gold]
        pred_units = [units(doc_id, p.start) for p in pred]
        strict_gold += [((doc_id, g.start, g.end), u) for g, u in zip(gold, gold_units)]
        strict_pred += [((doc_id, p.start, p.end), u) for p, u in zip(pred, pred_units)]
        aligned = align_claims(gold, pred)
        n_gold, n_pred, n_pairs = n_gold + len(gold), n_pred + len(pred), n_pairs + len(aligned)
        for name in stats:
            add = stats[name].add
            for u in gold_units:
                add(u, fn=1)
            for u in pred_units:
                add(u, fp=1)
            for i, j in aligned:
                right = name == "detection.overlap" or _agrees(*checks[name], gold[i], pred[j])
                if right:
                    add(gold_units[i], tp=1, fn=-1)
                    add(pred_units[j], fp=-1)
                    if name in correct:
                        correct[name] += 1
                elif name != "value.tolerance":
                    component = checks[name][0]
                    errors.append(_error(f"claims.{component}", "mismatch", doc_id, text, gold[i][:2],
                                         _json(getattr(gold[i], component)), _json(getattr(pred[j], component))))
    strict, strict_stats, fps, fns = score_sets(keyed(strict_gold), keyed(strict_pred))
    texts = {doc_id: text for doc_id, text, _, _ in pairs}
    errors += [_error("claims.detection", kind, k[0], texts[k[0]], k[1:], None, None)
               for kind, keys in (("fp", fps), ("fn", fns)) for k in keys]

    def entry(name: str) -> dict:
        tp = correct[name]
        return prf(tp, n_pred - tp, n_gold - tp, accuracy=tp / n_pairs if n_pairs else 0.0, matched=n_pairs)

    report: dict[str, Any] = {
        "detection": {"strict": strict, "overlap": prf(n_pairs, n_pred - n_pairs, n_gold - n_pairs)},
        "value": {"exact": entry("value.exact"), "tolerance": {**entry("value.tolerance"), "tolerance": tolerance}},
        **{c: entry(c) for c in COMPONENTS if c != "value"},
    }
    all_stats = {"claims.detection.strict": strict_stats, **{f"claims.{name}": s for name, s in stats.items()}}
    return {"claims": TaskResult(report, all_stats, errors)}


def _json(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
