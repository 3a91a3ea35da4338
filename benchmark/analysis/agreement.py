"""Inter-annotator agreement beyond the scorer's F1: Cohen's kappa on matched items and
F1 over cross-document links.

The agreement study scores the second annotation against the gold with the harness itself
(``benchmark.evaluate``); this module adds what the harness does not report: chance-corrected
agreement on the label of items both annotators marked with the same span, and agreement on
which items of *different* documents were linked into one cluster.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Callable, Hashable, Sequence

__all__ = ["cohen_kappa", "matched_labels", "cross_document_links", "link_scores"]


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa (1960) of two label sequences over the same items.

    kappa = (p_o - p_e) / (1 - p_e), p_o the observed agreement and p_e the agreement
    expected from each annotator's label distribution. Defined as 1.0 when p_e = 1 and the
    annotators agree everywhere (a single label used by both), as scikit-learn does not.
    """
    if len(a) != len(b) or not a:
        raise ValueError("kappa needs two non-empty label sequences of equal length")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


Key = Callable[[dict], tuple]


def matched_labels(gold: list[dict], other: list[dict], layer: str, key: Key, label: str) -> tuple[list, list]:
    """Labels of the items of ``layer`` that both annotations mark with the same key (span)."""
    first: dict[tuple, Hashable] = {}
    for record in gold:
        for item in record.get(layer, []):
            first.setdefault((record["doc_id"], *key(item)), item.get(label))
    pairs: dict[tuple, tuple] = {}
    for record in other:
        for item in record.get(layer, []):
            k = (record["doc_id"], *key(item))
            if k in first and k not in pairs:
                pairs[k] = (first[k], item.get(label))
    return [g for g, _ in pairs.values()], [o for _, o in pairs.values()]


def cross_document_links(records: list[dict], layer: str, key: Key) -> set[frozenset]:
    """Pairs of items in different documents that share a cluster (items named by doc and key)."""
    clusters: dict[Hashable, set[tuple]] = {}
    for record in records:
        for item in record.get(layer, []):
            clusters.setdefault(item.get("cluster"), set()).add((record["doc_id"], *key(item)))
    links: set[frozenset] = set()
    for members in clusters.values():
        for x, y in combinations(sorted(members), 2):
            if x[0] != y[0]:
                links.add(frozenset((x, y)))
    return links


def link_scores(gold: set, other: set) -> dict[str, float | int]:
    """Precision, recall and F1 of ``other``'s links against ``gold``'s (0 where undefined)."""
    tp = len(gold & other)
    precision = tp / len(other) if other else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": len(other) - tp, "fn": len(gold) - tp}
