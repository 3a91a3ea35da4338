#!/usr/bin/env python3
"""Audit the gold annotations for likely errors (variation-based error detection).

In the manner of Dickinson & Meurers' variation-based annotation error detection: a string
that is annotated differently in different places, or annotated in one place and left out in
another, is a likely error; so are spans that violate the format's own invariants.

Usage:  python scripts/audit.py [--root REPO_ROOT] [--exceptions PATH]

Prints one line per flag, ``<doc_id>:<item>: <check>: <message>``, then a summary. Every flag
has a stable key ``<doc_id>:<check>:<item>`` (no line numbers, no list positions); a flag whose
key is listed in ``annotations/audit_exceptions.yaml`` (``[{flag: KEY, reason: WHY}]``) is
explained. Exit status 1 if any flag is unexplained, else 0.

Checks are plain functions ``check_<layer>_<name>(corpus) -> iterable of Flag`` defined at
module level; every function whose name starts with ``check_`` is run, in definition order.
The event and claim layers add ``check_events_*`` / ``check_claims_*`` functions here.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import yaml

REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- data


@dataclass
class Doc:
    doc_id: str
    text: str
    gold: dict

    @property
    def entities(self) -> list[dict]:
        return self.gold.get("entities") or []

    @property
    def times(self) -> list[dict]:
        return self.gold.get("times") or []


@dataclass
class Corpus:
    docs: list[Doc]
    schema: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Flag:
    doc: str      # doc_id, or "corpus" for a corpus-wide flag
    item: str     # item id(s), offset or string: what the flag is about
    check: str    # short name of the check
    message: str

    @property
    def key(self) -> str:
        return f"{self.doc}:{self.check}:{self.item}"

    def line(self) -> str:
        return f"{self.doc}:{self.item}: {self.check}: {self.message}"


def load_corpus(root: Path = REPO) -> Corpus:
    ann = Path(root) / "annotations"
    docs = []
    for path in sorted((ann / "gold").glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            gold = yaml.safe_load(fh) or {}
        doc_id = gold.get("doc_id", path.stem)
        text = (ann / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")
        docs.append(Doc(doc_id, text, gold))
    schema = {}
    if (ann / "schema.yaml").exists():
        with open(ann / "schema.yaml", encoding="utf-8") as fh:
            schema = yaml.safe_load(fh) or {}
    return Corpus(docs, schema)


def load_exceptions(path: Path) -> dict[str, str]:
    if not Path(path).exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or []
    return {e["flag"]: e.get("reason", "") for e in data}


# --------------------------------------------------------------------------- helpers


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _cuts_token(text: str, pos: int) -> bool:
    """True if a span boundary at ``pos`` falls strictly inside a word."""
    return 0 < pos < len(text) and _is_word_char(text[pos - 1]) and _is_word_char(text[pos])


def _whole_word_occurrences(text: str, s: str) -> Iterator[int]:
    pat = re.compile(r"(?<![\w])" + re.escape(s) + r"(?![\w])")
    for m in pat.finditer(text):
        yield m.start()


# Pronouns whose occurrences are very often non-referential (expletive "it", complementiser
# "that", interrogative "who", relative "which" with a non-entity antecedent): the
# unlabelled-occurrence check does not look for them (guidelines/entities.md, section 4.3).
NONREFERENTIAL_PRONOUNS = {"it", "It", "that", "That", "which", "who", "Who", "this", "This",
                           "these", "those", "you", "You"}

# TIMEX3 value syntax (TimeML 1.2.1): dates and times, weeks, parts of day, durations, refs.
_DATE = r"(\d{4}|\d{3}X|\d{2}XX)(-(\d{2}|XX)(-(\d{2}|XX))?|-W(\d{2}|XX)(-WE)?|-(SP|SU|FA|WI|Q[1-4]|H[12]))?"
_TIMEPART = r"T((\d{2}(:\d{2}(:\d{2})?)?)|MO|MI|AF|EV|NI|DT)"
_DUR = r"P((\d+(\.\d+)?|X)(Y|M|W|D|DE|CE|ML|L))*(T((\d+(\.\d+)?|X)(H|M|S))+)?"
TIMEX3_VALUE = re.compile(
    rf"^(({_DATE})({_TIMEPART})?|{_DUR}|PRESENT_REF|PAST_REF|FUTURE_REF)$")
TIMEX3_DURATION = re.compile(rf"^{_DUR}$")


# --------------------------------------------------------------------------- entity checks


def check_entities_span_text(corpus: Corpus) -> Iterator[Flag]:
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
                yield Flag(doc.doc_id, t["id"], "span_text",
                           f"text {t.get('text')!r} != text[start:end] {got!r}")


def check_entities_schema_labels(corpus: Corpus) -> Iterator[Flag]:
    """Types and levels come from schema.yaml."""
    types = set(corpus.schema.get("entity_types") or {})
    levels = set(corpus.schema.get("mention_levels") or {})
    ttypes = set(corpus.schema.get("time_types") or {})
    for doc in corpus.docs:
        for m in doc.entities:
            if types and m.get("type") not in types:
                yield Flag(doc.doc_id, m["id"], "schema_label", f"unknown type {m.get('type')!r}")
            if levels and m.get("level") not in levels:
                yield Flag(doc.doc_id, m["id"], "schema_label", f"unknown level {m.get('level')!r}")
            if not m.get("cluster"):
                yield Flag(doc.doc_id, m["id"], "schema_label", "mention without cluster")
        for t in doc.times:
            if ttypes and t.get("type") not in ttypes:
                yield Flag(doc.doc_id, t["id"], "schema_label", f"unknown time type {t.get('type')!r}")


def check_entities_type_variation(corpus: Corpus) -> Iterator[Flag]:
    """The same string labelled with different types (NAM/NOM) or different levels (all)."""
    types: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    levels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in corpus.docs:
        for m in doc.entities:
            ref = f"{doc.doc_id[:3]}:{m['id']}"
            levels[m["text"]][m["level"]].append(ref)
            # A pronoun takes the type of whatever it refers to: its type varies by design.
            if m["level"] != "PRO":
                types[m["text"]][m["type"]].append(ref)
    for label, table in (("type", types), ("level", levels)):
        for s in sorted(table):
            if len(table[s]) > 1:
                detail = "; ".join(f"{k} x{len(v)} ({', '.join(v)})" for k, v in sorted(table[s].items()))
                yield Flag("corpus", repr(s), f"{label}_variation",
                           f"{s!r} is labelled with different {label}s: {detail}")


def check_entities_unlabelled_occurrence(corpus: Corpus) -> Iterator[Flag]:
    """A whole-word occurrence of a string labelled elsewhere that carries no label here.

    Names (the heads of NAM mentions) are looked for everywhere except inside another name,
    since a name nested in a longer mention is itself annotated; other mention strings
    (NOM and PRO extents, NAM extents longer than their name) only outside every labelled
    extent, where they are not modifiers of a larger mention. Time strings are looked for
    outside every time expression."""
    names, others, times = set(), set(), set()
    for doc in corpus.docs:
        for m in doc.entities:
            if m["level"] == "NAM":
                # the name itself is looked for everywhere; a longer extent ("the US",
                # "Mr Trump") only outside other mentions, where its determiner is its own
                names.add(m["head"]["text"])
            if m["text"] not in NONREFERENTIAL_PRONOUNS:
                others.add(m["text"])
        for t in doc.times:
            times.add(t["text"])
    others -= names
    for doc in corpus.docs:
        spans = {(m["start"], m["end"]) for m in doc.entities}
        spans |= {(m["head"]["start"], m["head"]["end"]) for m in doc.entities}
        extents = [(m["start"], m["end"]) for m in doc.entities]
        name_heads = [(m["head"]["start"], m["head"]["end"]) for m in doc.entities if m["level"] == "NAM"]
        tspans = [(t["start"], t["end"]) for t in doc.times]
        for s in sorted(names | others):
            for i in _whole_word_occurrences(doc.text, s):
                j = i + len(s)
                if (i, j) in spans:
                    continue
                inside = extents if s in others else [h for h in name_heads if h != (i, j)]
                if any(a <= i and j <= b for a, b in inside):
                    continue
                yield Flag(doc.doc_id, f"{i}", "unlabelled_occurrence",
                           f"{s!r} at {i}-{j} is labelled elsewhere but not here")
        for s in sorted(times):
            for i in _whole_word_occurrences(doc.text, s):
                j = i + len(s)
                if any(a <= i and j <= b for a, b in tspans):
                    continue
                yield Flag(doc.doc_id, f"{i}", "unlabelled_time",
                           f"time string {s!r} at {i}-{j} is labelled elsewhere but not here")


def check_entities_token_boundaries(corpus: Corpus) -> Iterator[Flag]:
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


def check_entities_head_in_extent(corpus: Corpus) -> Iterator[Flag]:
    """The head lies inside its extent and is not empty."""
    for doc in corpus.docs:
        for m in doc.entities:
            h = m["head"]
            if not (m["start"] <= h["start"] < h["end"] <= m["end"]):
                yield Flag(doc.doc_id, m["id"], "head_outside_extent",
                           f"head {h['start']}-{h['end']} not inside extent {m['start']}-{m['end']}")


def check_entities_cluster_types(corpus: Corpus) -> Iterator[Flag]:
    """A cluster (one real-world entity, across documents) has one entity type."""
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in corpus.docs:
        for m in doc.entities:
            table[m["cluster"]][m["type"]].append(f"{doc.doc_id[:3]}:{m['id']}")
    for c in sorted(table):
        if len(table[c]) > 1:
            detail = "; ".join(f"{k} x{len(v)} ({', '.join(v)})" for k, v in sorted(table[c].items()))
            yield Flag("corpus", c, "cluster_mixed_types", f"cluster {c!r} mixes types: {detail}")


def check_entities_pronoun_antecedent(corpus: Corpus) -> Iterator[Flag]:
    """A pronoun shares its cluster with at least one other mention in its document."""
    for doc in corpus.docs:
        sizes = Counter(m["cluster"] for m in doc.entities)
        for m in doc.entities:
            if m["level"] == "PRO" and sizes[m["cluster"]] < 2:
                yield Flag(doc.doc_id, m["id"], "pronoun_singleton",
                           f"pronoun {m['text']!r} (cluster {m['cluster']}) has no other mention in its document")


def check_entities_ids(corpus: Corpus) -> Iterator[Flag]:
    """Mention and time ids are unique within a document."""
    for doc in corpus.docs:
        seen = Counter(x["id"] for x in doc.entities + doc.times)
        for i, n in seen.items():
            if n > 1:
                yield Flag(doc.doc_id, i, "duplicate_id", f"id {i} used {n} times")


# --------------------------------------------------------------------------- time checks


def check_times_value_syntax(corpus: Corpus) -> Iterator[Flag]:
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
            if typ == "TIME" and "T" not in v.replace("PRESENT_REF", "").replace("PAST_REF", "").replace("FUTURE_REF", ""):
                yield Flag(doc.doc_id, t["id"], "timex_value", f"TIME value {v!r} has no time-of-day part")
            if typ == "DATE" and re.search(_TIMEPART + "$", v):
                yield Flag(doc.doc_id, t["id"], "timex_value", f"DATE value {v!r} has a time-of-day part")


# --------------------------------------------------------------------------- driver


def all_checks() -> list[Callable[[Corpus], Iterable[Flag]]]:
    """Every module-level function named check_*, in definition order."""
    return [f for name, f in globals().items() if name.startswith("check_") and callable(f)]


@dataclass
class AuditResult:
    flags: list[Flag]
    exceptions: dict[str, str]

    @property
    def unexplained(self) -> list[Flag]:
        return [f for f in self.flags if f.key not in self.exceptions]

    @property
    def stale_exceptions(self) -> list[str]:
        keys = {f.key for f in self.flags}
        return [k for k in self.exceptions if k not in keys]


def run_audit(corpus: Corpus, exceptions: dict[str, str] | None = None,
              checks: Iterable[Callable[[Corpus], Iterable[Flag]]] | None = None) -> AuditResult:
    flags: list[Flag] = []
    for check in (checks if checks is not None else all_checks()):
        flags.extend(check(corpus))
    return AuditResult(flags, exceptions or {})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=REPO)
    ap.add_argument("--exceptions", type=Path, default=None)
    args = ap.parse_args(argv)
    exc_path = args.exceptions or args.root / "annotations" / "audit_exceptions.yaml"
    result = run_audit(load_corpus(args.root), load_exceptions(exc_path))
    for f in result.flags:
        mark = "  [excepted]" if f.key in result.exceptions else ""
        print(f.line() + mark)
    for k in result.stale_exceptions:
        print(f"warning: exception matches no flag: {k}", file=sys.stderr)
    n, u = len(result.flags), len(result.unexplained)
    print(f"{n} flags, {n - u} excepted, {u} unexplained")
    for f in result.unexplained:
        print(f"unexplained: {f.key}", file=sys.stderr)
    return 1 if u else 0


if __name__ == "__main__":
    sys.exit(main())
