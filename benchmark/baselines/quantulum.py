"""The ``quantulum3`` baseline: an off-the-shelf quantity extractor as a reference for claims.

quantulum3 0.10.0 (extra ``[quantities]``) finds numbers with units by rules and resolves
ambiguous units with a scikit-learn classifier. The classifier's pickle does not load with
scikit-learn 1.9, so it is switched off (``quantulum3.classifier.USE_CLF = False``) and
units are resolved by quantulum3's frequency rules, the same on every installation.

Mapping to the claim layer: the quantity's span and value as quantulum3 gives them;
its units mapped to the schema's (kilometre -> km, mile, metre -> m, minute ... year,
percentage -> percent, dollar -> usd, peso -> mxn, euro -> eur, pound sterling -> gbp);
a dimensionless number is a count of ``person`` or ``item`` by the noun that follows
(``quantities.noun_type``); other units are dropped. quantulum3 does not report
qualifiers ("more than", "nearly"), so every claim is ``exact`` with bounds equal to the
value. Only the quantity fields and the statement sentence are predicted: no entity,
attribution or time anchor (the tool has no such notion), each claim its own cluster.
"""

from __future__ import annotations

from ..data.schema import Schema
from ..text.tokens import sentences, tokenize
from .quantities import PROPERTY_OF_UNIT, bounds, noun_type

__all__ = ["predict", "UNIT_MAP"]

UNIT_MAP = {
    "kilometre": "km", "metre": "m", "mile": "mile", "minute": "minute", "hour": "hour", "day": "day",
    "week": "week", "month": "month", "year": "year", "percentage": "percent", "dollar": "usd",
    "United States dollar": "usd", "peso": "mxn", "Mexican peso": "mxn", "euro": "eur", "pound sterling": "gbp",
}


def _parser():
    import quantulum3.classifier

    quantulum3.classifier.USE_CLF = False
    from quantulum3 import parser

    return parser


def predict(documents: list[tuple[str, str]], schema: Schema) -> list[dict]:
    """Prediction records (claims only) for (doc_id, text) pairs."""
    parser = _parser()
    records = []
    for doc_id, text in documents:
        spans = sentences(text)
        tokens = tokenize(text)
        claims = []
        for q in parser.parse(text):
            start, end = q.span
            if text[start:end] != q.surface:
                continue
            name = q.unit.name
            if name == "dimensionless":
                following = [t for t in tokens if t.start >= end][:3]
                nouns = [noun_type(t.text) for t in following if t.text[0].isalpha()]
                unit = "person" if "PER" in nouns or not any(t.text[0].isalpha() for t in following) else "item"
            else:
                unit = UNIT_MAP.get(name)
            if unit is None:
                continue
            value = int(q.value) if float(q.value).is_integer() else q.value
            lower, upper = bounds(value, "exact", unit)
            statement = next(((s, e) for s, e in spans if s <= start and end <= e), (start, end))
            prop = PROPERTY_OF_UNIT.get(unit)
            claims.append({
                "id": f"q{len(claims) + 1}", "start": start, "end": end, "text": text[start:end], "value": value,
                "unit": unit if unit in schema.units else None,
                "qualifier": "exact" if "exact" in schema.qualifiers else None,
                "lower": lower, "upper": upper, "measured_entity": None,
                "measured_property": prop if prop in schema.properties else None,
                "time_anchor": None, "attribution": None,
                "statement": {"start": statement[0], "end": statement[1], "text": text[statement[0]:statement[1]]},
                "linked": [], "cluster": f"{doc_id}-q{len(claims) + 1}",
                "consistency": "singleton" if "singleton" in schema.consistency else None, "consistency_note": None,
            })
        records.append({"doc_id": doc_id, "text": text, "entities": [], "times": [], "events": [], "claims": claims})
    return records
