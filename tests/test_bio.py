"""Spans -> IOB2 -> spans round trips (hypothesis) and the flat view of nested spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.text.iob2 import flat_spans, iob2_to_spans, spans_to_iob2
from benchmark.text.tokens import tokenize

LABELS = ["PER", "ORG", "GPE"]
words = st.lists(st.sampled_from(["Mexico", "the", "US", "border", ",", "4,000", "said", "Garc√≠a"]), min_size=1, max_size=25)


@st.composite
def tokens_and_spans(draw):
    tokens = tokenize(" ".join(draw(words)))
    spans, i = [], 0
    while i < len(tokens):
        if draw(st.booleans()):
            length = draw(st.integers(1, min(3, len(tokens) - i)))
            spans.append((tokens[i].start, tokens[i + length - 1].end, draw(st.sampled_from(LABELS))))
            i += length
        else:
            i += 1
    return tokens, spans


@given(tokens_and_spans())
def test_spans_round_trip(case):
    tokens, spans = case
    tags = spans_to_iob2(tokens, spans)
    assert iob2_to_spans(tokens, tags) == spans
    assert spans_to_iob2(tokens, iob2_to_spans(tokens, tags)) == tags


@given(st.lists(st.sampled_from(["O", "B-PER", "I-PER", "B-GPE", "I-GPE"]), min_size=1, max_size=20))
def test_lenient_reading_of_any_tag_sequence(tags):
    tokens = tokenize(" ".join(["w"] * len(tags)))
    spans = iob2_to_spans(tokens, tags)
    # reading is stable: re-tagging the chunks and reading them again changes nothing
    assert iob2_to_spans(tokens, spans_to_iob2(tokens, spans)) == spans


def test_stray_inside_tag_starts_a_chunk_as_conlleval_does():
    tokens = tokenize("a b c d")
    assert iob2_to_spans(tokens, ["I-PER", "I-GPE", "I-GPE", "O"]) == [(0, 1, "PER"), (2, 5, "GPE")]


def test_misaligned_and_overlapping_spans_are_rejected():
    tokens = tokenize("US-Mexico border")
    with pytest.raises(ValueError, match="token boundaries"):
        spans_to_iob2(tokens, [(0, 1, "GPE")])
    with pytest.raises(ValueError, match="overlaps"):
        spans_to_iob2(tokens, [(0, 9, "LOC"), (3, 9, "GPE")])


def test_flat_spans_keep_the_outermost():
    nested = [(0, 32, "ORG"), (0, 2, "GPE"), (40, 46, "GPE"), (44, 50, "LOC")]
    assert flat_spans(nested) == [(0, 32, "ORG"), (40, 46, "GPE")]
