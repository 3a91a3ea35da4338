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
from typing import NamedTuple

__all__ = ["Token", "tokenize", "sentences"]


class Token(NamedTuple):
    """A token: its character span and the text it covers."""

    start: int
    end: int
    text: str


_TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Col.", "Lt.", "Sgt.", "St.", "Jr.", "Sr.")
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # dotted abbreviation: U.S., U.N.
    r"|(?:" + "|".join(re.escape(t) for t in _TITLES) + r")(?![^\W\d_])"
    r"|\d+(?:[.,]\d+)*"  # number
    r"|(?<=[^\W\d_])['’](?:s|t|re|ve|ll|d|m)(?![^\W\d_])"  # clitic after a word
    r"|[^\W\d_](?:[^\W\d_]|[^\w\s\"'“”‘’«»()\[\]{}.,;:!?…/\\\-–—&#%*@|+=<>~^`])*"  # word
    r"|\S",  # any other character: punctuation
    re.IGNORECASE,
)
_FINAL = frozenset(".!?")
_CLOSING = frozenset("\"'”’)]}».!?")
_OPENING = frozenset("\"'“‘([{«")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _starts_sentence(token: Token) -> bool:
    first = token.text[0]
    return first.isupper() or first.isdigit() or first in _OPENING


def _closes_sentence(tokens: list[Token], i: int, first: int) -> bool:
    """True when tokens[i] is final punctuation, or closes a glued run that has one."""
    j = i
    while j >= first:
        if tokens[j].text in _FINAL:
            return True
        if tokens[j].text not in _CLOSING or j == first or tokens[j - 1].end != tokens[j].start:
            return False
        j -= 1
    return False


def sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of every sentence in ``text``."""
    tokens = tokenize(text)
    spans: list[tuple[int, int]] = []
    first = 0
    for i, token in enumerate(tokens):
        if i + 1 < len(tokens):
            following = tokens[i + 1]
            gap = text[token.end : following.start]
            if "\n" not in gap and not (gap and _closes_sentence(tokens, i, first) and _starts_sentence(following)):
                continue
        spans.append((tokens[first].start, token.end))
        first = i + 1
    return spans
