"""The numeric-claim conventions of annotations/guidelines/claims.md, as functions.

Bounds implied by a value, unit and qualifier (inclusive; eps = 1 for counted units and 0
for measurements; 10% margins for "approximately" and "almost"; the table of vague
quantities), unit conversion through the schema's units, and the cross-article
consistency label a claim earns against the other claims of its cluster. The gold checker
(scripts/check_claims.py) and any system that predicts claims share them.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from .schema import Schema, load_schema

__all__ = [
    "STRICT_QUALIFIERS", "dimension", "to_base", "vague_bounds", "expected_bounds",
    "interval", "overlaps", "same_statement", "expected_label", "bounds_problems",
]

STRICT_QUALIFIERS = {"almost", "more_than", "less_than"}

# Vague quantities: magnitude words and their numeric value.
MAGNITUDES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}


def dimension(unit: str) -> str | None:
    """The dimension of a schema unit (count, length, time, ...), None for an unknown unit."""
    spec = load_schema().units.get(unit)
    return spec.dimension if spec else None


def to_base(x: float | int | None, unit: str) -> Fraction | None:
    """A number (or None) in the base unit of its dimension, as an exact Fraction."""
    return load_schema().units[unit].to_base(x)


def vague_bounds(text: str) -> tuple[int, int | None] | None:
    """Lower and upper bound of a vague quantity expression, or None if not in the table."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t.startswith("a couple of") or t == "a couple":
        return 2, 3
    if t.startswith("a few"):
        return 2, 9
    if t.startswith("a number of"):
        return 2, None
    if t.startswith("tens of thousands"):
        return 20_000, 99_999
    m = re.fullmatch(r"(several )?(dozen|hundred|thousand|million)(s)?( of)?", t)
    if m:
        mag = MAGNITUDES[m.group(2)]
        if m.group(1):                       # "several hundred"
            return 3 * mag, 10 * mag - 1
        if m.group(3):                       # "hundreds"
            return 2 * mag, 10 * mag - 1
        return None
    if t.startswith("several"):
        return 3, 9
    return None


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def bounds_problems(claim: dict, schema: Schema) -> list[str]:
    """What breaks the order of a claim's numbers, for gold and predictions alike.

    ``lower`` may not exceed ``upper``; ``value`` lies within ``[lower, upper]``, except under a
    strict qualifier ("almost", "more than", "less than"), whose value is the limit the bounds
    exclude: there it may lie one counted step outside (eps = 1 for count units or no unit, 0
    for measurements). Numbers that are missing or not numbers are left to the type checks.
    """
    value, lower, upper = claim.get("value"), claim.get("lower"), claim.get("upper")
    lower = lower if _is_number(lower) else None
    upper = upper if _is_number(upper) else None
    if lower is not None and upper is not None and lower > upper:
        return [f"lower bound {lower} is above upper bound {upper}"]
    if not _is_number(value) or (lower is None and upper is None):
        return []
    unit = schema.units.get(claim.get("unit")) if isinstance(claim.get("unit"), str) else None
    eps = 0 if claim.get("qualifier") not in STRICT_QUALIFIERS else 1 if unit is None or unit.dimension == "count" else 0
    if (lower is not None and value < lower - eps) or (upper is not None and value > upper + eps):
        shown = f"[{'-inf' if lower is None else lower}, {'inf' if upper is None else upper}]"
        return [f"value {value} is outside its bounds {shown}"]
    return []


def expected_bounds(claim: dict) -> tuple[object, object] | None:
    """(lower, upper) implied by value, unit and qualifier; None where no rule applies."""
    q, v, unit = claim.get("qualifier"), claim.get("value"), claim.get("unit")
    if q == "vague":
        return vague_bounds(claim.get("text", ""))
    if q == "range" or v is None:
        return None
    n = Fraction(str(v))
    count = dimension(unit) == "count"
    eps = 1 if count else 0
    lo10, hi10 = n * Fraction(9, 10), n * Fraction(11, 10)
    if q == "exact":
        return n, n
    if q == "approximately":
        return (math.ceil(lo10), math.floor(hi10)) if count else (lo10, hi10)
    if q == "almost":
        return (math.ceil(lo10) if count else lo10), n - eps
    if q == "at_least":
        return n, None
    if q == "more_than":
        return n + eps, None
    if q in ("at_most", "up_to"):
        return None, n
    if q == "less_than":
        return None, n - eps
    return None


def interval(claim: dict) -> tuple[Fraction | None, Fraction | None]:
    """The claim's bounds in the base unit of its dimension, None for unbounded."""
    unit = claim["unit"]
    return to_base(claim.get("lower"), unit), to_base(claim.get("upper"), unit)


def overlaps(a: dict, b: dict) -> bool:
    """True when the two claims' intervals share a point (an open end overlaps everything)."""
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    lo = max(x for x in (alo, blo) if x is not None) if (alo is not None or blo is not None) else None
    hi = min(x for x in (ahi, bhi) if x is not None) if (ahi is not None or bhi is not None) else None
    return lo is None or hi is None or lo <= hi


def same_statement(a: dict, b: dict) -> bool:
    """Same value, qualifier and bounds once converted to a common unit."""
    return (a.get("qualifier") == b.get("qualifier")
            and to_base(a.get("value"), a["unit"]) == to_base(b.get("value"), b["unit"])
            and interval(a) == interval(b))


def expected_label(claim: dict, others: list[dict]) -> str:
    """The consistency label the bounds imply against the other claims of the cluster."""
    if not others:
        return "singleton"
    if any(not overlaps(claim, o) for o in others):
        return "conflict"
    if all(same_statement(claim, o) for o in others):
        return "consistent"
    return "compatible"
