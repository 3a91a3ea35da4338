"""Checks of the event layer (guidelines/events.md).

A trigger lemma typed differently in different places, an argument that does not resolve to
an entity mention or time expression, a role or filler type the schema does not allow, an
event cluster that mixes types, and a repeated event (same trigger lemma and type, same
arguments) left in separate clusters. Keys name ids, cluster slugs and lemmas, never list
positions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ...data.schema import TIME_ROLE
from .core import Check, Flag, GoldCorpus, GoldDoc, describe, short_ref

__all__ = ["CHECKS", "lemma", "sentence_index"]

# Irregular forms met in news triggers; everything else goes through _strip().
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "ran": "run", "threw": "throw", "thrown": "throw",
    "gave": "give", "given": "give", "sent": "send", "tore": "tear", "torn": "tear", "made": "make",
    "took": "take", "taken": "take", "fled": "flee", "fought": "fight", "shot": "shoot", "hit": "hit",
    "split": "split", "began": "begin", "led": "lead", "met": "meet", "went": "go", "came": "come",
}

_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")


def _strip(word: str) -> str:
    """Crude suffix stripping: running/runs -> run, closed/closes/close -> clos."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    w = word
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not (suf == "s" and w.endswith("ss")):
            w = w[: -len(suf)]
            if suf in ("ing", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
                w = w[:-1]                      # runn -> run, stopp -> stop
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]                              # close/closed -> clos, use/used -> us
    return w


def lemma(trigger_text: str) -> str:
    """Lower-cased, suffix-stripped words of a trigger, joined by one space."""
    return " ".join(_strip(w) for w in re.findall(r"[\w'’-]+", trigger_text.lower()))


def sentence_index(text: str, offset: int) -> int:
    """Index of the sentence holding ``offset`` (a crude split at . ! ? + space, or newline)."""
    return sum(1 for m in _SENT_END.finditer(text) if m.end() <= offset)


def _arg_signature(doc: GoldDoc, ev: dict) -> frozenset[tuple[str, str]]:
    """The arguments of an event as (role, entity cluster or time value) pairs."""
    items = doc.referents()
    sig = set()
    for a in ev.get("arguments") or []:
        it = items.get(a.get("ref"))
        if it is None:
            sig.add((a.get("role"), "span:" + str(a.get("text"))))
        elif "cluster" in it:
            sig.add((a.get("role"), "entity:" + str(it["cluster"])))
        else:
            sig.add((a.get("role"), "time:" + str(it.get("value", it.get("text")))))
    return frozenset(sig)


def check_events_format(corpus: GoldCorpus) -> Iterator[Flag]:
    """Trigger text matches the text, ids are distinct eN (never renumbered: an event added after a
    release takes the next free number, so numbers need not ascend), events are listed in text
    order, type/realis/cluster set."""
    schema = corpus.schema
    for doc in corpus.docs:
        seen: set[str] = set()
        for i, ev in enumerate(doc.events, 1):
            eid = str(ev.get("id"))
            tr = ev.get("trigger") or {}
            got = doc.text[tr.get("start", 0):tr.get("end", 0)]
            if got != tr.get("text") or not got.strip():
                yield Flag(doc.doc_id, eid, "event_format", f"trigger text {tr.get('text')!r} != text[start:end] {got!r}")
            if not re.fullmatch(r"e[1-9]\d*", eid) or eid in seen:
                yield Flag(doc.doc_id, eid, "event_format", f"id {ev.get('id')!r} at position {i} is not a new eN")
            seen.add(eid)
            if ev.get("type") not in schema.event_types:
                yield Flag(doc.doc_id, eid, "event_format", f"unknown event type {ev.get('type')!r}")
            if ev.get("realis") not in schema.realis:
                yield Flag(doc.doc_id, eid, "event_format", f"bad realis {ev.get('realis')!r}")
            if not ev.get("cluster"):
                yield Flag(doc.doc_id, eid, "event_format", "event without cluster")
        spans = [(ev["trigger"]["start"], ev["trigger"]["end"]) for ev in doc.events if ev.get("trigger")]
        if spans != sorted(spans):
            yield Flag(doc.doc_id, "order", "event_format", "events are not in text order")


def check_events_lemma_type_variation(corpus: GoldCorpus) -> Iterator[Flag]:
    """The same trigger lemma annotated with different event types."""
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in corpus.docs:
        for ev in doc.events:
            table[lemma(ev["trigger"]["text"])][ev["type"]].append(short_ref(doc, ev))
    for lem in sorted(table):
        if len(table[lem]) > 1:
            yield Flag("corpus", lem, "event_lemma_types",
                       f"trigger lemma {lem!r} has several types: {describe(table[lem])}")


def check_events_unresolved_arguments(corpus: GoldCorpus) -> Iterator[Flag]:
    """Arguments that are not (or not correctly) a reference to a mention or time expression."""
    for doc in corpus.docs:
        items = doc.referents()
        for ev in doc.events:
            for a in ev.get("arguments") or []:
                role, ref = a.get("role"), a.get("ref")
                flag = f"{ev['id']}/{role}/{a.get('ref', a.get('start'))}"
                if ref is None:
                    message = f"{role} {a.get('text')!r} of {ev['id']} is a span, not a mention"
                elif ref not in items:
                    message = f"{role} of {ev['id']} refers to unknown id {ref!r}"
                elif items[ref].get("text") != a.get("text"):
                    message = f"{role} text {a.get('text')!r} != {ref} text {items[ref].get('text')!r}"
                else:
                    continue
                yield Flag(doc.doc_id, flag, "event_arg_unresolved", message)


def check_events_role_types(corpus: GoldCorpus) -> Iterator[Flag]:
    """Roles allowed for the event type; argument entity types (or TIME) allowed for the role."""
    for doc in corpus.docs:
        items = doc.referents()
        times = {t["id"] for t in doc.times}
        for ev in doc.events:
            event_type = corpus.schema.event_types.get(ev.get("type"))
            roles = event_type.roles if event_type else {}
            for a in ev.get("arguments") or []:
                role, ref = a.get("role"), a.get("ref")
                flag = f"{ev['id']}/{role}/{ref}"
                if role not in roles:
                    yield Flag(doc.doc_id, flag, "event_role_type", f"role {role!r} not allowed for {ev.get('type')}")
                    continue
                it = items.get(ref)
                if it is None:
                    continue                        # reported by check_events_unresolved_arguments
                filler = TIME_ROLE if ref in times else it.get("type")
                if filler not in roles[role]:
                    yield Flag(doc.doc_id, flag, "event_role_type",
                               f"{role} of {ev.get('type')} takes {list(roles[role])}, "
                               f"but {ref} {it.get('text')!r} is {filler}")


def check_events_cluster_types(corpus: GoldCorpus) -> Iterator[Flag]:
    """An event cluster (one real-world event, across documents) has one type."""
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in corpus.docs:
        for ev in doc.events:
            table[ev.get("cluster")][ev.get("type")].append(short_ref(doc, ev))
    for c in sorted(table, key=str):
        if len(table[c]) > 1:
            yield Flag("corpus", str(c), "event_cluster_types", f"event cluster {c!r} mixes types: {describe(table[c])}")


def check_events_repeats_uncoreferenced(corpus: GoldCorpus) -> Iterator[Flag]:
    """Same trigger lemma and type, same non-empty arguments (by entity cluster / time value),
    in different documents or sentences, but in different event clusters."""
    groups: dict[tuple, list[tuple[str, int, str, str]]] = defaultdict(list)
    for doc in corpus.docs:
        for ev in doc.events:
            sig = _arg_signature(doc, ev)
            if sig:
                sent = sentence_index(doc.text, ev["trigger"]["start"])
                groups[(lemma(ev["trigger"]["text"]), ev.get("type"), sig)].append(
                    (doc.doc_id, sent, ev.get("cluster"), short_ref(doc, ev)))
    for (lem, _type, _sig), evs in groups.items():
        for i, (d1, s1, c1, r1) in enumerate(evs):
            for d2, s2, c2, r2 in evs[i + 1:]:
                if (d1, s1) != (d2, s2) and c1 != c2:
                    yield Flag("corpus", f"{r1}+{r2}", "event_repeat_uncoreferenced",
                               f"{r1} ({c1}) and {r2} ({c2}): trigger {lem!r} with the same "
                               f"arguments but different clusters")


CHECKS: tuple[Check, ...] = (
    check_events_format,
    check_events_lemma_type_variation,
    check_events_unresolved_arguments,
    check_events_role_types,
    check_events_cluster_types,
    check_events_repeats_uncoreferenced,
)
