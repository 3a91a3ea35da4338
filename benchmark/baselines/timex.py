"""A small rule-based TIMEX3 tagger (spans, types and values) for the baselines.

Raw text carries no document date, so relative expressions get TIMEX3's underspecified or
reference values rather than calendar dates: "Monday" -> ``XXXX-WXX-1``, "19 October" ->
``XXXX-10-19``, "last week" -> ``PAST_REF``, "now" -> ``PRESENT_REF``; durations get their
ISO 8601 amount ("two weeks" -> ``P2W``, "a number of hours" -> ``PTXH``).

Patterns (case-insensitive, word-bounded), longest match first:

* day names with an optional "last"/"next"/"this" ("Sunday", "last Friday");
* dates: "19 October", "October 19", "October 19, 2018", "October 2018", a month alone
  after "in"/"since"/"by"/"until", a year 1900-2099 after "in"/"since";
* "today", "yesterday", "tomorrow", "tonight", "now", "last night", "this morning",
  "earlier/later this week/month/year", "last/next/this week/month/year";
* durations: "(the past|the last|the next)? N units", "a number of units", "several units",
  "the past units", "a day", "an hour" (N a numeral or number word).

A preposition before the expression is never part of it, nor a possessive ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Timex", "find_times"]


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str


_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_NUMS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}
_UNIT = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE"}
_NUM = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNITS = r"(?:second|minute|hour|day|week|month|year|decade)s?"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"

_PATTERNS: list[tuple[str, str]] = [
    ("date_full", rf"\b(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})\b"),
    ("date_dm", rf"\b\d{{1,2}}\s+{_MONTH}\b"),
    ("date_md", rf"\b{_MONTH}\s+\d{{1,2}}\b(?!,?\s*\d{{4}})"),
    ("month_year", rf"\b{_MONTH}\s+\d{{4}}\b"),
    ("rel_day", rf"\b(?:last|next|this)\s+{_DAY}\b"),
    ("day", rf"\b{_DAY}\b"),
    ("part_of_day", r"\b(?:last\s+night|tonight|this\s+(?:morning|afternoon|evening))\b"),
    ("deictic", r"\b(?:today|yesterday|tomorrow)\b"),
    ("now", r"\bnow\b"),
    ("rel_period", r"\b(?:(?:earlier|later)\s+this|last|next|this)\s+(?:week|month|year)\b"),
    ("duration", rf"\b(?:(?:the\s+)?(?:past|last|next)\s+)?{_NUM}\s+{_UNITS}\b"),
    ("duration_vague", rf"\b(?:(?:the\s+)?(?:past|last|next)\s+)?(?:a\s+number\s+of|several|a\s+few)\s+{_UNITS}\b"),
    ("duration_plural", r"\bthe\s+(?:past|last|next)\s+(?:hours|days|weeks|months|years)\b"),
    ("year", r"(?:(?<=\bin )|(?<=\bsince ))(?:19|20)\d\d\b"),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _PATTERNS]


def _duration(text: str) -> str:
    words = text.lower().split()
    unit_word = words[-1].rstrip("s")
    code = _UNIT.get(unit_word, "D")
    time_part = unit_word in ("second", "minute", "hour")
    amount = "X"
    for word in words:
        if word.isdigit():
            amount = word
        elif word in _NUMS and word not in ("a", "an"):
            amount = str(_NUMS[word])
    if amount == "X" and words[-2:-1] in (["a"], ["an"]):
        amount = "1"
    if code == "DE":
        code, amount = "Y", str(int(amount) * 10) if amount != "X" else "X"
    return ("PT" if time_part else "P") + amount + code


def _value(kind: str, text: str) -> tuple[str, str]:
    low = " ".join(text.lower().split())
    if kind in ("date_full", "date_dm", "date_md", "month_year"):
        month = next(i for i, m in enumerate(_MONTHS, 1) if m in low)
        numbers = re.findall(r"\d+", low)
        year = next((n for n in numbers if len(n) == 4), "XXXX")
        day = next((n for n in numbers if len(n) <= 2), None)
        return "DATE", f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    if kind in ("day", "rel_day"):
        day = next(i for i, d in enumerate(_DAYS, 1) if d in low)
        return "DATE", f"XXXX-WXX-{day}"
    if kind == "part_of_day":
        return "TIME", {"last night": "PAST_REF", "tonight": "PRESENT_REF"}.get(low, "PRESENT_REF")
    if kind == "deictic":
        return "DATE", {"today": "PRESENT_REF", "yesterday": "PAST_REF", "tomorrow": "FUTURE_REF"}[low]
    if kind == "now":
        return "DATE", "PRESENT_REF"
    if kind == "rel_period":
        return "DATE", "FUTURE_REF" if low.startswith("next") else "PAST_REF" if low.startswith("last") else "PRESENT_REF"
    if kind in ("duration", "duration_vague", "duration_plural"):
        return "DURATION", _duration(low)
    if kind == "year":
        return "DATE", low
    return "DATE", "XXXX"


def find_times(text: str) -> list[Timex]:
    """Every time expression in ``text``, longest first, without overlaps, in text order."""
    candidates = []
    for order, (kind, pattern) in enumerate(_COMPILED):
        for match in pattern.finditer(text):
            candidates.append((match.start(), match.end(), order, kind))
    chosen: list[tuple[int, int, str]] = []
    for start, end, _, kind in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        if kind == "now" and end < len(text) and text[end:end + 1].isalpha():
            continue
        if kind == "day" and text[start].islower():
            continue
        if all(end <= s or e <= start for s, e, _ in chosen):
            chosen.append((start, end, kind))
    times = []
    for start, end, kind in sorted(chosen):
        time_type, value = _value(kind, text[start:end])
        times.append(Timex(start, end, time_type, value))
    return times
