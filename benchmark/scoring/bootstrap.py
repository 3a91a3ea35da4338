"""Confidence intervals and significance tests from per-sentence sufficient statistics.

Every headline metric is an F1 computed from summed (tp, fp, fn). A resample draws the corpus's
U sentences with replacement (the same draws for every metric, and for both systems in a paired
test) and recomputes each F1 from the drawn sentences' sums; nothing is matched again.

* Percentile bootstrap (Efron and Tibshirani 1993): the 95% interval is the 2.5th and 97.5th
  percentiles of the resampled F1 (numpy's linear interpolation).
* Paired bootstrap test (Koehn 2004), as sacrebleu runs it: with d_b = |F1_A - F1_B| on resample b
  and d the observed difference, c = #{b : d_b - mean(d) >= d}.
* Approximate randomisation (Noreen 1989; Riezler and Maxwell 2005), as sacrebleu: each trial swaps
  the two systems' statistics in a random half of the sentences; c = #{t : |F1_A' - F1_B'| >= d}.

Both report p = (c + 1) / (n + 1). Ties count (>=), unlike sacrebleu's strict >, so a system
compared with itself gets p = 1. Everything is seeded with numpy's PCG64 (``default_rng(seed)``).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from .tally import Stats

__all__ = ["confidence_intervals", "paired_tests", "f1_from_sums"]

CHUNK = 256  # resamples per batch, to bound memory on large corpora


def _matrix(stats: Mapping[str, Stats], units: int) -> tuple[list[str], np.ndarray]:
    """(metric names, array units x metrics x 3)."""
    names = sorted(stats)
    array = np.zeros((units, len(names), 3))
    for k, name in enumerate(names):
        for unit, row in stats[name].items():
            array[unit, k] = row
    return names, array


def f1_from_sums(sums: np.ndarray) -> np.ndarray:
    """F1 from (..., 3) arrays of summed tp, fp, fn; 0 where undefined, as in the report."""
    tp, fp, fn = sums[..., 0], sums[..., 1], sums[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        recall = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
        return np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)


def _resampled_f1(arrays: list[np.ndarray], units: int, resamples: int, rng: np.random.Generator) -> list[np.ndarray]:
    """F1 of every metric on each resample (resamples x metrics), the same draws for every array."""
    out: list[list[np.ndarray]] = [[] for _ in arrays]
    flat = [a.reshape(units, -1) for a in arrays]
    for first in range(0, resamples, CHUNK):
        size = min(CHUNK, resamples - first)
        draws = rng.integers(0, units, size=(size, units))
        weights = np.stack([np.bincount(row, minlength=units) for row in draws]).astype(float)
        for k, matrix in enumerate(flat):
            out[k].append(f1_from_sums((weights @ matrix).reshape(size, -1, 3)))
    return [np.concatenate(parts) for parts in out]


def confidence_intervals(stats: Mapping[str, Stats], units: int, resamples: int, seed: int) -> dict[str, list[float]]:
    """Percentile 95% interval [low, high] of every metric's F1."""
    if units == 0 or not stats:
        return {}
    names, array = _matrix(stats, units)
    (f1,) = _resampled_f1([array], units, resamples, np.random.default_rng(seed))
    low, high = np.percentile(f1, [2.5, 97.5], axis=0)
    return {name: [float(low[k]), float(high[k])] for k, name in enumerate(names)}


def paired_tests(
    a: Mapping[str, Stats], b: Mapping[str, Stats], units: int, resamples: int, trials: int, seed: int
) -> dict[str, dict]:
    """Per metric both systems have: F1 of each, their difference and both p-values."""
    shared = {name: (a[name], b[name]) for name in sorted(set(a) & set(b))}
    if units == 0 or not shared:
        return {}
    names, array_a = _matrix({n: s[0] for n, s in shared.items()}, units)
    _, array_b = _matrix({n: s[1] for n, s in shared.items()}, units)
    f1_a, f1_b = f1_from_sums(array_a.sum(0)), f1_from_sums(array_b.sum(0))
    observed = np.abs(f1_a - f1_b)
    rng = np.random.default_rng(seed)
    boot_a, boot_b = _resampled_f1([array_a, array_b], units, resamples, rng)
    deltas = np.abs(boot_a - boot_b)
    bootstrap_c = (deltas - deltas.mean(axis=0) >= observed).sum(axis=0)
    randomised_c = np.zeros(len(names))
    for first in range(0, trials, CHUNK):
        size = min(CHUNK, trials - first)
        swap = rng.integers(0, 2, size=(size, units)).astype(float)
        keep = 1.0 - swap
        flat_a, flat_b = array_a.reshape(units, -1), array_b.reshape(units, -1)
        shuffled_a = (keep @ flat_a + swap @ flat_b).reshape(size, -1, 3)
        shuffled_b = (swap @ flat_a + keep @ flat_b).reshape(size, -1, 3)
        randomised_c += (np.abs(f1_from_sums(shuffled_a) - f1_from_sums(shuffled_b)) >= observed).sum(axis=0)
    return {
        name: {
            "f1_a": float(f1_a[k]), "f1_b": float(f1_b[k]), "difference": float(f1_a[k] - f1_b[k]),
            "p_bootstrap": float((bootstrap_c[k] + 1) / (resamples + 1)),
            "p_randomization": float((randomised_c[k] + 1) / (trials + 1)),
        }
        for k, name in enumerate(names)
    }
