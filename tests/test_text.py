"""Tokenisation and sentence splitting: offsets, coverage and the documented rules."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data.goldfile import load_corpus
from benchmark.text.iob2 import flat_spans
from benchmark.text.tokens import sentences, token_spans, tokenize


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


# The rules as first written, token by token: the fast tokeniser and splitter must agree with them.
_TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Col.", "Lt.", "Sgt.", "St.", "Jr.", "Sr.")
_REFERENCE_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|(?:" + "|".join(re.escape(t) for t in _TITLES) + r")(?![^\W\d_])"
    r"|\d+(?:[.,]\d+)*"
    r"|(?<=[^\W\d_])['’](?:s|t|re|ve|ll|d|m)(?![^\W\d_])"
    r"|[^\W\d_](?:[^\W\d_]|[^\w\s\"'“”‘’«»()\[\]{}.,;:!?…/\\\-–—&#%*@|+=<>~^`])*"
    r"|\S",
    re.IGNORECASE,
)


def _reference_sentences(text: str) -> list[tuple[int, int]]:
    tokens = [(m.start(), m.end(), m.group()) for m in _REFERENCE_TOKEN.finditer(text)]

    def closes(i: int, first: int) -> bool:
        j = i
        while j >= first:
            if tokens[j][2] in ".!?":
                return True
            if tokens[j][2] not in "\"'”’)]}».!?" or j == first or tokens[j - 1][1] != tokens[j][0]:
                return False
            j -= 1
        return False

    spans, first = [], 0
    for i, token in enumerate(tokens):
        if i + 1 < len(tokens):
            following = tokens[i + 1]
            gap = text[token[1] : following[0]]
            starts = following[2][0].isupper() or following[2][0].isdigit() or following[2][0] in "\"'“‘([{«"
            if "\n" not in gap and not (gap and closes(i, first) and starts):
                continue
        spans.append((tokens[first][0], token[1]))
        first = i + 1
    return spans


TRICKY = list("aAbsSKkſMmrRDdPpoOfe .'’,-\n\t\"“”()!?»«19_éüßİıﬀ²\u0301\u212a…—\u00a0\u2028") + ["U.S.", "Mr.", "Prof.", "St.", "'s"]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(TRICKY), max_size=40).map("".join))
def test_fast_tokeniser_and_splitter_follow_the_rules_as_written(text: str):
    assert [(t.start, t.end) for t in tokenize(text)] == [m.span() for m in _REFERENCE_TOKEN.finditer(text)]
    assert token_spans(text) == [m.span() for m in _REFERENCE_TOKEN.finditer(text)]
    assert sentences(text) == _reference_sentences(text)


def test_fast_splitter_follows_the_rules_on_the_shipped_texts():
    for document in load_corpus():
        assert sentences(document.text) == _reference_sentences(document.text)


def _reference_flat_spans(spans):
    kept = []
    for span in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0], s[2])):
        if all(span[1] <= other[0] or other[1] <= span[0] for other in kept):
            kept.append(span)
    return sorted(kept)


@settings(max_examples=500)
@given(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 5), st.sampled_from("ABC")), max_size=12))
def test_flat_spans_keeps_the_outermost_as_the_pairwise_rule_does(drawn):
    spans = [(start, start + length, label) for start, length, label in drawn]
    assert flat_spans(spans) == _reference_flat_spans(spans)
