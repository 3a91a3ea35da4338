"""Tests of benchmark.scoring.coreference against independent references.

- The CoNLL-2012 reference scorer's own test cases (conll/reference-coreference-scorers v8.01,
  test/CorefMetricTestConfig.pm, data in test/DataFiles/TC-*.key and *.response), transcribed below as
  mention clusters. Mentions are (first token, last token) spans, tokens numbered through the document as
  the Perl scorer numbers them.
- LEA: coval's unit tests on the same files (ns-moosavi/coval, unittests.py) and the worked example of the
  LEA paper (Moosavi and Strube 2016, section 4).
- Hand-worked examples, with the arithmetic in each docstring.
- hypothesis properties, with the CEAF solver run both through scipy (when installed) and the pure-Python
  Kuhn-Munkres fallback.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmark.scoring import coreference as coref
from benchmark.scoring.coreference import (
    Contingency,
    hungarian_matching,
    hungarian_max,
    mention_contributions,
    normalize_clusters,
    score_coreference,
    score_corpus,
)
from tests.synthetic import synthetic_documents


def one(*tokens: int) -> tuple[tuple[int, int], ...]:
    """A cluster of one-token mentions."""
    return tuple((t, t) for t in tokens)


# "LuoTestCase" documents (TC-A, TC-M, TC-N): the key mentions a1-a2, b1-b4, c, d1-d2, e, f1-f3.
A, B, C, D, E, F = (0, 1), (3, 6), (9, 9), (11, 12), (14, 14), (16, 18)
T7, T10, T13, T15, T16 = (7, 7), (10, 10), (13, 13), (15, 15), (16, 16)  # one-token mentions not in the key
B34, B45 = (3, 4), (4, 5)  # partial spans of b

TC_A_KEY = ((A,), (B, C), (D, E, F))
TC_B_KEY = (((1, 12), (47, 47)), ((29, 31), (62, 63), (66, 66)))
TC_B_RESPONSE = (((29, 31), (47, 47), (54, 58)), ((62, 63), (66, 66)))
TC_D_KEY = (one(1, 3, 5, 7, 9), one(13, 15), one(19, 21, 23, 25, 27))
TC_M_KEY = ((A, B, C, D, E, F),)
TC_N_KEY = ((A,), (B,), (C,), (D,), (E,), (F,))

# A string is a value the .pm gives rounded to its last decimal; a number is exact.
# muc/b_cubed/ceaf_m/ceaf_e/blanc: CorefMetricTestConfig.pm (recall, precision, F1).
# lea: coval's unittests.py on the same files (the .pm has no LEA).
REFERENCE_CASES = {
    "A1": (TC_A_KEY, TC_A_KEY, {
        "muc": (1, 1, 1), "b_cubed": (6 / 6, 6 / 6, 1), "ceaf_m": (1, 1, 1), "ceaf_e": (1, 1, 1),
        "blanc": (1, 1, 1), "lea": (1, 1, 1)}),
    "A2": (TC_A_KEY, ((A,), (D, E)), {
        "muc": (1 / 3, 1 / 1, 0.5), "b_cubed": ((7 / 3) / 6, 3 / 3, 14 / 25),
        "ceaf_m": (0.5, 1, "0.66667"), "ceaf_e": (0.6, 0.9, 0.72), "blanc": ("0.21591", 1, "0.35385"),
        "lea": ((1 + 3 * (1 / 3)) / 6, 1, 0.5)}),
    "A3": (TC_A_KEY, ((A,), (B, C, T10), (D, T13, E, F), (T15,)), {
        "muc": (3 / 3, 3 / 5, 0.75), "b_cubed": (6 / 6, (4 + 7 / 12) / 9, 110 / 163),
        "ceaf_m": (1, "0.66667", 0.8), "ceaf_e": ("0.88571", "0.66429", "0.75918"),
        "blanc": (1, "0.42593", "0.59717"),
        "lea": (1, (1 + 3 * (1 / 3) + 4 * (3 / 6)) / 9,
                2 * (1 + 3 * (1 / 3) + 4 * (3 / 6)) / 9 / (1 + (1 + 3 * (1 / 3) + 4 * (3 / 6)) / 9))}),
    "A4": (TC_A_KEY, ((A,), (B, C, T10), (D, T15), (T13,)), {
        "muc": (1 / 3, 1 / 3, 1 / 3),
        "b_cubed": ((3 + 1 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7,
                    2 * (5 / 9) * (17 / 42) / ((5 / 9) + (17 / 42))),
        "ceaf_m": ("0.66667", "0.57143", "0.61538"), "ceaf_e": ("0.73333", 0.55, "0.62857"),
        "blanc": ("0.35227", "0.27206", "0.30357"),
        "lea": ((1 + 2 + 0) / 6, (1 + 3 * (1 / 3) + 2 * 0 + 0) / 7, 2 * 0.5 * 2 / 7 / (0.5 + 2 / 7))}),
    "A5": (TC_A_KEY, ((A,), (B45, B, C, T10), (D, T15), (T13,)), {
        "muc": (1 / 3, 1 / 4, 2 / 7),
        "b_cubed": ((3 + 1 / 3) / 6, 2.5 / 8, 2 * (5 / 9) * (5 / 16) / ((5 / 9) + (5 / 16))),
        "ceaf_m": ("0.66667", 0.5, "0.57143"), "ceaf_e": ("0.68889", "0.51667", "0.59048"),
        "blanc": ("0.35227", "0.19048", "0.24716"),
        "lea": ((1 + 2 + 3 * 0) / 6, (1 + 4 * (1 / 6) + 2 * 0 + 1 * 0) / 8,
                2 * 0.5 * (5 / 24) / (0.5 + (5 / 24)))}),
    "A6": (TC_A_KEY, ((A,), (B, C, T10), (B45, T13), (D, T15)), {
        "muc": (1 / 3, 1 / 4, 2 / 7),
        "b_cubed": ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 8,
                    2 * (5 / 9) * (17 / 48) / ((5 / 9) + (17 / 48))),
        "ceaf_m": ("0.66667", 0.5, "0.57143"), "ceaf_e": ("0.73333", 0.55, "0.62857"),
        "blanc": ("0.35227", "0.20870", "0.25817"),
        "lea": ((1 + 2 + 3 * 0) / 6, (1 + 3 / 3 + 2 * 0 + 2 * 0) / 8, 2 * 0.5 * 1 / 4 / (0.5 + 1 / 4))}),
    # A7-A9 repeat b in the response (twice in one cluster; in two clusters; eleven times): the first
    # occurrence is kept, so they score as A4.
    "A7": (TC_A_KEY, ((A,), (B, B, C, T10), (D, T15), (T13,)), {
        "muc": (1 / 3, 1 / 3, 1 / 3),
        "b_cubed": ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7,
                    2 * (5 / 9) * (17 / 42) / ((5 / 9) + (17 / 42))),
        "ceaf_m": ("0.66667", "0.57143", "0.61538"), "ceaf_e": ("0.73333", 0.55, "0.62857"),
        "blanc": ("0.35227", "0.27206", "0.30357"),
        "lea": ((1 + 2 + 3 * 0) / 6, (1 + 3 / 3 + 2 * 0 + 1 * 0) / 7, 2 * 0.5 * 2 / 7 / (0.5 + 2 / 7))}),
    "A8": (TC_A_KEY, ((A,), (B, C, T10), (B, T13), (D, T15)), {
        "muc": (1 / 3, 1 / 3, 1 / 3),
        "b_cubed": ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7,
                    2 * (5 / 9) * (17 / 42) / ((5 / 9) + (17 / 42))),
        "ceaf_m": ("0.66667", "0.57143", "0.61538"), "ceaf_e": ("0.73333", 0.55, "0.62857"),
        "blanc": ("0.35227", "0.27206", "0.30357")}),
    "A9": (TC_A_KEY, ((A,), (B, C, T10), (B,) * 10 + (T13,), (D, T15)), {
        "muc": (1 / 3, 1 / 3, 1 / 3),
        "b_cubed": ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7,
                    2 * (5 / 9) * (17 / 42) / ((5 / 9) + (17 / 42))),
        "ceaf_m": ("0.66667", "0.57143", "0.61538"), "ceaf_e": ("0.73333", 0.55, "0.62857"),
        "blanc": ("0.35227", "0.27206", "0.30357")}),
    "A10": (TC_A_KEY, ((A,), (B,), (C,), (D,), (E,), (F,)), {
        "muc": (0, 0, 0), "b_cubed": (3 / 6, 6 / 6, 2 / 3), "blanc": (0.5, "0.36667", "0.42308"),
        "lea": (1 / 6, 1 / 6, 2 * 1 / 6 * 1 / 6 / (1 / 6 + 1 / 6))}),
    "A11": (TC_A_KEY, ((A, B, C, D, E, F),), {
        "muc": (3 / 3, 3 / 5, 6 / 8), "b_cubed": (6 / 6, (1 / 6 + 2 * 2 / 6 + 3 * 3 / 6) / 6, 14 / 25),
        "blanc": (0.5, "0.13333", "0.21053"),
        "lea": ((0 + 2 + 3) / 6, 4 / 15, 2 * 5 / 6 * 4 / 15 / (5 / 6 + 4 / 15))}),
    "A12": (TC_A_KEY, ((A,), (B34,), (T7,), (C,), (D,), (E,), (T16,)), {
        "muc": (0, 0, 0),
        "b_cubed": ((1 + 1 / 2 + 2 / 3) / 6, 4 / 7, 2 * (13 / 36) * (4 / 7) / ((13 / 36) + (4 / 7))),
        "blanc": ("0.22727", "0.11905", "0.15625"),
        "lea": (1 / 6, 1 / 7, 2 * 1 / 6 * 1 / 7 / (1 / 6 + 1 / 7))}),
    "A13": (TC_A_KEY, ((A, B34, T7, C, D, E, T16),), {
        "muc": (1 / 3, 1 / 6, 2 / 9),
        "b_cubed": ((1 + 1 / 2 + 2 * 2 / 3) / 6, (1 / 7 + 1 / 7 + 2 * 2 / 7) / 7,
                    2 * (17 / 36) * (6 / 49) / ((17 / 36) + (6 / 49))),
        "blanc": (0.125, "0.02381", 0.04),
        "lea": ((1 * 0 + 2 * 0 + 3 / 3) / 6, 1 / 21, 2 * 1 / 6 * 1 / 21 / (1 / 6 + 1 / 21))}),
    "B1": (TC_B_KEY, TC_B_RESPONSE, {
        "blanc": (1 / 2 * (1 / 4 + 1 / 3),) * 3,
        "lea": ((2 * 0 + 3 / 3) / 5, (3 * 0 + 2) / 5, 2 * 1 / 5 * 2 / 5 / (1 / 5 + 2 / 5))}),
    "C1": (TC_B_KEY + (one(69, 70),), TC_B_RESPONSE + (one(69, 70),), {
        "blanc": (1 / 2 * (2 / 5 + 10 / 16),) * 3,
        "lea": ((2 * 0 + 3 / 3 + 2) / 7, (3 * 0 + 2 + 2) / 7, 2 * 3 / 7 * 4 / 7 / (3 / 7 + 4 / 7))}),
    "D1": (TC_D_KEY, (one(1, 3, 5, 7, 9), one(13, 15, 19, 21, 23, 25, 27)), {
        "muc": (9 / 9, 9 / 10, 2 * (9 / 9) * (9 / 10) / (9 / 9 + 9 / 10)),
        "b_cubed": (12 / 12, 16 / 21, 2 * (12 / 12) * (16 / 21) / (12 / 12 + 16 / 21)),
        "lea": ((5 + 2 + 5) / 12, (5 + 7 * (11 / 21)) / 12,
                2 * 1 * (5 + 77 / 21) / 12 / (1 + ((5 + 77 / 21) / 12)))}),
    "E1": (TC_D_KEY, (one(1, 3, 5, 7, 9, 19, 21, 23, 25, 27), one(13, 15)), {
        "muc": (9 / 9, 9 / 10, 2 * (9 / 9) * (9 / 10) / (9 / 9 + 9 / 10)),
        "b_cubed": (1, 7 / 12, 2 * 1 * (7 / 12) / (1 + 7 / 12)),
        "lea": ((5 + 2 + 5) / 12, (10 * (20 / 45) + 2) / 12,
                2 * 1 * ((10 * (20 / 45) + 2) / 12) / (1 + ((10 * (20 / 45) + 2) / 12)))}),
    "F1": ((one(1, 3, 5, 7),), (one(1, 3), one(5, 7)), {
        "muc": (2 / 3, 2 / 2, 2 * (2 / 3) * (2 / 2) / (2 / 3 + 2 / 2)),
        "lea": (4 * (2 / 6) / 4, (2 + 2) / 4, 2 * 2 / 6 * 1 / (1 + 2 / 6))}),
    "G1": ((one(1, 3), one(5, 7)), (one(1, 3, 5, 7),), {
        "muc": (2 / 2, 2 / 3, 2 * (2 / 2) * (2 / 3) / (2 / 2 + 2 / 3)),
        "lea": (1, (4 * 2 / 6) / 4, 2 * 1 * 2 / 6 / (1 + 2 / 6))}),
    "H1": ((one(1, 3, 5, 7),), (one(1, 3, 5, 7),), {"muc": (1, 1, 1), "lea": (1, 1, 1)}),
    "I1": ((one(1, 3, 5, 7),), (one(1, 3), one(5, 7)), {
        "muc": (2 / 3, 2 / 2, 2 * (2 / 3) * (2 / 2) / (2 / 3 + 2 / 2)),
        "lea": (4 * (2 / 6) / 4, (2 + 2) / 4, 2 * 2 / 6 * 1 / (2 / 6 + 1))}),
    "J1": ((one(1, 3, 5),), (one(1, 5),), {
        "muc": (1 / 2, 1 / 1, 2 * (1 / 2) * (1 / 1) / (1 / 2 + 1 / 1)),
        "lea": ((3 * 1 / 3) / 3, 1, 2 * 1 / 3 / (1 + 1 / 3))}),
    "K1": ((one(3, 5, 7, 9, 13, 15, 19),), (one(1, 3, 5), one(7, 9, 11), one(13, 15, 17)), {
        "muc": (3 / 6, 3 / 6, 3 / 6),
        "lea": ((7 * (1 + 1 + 1) / 21) / 7, (3 / 3 + 3 / 3 + 3 / 3) / 9,
                2 * 3 / 21 * 3 / 9 / (3 / 21 + 3 / 9))}),
    "L1": ((one(1, 3, 5), one(7, 9, 11, 13)), (one(1, 3), one(5, 7), one(11, 13, 15)), {
        "muc": (2 / 5, 2 / 4, 2 * (2 / 5) * (2 / 4) / (2 / 5 + 2 / 4)),
        "lea": ((3 * 1 / 3 + 4 * 1 / 6) / 7, (2 + 2 * 0 + 3 / 3) / 7,
                2 * (1 + 2 / 3) / 7 * 3 / 7 / (3 / 7 + (1 + 2 / 3) / 7))}),
    "M1": (TC_M_KEY, TC_M_KEY, {
        "muc": (1, 1, 1), "b_cubed": (1, 1, 1), "ceaf_m": (1, 1, 1), "ceaf_e": (1, 1, 1),
        "blanc": (1, 1, 1), "lea": (1, 1, 1)}),
    "M2": (TC_M_KEY, TC_N_KEY, {"muc": (0, 0, 0), "blanc": (0, 0, 0), "lea": (0, 0, 0)}),
    "M3": (TC_M_KEY, ((A, B), (C, D, E), (F,)), {
        "blanc": ("0.26667", 1, "0.42105"),
        "lea": (6 * (4 / 15) / 6, (2 + 3 + 0) / 6, 2 * 4 / 15 * 5 / 6 / (4 / 15 + 5 / 6))}),
    "M4": (TC_M_KEY, ((A, B, C, T10, T13, T15),), {
        "blanc": (0.2, 0.2, 0.2),
        "lea": (6 * (3 / 15) / 6, 6 * (3 / 15) / 6, 2 * 3 / 15 * 3 / 15 / (3 / 15 + 3 / 15))}),
    "M5": (TC_M_KEY, ((A,), (B,), (C,), (T10,), (T13,), (T15,)), {
        "muc": (0, 0, 0), "blanc": (0, 0, 0), "lea": (0, 0, 0)}),
    "M6": (TC_M_KEY, ((A, B), (C, T10, T13), (T15,)), {
        "blanc": ("0.06667", 0.25, "0.10526"),
        "lea": (6 * (1 / 15) / 6, (2 + 3 * 0 + 1 * 0) / 6, 2 * 1 / 15 * 2 / 6 / (1 / 15 + 2 / 6))}),
    "N1": (TC_N_KEY, TC_N_KEY, {"muc": (0, 0, 0), "blanc": (1, 1, 1), "lea": (1, 1, 1)}),
    "N2": (TC_N_KEY, TC_M_KEY, {"muc": (0, 0, 0), "blanc": (0, 0, 0), "lea": (0, 0, 0)}),
    "N3": (TC_N_KEY, ((A, B), (C, D, E), (F,)), {
        "blanc": ("0.73333", 1, "0.84615"), "lea": (1 / 6, 1 / 6, 1 / 6)}),
    "N4": (TC_N_KEY, ((A,), (B,), (C,), (T10,), (T13,), (T15,)), {
        "muc": (0, 0, 0), "blanc": (0.2, 0.2, 0.2), "lea": (3 / 6, 3 / 6, 3 / 6)}),
    "N5": (TC_N_KEY, ((A, B, C, T10, T13, T15),), {"blanc": (0, 0, 0), "lea": (0, 0, 0)}),
    "N6": (TC_N_KEY, ((A, B), (C, T10, T13), (T15,)), {
        "blanc": ("0.13333", "0.18182", "0.15385"), "lea": (0, 0, 0)}),
}


def expected(value: float | str):
    """pytest.approx for a published value: exact, or to half a unit in the last decimal given."""
    if isinstance(value, str):
        decimals = len(value.split(".")[1])
        return pytest.approx(float(value), abs=0.5 * 10**-decimals + 1e-12)
    return pytest.approx(value, abs=1e-12)


def flatten(report: dict, prefix: str = "") -> dict[str, float]:
    """{"blanc": {"coref": {"f1": x}}} → {"blanc.coref.f1": x}, for pytest.approx."""
    flat = {}
    for name, value in report.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{name}."))
        else:
            flat[prefix + name] = value
    return flat


def recall_precision_f1(report: dict, metric: str) -> tuple[float, float, float]:
    return report[metric]["recall"], report[metric]["precision"], report[metric]["f1"]


@pytest.fixture(params=["default", "pure-python"])
def solver(request, monkeypatch):
    """Run a test with the default CEAF solver (scipy when installed) and with the fallback forced."""
    if request.param == "pure-python":
        monkeypatch.setattr(coref, "_matching_solver", lambda: hungarian_matching)
    return request.param


@pytest.mark.parametrize("case", sorted(REFERENCE_CASES))
def test_reference_scorer_cases(case, solver):
    key, response, metrics = REFERENCE_CASES[case]
    report = score_coreference(key, response)
    for metric, values in metrics.items():
        assert recall_precision_f1(report, metric) == tuple(map(expected, values)), metric


# Hand-worked example used by the per-metric tests below:
#   key       K1 = {a, b, c}   K2 = {d, e}
#   response  R1 = {a, b}      R2 = {c, d, e, f}   (f is invented)
# Overlaps: |K1 ∩ R1| = 2, |K1 ∩ R2| = 1, |K2 ∩ R2| = 2.
KEY = (("a", "b", "c"), ("d", "e"))
RESPONSE = (("a", "b"), ("c", "d", "e", "f"))


def test_muc_hand_worked():
    """Key links (|K| - 1): 2 + 1 = 3. Response links: 1 + 3 = 4.
    Correct: K1 is cut into {a, b}, {c}: 3 - 2 = 1; K2 stays whole: 2 - 1 = 1; total 2.
    R = 2/3, P = 2/4, F = 2 · (2/3)(1/2) / (2/3 + 1/2) = 4/7."""
    report = score_coreference(KEY, RESPONSE)["muc"]
    assert (report["recall_num"], report["recall_den"]) == (2, 3)
    assert (report["precision_num"], report["precision_den"]) == (2, 4)
    assert report["f1"] == pytest.approx(4 / 7)


def test_muc_singletons_count_nothing():
    """A one-mention cluster needs no link: key {a}, {b, c} has 0 + 1 = 1 link; the response {a, b}, {c}
    keeps none of it (b and c are apart) and proposes 1 wrong link: R = 0/1, P = 0/1."""
    report = score_coreference([["a"], ["b", "c"]], [["a", "b"], ["c"]])["muc"]
    assert [report[k] for k in ("recall_num", "recall_den", "precision_num", "precision_den")] == [
        0, 1, 0, 1]


def test_b_cubed_hand_worked():
    """Recall: a, b: 2/3 each; c: 1/3; d, e: 2/2 each → (4/3 + 1/3 + 2) / 5 = (11/3) / 5 = 11/15.
    Precision: a, b: 2/2 each; c: 1/4; d, e: 2/4 each; f: 0 → (2 + 1/4 + 1) / 6 = (13/4) / 6 = 13/24."""
    report = score_coreference(KEY, RESPONSE)["b_cubed"]
    assert report["recall_num"] == pytest.approx(11 / 3) and report["recall_den"] == 5
    assert report["precision_num"] == pytest.approx(13 / 4) and report["precision_den"] == 6
    assert report["recall"] == pytest.approx(11 / 15)
    assert report["precision"] == pytest.approx(13 / 24)


def test_ceaf_m_hand_worked(solver):
    """φ3 = |K ∩ R|: K1-R1 = 2, K1-R2 = 1, K2-R2 = 2. Best one-to-one alignment: K1-R1 + K2-R2 = 4
    (the alternative K1-R2 alone gives 1). R = 4/5, P = 4/6."""
    report = score_coreference(KEY, RESPONSE)["ceaf_m"]
    assert report["recall"] == pytest.approx(4 / 5)
    assert report["precision"] == pytest.approx(4 / 6)


def test_ceaf_e_hand_worked(solver):
    """φ4 = 2|K ∩ R| / (|K| + |R|): K1-R1 = 4/5, K1-R2 = 2/7, K2-R2 = 4/6.
    Best: 4/5 + 2/3 = 22/15. R = (22/15) / 2 key clusters = 11/15; P = (22/15) / 2 response clusters."""
    report = score_coreference(KEY, RESPONSE)["ceaf_e"]
    assert report["recall_num"] == pytest.approx(22 / 15)
    assert (report["recall_den"], report["precision_den"]) == (2, 2)
    assert report["f1"] == pytest.approx(11 / 15)


def test_mention_contributions_hand_worked(solver):
    """Recall side (key mentions), per metric (numerator, denominator):
    MUC: K1 = {a, b, c} is cut in 2 parts: (3 - 2)/3 and (3 - 1)/3 each; K2 whole: (2 - 1)/2 and 1/2 each.
    B-cubed: a, b 2/3, c 1/3, d, e 2/2, each with 1. CEAF-e: K1 aligned to R1 (4/5), K2 to R2 (4/6),
    spread over 3 and 2 mentions, with 1/3 and 1/2. LEA: K1 resolves link(2)/link(3) = 1/3, K2 1/1.
    Precision side: f (invented) gives MUC 4-3 parts: (4 - 3)/4, 3/4; B-cubed 0, 1; CEAF-e (4/6)/4, 1/4;
    LEA R2 resolves (0 + 1)/6."""
    recall, precision = mention_contributions(KEY, RESPONSE)
    assert recall["a"] == pytest.approx((1 / 3, 2 / 3, 2 / 3, 1, 4 / 15, 1 / 3, 1 / 3, 1))
    assert recall["c"] == pytest.approx((1 / 3, 2 / 3, 1 / 3, 1, 4 / 15, 1 / 3, 1 / 3, 1))
    assert recall["d"] == pytest.approx((1 / 2, 1 / 2, 1, 1, 1 / 3, 1 / 2, 1, 1))
    assert precision["f"] == pytest.approx((1 / 4, 3 / 4, 0, 1, 1 / 6, 1 / 4, 1 / 6, 1))
    assert set(recall) == set("abcde") and set(precision) == set("abcdef")


def _summed_contributions(key, response, keep_singletons=True) -> dict[str, tuple[float, float, float, float]]:
    recall, precision = mention_contributions(key, response, keep_singletons)
    sums = {}
    for k, name in enumerate(coref.CONTRIBUTION_METRICS):
        sums[name] = (
            math.fsum(v[2 * k] for v in recall.values()), math.fsum(v[2 * k + 1] for v in recall.values()),
            math.fsum(v[2 * k] for v in precision.values()), math.fsum(v[2 * k + 1] for v in precision.values()),
        )
    return sums


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 25), min_size=1, max_size=8), max_size=8),
       st.lists(st.lists(st.integers(0, 25), min_size=1, max_size=8), max_size=8),
       st.booleans())
def test_mention_contributions_sum_to_the_scores(key, response, keep_singletons):
    """Summed over mentions, the contributions are the scores' numerators and denominators (duplicates,
    twinless mentions and singletons included), with the same CEAF-e alignment."""
    report = score_coreference(key, response, keep_singletons)
    for name, sums in _summed_contributions(key, response, keep_singletons).items():
        entry = report[name]
        expected = (entry["recall_num"], entry["recall_den"], entry["precision_num"], entry["precision_den"])
        assert sums == pytest.approx(expected, abs=1e-12), name


def test_blanc_hand_worked():
    """Coreference links: key 3 + 1 = 4 (ab ac bc de), response 1 + 6 = 7, common 2 (ab, de).
    Non-coreference links: key C(5,2) - 4 = 6 (ad ae bd be cd ce); response C(6,2) - 7 = 8
    (ac ad ae af bc bd be bf); common 4 (ad ae bd be).
    Rc = 2/4, Pc = 2/7, Fc = 4/11; Rn = 4/6, Pn = 4/8, Fn = 4/7.
    R = (1/2 + 2/3)/2 = 7/12, P = (2/7 + 1/2)/2 = 11/28, F = (4/11 + 4/7)/2 = 36/77."""
    report = score_coreference(KEY, RESPONSE)["blanc"]
    assert [report["coref"][k] for k in ("recall_num", "recall_den", "precision_den")] == [2, 4, 7]
    assert [report["non_coref"][k] for k in ("recall_num", "recall_den", "precision_den")] == [4, 6, 8]
    assert (report["recall"], report["precision"], report["f1"]) == (
        pytest.approx(7 / 12), pytest.approx(11 / 28), pytest.approx(36 / 77))


def test_blanc_uses_one_kind_when_the_key_has_only_that_kind():
    """Key {a, b}: 1 coreference link, no non-coreference link, so BLANC is the coreference score.
    Response {a}, {b}: Rc = 0/1, Pc = 0/0 = 0 → 0 (not the mean with an undefined part)."""
    report = score_coreference([["a", "b"]], [["a"], ["b"]])["blanc"]
    assert (report["recall"], report["precision"], report["f1"]) == (0, 0, 0)
    assert report["non_coref"]["precision_den"] == 1


def test_lea_hand_worked():
    """link(K) = |K|(|K| - 1)/2. Recall: K1 has 3 links, R1 resolves ab → 3 · 1/3 = 1; K2 has 1 link,
    resolved by R2 → 2 · 1/1 = 2; R = (1 + 2) / 5 = 3/5.
    Precision: R1 has 1 link, resolved → 2 · 1 = 2; R2 has 6 links, de resolved → 4 · 1/6 = 2/3;
    P = (2 + 2/3) / 6 = 4/9."""
    report = score_coreference(KEY, RESPONSE)["lea"]
    assert report["recall"] == pytest.approx(3 / 5)
    assert report["precision"] == pytest.approx(4 / 9)


def test_lea_singleton_self_link():
    """A singleton's one self-link is resolved only when the other side has the same singleton.
    Key {a}, {b, c}; response {a}, {b}, {c}: recall = (1 · 1/1 + 2 · 0/1) / 3 = 1/3;
    precision = (1 · 1 + 1 · 0 + 1 · 0) / 3 = 1/3 ({b} and {c} are not key singletons)."""
    report = score_coreference([["a"], ["b", "c"]], [["a"], ["b"], ["c"]])["lea"]
    assert report["recall"] == pytest.approx(1 / 3)
    assert report["precision"] == pytest.approx(1 / 3)


def test_lea_paper_example():
    """Moosavi and Strube (2016), section 4: key {a,b,c}, {d,e,f,g}; response {a,b}, {c,d}, {f,g,h,i}.
    Recall = (3 · 1/3 + 4 · 1/6) / (3 + 4) ≈ 0.24, precision = (2 · 1 + 2 · 0 + 4 · 1/6) / (2 + 2 + 4)
    ≈ 0.33, F1 ≈ 0.28."""
    report = score_coreference(["abc", "defg"], ["ab", "cd", "fghi"])["lea"]
    assert report["recall"] == pytest.approx(5 / 21)
    assert report["precision"] == pytest.approx(1 / 3)
    assert [round(report[k], 2) for k in ("recall", "precision", "f1")] == [0.24, 0.33, 0.28]


def test_conll_f1_is_mean_of_muc_b_cubed_ceaf_e():
    report = score_coreference(KEY, RESPONSE)
    mean = (report["muc"]["f1"] + report["b_cubed"]["f1"] + report["ceaf_e"]["f1"]) / 3
    assert report["conll_f1"] == pytest.approx(mean)


def test_report_keys_and_json():
    report = score_coreference(KEY, RESPONSE)
    assert list(report) == ["muc", "b_cubed", "ceaf_m", "ceaf_e", "blanc", "lea", "conll_f1"]
    for metric in ("muc", "b_cubed", "ceaf_m", "ceaf_e", "lea"):
        assert set(report[metric]) == {
            "precision", "recall", "f1", "recall_num", "recall_den", "precision_num", "precision_den"}
    assert set(report["blanc"]) == {"precision", "recall", "f1", "coref", "non_coref"}
    assert json.loads(json.dumps(report)) == report


@pytest.mark.parametrize(
    ("key", "response"), [([], []), ([["a", "b"], ["c"]], []), ([], [["a", "b"], ["c"]])])
def test_empty_side_scores_zero(key, response):
    """0/0 is 0, as in the reference scorer; a non-empty side still gets its denominators."""
    report = score_coreference(key, response)
    assert report["conll_f1"] == 0
    for metric in ("muc", "b_cubed", "ceaf_m", "ceaf_e", "blanc", "lea"):
        assert recall_precision_f1(report, metric) == (0, 0, 0)
    assert report["b_cubed"]["recall_den"] == (3 if key else 0)
    assert report["b_cubed"]["precision_den"] == (3 if response else 0)


def test_duplicates_keep_first_occurrence():
    """b in two response clusters: the first occurrence (with a) wins, the copy with c is dropped.
    The same rule applies to the key."""
    assert normalize_clusters([["a", "b"], ["b", "c"], ["b"]]) == (("a", "b"), ("c",))
    assert score_coreference([["a", "b"], ["c"]], [["a", "b"], ["b", "c"]]) == score_coreference(
        [["a", "b"], ["c"]], [["a", "b"], ["c"]])
    assert score_coreference([["a", "b"], ["b", "c"]], [["a", "b"], ["c"]])["muc"]["recall"] == 1


def test_keep_singletons_false_drops_singletons_after_duplicates():
    """{x}, {x, y}: the repeat of x is dropped first, leaving {x}, {y}, then both singletons go."""
    assert normalize_clusters([["x"], ["x", "y"]], keep_singletons=False) == ()
    key = (("a",), ("b", "c"), ("d", "e", "f"))
    response = (("a",), ("b", "c", "g"), ("d",), ("e",))
    without = score_coreference(key, response, keep_singletons=False)
    assert without == score_coreference(key[1:], response[1:2])
    assert without["b_cubed"]["recall_den"] == 5 and without["b_cubed"]["precision_den"] == 3
    assert score_coreference(TC_N_KEY, TC_N_KEY, keep_singletons=False)["conll_f1"] == 0


def test_corpus_sums_documents_like_v801():
    """Scoring documents separately and summing equals one call on their union, except for BLANC,
    whose non-coreference links do not cross documents in score_corpus."""
    doc1 = ([[(1, "a"), (1, "b")], [(1, "c")]], [[(1, "a")], [(1, "b"), (1, "c")]])
    doc2 = ([[(2, "a"), (2, "b"), (2, "c")]], [[(2, "a"), (2, "b")], [(2, "d")]])
    corpus = score_corpus([doc1, doc2])
    union = score_coreference(doc1[0] + doc2[0], doc1[1] + doc2[1])
    for metric in ("muc", "b_cubed", "ceaf_m", "ceaf_e", "lea", "conll_f1"):
        assert corpus[metric] == pytest.approx(union[metric])
    separate = [score_coreference(*doc)["blanc"] for doc in (doc1, doc2)]
    for kind in ("coref", "non_coref"):
        for count in ("recall_num", "recall_den", "precision_num", "precision_den"):
            assert corpus["blanc"][kind][count] == sum(s[kind][count] for s in separate)
    assert union["blanc"]["non_coref"]["recall_den"] > corpus["blanc"]["non_coref"]["recall_den"]


# --- the CEAF solvers -------------------------------------------------------------------------------

def brute_force_max(weights: list[list[float]]) -> float:
    rows, cols = len(weights), len(weights[0]) if weights else 0
    if rows > cols:
        weights = [list(column) for column in zip(*weights)]
        rows, cols = cols, rows
    return max(
        (sum(weights[r][c] for r, c in enumerate(chosen))
         for chosen in itertools.permutations(range(cols), rows)),
        default=0.0)


matrices = st.integers(1, 5).flatmap(lambda rows: st.integers(1, 5).flatmap(
    lambda cols: st.lists(
        st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 1 / 3]), min_size=cols, max_size=cols),
        min_size=rows, max_size=rows)))


@given(matrices)
def test_hungarian_max_matches_brute_force(weights):
    assert hungarian_max(weights) == pytest.approx(brute_force_max(weights))


@settings(deadline=None)  # the first example may import scipy
@given(matrices)
def test_hungarian_max_matches_scipy(weights):
    scipy_optimize = pytest.importorskip("scipy.optimize")
    rows, cols = scipy_optimize.linear_sum_assignment(weights, maximize=True)
    assert hungarian_max(weights) == pytest.approx(sum(weights[r][c] for r, c in zip(rows, cols)))


def test_hungarian_max_empty():
    assert hungarian_max([]) == 0.0


def test_solver_falls_back_without_scipy(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    coref._matching_solver.cache_clear()
    try:
        assert coref._matching_solver() is hungarian_matching
    finally:
        coref._matching_solver.cache_clear()


@given(matrices)
def test_hungarian_matching_is_one_to_one_and_gives_the_maximum(weights):
    pairs = hungarian_matching(weights)
    assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs) == min(len(weights), len(weights[0]))
    assert math.fsum(weights[r][c] for r, c in pairs) == hungarian_max(weights)


# --- properties ---------------------------------------------------------------------------------------

@st.composite
def clusterings(draw, universe: int = 12, labels: int = 5) -> list[tuple[int, ...]]:
    """A partition of a random subset of range(universe) into at most `labels` clusters."""
    mentions = draw(st.lists(st.integers(0, universe - 1), unique=True))
    chosen = draw(st.lists(st.integers(0, labels - 1), min_size=len(mentions), max_size=len(mentions)))
    clusters: defaultdict[int, list[int]] = defaultdict(list)
    for mention, label in zip(mentions, chosen):
        clusters[label].append(mention)
    return [tuple(cluster) for cluster in clusters.values()]


METRICS = ("muc", "b_cubed", "ceaf_m", "ceaf_e", "blanc", "lea")
SYMMETRIC = ("muc", "b_cubed", "ceaf_m", "ceaf_e", "lea")


@given(clusterings())
def test_identical_clusterings_score_one(key):
    """MUC needs a link and BLANC a pair of mentions to be defined, hence at least one cluster of two."""
    assume(any(len(cluster) > 1 for cluster in key))
    report = score_coreference(key, key)
    for metric in METRICS:
        assert recall_precision_f1(report, metric) == (1, 1, 1)
    assert report["conll_f1"] == 1


@given(clusterings(), clusterings(), st.booleans())
def test_scores_are_fractions(key, response, keep_singletons):
    report = score_coreference(key, response, keep_singletons)
    parts = [report[m] for m in METRICS] + [report["blanc"]["coref"], report["blanc"]["non_coref"]]
    for part in parts:
        assert all(0 <= part[k] <= 1 for k in ("precision", "recall", "f1"))
    assert 0 <= report["conll_f1"] <= 1


@given(clusterings(), clusterings(), st.randoms(use_true_random=False))
def test_order_of_clusters_and_mentions_changes_nothing(key, response, rnd):
    def shuffled(clusters):
        clusters = [rnd.sample(cluster, len(cluster)) for cluster in clusters]
        return rnd.sample(clusters, len(clusters))

    assert flatten(score_coreference(shuffled(key), shuffled(response))) == pytest.approx(
        flatten(score_coreference(key, response)))


@given(clusterings(), clusterings())
def test_swapping_key_and_response_swaps_precision_and_recall(key, response):
    forward, backward = score_coreference(key, response), score_coreference(response, key)
    for metric in SYMMETRIC:
        assert forward[metric]["recall"] == pytest.approx(backward[metric]["precision"])
        assert forward[metric]["precision"] == pytest.approx(backward[metric]["recall"])
        assert forward[metric]["f1"] == pytest.approx(backward[metric]["f1"])


@given(clusterings(), clusterings(), st.data())
def test_duplicating_a_response_mention_never_raises_a_score(key, response, data):
    """A copy placed after the mention's first occurrence (later in its cluster, in a later cluster or
    in a new last cluster) is dropped, so the scores stay exactly the same. (A copy placed before the
    original makes the copy the first occurrence: that is moving the mention, not repeating it.)"""
    assume(response)
    c = data.draw(st.integers(0, len(response) - 1))
    mention = data.draw(st.sampled_from(response[c]))
    target = data.draw(st.integers(c, len(response)))
    copied = [list(cluster) for cluster in response] + [[]]
    copied[target].insert(data.draw(st.integers(0, len(copied[target]))) if target > c
                          else len(copied[target]), mention)
    assert score_coreference(key, copied) == score_coreference(key, response)


def global_ceaf(key, response, phi) -> float:
    """CEAF numerator from one assignment over all key × response cluster pairs (brute force)."""
    table = Contingency.of(key, response)
    weights = [[phi(table.overlaps.get((i, j), 0), ki, rj) for j, rj in enumerate(table.response_sizes)]
               for i, ki in enumerate(table.key_sizes)]
    return brute_force_max(weights) if weights and weights[0] else 0.0


# The solver fixture only patches a module constant, so sharing it across examples is safe.
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(clusterings(universe=10, labels=6), clusterings(universe=10, labels=6))
def test_per_component_ceaf_equals_global_assignment(solver, key, response):
    report = score_coreference(key, response)
    assert report["ceaf_m"]["recall_num"] == pytest.approx(global_ceaf(key, response, lambda n, k, r: n))
    assert report["ceaf_e"]["recall_num"] == pytest.approx(
        global_ceaf(key, response, lambda n, k, r: 2 * n / (k + r)))


def test_synthetic_documents_for_benchmarks():
    documents = synthetic_documents(3000, seed=7)
    assert documents == synthetic_documents(3000, seed=7)
    assert sum(len(c) for key, _ in documents for c in key) == 3000
    per_document = score_corpus(documents)
    flat = score_coreference(
        [c for key, _ in documents for c in key], [c for _, response in documents for c in response])
    for metric in ("muc", "b_cubed", "ceaf_m", "ceaf_e", "lea"):
        assert flat[metric] == pytest.approx(per_document[metric])
        assert 0 < per_document[metric]["f1"] < 1
    assert math.isclose(flat["conll_f1"], per_document["conll_f1"])


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 12), st.integers(2, 12), st.integers(0, 10_000))
def test_solve_assignment_gives_the_same_optimum_with_either_solver(n, m, seed):
    """Below its threshold solve_assignment uses hungarian_max, above it scipy (when installed)."""
    import random

    rnd = random.Random(seed)
    weights = [[rnd.choice([0.0, rnd.random()]) for _ in range(m)] for _ in range(n)]
    assert coref.solve_assignment(weights, small=0) == pytest.approx(hungarian_max(weights))
    assert coref.solve_assignment(weights) == hungarian_max(weights)


def test_metrics_argument_computes_only_those():
    report = score_coreference(KEY, RESPONSE, metrics=["lea", "muc"])
    assert list(report) == ["muc", "lea"]
    assert report["muc"] == score_coreference(KEY, RESPONSE)["muc"]
    assert list(score_coreference(KEY, RESPONSE, metrics=("muc", "b_cubed", "ceaf_e"))) == [
        "muc", "b_cubed", "ceaf_e", "conll_f1"]
    with pytest.raises(ValueError):
        score_coreference(KEY, RESPONSE, metrics=["ceaf"])
