"""Confidence intervals and significance tests from per-sentence sufficient statistics.

Every headline metric but coreference is an F1 computed from summed (tp, fp, fn), kept per
sentence. A resample draws the corpus's G near-duplicate sentence groups (``duplicates.py``: a
sentence and its near-copies in other articles; most groups are one sentence) with replacement
(the same draws for every metric, and for both systems in a paired test) and recomputes each F1
from the drawn sentences' sums; nothing is matched again. Drawing copies together keeps a
sentence that 002 copies from 001 from counting as two independent pieces of evidence.

Coreference metrics are ratios of sums too, once the clustering is fixed: :class:`CoreferenceStatistics`
splits each metric's recall numerator and denominator into contributions of key mentions, and its
precision numerator and denominator into contributions of response mentions
(``coreference.mention_contributions``, on the full corpus: its clusters and its CEAF-e alignment),
and sums them per sentence. A resample recomputes the ratios from the sentences' sums weighted by
their draw counts. With every weight 1 that is the point estimate; otherwise it is a linearisation
that keeps the clustering and the alignment of the full corpus (a resample does not re-cluster).

* Percentile bootstrap (Efron and Tibshirani 1993): the 95% interval is the 2.5th and 97.5th
  percentiles of the resampled F1 (numpy's linear interpolation).
* Paired bootstrap test (Koehn 2004), as sacrebleu runs it: with d_b = |F1_A - F1_B| on resample b
  and d the observed difference, c = #{b : d_b - mean(d) >= d}.
* Approximate randomisation (Noreen 1989; Riezler and Maxwell 2005), as sacrebleu: each trial swaps
  the two systems' statistics in a random half of the groups; c = #{t : |F1_A' - F1_B'| >= d}.

Both report p = (c + 1) / (n + 1). Ties count (>=), unlike sacrebleu's strict >, so a system
compared with itself gets p = 1. Everything is seeded with numpy's PCG64 (``default_rng(seed)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Hashable, Iterator, Mapping, Sequence

import numpy as np

from .tally import Stats

__all__ = ["confidence_intervals", "paired_tests", "f1_from_sums", "CoreferenceStatistics", "resample_weights"]

CHUNK = 256  # resamples per batch, to bound memory on large corpora


@dataclass
class _Block:
    """Metrics whose F1 are a function of per-unit sums: ``paths``, the (units x columns) array of
    per-unit statistics and ``f1``, (resamples x columns) sums -> (resamples x len(paths)) F1."""

    paths: list[str]
    array: np.ndarray
    f1: Callable[[np.ndarray], np.ndarray]


def _counts_block(stats: Mapping[str, Stats], units: int) -> _Block:
    """The (tp, fp, fn) metrics as one block."""
    names = sorted(stats)
    array = np.zeros((units, len(names), 3))
    for k, name in enumerate(names):
        for unit, row in stats[name].items():
            array[unit, k] = row
    return _Block(names, array.reshape(units, -1), lambda sums: f1_from_sums(sums.reshape(len(sums), -1, 3)))


def f1_from_sums(sums: np.ndarray) -> np.ndarray:
    """F1 from (..., 3) arrays of summed tp, fp, fn; 0 where undefined, as in the report."""
    tp, fp, fn = sums[..., 0], sums[..., 1], sums[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        recall = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
        return np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)


def _group_index(units: int, groups: Sequence[int] | None) -> np.ndarray:
    """The group of each unit as an array (each unit its own group when ``groups`` is None)."""
    return np.arange(units) if groups is None else np.asarray(groups, dtype=np.int64)


def resample_weights(rng: np.random.Generator, units: int, resamples: int,
                     groups: Sequence[int] | None = None) -> Iterator[np.ndarray]:
    """Chunks of (resamples x units) arrays: how often each unit is drawn in each resample.

    With ``groups`` (the group of each unit), the groups are drawn with replacement and every unit
    takes its group's count: near-copies are drawn together."""
    group_of = _group_index(units, groups)
    count = int(group_of.max()) + 1 if units else 0
    for first in range(0, resamples, CHUNK):
        size = min(CHUNK, resamples - first)
        draws = rng.integers(0, count, size=(size, count))
        weights = np.stack([np.bincount(row, minlength=count) for row in draws]).astype(float)
        yield weights[:, group_of]


def _blocks(stats: Mapping[str, Stats], units: int, coreference: Sequence[CoreferenceStatistics]) -> list[_Block]:
    blocks = [_counts_block(stats, units)] if stats else []
    return blocks + [_Block(c.paths, c.array, c.f1) for c in coreference]


def confidence_intervals(
    stats: Mapping[str, Stats], units: int, resamples: int, seed: int,
    coreference: Sequence[CoreferenceStatistics] = (), groups: Sequence[int] | None = None,
) -> dict[str, list[float]]:
    """Percentile 95% interval [low, high] of every metric's F1, and of each coreference entry's.

    Every metric sees the same resamples (the same weights for every block of statistics); with
    ``groups``, a resample draws groups of units (:func:`resample_weights`).
    """
    blocks = _blocks(stats, units, coreference)
    if units == 0 or not blocks:
        return {}
    parts: list[list[np.ndarray]] = [[] for _ in blocks]
    for weights in resample_weights(np.random.default_rng(seed), units, resamples, groups):
        for part, block in zip(parts, blocks):
            part.append(block.f1(weights @ block.array))
    intervals = {}
    for block, part in zip(blocks, parts):
        low, high = np.percentile(np.concatenate(part), [2.5, 97.5], axis=0)
        intervals.update({path: [float(low[k]), float(high[k])] for k, path in enumerate(block.paths)})
    return intervals


def paired_tests(
    a: Mapping[str, Stats], b: Mapping[str, Stats], units: int, resamples: int, trials: int, seed: int,
    coreference_a: Sequence[CoreferenceStatistics] = (), coreference_b: Sequence[CoreferenceStatistics] = (),
    groups: Sequence[int] | None = None,
) -> dict[str, dict]:
    """Per metric both systems have: F1 of each, their difference and both p-values.

    Coreference entries (``coreference_a`` and ``coreference_b``, paired by path) are tested on their
    per-sentence contributions, with the same resample weights and swaps as every other metric.
    With ``groups``, the bootstrap draws groups of units and randomisation swaps whole groups.
    """
    shared = sorted(set(a) & set(b))
    by_path = {c.paths[0]: c for c in coreference_b}
    paired = [(c, by_path[c.paths[0]]) for c in coreference_a if c.paths[0] in by_path]
    blocks_a = _blocks({n: a[n] for n in shared}, units, [x for x, _ in paired])
    blocks_b = _blocks({n: b[n] for n in shared}, units, [y for _, y in paired])
    if units == 0 or not blocks_a:
        return {}
    f1_a = [block.f1(block.array.sum(0, keepdims=True))[0] for block in blocks_a]
    f1_b = [block.f1(block.array.sum(0, keepdims=True))[0] for block in blocks_b]
    observed = [np.abs(x - y) for x, y in zip(f1_a, f1_b)]
    rng = np.random.default_rng(seed)
    deltas: list[list[np.ndarray]] = [[] for _ in blocks_a]
    for weights in resample_weights(rng, units, resamples, groups):
        for part, x, y in zip(deltas, blocks_a, blocks_b):
            part.append(np.abs(x.f1(weights @ x.array) - y.f1(weights @ y.array)))
    bootstrap_c = []
    for part, d in zip(deltas, observed):
        delta = np.concatenate(part)
        bootstrap_c.append((delta - delta.mean(axis=0) >= d).sum(axis=0))
    randomised_c = [np.zeros(len(block.paths)) for block in blocks_a]
    group_of = _group_index(units, groups)
    for first in range(0, trials, CHUNK):
        size = min(CHUNK, trials - first)
        swap = rng.integers(0, 2, size=(size, int(group_of.max()) + 1)).astype(float)[:, group_of]
        keep = 1.0 - swap
        for k, (x, y) in enumerate(zip(blocks_a, blocks_b)):
            shuffled_a = x.f1(keep @ x.array + swap @ y.array)
            shuffled_b = y.f1(swap @ x.array + keep @ y.array)
            randomised_c[k] += (np.abs(shuffled_a - shuffled_b) >= observed[k]).sum(axis=0)
    return {
        name: {
            "f1_a": float(f1_a[b][k]), "f1_b": float(f1_b[b][k]), "difference": float(f1_a[b][k] - f1_b[b][k]),
            "p_bootstrap": float((bootstrap_c[b][k] + 1) / (resamples + 1)),
            "p_randomization": float((randomised_c[b][k] + 1) / (trials + 1)),
        }
        for b, block in enumerate(blocks_a) for k, name in enumerate(block.paths)
    }




def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


class CoreferenceStatistics:
    """MUC, B-cubed, CEAF-e, LEA and CoNLL F1 of one coreference entry as ratios of per-unit sums.

    ``key`` and ``response`` are the clusterings as scored (normalised by ``coreference``, singletons
    kept); ``unit_of`` gives a mention's unit. Each key mention's recall contributions and each
    response mention's precision contributions (``coreference.mention_contributions``: the full
    corpus's clusters and CEAF-e alignment) are summed in the mention's unit: ``array`` is
    units x (4 metrics x recall numerator, recall denominator, precision numerator, precision
    denominator). :meth:`f1` turns weighted sums of its rows into F1; with every weight 1 they are the
    point estimates.
    """

    def __init__(self, prefix: str, key: Sequence[Sequence[Hashable]], response: Sequence[Sequence[Hashable]],
                 unit_of: Callable[[Hashable], int], units: int):
        from .coreference import CONTRIBUTION_METRICS, REPORT_KEYS, mention_contributions

        self.paths = [f"{prefix}.{name}" for name in REPORT_KEYS]
        metrics = len(CONTRIBUTION_METRICS)
        array = np.zeros((units, metrics, 2, 2))  # unit, metric, recall/precision, numerator/denominator
        for side, contributions in enumerate(mention_contributions(key, response)):
            if contributions:
                rows = np.array([unit_of(m) for m in contributions], dtype=np.int64)
                values = np.array(list(contributions.values()), dtype=float).reshape(-1, metrics, 2)
                np.add.at(array[:, :, side, :], rows, values)
        self.array = array.reshape(units, -1)

    @staticmethod
    def f1(sums: np.ndarray) -> np.ndarray:
        """(resamples x 16) weighted sums -> (resamples x 5) F1 of MUC, B-cubed, CEAF-e, LEA, CoNLL."""
        sums = sums.reshape(len(sums), -1, 2, 2)
        recall = _ratio(sums[:, :, 0, 0], sums[:, :, 0, 1])
        precision = _ratio(sums[:, :, 1, 0], sums[:, :, 1, 1])
        f1 = _ratio(2 * precision * recall, precision + recall)
        return np.concatenate([f1, f1[:, :3].mean(axis=1, keepdims=True)], axis=1)
