"""The span schemes against nervaluate 1.2.1 (the test oracle) on random corpora, and their properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from benchmark.scoring.spans import HALF_CREDIT, SCHEMES, match_spans, score_documents, spanset
from benchmark.text.iob2 import flat_spans

NERVALUATE_NAME = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual", "precision", "recall", "f1")
LABELS = ["PER", "ORG", "GPE"]

spans = st.builds(
    lambda start, length, label: (start, start + length, label),
    st.integers(0, 40), st.sampled_from([1, 1, 2, 3, 5, 8, 150]), st.sampled_from(LABELS),
)
documents = st.lists(st.tuples(st.lists(spans, max_size=10), st.lists(spans, max_size=10)), min_size=1, max_size=4)


def _nervaluate(docs):
    """nervaluate on the same sorted, deduplicated spans (inclusive token-style ends)."""

    def side(k):
        return [[{"label": label, "start": s, "end": e - 1} for s, e, label in spanset(doc[k])] for doc in docs]

    return Evaluator(side(0), side(1), tags=LABELS, loader="dict").evaluate()


@settings(max_examples=300, deadline=None)
@given(documents)
def test_every_scheme_matches_nervaluate(docs):
    ours = score_documents(docs)
    theirs = _nervaluate(docs)
    for scheme in SCHEMES:
        entry = ours[scheme].entry(HALF_CREDIT[scheme])
        reference = theirs["overall"][NERVALUATE_NAME[scheme]]
        assert {f: entry[f] for f in FIELDS} == {f: getattr(reference, f) for f in FIELDS}
    assert set(ours["per_type"]) == set(theirs["entities"])
    for label, by_scheme in theirs["entities"].items():
        for scheme in SCHEMES:
            entry = ours["per_type"][label][scheme].entry(HALF_CREDIT[scheme])
            reference = by_scheme[NERVALUATE_NAME[scheme]]
            assert {f: entry[f] for f in FIELDS} == {f: getattr(reference, f) for f in FIELDS}


@settings(max_examples=150, deadline=None)
@given(documents, st.randoms(use_true_random=False))
def test_order_and_duplicates_change_nothing(docs, rng):
    shuffled = []
    for gold, pred in docs:
        gold, pred = gold + gold[: len(gold) // 2], pred + pred
        rng.shuffle(gold)
        rng.shuffle(pred)
        shuffled.append((gold, pred))
    rng.shuffle(shuffled)
    ours, again = score_documents(docs), score_documents(shuffled)
    for scheme in SCHEMES:
        assert ours[scheme] == again[scheme]


@settings(max_examples=150, deadline=None)
@given(documents)
def test_gold_against_itself_and_bounds(docs):
    perfect = score_documents([(gold, gold) for gold, _ in docs])
    ours = score_documents(docs)
    for scheme in SCHEMES:
        if any(gold for gold, _ in docs):
            assert perfect[scheme].entry(HALF_CREDIT[scheme])["f1"] == 1.0
        entry = ours[scheme].entry(HALF_CREDIT[scheme])
        assert all(0.0 <= entry[k] <= 1.0 for k in ("precision", "recall", "f1"))
        assert entry["tp"] + entry["fp"] == entry["actual"] and entry["tp"] + entry["fn"] == entry["possible"]


@settings(max_examples=150, deadline=None)
@given(documents)
def test_swapping_sides_swaps_precision_and_recall_of_strict_and_exact_on_flat_spans(docs):
    """With no overlaps within either side, strict and exact are symmetric (tp = spans equal on both sides).

    nervaluate's greedy matching is not symmetric otherwise, so neither are partial and type: with
    nested gold (2,3) and (2,4) against a prediction (2,4), strict finds one correct and one missed;
    swapped, (2,3) takes (2,4) as incorrect and (2,4) is spurious. Under ``type``, gold (0,2,PER)
    against (0,1,ORG) and (1,2,PER) is incorrect + spurious, but swapped (0,2,PER) is correct; and
    the overlap threshold (1% of the gold span) depends on which side is gold.
    """
    flat = [(flat_spans(gold), flat_spans(pred)) for gold, pred in docs]
    ours = score_documents(flat)
    swapped = score_documents([(pred, gold) for gold, pred in flat])
    for scheme in ("strict", "exact"):
        a, b = ours[scheme].entry(False), swapped[scheme].entry(False)
        assert (a["precision"], a["recall"], a["f1"]) == (b["recall"], b["precision"], b["f1"])


def test_hand_worked_document():
    """Gold: A=(0,5,PER), B=(10,15,ORG), C=(20,25,GPE). Predicted: (0,5,PER) exact; (10,15,PER) right
    boundaries, wrong type; (21,25,GPE) overlaps C; (30,35,PER) touches nothing.
    strict: COR 1 (A), INC 2 (B, C), SPU 1, MIS 0 -> P = 1/4, R = 1/3.
    exact: COR 2 (A, B), INC 1 (C), SPU 1 -> P = 2/4, R = 2/3.
    partial: COR 2, PAR 1, SPU 1 -> P = (2 + 0.5)/4 = 0.625, R = 2.5/3.
    type: COR 2 (A, C by overlap and type), INC 1 (B), SPU 1 -> P = 2/4, R = 2/3.
    """
    gold = spanset([(0, 5, "PER"), (10, 15, "ORG"), (20, 25, "GPE")])
    pred = spanset([(0, 5, "PER"), (10, 15, "PER"), (21, 25, "GPE"), (30, 35, "PER")])
    expected = {"strict": (0.25, 1 / 3), "exact": (0.5, 2 / 3), "partial": (0.625, 2.5 / 3), "type": (0.5, 2 / 3)}
    for scheme, (precision, recall) in expected.items():
        entry = match_spans(gold, pred, scheme).counts().entry(HALF_CREDIT[scheme])
        assert (entry["precision"], entry["recall"]) == (precision, recall)
        assert entry["spurious"] == 1 and entry["missed"] == 0


@settings(max_examples=300, deadline=None)
@given(documents)
def test_partial_derived_from_exact_equals_matching_under_partial(docs):
    """``match_schemes`` and ``by_label`` derive ``partial`` from ``exact`` (and, per label, from
    ``strict``); matching under ``partial`` itself gives the same outcome."""
    from benchmark.scoring.spans import by_label, match_schemes

    for gold_spans, pred_spans in docs:
        gold, pred = spanset(gold_spans), spanset(pred_spans)
        outcomes = match_schemes(gold, pred)
        for scheme in SCHEMES:
            assert outcomes[scheme] == match_spans(gold, pred, scheme), scheme
        for label, per_label in by_label(gold, pred).items():
            gold_l, pred_l = [s for s in gold if s[2] == label], [s for s in pred if s[2] == label]
            for scheme in SCHEMES:
                assert per_label[scheme] == match_spans(gold_l, pred_l, scheme), (label, scheme)
