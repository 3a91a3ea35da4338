"""The agreement study: kappa against scikit-learn, link F1 by hand, the table is fresh."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark import load_corpus
from benchmark.analysis.agreement import cohen_kappa, cross_document_links, link_scores, matched_labels
from benchmark.data.paths import repo_root

sklearn_metrics = pytest.importorskip("sklearn.metrics")


@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from("ABC")), min_size=1, max_size=40))
def test_kappa_equals_scikit_learn(pairs):
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    with warnings.catch_warnings():  # scikit-learn warns (and returns NaN) when one label is used throughout
        warnings.simplefilter("ignore")
        expected = sklearn_metrics.cohen_kappa_score(a, b)
    if math.isnan(expected):  # one label throughout on both sides: we define kappa = 1
        assert cohen_kappa(a, b) == 1.0
    else:
        assert cohen_kappa(a, b) == pytest.approx(expected)


def test_kappa_hand_worked():
    # 10 items: agree on 7 (4 x P, 3 x N). p_o = 0.7.
    # A: P 6, N 4; B: P 5, N 5. p_e = (6*5 + 4*5) / 100 = 0.5. kappa = (0.7 - 0.5) / 0.5 = 0.4
    a = list("PPPPPPNNNN")
    b = list("PPPPNNNNNP")
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cross_document_links_and_their_f1():
    gold = [
        {"doc_id": "d1", "entities": [{"start": 0, "end": 1, "cluster": "x"}, {"start": 2, "end": 3, "cluster": "y"}]},
        {"doc_id": "d2", "entities": [{"start": 0, "end": 1, "cluster": "x"}, {"start": 5, "end": 6, "cluster": "x"}]},
    ]
    other = [
        {"doc_id": "d1", "entities": [{"start": 0, "end": 1, "cluster": 1}, {"start": 2, "end": 3, "cluster": 2}]},
        {"doc_id": "d2", "entities": [{"start": 0, "end": 1, "cluster": 1}, {"start": 5, "end": 6, "cluster": 2}]},
    ]
    key = lambda item: (item["start"], item["end"])  # noqa: E731
    # gold links across documents: d1(0,1)-d2(0,1), d1(0,1)-d2(5,6); the d2-internal pair is not cross-document
    gold_links = cross_document_links(gold, "entities", key)
    other_links = cross_document_links(other, "entities", key)
    assert len(gold_links) == 2 and len(other_links) == 2
    scores = link_scores(gold_links, other_links)  # one shared link: P = R = F1 = 1/2
    assert (scores["tp"], scores["precision"], scores["recall"], scores["f1"]) == (1, 0.5, 0.5, 0.5)


def test_matched_labels_pair_items_by_span():
    gold = [{"doc_id": "d", "events": [{"trigger": {"start": 0, "end": 2}, "realis": "ACTUAL"}]}]
    other = [{"doc_id": "d", "events": [{"trigger": {"start": 0, "end": 2}, "realis": "OTHER"},
                                        {"trigger": {"start": 5, "end": 7}, "realis": "ACTUAL"}]}]
    key = lambda e: (e["trigger"]["start"], e["trigger"]["end"])  # noqa: E731
    assert matched_labels(gold, other, "events", key, "realis") == (["ACTUAL"], ["OTHER"])


def test_secondary_annotation_validates():
    corpus = load_corpus(annotator="secondary")
    assert [d.doc_id for d in corpus] == [d.doc_id for d in load_corpus()]


def test_agreement_table_in_datasheet_is_fresh():
    result = subprocess.run(
        [sys.executable, str(repo_root() / "scripts" / "agreement.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
