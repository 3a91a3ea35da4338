"""Checks of the numeric-claim layer (guidelines/claims.md).

Numbers left out of every claim, one quantity string normalised in different ways, claims
without a measured entity or with references that do not resolve, and claim clusters that
mix dimensions or properties or do not follow the entity clusters of what they measure.
Whether the consistency labels fit the bounds is checked by scripts/check_claims.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .core import Check, Flag, GoldCorpus, inside, short_ref

__all__ = ["CHECKS", "NUMBER_LIKE"]

# Number-like strings: digits (with thousands separators and decimals, and a unit glued on),
# cardinal and ordinal number words, and the magnitude words of vague quantities.
_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|dozens?|couple|few|several|number of|"
    r"half|twice|double|triple|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
)
NUMBER_LIKE = re.compile(
    rf"(?<![\w])(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:st|nd|rd|th|km|m|kg|s)?|(?:{_WORDS}))(?![\w])", re.I)

def _table() -> dict[str, dict[str, list[str]]]:
    return defaultdict(lambda: defaultdict(list))


def _listing(table: dict[str, list[str]]) -> str:
    """``a (000:q1, 001:q3); b (002:q2)``."""
    return "; ".join(f"{k} ({', '.join(v)})" for k, v in sorted(table.items()))


def check_claims_uncovered_number(corpus: GoldCorpus) -> Iterator[Flag]:
    """A number-like string outside every claim span and every time expression."""
    for doc in corpus.docs:
        covered = [(x["start"], x["end"]) for x in doc.claims + doc.times]
        for m in NUMBER_LIKE.finditer(doc.text):
            i, j = m.span()
            if not inside(i, j, covered):
                context = doc.text[max(0, i - 25):j + 25].replace("\n", " ")
                yield Flag(doc.doc_id, str(i), "uncovered_number",
                           f"{m.group()!r} at {i}-{j} is in no claim or time expression: ...{context}...")


def check_claims_string_variation(corpus: GoldCorpus) -> Iterator[Flag]:
    """The same quantity string normalised differently (value, unit, qualifier or bounds)."""
    table: dict[str, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in corpus.docs:
        for c in doc.claims:
            key = (c.get("value"), c.get("unit"), c.get("qualifier"), c.get("lower"), c.get("upper"))
            table[re.sub(r"\s+", " ", c["text"].strip().lower())][key].append(short_ref(doc, c))
    for s in sorted(table):
        if len(table[s]) > 1:
            detail = "; ".join(f"value={k[0]} unit={k[1]} qualifier={k[2]} [{k[3]}, {k[4]}] ({', '.join(v)})"
                               for k, v in sorted(table[s].items(), key=str))
            yield Flag("corpus", repr(s), "claim_string_variation", f"{s!r} is normalised differently: {detail}")


def check_claims_no_measured_entity(corpus: GoldCorpus) -> Iterator[Flag]:
    """A claim whose measured_entity is null (MeasEval: a quantity should have one)."""
    for doc in corpus.docs:
        for c in doc.claims:
            if c.get("measured_entity") is None:
                yield Flag(doc.doc_id, c["id"], "no_measured_entity",
                           f"{c['text']!r} ({c.get('measured_property')}) has no measured entity")


def check_claims_unresolved_reference(corpus: GoldCorpus) -> Iterator[Flag]:
    """measured_entity / attribution / time_anchor that is not the id of a mention or time."""
    for doc in corpus.docs:
        mentions = {m["id"] for m in doc.entities}
        times = {t["id"] for t in doc.times}
        for c in doc.claims:
            for key, pool in (("measured_entity", mentions), ("attribution", mentions), ("time_anchor", times)):
                ref = c.get(key)
                if isinstance(ref, dict):
                    yield Flag(doc.doc_id, f"{c['id']}.{key}", "unresolved_reference",
                               f"{key} is still a span {ref.get('text')!r}, not an id")
                elif ref is not None and ref not in pool:
                    yield Flag(doc.doc_id, f"{c['id']}.{key}", "unresolved_reference",
                               f"{key} {ref!r} is not an id in this document")


def check_claims_cluster_dimensions(corpus: GoldCorpus) -> Iterator[Flag]:
    """A claim cluster whose units belong to different dimensions (count, length, time, ...)."""
    table = _table()
    for doc in corpus.docs:
        for c in doc.claims:
            unit = corpus.schema.units.get(c.get("unit"))
            dim = unit.dimension if unit else f"unknown unit {c.get('unit')!r}"
            table[c["cluster"]][dim].append(short_ref(doc, c))
    for cl in sorted(table):
        if len(table[cl]) > 1:
            yield Flag("corpus", cl, "cluster_mixed_dimensions",
                       f"claim cluster {cl!r} mixes dimensions: {_listing(table[cl])}")


def check_claims_cluster_property(corpus: GoldCorpus) -> Iterator[Flag]:
    """A claim cluster whose claims measure different properties."""
    table = _table()
    for doc in corpus.docs:
        for c in doc.claims:
            table[c["cluster"]][str(c.get("measured_property"))].append(short_ref(doc, c))
    for cl in sorted(table):
        if len(table[cl]) > 1:
            yield Flag("corpus", cl, "cluster_mixed_properties",
                       f"claim cluster {cl!r} mixes properties: {_listing(table[cl])}")


def check_claims_cluster_vs_coreference(corpus: GoldCorpus) -> Iterator[Flag]:
    """Claim clusters should follow the entity clusters of the measured entities.

    Flags a claim cluster whose measured entities lie in several entity clusters, and an
    (entity cluster, property) pair whose claims are spread over several claim clusters."""
    by_claim_cluster = _table()
    by_entity: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in corpus.docs:
        mentions = {m["id"]: m for m in doc.entities}
        for c in doc.claims:
            ref = c.get("measured_entity")
            m = mentions.get(ref) if isinstance(ref, str) else None
            if m is not None:
                by_claim_cluster[c["cluster"]][m["cluster"]].append(short_ref(doc, c))
                by_entity[(m["cluster"], str(c.get("measured_property")))][c["cluster"]].append(short_ref(doc, c))
    for cl in sorted(by_claim_cluster):
        if len(by_claim_cluster[cl]) > 1:
            yield Flag("corpus", cl, "claim_cluster_spans_entities",
                       f"claim cluster {cl!r} measures entities of several entity clusters: "
                       f"{_listing(by_claim_cluster[cl])}")
    for ent, prop in sorted(by_entity):
        if len(by_entity[(ent, prop)]) > 1:
            yield Flag("corpus", f"{ent}/{prop}", "entity_split_over_claim_clusters",
                       f"the {prop} of entity cluster {ent!r} is split over claim clusters: "
                       f"{_listing(by_entity[(ent, prop)])}")


CHECKS: tuple[Check, ...] = (
    check_claims_uncovered_number,
    check_claims_string_variation,
    check_claims_no_measured_entity,
    check_claims_unresolved_reference,
    check_claims_cluster_dimensions,
    check_claims_cluster_property,
    check_claims_cluster_vs_coreference,
)
