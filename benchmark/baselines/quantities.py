"""A small quantity parser: numerals, number words and magnitude words with their qualifier,
unit and bounds, following the conventions of ``annotations/guidelines/claims.md``.

Shared by the ``rules`` baseline (which finds the numerals itself) and the ``spacy``
baseline (which takes the numerals from spaCy's CARDINAL/QUANTITY/MONEY/PERCENT entities
and hands them to :func:`interpret`), so both apply the same qualifier logic.

* numerals: digits with ``,``/``.`` groups ("11,000", "2.5"), number words ("three",
  "twenty-five", "one hundred"), a scale word after a number ("2.5 million", "$5m");
* magnitude words (qualifier ``vague``): "a couple of", "a few", "several", "a number of",
  "dozens", "hundreds", "thousands", "millions", "several hundred", "tens of thousands";
* qualifier cues immediately before the number: "nearly"/"almost"/"just under" (almost),
  "about"/"around"/"roughly"/"some"/"approximately"/"an estimated" (approximately),
  "at least"/"no fewer than"/"a minimum of" (at_least), "more than"/"over"/"above"/
  "upwards of" (more_than), "at most"/"no more than"/"a maximum of" (at_most),
  "less than"/"fewer than"/"under"/"below" (less_than), "as many as"/"up to" (up_to),
  "between X and Y", "X to Y", "X-Y" (range);
* units after the number (km, m, mile, minute ... year, percent, currencies) or a currency
  sign before it; "N-year-old" is an age; otherwise a count of ``person`` when the counted
  noun names people, else ``item``;
* not quantities: ordinals, years (1800-2100 standing alone), day numbers next to a month
  name, "a"/"an" + time unit, and an amount of time followed by "after"/"before"/"ago"/
  "later"/"earlier" (it answers *when*, so it belongs to the time layer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..data.claims import dimension, expected_bounds
from ..text.tokens import Token
from . import lexicon
from .lexicon import DEMONYMS, FUNCTION_WORDS

__all__ = ["Quantity", "find_quantities", "merge_ranges", "interpret", "bounds", "noun_type", "PROPERTY_OF_UNIT"]

_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "m": 10**6, "bn": 10**9, "k": 1000}
_MAGNITUDES = {"dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec"}

_UNITS = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "mile": "mile", "miles": "mile",
    "minute": "minute", "minutes": "minute", "hour": "hour", "hours": "hour", "day": "day", "days": "day",
    "week": "week", "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
    "%": "percent", "percent": "percent", "per cent": "percent",
    "dollars": "usd", "dollar": "usd", "pesos": "mxn", "peso": "mxn", "euros": "eur", "euro": "eur",
    "pounds": "gbp",
}
_CURRENCY_SIGNS = {"$": "usd", "US$": "usd", "€": "eur", "£": "gbp"}
_TIME_UNITS = {"minute", "hour", "day", "week", "month", "year"}
PROPERTY_OF_UNIT = {
    "person": "count", "item": "count", "km": "distance", "m": "distance", "mile": "distance",
    "minute": "duration", "hour": "duration", "day": "duration", "week": "duration",
    "month": "duration", "year": "duration", "percent": "proportion",
    "usd": "money", "mxn": "money", "eur": "money", "gbp": "money",
}
_QUALIFIER_CUES = {  # lowercase word sequences immediately before the number
    ("just", "under"): "almost", ("nearly",): "almost", ("almost",): "almost",
    ("about",): "approximately", ("around",): "approximately", ("roughly",): "approximately",
    ("some",): "approximately", ("approximately",): "approximately", ("an", "estimated"): "approximately",
    ("estimated",): "approximately", ("circa",): "approximately",
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least", ("no", "less", "than"): "at_least",
    ("a", "minimum", "of"): "at_least",
    ("more", "than"): "more_than", ("over",): "more_than", ("above",): "more_than", ("upwards", "of"): "more_than",
    ("at", "most"): "at_most", ("no", "more", "than"): "at_most", ("a", "maximum", "of"): "at_most",
    ("less", "than"): "less_than", ("fewer", "than"): "less_than", ("under",): "less_than", ("below",): "less_than",
    ("as", "many", "as"): "up_to", ("as", "much", "as"): "up_to", ("up", "to"): "up_to",
}
_AFTER_RELATIVE = {"after", "before", "ago", "later", "earlier"}


@dataclass
class Quantity:
    """A parsed quantity: its span (modifiers and unit included) and its normalisation."""

    start: int
    end: int
    value: float
    unit: str | None
    qualifier: str
    lower: float | None
    upper: float | None
    noun: int | None = None  # token index of the counted noun, if any
    first: int = 0  # token index of the first and last token of the span
    last: int = 0
    age: bool = False  # an age ("23" after a name, "three-year-old"): property age

    @property
    def measured_property(self) -> str | None:
        return "age" if self.age else PROPERTY_OF_UNIT.get(self.unit or "")


def _number(token: str) -> float | None:
    text = token.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def noun_type(word: str) -> str | None:
    """Entity type of a common noun (or demonym noun) by its lemma, or None."""
    if word in DEMONYMS:
        return "PER" if word.endswith("s") else None
    lower = word.lower()
    for lemma in (lower, lower[:-1] if lower.endswith("s") else None, lower[:-2] if lower.endswith("es") else None,
                  lower[:-3] + "y" if lower.endswith("ies") else None,
                  {"men": "man", "women": "woman", "children": "child", "people": "people"}.get(lower)):
        if lemma and lemma in lexicon.NOUN_TYPES:
            return lexicon.NOUN_TYPES[lemma]
    return None


def _read_number_words(words: Sequence[str], i: int) -> tuple[float, int] | None:
    """Parse number words from words[i]; return (value, index after) or None."""
    total, current, j, seen = 0, 0, i, False
    while j < len(words):
        word = words[j]
        if word in _ONES:
            current += _ONES[word]
        elif word in _TENS:
            current += _TENS[word]
            if j + 2 < len(words) and words[j + 1] == "-" and words[j + 2] in _ONES:
                current += _ONES[words[j + 2]]
                j += 2
        elif word in ("hundred",) and seen:
            current *= 100
        elif word in ("thousand", "million", "billion") and seen:
            total += current * _SCALES[word]
            current = 0
        elif word == "and" and seen and j + 1 < len(words) and (words[j + 1] in _ONES or words[j + 1] in _TENS):
            pass
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return float(total + current), j


def bounds(value: float, qualifier: str, unit: str | None, upper_value: float | None = None) -> tuple[float | None, float | None]:
    """Lower and upper bound of a quantity by the guidelines' table (not for ``vague``): the gold
    checks' own rule (``data.claims.expected_bounds``, count units read from the schema), as floats."""
    if qualifier == "range":
        return value, upper_value
    found = expected_bounds({"value": value, "qualifier": qualifier, "unit": unit})
    if found is None:
        return value, value
    return tuple(None if x is None else float(x) for x in found)


def _counted(unit: str | None) -> bool:
    """True for a unit that counts things (dimension ``count`` in the schema)."""
    return unit is not None and dimension(unit) == "count"


def _clean(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 6)


def _vague(words: Sequence[str], i: int) -> tuple[float, float | None, int] | None:
    """A magnitude expression starting at words[i]: (lower, upper, index after)."""
    w = words
    n = len(w)
    if w[i] == "tens" and i + 2 < n and w[i + 1] == "of" and w[i + 2] == "thousands":
        return 20000, 99999, i + 3
    if w[i] in _MAGNITUDES:
        m = _MAGNITUDES[w[i]]
        return 2 * m, 10 * m - 1, i + 1
    if w[i] == "several":
        if i + 1 < n and w[i + 1] in ("hundred", "thousand", "million", "dozen"):
            m = {"hundred": 100, "thousand": 1000, "million": 10**6, "dozen": 12}[w[i + 1]]
            return 3 * m, 10 * m - 1, i + 2
        return 3, 9, i + 1
    if w[i] == "a" and i + 2 < n and w[i + 1] == "couple" and w[i + 2] == "of":
        return 2, 3, i + 3
    if w[i] == "a" and i + 1 < n and w[i + 1] == "few":
        return 2, 9, i + 2
    if w[i] == "a" and i + 2 < n and w[i + 1] == "number" and w[i + 2] == "of":
        return 2, None, i + 3
    return None


def find_quantities(tokens: Sequence[Token], skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Every quantity in ``tokens`` (not overlapping the character spans in ``skip``)."""
    words = [t.text.lower() for t in tokens]
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        if any(s < tokens[i].end and tokens[i].start < e for s, e in skip):
            i += 1
            continue
        quantity = None
        vague = _vague(words, i)
        if vague is not None:
            lower, upper, j = vague
            quantity = _finish(tokens, words, i, j - 1, lower, "vague", lower, upper)
        else:
            number = _number(tokens[i].text) if tokens[i].text[0].isdigit() else None
            if number is not None:
                j = i + 1
                if j < len(words) and words[j] in _SCALES and words[j] not in ("m",) or (
                    j < len(words) and words[j] == "m" and i > 0 and tokens[i - 1].text in _CURRENCY_SIGNS
                ):
                    number *= _SCALES[words[j]]
                    j += 1
                quantity = _numeral(tokens, words, i, j - 1, number)
            elif words[i] in _ONES or words[i] in _TENS:
                parsed = _read_number_words(words, i)
                if parsed is not None and _plausible_word_number(words, i, parsed[1]):
                    quantity = _numeral(tokens, words, i, parsed[1] - 1, parsed[0])
        if quantity is not None:
            found.append(quantity)
            i = quantity.last + 1
        else:
            i += 1
    return found


def _plausible_word_number(words: Sequence[str], i: int, j: int) -> bool:
    """A number word counts something: "one" needs a following content word."""
    if words[i] == "one" and j == i + 1:
        if j >= len(words) or not words[j].isalpha() or words[j] in ("of", "another", "day", "the", "a", "who", "that"):
            return False
        if i > 0 and words[i - 1] in ("no", "any", "every", "the", "this", "that"):
            return False
    return True


def _numeral(tokens, words, i, k, number) -> Quantity | None:
    """A numeral at tokens[i..k]: reject dates and years, then read qualifier and unit."""
    n = len(tokens)
    raw = tokens[i].text
    if raw.isdigit() and len(raw) == 4 and 1800 <= number <= 2100 and not (k + 1 < n and words[k + 1] in _UNITS):
        return None
    if (k + 1 < n and words[k + 1] in _MONTHS) or (i > 0 and words[i - 1] in _MONTHS):
        return None
    ordinal = k + 1 < n and tokens[k + 1].text.startswith(("st", "nd", "rd", "th")) and tokens[k + 1].start == tokens[k].end
    if i > 0 and tokens[i - 1].text in ("#", "No.") or ordinal:
        return None
    return _finish(tokens, words, i, k, number, None, None, None)


def interpret(tokens: Sequence[Token], first: int, last: int) -> Quantity | None:
    """Read a numeral the caller found at tokens[first..last] (spaCy's numeric entities)."""
    words = [t.text.lower() for t in tokens]
    vague = _vague(words, first)
    if vague is not None:
        return _finish(tokens, words, first, vague[2] - 1, vague[0], "vague", vague[0], vague[1])
    for i in range(first, last + 1):
        if tokens[i].text[0].isdigit() and _number(tokens[i].text) is not None:
            value = _number(tokens[i].text)
            k = i
            if k + 1 <= last and words[k + 1] in _SCALES:
                value *= _SCALES[words[k + 1]]
                k += 1
            return _numeral(tokens, words, i, k, value)
        if words[i] in _ONES or words[i] in _TENS:
            parsed = _read_number_words(words, i)
            if parsed is not None:
                return _numeral(tokens, words, i, parsed[1] - 1, parsed[0])
        vague = _vague(words, i)
        if vague is not None:
            return _finish(tokens, words, i, vague[2] - 1, vague[0], "vague", vague[0], vague[1])
    return None


def _finish(tokens, words, i, k, value, qualifier, lower, upper) -> Quantity | None:
    """Add the qualifier before tokens[i] and the unit after tokens[k]."""
    n = len(tokens)
    first, last = i, k
    # currency sign before the number
    unit = None
    if i > 0 and tokens[i - 1].text in _CURRENCY_SIGNS and tokens[i - 1].end == tokens[i].start:
        unit = _CURRENCY_SIGNS[tokens[i - 1].text]
        first = i - 1
        if i > 1 and words[i - 2] == "us" and tokens[i - 2].end == tokens[i - 1].start:
            first = i - 2
    # unit after the number; "N-year-old" is an age
    after = k + 1
    if unit is None and after < n:
        if (words[after] == "-" and after + 3 < n and words[after + 1] in ("year", "month", "week", "day")
                and words[after + 2] == "-" and words[after + 3] == "old"):
            unit, last = _UNITS[words[after + 1]], after + 3
        elif words[after] == "per" and after + 1 < n and words[after + 1] == "cent":
            unit, last = "percent", after + 1
        elif words[after] in _UNITS and not (words[after] == "m" and tokens[after].start != tokens[k].end):
            unit, last = _UNITS[words[after]], after
        elif words[after] == "-" and after + 1 < n and words[after + 1] in _UNITS:
            unit, last = _UNITS[words[after + 1]], after + 1
    age = unit == "year" and last > k + 1
    if unit is None and qualifier is None and value < 120 and i > 1 and words[i - 1] == "," and tokens[i - 2].text[0].isupper() \
            and k + 1 < n and words[k + 1] in (",", "and", ")", "."):
        unit, age = "year", True  # "Name, 23," gives an age
    if unit in _TIME_UNITS and not age:
        if qualifier is None and first == i and i > 0 and words[i - 1] in ("a", "an") and value == 1:
            return None
        if last + 1 < n and words[last + 1] in _AFTER_RELATIVE:
            return None
    # qualifier cue immediately before
    if qualifier is None:
        qualifier = "exact"
        for length in (3, 2, 1):
            if first - length < 0:
                continue
            cue = tuple(words[first - length : first])
            if cue in _QUALIFIER_CUES:
                qualifier = _QUALIFIER_CUES[cue]
                first -= length
                break
    noun = None
    if unit is None:
        noun = _counted_noun(tokens, words, last + 1)
        unit = "person" if noun is None or noun_type(tokens[noun].text) == "PER" else "item"
        if noun is None and last + 1 < n and words[last + 1] in ("of",):
            unit = "item"
    if qualifier != "vague":
        lower, upper = bounds(value, qualifier, unit)
    quantity = Quantity(tokens[first].start, tokens[last].end, _clean(value), unit, qualifier, _clean(lower), _clean(upper), noun, first, last)
    quantity.age = age
    return quantity


def _counted_noun(tokens, words, j) -> int | None:
    """Index of the counted noun after a numeral: skip "of (the)", adjectives and names.

    A noun of the type lexicon within three words wins; otherwise the last of the
    lowercase content words that follow (the head of "one small section"); none when a
    verb-like word ("managed") or a function word comes first.
    """
    n = len(tokens)
    if j < n and words[j] == "of":
        j += 1
        if j < n and words[j] in ("the", "these", "those", "their", "its", "his", "her", "our", "that"):
            j += 1
    run: list[int] = []
    for k in range(j, min(n, j + 4)):
        word = tokens[k].text
        if not word[0].isalpha():
            break
        if noun_type(word) is not None:
            return k
        if word[0].isupper():
            continue
        if words[k] in FUNCTION_WORDS or words[k].endswith(("ed", "ing", "ly")):
            break
        run.append(k)
    return run[-1] if run else None


def merge_ranges(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Merge "between X and Y", "X to Y" and "X-Y" pairs of adjacent quantities into ranges."""
    merged: list[Quantity] = []
    skip = False
    for a, b in zip(quantities, quantities[1:] + [None]):
        if skip:
            skip = False
            continue
        if b is not None and a.qualifier == "exact" and b.qualifier == "exact":
            gap = text[a.end : b.start].strip().lower()
            before = text[max(0, a.start - 8) : a.start].strip().lower()
            if gap in ("-", "–", "to") or (gap == "and" and before.endswith("between")):
                start = a.start - len("between ") if gap == "and" and text[a.start - 8 : a.start].lower() == "between " else a.start
                unit = b.unit if not _counted(b.unit) or _counted(a.unit) else a.unit
                merged.append(Quantity(start, b.end, a.value, unit, "range", a.value, b.value, b.noun, a.first, b.last, a.age or b.age))
                skip = True
                continue
        merged.append(a)
    return merged
