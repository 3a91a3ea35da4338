"""Tokenisation and sentence splitting: offsets, coverage and the documented rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from benchmark.data.goldfile import load_corpus
from benchmark.text.tokens import sentences, tokenize


def texts(*words: str) -> list[str]:
    return [t.text for t in tokenize(" ".join(words))]


def test_documented_rules():
    assert texts("4,000km (2,500 miles)") == ["4,000", "km", "(", "2,500", "miles", ")"]
    assert texts("the U.S. border") == ["the", "U.S.", "border"]
    assert texts("Mexico's", "aren’t") == ["Mexico", "'s", "aren", "’t"]
    assert texts("US-Mexico", "three-year-old") == ["US", "-", "Mexico", "three", "-", "year", "-", "old"]
    assert texts("Joseph Garc√≠a,") == ["Joseph", "Garc√≠a", ","]
    assert texts("Mr. Trump") == ["Mr.", "Trump"]


def test_sentence_rules():
    text = 'He said: "We ran! We hid." Then the U.S. border closed.\nNo full stop here\nThe end.'
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ['He said: "We ran!', 'We hid."', "Then the U.S. border closed.", "No full stop here", "The end."]
    quoted = "It said “stop”. Next one"
    assert [quoted[s:e] for s, e in sentences(quoted)] == ["It said “stop”.", "Next one"]


@given(st.text(alphabet=st.sampled_from(list("ab Z9.,'’-\n\"!?√≠é")), max_size=80))
def test_tokens_cover_every_visible_character_once(text: str):
    tokens = tokenize(text)
    covered = [i for t in tokens for i in range(t.start, t.end)]
    assert covered == [i for i, c in enumerate(text) if not c.isspace()]
    assert all(text[t.start : t.end] == t.text and t.text.strip() == t.text for t in tokens)


@given(st.text(alphabet=st.sampled_from(list("ab Z9.\n!?\"")), max_size=80))
def test_sentences_partition_the_tokens(text: str):
    spans = sentences(text)
    tokens = tokenize(text)
    assert sum(len(tokenize(text, s, e)) for s, e in spans) == len(tokens)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_shipped_texts_split_deterministically():
    corpus = load_corpus()
    counts = [len(sentences(d.text)) for d in corpus]
    assert counts == [len(sentences(d.text)) for d in corpus]
    assert all(n > 10 for n in counts)
