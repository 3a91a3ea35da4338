"""Deterministic tokenisation and sentence splitting with character offsets.

Offsets are Unicode code-point offsets into the text, end-exclusive. The rules are
simple and documented so that anyone can reproduce the ``ner`` view:

* a number is a run of digits with internal ``,`` or ``.`` groups ("4,000", "2.5");
* a dotted abbreviation ("U.S.") and a title abbreviation ("Dr.") are one token;
* a word is a run of letters, marks and symbols, so encoding damage such as
  "Garc√≠a" stays one token; digits and letters split ("4,000km" -> "4,000" "km");
* an apostrophe followed by a clitic ("'s", "’t", "'re", ...) after a word is a token;
* any other punctuation character (hyphens included) is a token of its own.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes, brackets or further
final punctuation attached) when whitespace and a capital letter, digit or opening
quote follow, and always at a line break.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

__all__ = ["Token", "tokenize", "token_spans", "sentences"]


class Token(NamedTuple):
    """A token: its character span and the text it covers."""

    start: int
    end: int
    text: str


_TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Col.", "Lt.", "Sgt.", "St.", "Jr.", "Sr.")
_LETTER = r"[^\W\d_]"
_PUNCTUATION = r"\"'“”‘’«»()\[\]{}.,;:!?…/\\\-–—&#%*@|+=<>~^`"  # ends a word
# The alternatives are tried in this order at each position. The lookaheads before the first two
# only skip them where they cannot match (each is implied by its alternative), which makes the
# tokeniser about three times faster; a word continues with any character that is not space, a
# digit, "_" or listed punctuation (letters, marks and symbols such as the "√" of "Garc√≠a").
_TOKEN = re.compile(
    rf"(?={_LETTER}\.{_LETTER}\.)(?:{_LETTER}\.){{2,}}"  # dotted abbreviation: U.S., U.N.
    r"|(?=\S{1,4}\.)(?:" + "|".join(re.escape(t) for t in _TITLES) + rf")(?!{_LETTER})"
    r"|\d+(?:[.,]\d+)*"  # number
    rf"|(?<={_LETTER})['’](?:s|t|re|ve|ll|d|m)(?!{_LETTER})"  # clitic after a word
    rf"|{_LETTER}[^\s\d_{_PUNCTUATION}]*"  # word
    r"|\S",  # any other character: punctuation
    re.IGNORECASE,
)
_FINAL = frozenset(".!?")
_CLOSING = frozenset("\"'”’)]}».!?")
_OPENING = frozenset("\"'“‘([{«")
# A sentence can only end at whitespace that follows a closing character or holds a line break.
_BREAK = re.compile(r"[\"'”’)\]}».!?\n]\s*")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def token_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every token of ``text``: :func:`tokenize` without the strings."""
    return [m.span() for m in _TOKEN.finditer(text)]


def _closes_sentence(text: str, tokens: list[tuple[int, int]], i: int, first: int) -> bool:
    """True when token i is final punctuation, or closes a glued run that has one."""
    j = i
    while j >= first:
        start, end = tokens[j]
        token = text[start:end]
        if token in _FINAL:
            return True
        if token not in _CLOSING or j == first or tokens[j - 1][1] != start:
            return False
        j -= 1
    return False


def sentences(text: str, tokens: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of every sentence in ``text`` (``tokens``: its
    :func:`token_spans`, when the caller has them already).

    Only the places ``_BREAK`` finds are looked at (a closing character or a line break, with
    the whitespace after it), not every token: between two tokens, whitespace with a line break
    ends a sentence; whitespace after final punctuation (or closing characters glued to it) does
    when the next token starts with a capital letter, a digit or an opening quote or bracket."""
    tokens = token_spans(text) if tokens is None else tokens
    if not tokens:
        return []
    starts = [start for start, _ in tokens]
    spans: list[tuple[int, int]] = []
    first = 0
    for found in _BREAK.finditer(text):
        i = bisect_right(starts, found.start()) - 1  # the token ending here, or the one before the line break
        gap = found.group()
        if i < first or i + 1 == len(tokens) or len(gap) == 1 and gap != "\n":
            continue  # before the first token, after the last, in a gap already split, or no whitespace
        following = text[tokens[i + 1][0]]
        if "\n" in gap or (
            (following.isupper() or following.isdigit() or following in _OPENING) and _closes_sentence(text, tokens, i, first)
        ):
            spans.append((tokens[first][0], tokens[i][1]))
            first = i + 1
    spans.append((tokens[first][0], tokens[-1][1]))
    return spans
