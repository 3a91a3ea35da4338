"""Coreference metrics, computed as the CoNLL-2012 reference scorer v8.01 computes them, plus LEA.

The reference is conll/reference-coreference-scorers v8.01 (``lib/CorScorer.pm``): MUC (Vilain et al.
1995), B-cubed (Bagga and Baldwin 1998), CEAF-m and CEAF-e (Luo 2005) and BLANC (Recasens and Hovy 2011,
generalised to predicted mentions by Luo et al. 2014). LEA (Moosavi and Strube 2016) follows coval
(ns-moosavi/coval, ``lea``). The CoNLL F1 is the mean of the MUC, B-cubed and CEAF-e F1.

Input. A clustering is a sequence of clusters; a cluster is an iterable of hashable mention keys (the
harness uses ``(doc_id, start, end)``). Key and response mentions match when their keys are equal.
Normalisation, applied identically to key and response before scoring:

- Duplicates: a mention is kept where it first occurs (clusters in the given order, mentions in cluster
  order); later occurrences are dropped and clusters left empty disappear. v8.01 does this to the response
  (and refuses to score one with more than ten repeats; no such limit here); on a key it only warns, and
  counts the repeats. A response that puts one mention in two clusters therefore scores exactly as the
  valid clustering that keeps the first occurrence: repetition earns nothing.
- Twinless mentions (only in the key, or only in the response) are kept, as v8.01 keeps them.
- Singletons: ``keep_singletons=True`` (the default) scores one-mention clusters like any other, as v8.01
  does with whatever the files contain. ``keep_singletons=False`` removes them from key and response (after
  removing duplicates), which reproduces the CoNLL-2012 setting, where the data annotate no singletons.
- A ratio with a zero denominator is 0, as in the reference scorer.

Documents. v8.01 scores each document and sums the numerators and denominators over documents;
:func:`score_corpus` does the same. :func:`score_coreference` treats its input as one document. Only BLANC
depends on the difference: its non-coreference links join every pair of mentions in a document, so a
corpus passed as one document also counts links across documents. MUC, B-cubed, CEAF and LEA give the same
numbers either way when mention keys carry the document id.

CEAF alignment. The optimal one-to-one alignment of key and response clusters (Kuhn-Munkres) is solved
separately for each connected component of the bipartite graph that joins clusters sharing a mention:
clusters in different components have similarity 0, so the optimum is the sum of the component optima,
and corpora of hundreds of thousands of mentions score in seconds. Components with one key or one response
cluster need no solver. The others go to :func:`hungarian_matching`, a pure-Python Kuhn-Munkres, up to
n key by m response clusters with min(n, m)² max(n, m) <= 250,000 (about 63 by 63, a few milliseconds,
much less than importing scipy takes), and larger ones to ``scipy.optimize.linear_sum_assignment`` when
scipy is importable (it is optional, not a dependency), otherwise to :func:`hungarian_matching` too.
:func:`best_alignment` gives the aligned pairs themselves (the bootstrap's per-mention contributions).

Nothing heavy is imported at module import; scipy is imported on the first component that needs it.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass

Mention = Hashable
Cluster = tuple[Mention, ...]
Clustering = tuple[Cluster, ...]
Clusters = Iterable[Iterable[Mention]]


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def _pairs(n: int) -> int:
    """Number of unordered pairs among n mentions."""
    return n * (n - 1) // 2


@dataclass(frozen=True)
class Score:
    """Recall and precision as numerator / denominator, so that scores add up across documents."""

    recall_num: float = 0
    recall_den: float = 0
    precision_num: float = 0
    precision_den: float = 0

    @property
    def recall(self) -> float:
        return _ratio(self.recall_num, self.recall_den)

    @property
    def precision(self) -> float:
        return _ratio(self.precision_num, self.precision_den)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def __add__(self, other: Score) -> Score:
        return Score(
            self.recall_num + other.recall_num,
            self.recall_den + other.recall_den,
            self.precision_num + other.precision_num,
            self.precision_den + other.precision_den,
        )

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, **asdict(self)}


@dataclass(frozen=True)
class BlancScore:
    """BLANC from its two link counts; recall, precision and F1 combine them as v8.01 does.

    ``coref`` counts coreference links (pairs of mentions in one cluster), ``non_coref`` non-coreference
    links (pairs of mentions of one document in different clusters). Each part's recall, precision and F1
    are computed on their own and averaged; when the key has links of only one kind, BLANC is that kind's
    score, and with no key links at all it is 0 (``ComputeBLANCFromCounts`` in v8.01).
    """

    coref: Score = Score()
    non_coref: Score = Score()

    def _parts(self) -> tuple[Score, ...]:
        has_coref, has_non_coref = self.coref.recall_den > 0, self.non_coref.recall_den > 0
        if has_coref and has_non_coref:
            return (self.coref, self.non_coref)
        if has_coref:
            return (self.coref,)
        if has_non_coref:
            return (self.non_coref,)
        return ()

    def _mean(self, attribute: str) -> float:
        parts = self._parts()
        return sum(getattr(part, attribute) for part in parts) / len(parts) if parts else 0.0

    @property
    def recall(self) -> float:
        return self._mean("recall")

    @property
    def precision(self) -> float:
        return self._mean("precision")

    @property
    def f1(self) -> float:
        return self._mean("f1")

    def __add__(self, other: BlancScore) -> BlancScore:
        return BlancScore(self.coref + other.coref, self.non_coref + other.non_coref)

    def to_dict(self) -> dict[str, object]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "coref": self.coref.to_dict(),
            "non_coref": self.non_coref.to_dict(),
        }


def normalize_clusters(clusters: Clusters, keep_singletons: bool = True) -> Clustering:
    """Drop repeated mentions (the first occurrence wins), empty clusters and, optionally, singletons."""
    minimum = 0 if keep_singletons else 1
    seen: set[Mention] = set()
    kept_clusters = []
    for cluster in clusters:
        kept = []
        for mention in cluster:
            if mention not in seen:
                seen.add(mention)
                kept.append(mention)
        if len(kept) > minimum:
            kept_clusters.append(tuple(kept))
    return tuple(kept_clusters)


@dataclass(frozen=True)
class Contingency:
    """Cluster sizes and the overlaps |K_i ∩ R_j| > 0 of key cluster i and response cluster j.

    Every metric here is a function of these numbers alone.
    """

    key_sizes: tuple[int, ...]
    response_sizes: tuple[int, ...]
    overlaps: dict[tuple[int, int], int]

    @classmethod
    def of(cls, key: Clusters, response: Clusters, keep_singletons: bool = True) -> Contingency:
        key_clusters = normalize_clusters(key, keep_singletons)
        response_clusters = normalize_clusters(response, keep_singletons)
        key_index = {mention: i for i, cluster in enumerate(key_clusters) for mention in cluster}
        overlaps = Counter(  # counted at C speed, in the order the pairs first occur
            (i, j) for j, cluster in enumerate(response_clusters) for mention in cluster
            if (i := key_index.get(mention)) is not None
        )
        return cls(
            tuple(map(len, key_clusters)), tuple(map(len, response_clusters)), dict(overlaps)
        )

    def swapped(self) -> Contingency:
        """The same comparison with key and response exchanged."""
        return Contingency(
            self.response_sizes,
            self.key_sizes,
            {(j, i): n for (i, j), n in self.overlaps.items()},
        )


def muc(table: Contingency) -> Score:
    """MUC (Vilain et al. 1995): links needed to connect each cluster, and how many the other side keeps.

    A key cluster K needs |K| - 1 links; the response keeps |K| - |p(K)| of them, where p(K) partitions K
    by response cluster (twinless key mentions forming parts of their own). That equals the sum of
    (|K ∩ R| - 1) over the non-empty intersections, which is also the number of correct response links,
    so recall and precision share the numerator. One-mention clusters count 0 on both sides.
    """
    correct = sum(n - 1 for n in table.overlaps.values())
    return Score(
        correct,
        sum(size - 1 for size in table.key_sizes),
        correct,
        sum(size - 1 for size in table.response_sizes),
    )


def b_cubed(table: Contingency) -> Score:
    """B-cubed (Bagga and Baldwin 1998), mention-weighted as in v8.01.

    Recall averages |K(m) ∩ R(m)| / |K(m)| over key mentions m, precision |K(m) ∩ R(m)| / |R(m)| over
    response mentions; a twinless mention contributes 0. Summed per cluster pair, the numerators are
    Σ |K ∩ R|² / |K| and Σ |K ∩ R|² / |R|.
    """
    recall_num = math.fsum(n * n / table.key_sizes[i] for (i, _), n in table.overlaps.items())
    precision_num = math.fsum(
        n * n / table.response_sizes[j] for (_, j), n in table.overlaps.items()
    )
    return Score(recall_num, sum(table.key_sizes), precision_num, sum(table.response_sizes))


def ceaf_m(table: Contingency) -> Score:
    """Mention-based CEAF (Luo 2005): φ3(K, R) = |K ∩ R| over the best one-to-one cluster alignment."""
    aligned = _best_alignment(table, lambda n, i, j: float(n))
    return Score(aligned, sum(table.key_sizes), aligned, sum(table.response_sizes))


def ceaf_e(table: Contingency) -> Score:
    """Entity-based CEAF (Luo 2005): φ4(K, R) = 2|K ∩ R| / (|K| + |R|), divided by the cluster counts."""
    key_sizes, response_sizes = table.key_sizes, table.response_sizes
    aligned = _best_alignment(table, lambda n, i, j: 2 * n / (key_sizes[i] + response_sizes[j]))
    return Score(aligned, len(key_sizes), aligned, len(response_sizes))


def blanc(table: Contingency) -> BlancScore:
    """BLANC (Recasens and Hovy 2011) for predicted mentions (Luo et al. 2014), as in v8.01.

    Links are unordered mention pairs: coreference links join mentions of one cluster, non-coreference
    links mentions of different clusters. A link is correct when it occurs, with the same kind, on both
    sides (so both its mentions occur on both sides). Counted from cluster sizes rather than enumerated:
    the non-coreference links common to both sides are the pairs of shared mentions minus those in one key
    cluster and those in one response cluster, plus those in both (inclusion-exclusion).
    """
    key_coref = sum(map(_pairs, table.key_sizes))
    response_coref = sum(map(_pairs, table.response_sizes))
    common_coref = sum(map(_pairs, table.overlaps.values()))
    shared_per_key: Counter[int] = Counter()
    shared_per_response: Counter[int] = Counter()
    for (i, j), n in table.overlaps.items():
        shared_per_key[i] += n
        shared_per_response[j] += n
    common_non_coref = (
        _pairs(sum(table.overlaps.values()))
        - sum(map(_pairs, shared_per_key.values()))
        - sum(map(_pairs, shared_per_response.values()))
        + common_coref
    )
    key_non_coref = _pairs(sum(table.key_sizes)) - key_coref
    response_non_coref = _pairs(sum(table.response_sizes)) - response_coref
    return BlancScore(
        Score(common_coref, key_coref, common_coref, response_coref),
        Score(common_non_coref, key_non_coref, common_non_coref, response_non_coref),
    )


def lea(table: Contingency) -> Score:
    """LEA (Moosavi and Strube 2016), as coval computes it.

    Each cluster counts with its size as importance and with the share of its links that the other side
    resolves: recall = Σ_K |K| · Σ_R link(K ∩ R) / link(K) / Σ_K |K| with link(X) = |X|(|X| - 1)/2, and
    precision the same with key and response exchanged. A singleton has one self-link, link({m}) = 1,
    resolved when the other side also has {m} as a singleton.
    """
    recall_num = _lea_numerator(table)
    precision_num = _lea_numerator(table.swapped())
    return Score(recall_num, sum(table.key_sizes), precision_num, sum(table.response_sizes))


def _lea_numerator(table: Contingency) -> float:
    """Σ over key clusters of |K| · resolved links / links (the LEA recall numerator)."""
    resolved = [0] * len(table.key_sizes)
    for (i, j), n in table.overlaps.items():
        if table.key_sizes[i] == 1:
            resolved[i] = int(table.response_sizes[j] == 1)
        else:
            resolved[i] += _pairs(n)
    return math.fsum(
        size * resolved[i] / (_pairs(size) or 1)
        for i, size in enumerate(table.key_sizes)
        if resolved[i]
    )


Similarity = Callable[[int, int, int], float]


def _best_alignment(table: Contingency, similarity: Similarity) -> float:
    """Total similarity of the best one-to-one alignment, solved per connected component."""
    overlaps = table.overlaps
    return math.fsum(
        similarity(overlaps[edges[0]], *edges[0]) if len(edges) == 1  # most components: one pair
        else math.fsum(value for _, _, value in _component_alignment(edges, table, similarity))
        for edges in _components(table)
    )


def best_alignment(table: Contingency, similarity: Similarity) -> list[tuple[int, int, float]]:
    """The pairs (key cluster, response cluster, similarity) of the best one-to-one alignment: the very
    alignment whose total :func:`_best_alignment` gives (pairs of similarity 0 included)."""
    return [pair for edges in _components(table) for pair in _component_alignment(edges, table, similarity)]


def _components(table: Contingency) -> list[list[tuple[int, int]]]:
    """The overlapping (key, response) cluster pairs, grouped by connected component (union-find)."""
    offset = len(table.key_sizes)
    parent = list(range(offset + len(table.response_sizes)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in table.overlaps:
        parent[find(i)] = find(offset + j)
    groups: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, j in table.overlaps:
        groups[find(i)].append((i, j))
    return list(groups.values())


def _component_alignment(
    edges: list[tuple[int, int]], table: Contingency, similarity: Similarity
) -> list[tuple[int, int, float]]:
    """One component's optimal pairs: the best edge when it has one key or one response cluster (the
    first of equals), else the solver's matching."""
    weights = {(i, j): similarity(table.overlaps[i, j], i, j) for i, j in edges}
    rows = sorted({i for i, _ in edges})
    cols = sorted({j for _, j in edges})
    if len(rows) == 1 or len(cols) == 1:
        best = max(weights, key=weights.__getitem__)
        return [(*best, weights[best])]
    matrix = [[weights.get((i, j), 0.0) for j in cols] for i in rows]
    return [(rows[r], cols[c], matrix[r][c]) for r, c in solve_matching(matrix)]


SMALL_ASSIGNMENT = 250_000  # min(n, m)² max(n, m) up to which the pure-Python solver is used


def solve_matching(weights: list[list[float]], small: int = SMALL_ASSIGNMENT) -> list[tuple[int, int]]:
    """A maximum-weight one-to-one matching, as (row, column) pairs: :func:`hungarian_matching` when
    min(n, m)² max(n, m) is at most ``small`` (it is then faster than importing scipy), else the solver
    of :func:`_matching_solver`."""
    n, m = len(weights), len(weights[0]) if weights else 0
    if min(n, m) ** 2 * max(n, m) <= small:
        return hungarian_matching(weights)
    return _matching_solver()(weights)


def solve_assignment(weights: list[list[float]], small: int = SMALL_ASSIGNMENT) -> float:
    """Maximum total weight of a one-to-one matching (that of :func:`solve_matching`)."""
    return math.fsum(weights[r][c] for r, c in solve_matching(weights, small))


@functools.cache
def _matching_solver() -> Callable[[list[list[float]]], list[tuple[int, int]]]:
    """scipy's linear_sum_assignment when scipy is importable, else the pure-Python hungarian_matching."""
    try:
        from scipy.optimize import linear_sum_assignment
    except ImportError:
        return hungarian_matching

    def solve(weights: list[list[float]]) -> list[tuple[int, int]]:
        rows, cols = linear_sum_assignment(weights, maximize=True)
        return list(zip(rows.tolist(), cols.tolist()))

    return solve


def hungarian_max(weights: Sequence[Sequence[float]]) -> float:
    """Maximum total weight of a one-to-one matching of rows to columns (see :func:`hungarian_matching`)."""
    return math.fsum(weights[r][c] for r, c in hungarian_matching(weights))


def hungarian_matching(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """A maximum-weight one-to-one matching of rows to columns (Kuhn-Munkres), as (row, column) pairs.

    Weights must be non-negative; the matrix may be rectangular. Shortest augmenting paths with row and
    column potentials, O(n² m) for n ≤ m, on costs max(w) - w.
    """
    if not weights or not weights[0]:
        return []
    transposed = len(weights) > len(weights[0])
    if transposed:
        weights = [list(column) for column in zip(*weights)]
    n, m = len(weights), len(weights[0])
    top = max(max(row) for row in weights)
    cost = [[top - w for w in row] for row in weights]
    row_potential = [0.0] * (n + 1)
    col_potential = [0.0] * (m + 1)
    row_of_col = [0] * (m + 1)  # 1-based row matched to each column; 0 means free
    previous = [0] * (m + 1)
    for row in range(1, n + 1):
        row_of_col[0] = row
        col = 0
        slack = [math.inf] * (m + 1)
        visited = [False] * (m + 1)
        while row_of_col[col]:
            visited[col] = True
            current = row_of_col[col]
            current_cost = cost[current - 1]
            delta, next_col = math.inf, 0
            for j in range(1, m + 1):
                if not visited[j]:
                    reduced = current_cost[j - 1] - row_potential[current] - col_potential[j]
                    if reduced < slack[j]:
                        slack[j], previous[j] = reduced, col
                    if slack[j] < delta:
                        delta, next_col = slack[j], j
            for j in range(m + 1):
                if visited[j]:
                    row_potential[row_of_col[j]] += delta
                    col_potential[j] -= delta
                else:
                    slack[j] -= delta
            col = next_col
        while col:
            row_of_col[col] = row_of_col[previous[col]]
            col = previous[col]
    pairs = [(row_of_col[j] - 1, j - 1) for j in range(1, m + 1) if row_of_col[j]]
    return [(c, r) for r, c in pairs] if transposed else pairs


# The coreference metrics the report shows (CEAF-m and BLANC are computed only on request), and the
# keys of a report entry: those and their CoNLL F1 (the mean of MUC, B-cubed and CEAF-e).
CONTRIBUTION_METRICS = ("muc", "b_cubed", "ceaf_e", "lea")
REPORT_KEYS = (*CONTRIBUTION_METRICS, "conll_f1")


def mention_contributions(
    key: Clusters, response: Clusters, keep_singletons: bool = True
) -> tuple[dict[Mention, tuple[float, ...]], dict[Mention, tuple[float, ...]]]:
    """Each metric's recall numerator and denominator as sums over key mentions, and its precision
    numerator and denominator as sums over response mentions (for a bootstrap that reweights mentions).

    Returns (key mention -> contributions, response mention -> contributions), each a tuple of
    (numerator, denominator) for MUC, B-cubed, CEAF-e and LEA in :data:`CONTRIBUTION_METRICS` order,
    after the same normalisation as the scores (duplicates, singletons). Summed over all mentions they
    give the scores' numerators and denominators (up to floating-point rounding). For a cluster C whose
    mentions meet clusters of the other side in parts of sizes n (a twinless mention a part of its own):

    - MUC: C's |C| - |p(C)| and |C| - 1, spread evenly over its mentions.
    - B-cubed: mention m gives |C ∩ other(m)| / |C| (0 when twinless) and 1.
    - CEAF-e: C's φ4 with the cluster it is aligned to in the best alignment of the whole input
      (:func:`best_alignment`; 0 if none) and 1, spread evenly over its mentions.
    - LEA: each mention gives C's resolution Σ link(n) / link(|C|) (a singleton: 1 if the other side
      has it as a singleton) and 1.
    """
    key_clusters = normalize_clusters(key, keep_singletons)
    response_clusters = normalize_clusters(response, keep_singletons)
    table = Contingency.of(key_clusters, response_clusters)
    key_sizes, response_sizes = table.key_sizes, table.response_sizes
    aligned = best_alignment(table, lambda n, i, j: 2 * n / (key_sizes[i] + response_sizes[j]))
    key_aligned = {i: value for i, _, value in aligned}
    response_aligned = {j: value for _, j, value in aligned}
    key_index = {mention: i for i, cluster in enumerate(key_clusters) for mention in cluster}
    response_index = {mention: j for j, cluster in enumerate(response_clusters) for mention in cluster}
    return (
        _side_contributions(key_clusters, response_index, response_sizes, key_aligned),
        _side_contributions(response_clusters, key_index, key_sizes, response_aligned),
    )


def _side_contributions(
    clusters: Clustering, other_index: dict[Mention, int], other_sizes: tuple[int, ...], aligned: dict[int, float]
) -> dict[Mention, tuple[float, ...]]:
    out: dict[Mention, tuple[float, ...]] = {}
    for i, cluster in enumerate(clusters):
        size = len(cluster)
        parts = Counter(other_index.get(mention) for mention in cluster)  # None: twinless mentions
        partition = len(parts) - (None in parts) + parts[None]
        if size == 1:
            j = other_index.get(cluster[0])
            resolution = float(j is not None and other_sizes[j] == 1)
        else:
            resolution = sum(_pairs(n) for j, n in parts.items() if j is not None) / _pairs(size)
        shared = ((size - partition) / size, (size - 1) / size)
        ceaf = (aligned.get(i, 0.0) / size, 1 / size)
        for mention in cluster:
            j = other_index.get(mention)
            out[mention] = (*shared, parts[j] / size if j is not None else 0.0, 1.0, *ceaf, resolution, 1.0)
    return out


_METRICS: dict[str, Callable[[Contingency], Score | BlancScore]] = {
    "muc": muc,
    "b_cubed": b_cubed,
    "ceaf_m": ceaf_m,
    "ceaf_e": ceaf_e,
    "blanc": blanc,
    "lea": lea,
}
METRIC_NAMES = tuple(_METRICS)
CONLL_METRICS = frozenset({"muc", "b_cubed", "ceaf_e"})


def _chosen(metrics: Iterable[str] | None) -> tuple[str, ...]:
    """The metrics to compute, in :data:`METRIC_NAMES` order (all of them for None)."""
    if metrics is None:
        return METRIC_NAMES
    chosen = set(metrics)
    unknown = chosen - set(METRIC_NAMES)
    if unknown:
        raise ValueError(f"unknown coreference metric(s) {', '.join(sorted(unknown))}; choose from {', '.join(METRIC_NAMES)}")
    return tuple(name for name in METRIC_NAMES if name in chosen)


def evaluate_documents(
    documents: Iterable[tuple[Clusters, Clusters]], keep_singletons: bool = True,
    metrics: Iterable[str] | None = None,
) -> dict[str, Score | BlancScore]:
    """Every metric (or those named in ``metrics``) over (key, response) pairs, one pair per document,
    counts summed as v8.01 does."""
    names = _chosen(metrics)
    totals: dict[str, Score | BlancScore] = {
        name: BlancScore() if name == "blanc" else Score() for name in names
    }
    for key, response in documents:
        table = Contingency.of(key, response, keep_singletons)
        for name in names:
            totals[name] = totals[name] + _METRICS[name](table)
    return totals


def conll_f1(scores: dict[str, Score | BlancScore]) -> float:
    """The CoNLL-2012 average: mean F1 of MUC, B-cubed and CEAF-e."""
    return (scores["muc"].f1 + scores["b_cubed"].f1 + scores["ceaf_e"].f1) / 3


def score_corpus(
    documents: Iterable[tuple[Clusters, Clusters]], keep_singletons: bool = True,
    metrics: Iterable[str] | None = None,
) -> dict[str, object]:
    """JSON-ready scores of a corpus given as (key, response) pairs per document.

    Keys: ``muc``, ``b_cubed``, ``ceaf_m``, ``ceaf_e``, ``lea`` (each {precision, recall, f1, recall_num,
    recall_den, precision_num, precision_den}), ``blanc`` ({precision, recall, f1, coref, non_coref}, the
    last two in the same shape as the others) and ``conll_f1``. Values are fractions in [0, 1].
    ``metrics`` (names from :data:`METRIC_NAMES`) computes only those; ``conll_f1`` is then present
    when MUC, B-cubed and CEAF-e all are.
    """
    scores = evaluate_documents(documents, keep_singletons, metrics)
    report: dict[str, object] = {name: score.to_dict() for name, score in scores.items()}
    if CONLL_METRICS <= scores.keys():
        report["conll_f1"] = conll_f1(scores)
    return report


def score_coreference(
    key: Clusters, response: Clusters, keep_singletons: bool = True, metrics: Iterable[str] | None = None
) -> dict[str, object]:
    """JSON-ready scores of one key and response clustering, scored as a single document.

    See :func:`score_corpus` for the keys and ``metrics``, and the module docstring for duplicates,
    singletons and why a multi-document corpus belongs in :func:`score_corpus` (BLANC's
    non-coreference links).
    """
    return score_corpus([(key, response)], keep_singletons, metrics)
