"""Confidence intervals and significance tests from per-sentence sufficient statistics.

Every headline metric but coreference is an F1 computed from summed (tp, fp, fn). A resample draws
the corpus's U sentences with replacement (the same draws for every metric, and for both systems in
a paired test) and recomputes each F1 from the drawn sentences' sums; nothing is matched again.

Coreference scores do not decompose over sentences, so :class:`CoreferenceResample` recomputes them
on each resample: the mentions (key and response) of the drawn sentences are kept, a sentence drawn
k times contributing k distinct copies of its mentions in the same clusters. Only the cluster sizes
and overlaps of that copied corpus are needed, and they are weighted sums of the original ones.

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

from typing import Callable, Hashable, Iterator, Mapping, Sequence

import numpy as np

from .tally import Stats

__all__ = ["confidence_intervals", "paired_tests", "f1_from_sums", "CoreferenceResample", "resample_weights"]

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


def resample_weights(rng: np.random.Generator, units: int, resamples: int) -> Iterator[np.ndarray]:
    """Chunks of (resamples x units) arrays: how often each unit is drawn in each resample."""
    for first in range(0, resamples, CHUNK):
        size = min(CHUNK, resamples - first)
        draws = rng.integers(0, units, size=(size, units))
        yield np.stack([np.bincount(row, minlength=units) for row in draws]).astype(float)


def _resampled_f1(arrays: list[np.ndarray], units: int, resamples: int, rng: np.random.Generator) -> list[np.ndarray]:
    """F1 of every metric on each resample (resamples x metrics), the same draws for every array."""
    out: list[list[np.ndarray]] = [[] for _ in arrays]
    flat = [a.reshape(units, -1) for a in arrays]
    for weights in resample_weights(rng, units, resamples):
        for k, matrix in enumerate(flat):
            out[k].append(f1_from_sums((weights @ matrix).reshape(len(weights), -1, 3)))
    return [np.concatenate(parts) for parts in out]


def confidence_intervals(
    stats: Mapping[str, Stats], units: int, resamples: int, seed: int,
    recomputed: Sequence["CoreferenceResample"] = (),
) -> dict[str, list[float]]:
    """Percentile 95% interval [low, high] of every metric's F1, and of each recomputed one's.

    Every metric sees the same resamples: those of the sufficient statistics, and the same weights
    passed to each of ``recomputed``.
    """
    if units == 0 or not (stats or recomputed):
        return {}
    names, array = _matrix(stats, units)
    flat = array.reshape(units, -1)
    parts: list[list[np.ndarray]] = [[] for _ in range(1 + len(recomputed))]
    for weights in resample_weights(np.random.default_rng(seed), units, resamples):
        parts[0].append(f1_from_sums((weights @ flat).reshape(len(weights), -1, 3)))
        for k, resample in enumerate(recomputed, 1):
            parts[k].append(resample.f1(weights))
    intervals = {}
    for paths, part in zip([names, *(r.paths for r in recomputed)], parts):
        low, high = np.percentile(np.concatenate(part), [2.5, 97.5], axis=0)
        intervals.update({path: [float(low[k]), float(high[k])] for k, path in enumerate(paths)})
    return intervals


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


COREFERENCE_METRICS = ("muc", "b_cubed", "ceaf_e", "lea", "conll_f1")


def _groups(ids: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The order that sorts ``ids`` and where each of the ids 0..count-1 starts in it (each occurs)."""
    order = np.argsort(ids, kind="stable")
    return order, np.searchsorted(ids[order], np.arange(count))


def _sums(weights: np.ndarray, order: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Column sums of ``weights`` (resamples x cells) per group of cells."""
    if not len(starts):
        return np.zeros((len(weights), 0))
    return np.add.reduceat(weights[:, order], starts, axis=1)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def _f1(recall_num, recall_den, precision_num, precision_den) -> np.ndarray:
    recall, precision = _ratio(recall_num, recall_den), _ratio(precision_num, precision_den)
    return _ratio(2 * precision * recall, precision + recall)


class CoreferenceResample:
    """MUC, B-cubed, CEAF-e, LEA and CoNLL F1 recomputed on resamples of sentences.

    ``key`` and ``response`` are clusterings, normalised here as the scorer normalises them
    (``coreference.normalize_clusters``, singletons kept); ``unit_of`` gives a mention's unit. On a
    resample where unit u is drawn w_u times, every mention of u is present as w_u distinct copies,
    each in its mention's clusters. The copied corpus's contingency is then a weighted sum of the
    original one's: a key cluster's size is the sum of w_u over its mentions, and likewise response
    sizes and overlaps. The metrics follow ``coreference.py`` (the same formulas on those numbers, in
    floating point); CEAF-e is solved on the original connected components (a vanished cluster has
    similarity 0 with every other), and a component's optimum is cached by its similarities, since a
    component spans few sentences and the same draws of them recur.
    """

    def __init__(self, prefix: str, key: Sequence[Sequence[Hashable]], response: Sequence[Sequence[Hashable]],
                 unit_of: Callable[[Hashable], int]):
        from .coreference import normalize_clusters

        self.paths = [f"{prefix}.{name}" for name in COREFERENCE_METRICS]
        key, response = normalize_clusters(key), normalize_clusters(response)
        key_index = {m: i for i, cluster in enumerate(key) for m in cluster}
        response_index = {m: j for j, cluster in enumerate(response) for m in cluster}
        cells: dict[tuple[int, int, int], int] = {}
        for m in {**key_index, **response_index}:
            cell = (key_index.get(m, -1), response_index.get(m, -1), unit_of(m))
            cells[cell] = cells.get(cell, 0) + 1
        table = np.array([(*cell, n) for cell, n in cells.items()], dtype=np.int64).reshape(-1, 4)
        cell_key, cell_response, self._unit, count = table.T
        self._count = count.astype(float)
        self._n_key, self._n_response = len(key), len(response)
        in_key, in_response = np.flatnonzero(cell_key >= 0), np.flatnonzero(cell_response >= 0)
        order, starts = _groups(cell_key[in_key], self._n_key)
        self._key = (in_key[order], starts)
        order, starts = _groups(cell_response[in_response], self._n_response)
        self._response = (in_response[order], starts)
        shared = np.flatnonzero((cell_key >= 0) & (cell_response >= 0))
        pairs, pair_of_cell = np.unique(np.stack([cell_key[shared], cell_response[shared]], axis=1),
                                        axis=0, return_inverse=True)
        pairs = pairs.reshape(-1, 2)
        order, starts = _groups(pair_of_cell.reshape(-1), len(pairs))
        self._pairs = (shared[order], starts)
        self._pair_key, self._pair_response = pairs[:, 0], pairs[:, 1]
        self._components(pairs)

    def _components(self, pairs: np.ndarray) -> None:
        """Group the overlapping pairs by connected component: simple ones (one key or one response
        cluster, optimum = best pair) and the rest (row, column and pair of each entry)."""
        offset = self._n_key
        parent = list(range(self._n_key + self._n_response))

        def find(node: int) -> int:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for i, j in pairs.tolist():
            parent[find(i)] = find(offset + j)
        members: dict[int, list[int]] = {}
        for p, (i, _) in enumerate(pairs.tolist()):
            members.setdefault(find(i), []).append(p)
        simple: list[int] = []
        simple_starts: list[int] = []
        self._solved = []
        for group in members.values():
            rows = {i: r for r, i in enumerate(sorted({int(self._pair_key[p]) for p in group}))}
            cols = {j: c for c, j in enumerate(sorted({int(self._pair_response[p]) for p in group}))}
            if len(rows) == 1 or len(cols) == 1:
                simple_starts.append(len(simple))
                simple += group
            else:
                where = (np.array([rows[int(self._pair_key[p])] for p in group]),
                         np.array([cols[int(self._pair_response[p])] for p in group]))
                self._solved.append((np.array(group), where, (len(rows), len(cols)), {}))
        self._simple = (np.array(simple, dtype=np.int64), np.array(simple_starts, dtype=np.int64))

    def _ceaf_e(self, phi: np.ndarray) -> np.ndarray:
        """Sum over components of the best alignment's similarity, per resample."""
        from .coreference import solve_assignment

        order, starts = self._simple
        total = np.maximum.reduceat(phi[:, order], starts, axis=1).sum(axis=1) if len(order) else np.zeros(len(phi))
        for pairs, (rows, cols), shape, cache in self._solved:
            values = phi[:, pairs]
            for b, row in enumerate(values):
                signature = row.tobytes()
                best = cache.get(signature)
                if best is None:
                    matrix = np.zeros(shape)
                    matrix[rows, cols] = row
                    best = cache[signature] = solve_assignment(matrix.tolist(), small=64)
                total[b] += best
        return total

    def f1(self, weights: np.ndarray) -> np.ndarray:
        """(resamples x units) draw counts -> (resamples x 5) F1 of MUC, B-cubed, CEAF-e, LEA, CoNLL."""
        cell = weights[:, self._unit] * self._count
        key, response, overlap = _sums(cell, *self._key), _sums(cell, *self._response), _sums(cell, *self._pairs)
        key_pair, response_pair = key[:, self._pair_key], response[:, self._pair_response]
        key_total, response_total = key.sum(axis=1), response.sum(axis=1)
        # MUC: links kept, of |K| - 1 per (non-empty) key cluster and |R| - 1 per response cluster
        correct = (overlap - (overlap > 0)).sum(axis=1)
        muc = _f1(correct, key_total - (key > 0).sum(axis=1), correct, response_total - (response > 0).sum(axis=1))
        # B-cubed: sums of |K ∩ R|² / |K| and |K ∩ R|² / |R|
        square = overlap * overlap
        b_cubed = _f1(_ratio(square, key_pair).sum(axis=1), key_total,
                      _ratio(square, response_pair).sum(axis=1), response_total)
        # CEAF-e: phi4 = 2 |K ∩ R| / (|K| + |R|) over the best one-to-one alignment
        aligned = self._ceaf_e(_ratio(2 * overlap, key_pair + response_pair))
        ceaf_e = _f1(aligned, (key > 0).sum(axis=1), aligned, (response > 0).sum(axis=1))
        # LEA: |K| x resolved links / links per key cluster; a singleton's self-link is resolved by a singleton
        links = overlap * (overlap - 1) / 2

        def resolved(size: np.ndarray, other: np.ndarray) -> np.ndarray:
            self_link = (size == 1) & (overlap == 1) & (other == 1)
            return np.where(size == 1, self_link, _ratio(size * links, size * (size - 1) / 2)).sum(axis=1)

        lea = _f1(resolved(key_pair, response_pair), key_total, resolved(response_pair, key_pair), response_total)
        return np.stack([muc, b_cubed, ceaf_e, lea, (muc + b_cubed + ceaf_e) / 3], axis=1)
