"""Near-duplicate sentence groups: the resampling unit of the bootstrap and the significance tests.

Article 002 rewrites 001, so many of its sentences are near-copies of 001's; resampling sentences
one by one would count each copy as independent evidence and make intervals too narrow. Copies are
therefore drawn together: two sentences (``benchmark.text`` sentences of the gold texts, in any
documents, the same one included) are near-duplicates when

    difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() > 0.8

on their texts, and a group is a connected set of near-duplicates (a sentence with none is a group
of its own). Only pairs that share a word trigram, or are equal ignoring case and spacing, are
compared (a pair with a ratio above 0.8 and at least three words shares one), so the cost grows
with the number of overlapping pairs, not the square of the number of sentences.
``annotations/duplicates.yaml`` lists the shipped corpus's groups for review
(``scripts/build_duplicates.py``; ``--check`` in the tests).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Mapping, Sequence

__all__ = ["THRESHOLD", "near_duplicates", "sentence_groups"]

THRESHOLD = 0.8
_WORD = re.compile(r"\w+")


def _similar(a: str, b: str) -> float:
    """difflib's ratio, with its cheap upper bounds tried first."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() <= THRESHOLD or matcher.quick_ratio() <= THRESHOLD:
        return 0.0
    return matcher.ratio()


def near_duplicates(sentences: Sequence[str]) -> list[tuple[int, int, float]]:
    """(i, j, ratio) for every pair i < j of near-duplicate sentences."""
    index: dict[object, list[int]] = {}
    for i, sentence in enumerate(sentences):
        words = [w.lower() for w in _WORD.findall(sentence)]
        keys = {tuple(words[k : k + 3]) for k in range(len(words) - 2)} | {" ".join(words) or sentence}
        for key in keys:
            index.setdefault(key, []).append(i)
    candidates = {(i, j) for members in index.values() for n, i in enumerate(members) for j in members[n + 1 :]}
    pairs = []
    for i, j in sorted(candidates):
        ratio = _similar(sentences[i], sentences[j])
        if ratio > THRESHOLD:
            pairs.append((i, j, ratio))
    return pairs


def sentence_groups(texts: Mapping[str, str], sentences: Mapping[str, Sequence[tuple[int, int]]]) -> list[int]:
    """The group of each sentence, sentences numbered in doc_id order then text order (as
    ``tally.Units`` numbers them); groups are numbered by their first sentence."""
    flat = [texts[doc_id][s:e] for doc_id in sorted(texts) for s, e in sentences[doc_id]]
    parent = list(range(len(flat)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in near_duplicates(flat):
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers)) for i in range(len(flat))]
