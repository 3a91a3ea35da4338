"""What every task scorer shares (``scoring/tally.py``), against the rules as first written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.scoring.tally import Stats, Units, prf, score_sets


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 400), max_size=30), st.booleans())
def test_units_of_offsets_are_the_units_of_each_offset(offsets, ascending):
    """The sentence-by-sentence split of ascending offsets gives what a bisection per offset gives
    (offsets before the first sentence and past the text included)."""
    text = "  Intro line here.\nSecond one! Third?  Fourth.\n\nFifth " * 4
    units = Units({"b": "One. Two.", "a": text})
    offsets = sorted(offsets) if ascending else offsets
    assert units.of_offsets("a", offsets) == [units("a", offset) for offset in offsets]
    assert units.of_offsets("b", offsets) == [units("b", offset) for offset in offsets]


def _score_sets_key_by_key(gold: dict, pred: dict) -> tuple:
    """score_sets as first written: one key at a time."""
    stats = Stats()
    false_positives = [key for key in pred if key not in gold]
    false_negatives = []
    for key, unit in gold.items():
        if key in pred:
            stats.add(unit, tp=1)
        else:
            stats.add(unit, fn=1)
            false_negatives.append(key)
    for key in false_positives:
        stats.add(pred[key], fp=1)
    tp = len(gold) - len(false_negatives)
    return prf(tp, len(false_positives), len(false_negatives)), stats, false_positives, false_negatives


keyed_units = st.dictionaries(st.tuples(st.sampled_from("abc"), st.integers(0, 12)), st.integers(0, 6), max_size=40)


@settings(max_examples=200, deadline=None)
@given(keyed_units, keyed_units)
def test_score_sets_equals_scoring_key_by_key(gold, pred):
    entry, stats, fps, fns = score_sets(gold, pred)
    expected_entry, expected_stats, expected_fps, expected_fns = _score_sets_key_by_key(gold, pred)
    assert (entry, fps, fns) == (expected_entry, expected_fps, expected_fns)
    assert list(stats.items()) == list(expected_stats.items())  # the same rows, in the same order
    assert all(type(v) is int for row in stats.values() for v in row)
