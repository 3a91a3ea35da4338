"""Checks of the entity and time layers (guidelines/entities.md).

Variation-based error detection after Dickinson & Meurers: a string annotated differently in
different places, or annotated in one place and left out in another, is a likely error; so
is a span that breaks the format's own invariants.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from .core import Check, Flag, GoldCorpus, describe, inside, short_ref

__all__ = ["CHECKS"]

# Pronouns whose occurrences are very often non-referential (expletive "it", complementiser
# "that", interrogative "who", relative "which" with a non-entity antecedent): the
# unlabelled-occurrence check does not look for them (guidelines/entities.md, section 4.3).
NONREFERENTIAL_PRONOUNS = {"it", "It", "that", "That", "which", "who", "Who", "this", "This",
                           "these", "those", "you", "You"}

# TIMEX3 value syntax (TimeML 1.2.1): dates and times, weeks, parts of day, durations, refs.
_DATE = r"(\d{4}|\d{3}X|\d{2}XX)(-(\d{2}|XX)(-(\d{2}|XX))?|-W(\d{2}|XX)(-WE)?|-(SP|SU|FA|WI|Q[1-4]|H[12]))?"
_TIMEPART = r"T((\d{2}(:\d{2}(:\d{2})?)?)|MO|MI|AF|EV|NI|DT)"
_DUR = r"P((\d+(\.\d+)?|X)(Y|M|W|D|DE|CE|ML|L))*(T((\d+(\.\d+)?|X)(H|M|S))+)?"
TIMEX3_VALUE = re.compile(rf"^(({_DATE})({_TIMEPART})?|{_DUR}|PRESENT_REF|PAST_REF|FUTURE_REF)$")
TIMEX3_DURATION = re.compile(rf"^{_DUR}$")


def _cuts_token(text: str, pos: int) -> bool:
    """True if a span boundary at ``pos`` falls strictly inside a word."""
    def word(c: str) -> bool:
        return c.isalnum() or c == "_"
    return 0 < pos < len(text) and word(text[pos - 1]) and word(text[pos])


def _whole_word_occurrences(text: str, s: str) -> Iterator[int]:
    """Start offsets of ``s`` in ``text`` not preceded or followed by a word character."""
    return (m.start() for m in re.finditer(r"(?<![\w])" + re.escape(s) + r"(?![\w])", text))


def check_entities_span_text(corpus: GoldCorpus) -> Iterator[Flag]:
    """Every span's `text` equals text[start:end], for extents, heads and times."""
    for doc in corpus.docs:
        for m in doc.entities:
            for what, span in (("extent", m), ("head", m.get("head") or {})):
                got = doc.text[span.get("start", 0):span.get("end", 0)]
                if got != span.get("text"):
                    yield Flag(doc.doc_id, m["id"], "span_text",
                               f"{what} text {span.get('text')!r} != text[start:end] {got!r}")
        for t in doc.times:
            got = doc.text[t["start"]:t["end"]]
            if got != t.get("text"):
                yield Flag(doc.doc_id, t["id"], "span_text", f"text {t.get('text')!r} != text[start:end] {got!r}")


def check_entities_schema_labels(corpus: GoldCorpus) -> Iterator[Flag]:
    """Types and levels come from schema.yaml; every mention has a cluster."""
    schema = corpus.schema
    for doc in corpus.docs:
        for m in doc.entities:
            if m.get("type") not in schema.entity_types:
                yield Flag(doc.doc_id, m["id"], "schema_label", f"unknown type {m.get('type')!r}")
            if m.get("level") not in schema.mention_levels:
                yield Flag(doc.doc_id, m["id"], "schema_label", f"unknown level {m.get('level')!r}")
            if not m.get("cluster"):
                yield Flag(doc.doc_id, m["id"], "schema_label", "mention without cluster")
        for t in doc.times:
            if t.get("type") not in schema.time_types:
                yield Flag(doc.doc_id, t["id"], "schema_label", f"unknown time type {t.get('type')!r}")


def check_entities_type_variation(corpus: GoldCorpus) -> Iterator[Flag]:
    """The same string labelled with different types (NAM/NOM) or different levels (all)."""
    types: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    levels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in corpus.docs:
        for m in doc.entities:
            levels[m["text"]][m["level"]].append(short_ref(doc, m))
            # A pronoun takes the type of whatever it refers to: its type varies by design.
            if m["level"] != "PRO":
                types[m["text"]][m["type"]].append(short_ref(doc, m))
    for label, table in (("type", types), ("level", levels)):
        for s in sorted(table):
            if len(table[s]) > 1:
                yield Flag("corpus", repr(s), f"{label}_variation",
                           f"{s!r} is labelled with different {label}s: {describe(table[s])}")


def check_entities_unlabelled_occurrence(corpus: GoldCorpus) -> Iterator[Flag]:
    """A whole-word occurrence of a string labelled elsewhere that carries no label here.

    Names (the heads of NAM mentions) are looked for everywhere except inside another name,
    since a name nested in a longer mention is itself annotated; other mention strings
    (NOM and PRO extents, NAM extents longer than their name: "the US", "Mr Trump") only
    outside every labelled extent, where they are not modifiers of a larger mention. Time
    strings are looked for outside every time expression."""
    names = {m["head"]["text"] for doc in corpus.docs for m in doc.entities if m["level"] == "NAM"}
    others = {m["text"] for doc in corpus.docs for m in doc.entities
              if m["text"] not in NONREFERENTIAL_PRONOUNS} - names
    times = {t["text"] for doc in corpus.docs for t in doc.times}
    for doc in corpus.docs:
        spans = {(m["start"], m["end"]) for m in doc.entities}
        spans |= {(m["head"]["start"], m["head"]["end"]) for m in doc.entities}
        extents = [(m["start"], m["end"]) for m in doc.entities]
        name_heads = [(m["head"]["start"], m["head"]["end"]) for m in doc.entities if m["level"] == "NAM"]
        for s in sorted(names | others):
            for i in _whole_word_occurrences(doc.text, s):
                j = i + len(s)
                if (i, j) in spans:
                    continue
                if inside(i, j, extents if s in others else [h for h in name_heads if h != (i, j)]):
                    continue
                yield Flag(doc.doc_id, f"{i}", "unlabelled_occurrence",
                           f"{s!r} at {i}-{j} is labelled elsewhere but not here")
        tspans = [(t["start"], t["end"]) for t in doc.times]
        for s in sorted(times):
            for i in _whole_word_occurrences(doc.text, s):
                j = i + len(s)
                if not inside(i, j, tspans):
                    yield Flag(doc.doc_id, f"{i}", "unlabelled_time",
                               f"time string {s!r} at {i}-{j} is labelled elsewhere but not here")


def check_entities_token_boundaries(corpus: GoldCorpus) -> Iterator[Flag]:
    """Extents, heads and times start and end on word boundaries."""
    for doc in corpus.docs:
        items = [(m["id"], "extent", m) for m in doc.entities]
        items += [(m["id"], "head", m["head"]) for m in doc.entities]
        items += [(t["id"], "time", t) for t in doc.times]
        for item_id, what, span in items:
            for side in ("start", "end"):
                if _cuts_token(doc.text, span[side]):
                    yield Flag(doc.doc_id, item_id, "token_boundary",
                               f"{what} {side} {span[side]} cuts through a word in {span['text']!r}")


def check_entities_head_in_extent(corpus: GoldCorpus) -> Iterator[Flag]:
    """The head lies inside its extent and is not empty."""
    for doc in corpus.docs:
        for m in doc.entities:
            h = m["head"]
            if not (m["start"] <= h["start"] < h["end"] <= m["end"]):
                yield Flag(doc.doc_id, m["id"], "head_outside_extent",
                           f"head {h['start']}-{h['end']} not inside extent {m['start']}-{m['end']}")


def check_entities_cluster_types(corpus: GoldCorpus) -> Iterator[Flag]:
    """A cluster (one real-world entity, across documents) has one entity type."""
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in corpus.docs:
        for m in doc.entities:
            table[m["cluster"]][m["type"]].append(short_ref(doc, m))
    for c in sorted(table):
        if len(table[c]) > 1:
            yield Flag("corpus", c, "cluster_mixed_types", f"cluster {c!r} mixes types: {describe(table[c])}")


def check_entities_pronoun_antecedent(corpus: GoldCorpus) -> Iterator[Flag]:
    """A pronoun shares its cluster with at least one other mention in its document."""
    for doc in corpus.docs:
        sizes = Counter(m["cluster"] for m in doc.entities)
        for m in doc.entities:
            if m["level"] == "PRO" and sizes[m["cluster"]] < 2:
                yield Flag(doc.doc_id, m["id"], "pronoun_singleton",
                           f"pronoun {m['text']!r} (cluster {m['cluster']}) has no other mention in its document")


def check_entities_ids(corpus: GoldCorpus) -> Iterator[Flag]:
    """Mention and time ids are unique within a document."""
    for doc in corpus.docs:
        for i, n in Counter(x["id"] for x in doc.entities + doc.times).items():
            if n > 1:
                yield Flag(doc.doc_id, i, "duplicate_id", f"id {i} used {n} times")


def check_times_value_syntax(corpus: GoldCorpus) -> Iterator[Flag]:
    """TIMEX3 values are well formed and agree with the type."""
    for doc in corpus.docs:
        for t in doc.times:
            v, typ = str(t.get("value")), t.get("type")
            if not TIMEX3_VALUE.match(v):
                yield Flag(doc.doc_id, t["id"], "timex_value", f"{v!r} is not a TIMEX3 value")
                continue
            is_dur = bool(TIMEX3_DURATION.match(v)) and v.startswith("P")
            if typ == "DURATION" and not is_dur:
                yield Flag(doc.doc_id, t["id"], "timex_value", f"DURATION with non-duration value {v!r}")
            if typ in ("DATE", "TIME") and is_dur:
                yield Flag(doc.doc_id, t["id"], "timex_value", f"{typ} with duration value {v!r}")
            if typ == "TIME" and "T" not in re.sub(r"(PRESENT|PAST|FUTURE)_REF", "", v):
                yield Flag(doc.doc_id, t["id"], "timex_value", f"TIME value {v!r} has no time-of-day part")
            if typ == "DATE" and re.search(_TIMEPART + "$", v):
                yield Flag(doc.doc_id, t["id"], "timex_value", f"DATE value {v!r} has a time-of-day part")


CHECKS: tuple[Check, ...] = (
    check_entities_span_text,
    check_entities_schema_labels,
    check_entities_type_variation,
    check_entities_unlabelled_occurrence,
    check_entities_token_boundaries,
    check_entities_head_in_extent,
    check_entities_cluster_types,
    check_entities_pronoun_antecedent,
    check_entities_ids,
    check_times_value_syntax,
)
