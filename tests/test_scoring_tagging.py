"""IOB2 chunk scores against seqeval 1.2.2 called directly, default and strict mode, and the ``ner`` view."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

from benchmark.scoring.tagging import ner_view, score_tags
from benchmark.text.tokens import sentences, tokenize

tags = st.sampled_from(["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-ORG", "B-ORG"])


@st.composite
def paired_sequences(draw):
    lengths = draw(st.lists(st.integers(0, 10), min_size=1, max_size=5))
    true = [draw(st.lists(tags, min_size=n, max_size=n)) for n in lengths]
    pred = [draw(st.lists(tags, min_size=n, max_size=n)) for n in lengths]
    return true, pred


@settings(max_examples=300, deadline=None)
@given(paired_sequences())
def test_both_modes_match_seqeval(case):
    y_true, y_pred = case
    for mode, options in (("default", {}), ("strict", {"mode": "strict", "scheme": IOB2})):
        ours = score_tags(y_true, y_pred, mode)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference = (
                precision_score(y_true, y_pred, **options),
                recall_score(y_true, y_pred, **options),
                f1_score(y_true, y_pred, **options),
            )
        assert (ours["precision"], ours["recall"], ours["f1"]) == tuple(float(x) for x in reference)


def test_modes_differ_on_a_stray_inside_tag():
    """``I-PER I-PER``: conlleval reads one PER chunk, strict IOB2 none (no B-)."""
    assert score_tags([["B-PER", "I-PER"]], [["I-PER", "I-PER"]], "default")["f1"] == 1.0
    assert score_tags([["B-PER", "I-PER"]], [["I-PER", "I-PER"]], "strict")["f1"] == 0.0


def test_strict_mode_rejects_other_schemes():
    with pytest.raises(ValueError):
        score_tags([["S-PER"]], [["O"]], "strict")


def test_ner_view_widens_predicted_spans_to_tokens_and_keeps_the_outermost():
    text = "Mexico City said so. The US agreed."
    gold = [(0, 11, "GPE"), (25, 27, "GPE")]
    # (1,5) widens to "Mexico" and ties with (0,6,LOC): GPE, the first label, is kept; "Mexico City"
    # (LOC) then contains it and wins as the outermost; (18,23) crosses the sentence end.
    pred = [(1, 5, "GPE"), (0, 6, "LOC"), (0, 11, "LOC"), (25, 27, "GPE"), (18, 23, "ORG")]
    gold_tags, pred_tags, used = ner_view(text, sentences(text), gold, pred)
    assert used == [0, 1]
    assert gold_tags == [["B-GPE", "I-GPE", "O", "O", "O"], ["O", "B-GPE", "O", "O"]]
    assert pred_tags == [["B-LOC", "I-LOC", "O", "O", "O"], ["O", "B-GPE", "O", "O"]]
    _, pred_tags, _ = ner_view(text, sentences(text), gold, pred[:2])
    assert pred_tags[0] == ["B-GPE", "O", "O", "O", "O"]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000))
def test_ner_chunks_are_the_chunks_of_the_ner_view_tags(seed):
    """``ner_chunks`` (used by the harness) reads the same chunks, in both modes, as seqeval's
    reading of ``ner_view``'s tags (used by the benchmark against seqeval)."""
    import random

    from benchmark.scoring.tagging import chunks, ner_chunks

    rng = random.Random(seed)
    text = "Mexico City said so. The U.S. agreed, Dr. Ruiz said. Migrants waited in Tijuana."
    labels = ["GPE", "LOC", "ORG", "PER"]

    def random_spans():
        spans = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randrange(len(text) - 1)
            spans.append((start, rng.randint(start + 1, min(len(text), start + 15)), rng.choice(labels)))
        return spans

    gold, pred = random_spans(), random_spans()
    sentence_spans = sentences(text)
    gold_tags, pred_tags, used = ner_view(text, sentence_spans, gold, pred)
    gold_chunks, pred_chunks = ner_chunks(text, sentence_spans, gold, pred)
    tokens = tokenize(text)

    def as_characters(tag_chunks):
        out = set()
        for k, first, last, label in tag_chunks:
            n = used[k]
            window = [t for t in tokens if sentence_spans[n][0] <= t.start < sentence_spans[n][1]]
            out.add((n, window[first].start, window[last].end, label))
        return out

    for mode in ("default", "strict"):
        assert as_characters(chunks(gold_tags, mode)) == set(gold_chunks)
        assert as_characters(chunks(pred_tags, mode)) == set(pred_chunks)
