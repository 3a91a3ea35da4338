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


def _closes_sentence(text: str, begin: int, end: int) -> bool:
    """True when the tokens glued together that end at ``end`` (where whitespace follows) are final
    punctuation, alone or with closing characters after it; ``begin``: the sentence's start."""
    start = end - 1
    while start > begin and not text[start - 1].isspace():
        start -= 1
    for token_start, token_end in reversed(list(map(re.Match.span, _TOKEN.finditer(text, start, end)))):
        token = text[token_start:token_end]
        if token in _FINAL:
            return True
        if token not in _CLOSING:
            return False
    return False


def sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of every sentence in ``text``, from its first token to its last.

    Only the places ``_BREAK`` finds are looked at (a closing character or a line break, with
    the whitespace after it), and only the text around them is tokenised: tokens hold no
    whitespace, so a sentence ends at the end of a token and the next begins where the
    whitespace after it ends. Whitespace with a line break ends a sentence; whitespace after
    final punctuation (or closing characters glued to it) does when the next token starts with
    a capital letter, a digit or an opening quote or bracket."""
    begin, last = len(text) - len(text.lstrip()), len(text.rstrip())
    if begin == len(text):
        return []
    spans: list[tuple[int, int]] = []
    for found in _BREAK.finditer(text):
        at, after = found.start(), found.end()
        gap = found.group()
        if at < begin or after == len(text) or len(gap) == 1 and gap != "\n":
            continue  # before the sentence's first token, after the last token, or no whitespace
        following = text[after]
        if gap[0] == "\n":  # whitespace with a line break after the token before it
            spans.append((begin, len(text[begin:at].rstrip()) + begin))
            begin = after
        elif "\n" in gap or (
            (following.isupper() or following.isdigit() or following in _OPENING) and _closes_sentence(text, begin, at + 1)
        ):
            spans.append((begin, at + 1))
            begin = after
    spans.append((begin, last))
    return spans
