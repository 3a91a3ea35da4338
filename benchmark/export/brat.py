"""brat standoff: one ``<doc_id>.txt`` and ``<doc_id>.ann`` per article, and the two configs.

``write_brat`` writes the gold so that the folder opens in brat and imports into INCEpTION;
``read_brat`` reads such a folder back into export records, exactly: writing the gold and
reading it back gives ``load_corpus().to_records()``. How each layer is written:

* mention: a text-bound annotation (``T``) of its entity type, with a ``Level`` attribute
  and a note ``{"id", "cluster", "head": [start, end]}`` (``head`` left out when the head
  is the whole extent);
* time expression: a ``T`` of its time type (``DATE``, ``TIME``, ...), note ``{"id", "value"}``;
* event: a ``T`` trigger and an ``E`` of the event's brat type, arguments as ``Role:T..``
  in list order (a repeated role is numbered ``Role2``, ``Role3`` as brat numbers them),
  a ``Realis`` attribute and a note ``{"id", "cluster"}`` on the ``E``;
* claim: a ``T`` of type ``Claim`` with attributes ``Unit``, ``Qualifier``, ``Property``
  (measured_property) and ``Consistency``; relations ``MeasuredEntity``, ``Attribution``
  and ``TimeAnchor`` from the claim, and one ``Linked`` relation per linked claim in list
  order; a note ``{"id", "value", "lower", "upper", "statement": [start, end], "cluster",
  "consistency_note"}``;
* coreference: one ``*  Coref`` equivalence per cluster with two or more mentions in the
  document. Clusters are cross-document slugs, so the slug itself is in each mention's
  note; on reading, the notes give the clusters and the ``Coref`` lines must agree with
  them (a mismatch, as after a merge in brat without editing the notes, is reported).

Notes are brat ``AnnotatorNotes`` holding one compact JSON object (an absent key reads as
null). Attributes and relations that would hold null are left out.

Type names: brat names may hold only letters, digits, ``_`` and ``-``, so the ``:`` of an
event type becomes ``-`` ("Movement:Transport" is written "Movement-Transport"); reading maps
it back through the schema's inventory, and a schema whose names would collide is refused.
Spans that cross a line break are written as brat fragments split at the break and read
back as one span from the first fragment's start to the last one's end.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..data.corpus import Corpus, Document
from ..data.schema import TIME_ROLE, Schema, load_schema
from ..errors import InputError, Problem

__all__ = ["BratNames", "write_brat", "read_brat", "document_ann", "annotation_conf", "visual_conf"]

CLAIM = "Claim"
COREF = "Coref"
NOTE = "AnnotatorNotes"
LEVEL, REALIS = "Level", "Realis"
# claim attribute name -> claim field, and claim relation name -> claim field
CLAIM_ATTRIBUTES = {"Unit": "unit", "Qualifier": "qualifier", "Property": "measured_property", "Consistency": "consistency"}
CLAIM_RELATIONS = {"MeasuredEntity": "measured_entity", "Attribution": "attribution", "TimeAnchor": "time_anchor"}
LINKED = "Linked"

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_ROLE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*?)(\d*)")
_BREAKS = "\r\n"
# Okabe-Ito colours, lightened half-way to white so that black labels stay readable in brat.
_PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


def brat_type(name: str) -> str:
    """The brat spelling of a schema label: ``:`` becomes ``-``."""
    return name.replace(":", "-")


@dataclass(frozen=True)
class BratNames:
    """The schema's labels and their brat type names, checked to be valid and distinct."""

    schema: Schema
    events: dict[str, str]  # schema event type -> brat type
    event_labels: dict[str, str] = field(default_factory=dict)  # brat type -> schema event type

    @classmethod
    def from_schema(cls, schema: Schema) -> "BratNames":
        events = {name: brat_type(name) for name in schema.event_types}
        names = [*schema.entity_types, *schema.time_types, CLAIM, *events.values()]
        invalid = [n for n in names if not _NAME.fullmatch(n)]
        if invalid:
            raise ValueError(f"not valid brat type names: {', '.join(invalid)}")
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"schema labels collide as brat type names: {', '.join(repeated)}")
        roles = {r for t in schema.event_types.values() for r in t.roles}
        numbered = sorted(r for r in roles if not _NAME.fullmatch(r) or r[-1].isdigit())
        if numbered:
            raise ValueError(f"roles that brat cannot number (invalid or ending in a digit): {', '.join(numbered)}")
        return cls(schema, events, {b: s for s, b in events.items()})

    def fillers(self, types: tuple[str, ...]) -> list[str]:
        """brat types allowed for a role: entity types, and every time type for ``TIME``."""
        out: list[str] = []
        for t in types:
            out += list(self.schema.time_types) if t == TIME_ROLE else [t]
        return out


# ---------------------------------------------------------------------------- writing


def _note(data: dict) -> str:
    return json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False, separators=(",", ":"))


def _fragments(text: str, start: int, end: int) -> tuple[str, str]:
    """brat offsets of ``text[start:end]`` (split at line breaks) and the annotation's text field."""
    if text[start] in _BREAKS or text[end - 1] in _BREAKS:
        raise ValueError(f"span {start}-{end} starts or ends with a line break, which brat cannot hold")
    pieces, piece_start = [], start
    for i in range(start, end + 1):
        if i == end or text[i] in _BREAKS:
            if i > piece_start:
                pieces.append((piece_start, i))
            piece_start = i + 1
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    return offsets, " ".join(text[s:e] for s, e in pieces)


def document_ann(document: Document, names: BratNames) -> str:
    """The ``.ann`` file of one document."""
    lines: list[str] = []
    counters: dict[str, int] = defaultdict(int)
    ids: dict[str, str] = {}  # gold item id -> brat T id

    def new(prefix: str) -> str:
        counters[prefix] += 1
        return f"{prefix}{counters[prefix]}"

    def textbound(kind: str, start: int, end: int) -> str:
        tid = new("T")
        offsets, covered = _fragments(document.text, start, end)
        lines.append(f"{tid}\t{kind} {offsets}\t{covered}")
        return tid

    def attribute(name: str, target: str, value: str | None) -> None:
        if value is not None:
            lines.append(f"{new('A')}\t{name} {target} {value}")

    def note(target: str, data: dict) -> None:
        lines.append(f"{new('#')}\t{NOTE} {target}\t{_note(data)}")

    for m in document.entities:
        ids[m.id] = tid = textbound(m.type, m.start, m.end)
        attribute(LEVEL, tid, m.level)
        head = None if (m.head.start, m.head.end) == (m.start, m.end) else [m.head.start, m.head.end]
        note(tid, {"id": m.id, "cluster": m.cluster, "head": head})
    for t in document.times:
        ids[t.id] = tid = textbound(t.type, t.start, t.end)
        note(tid, {"id": t.id, "value": t.value})
    for e in document.events:
        kind = names.events.get(e.type, brat_type(e.type))
        trigger = textbound(kind, e.trigger.start, e.trigger.end)
        seen: dict[str, int] = defaultdict(int)
        arguments = []
        for a in e.arguments:
            seen[a.role] += 1
            arguments.append(f"{a.role}{seen[a.role] if seen[a.role] > 1 else ''}:{ids[a.ref]}")
        eid = new("E")
        lines.append(f"{eid}\t" + " ".join([f"{kind}:{trigger}", *arguments]))
        attribute(REALIS, eid, e.realis)
        note(eid, {"id": e.id, "cluster": e.cluster})
    for c in document.claims:
        ids[c.id] = tid = textbound(CLAIM, c.start, c.end)
        for name, key in CLAIM_ATTRIBUTES.items():
            attribute(name, tid, getattr(c, key))
        statement = [c.statement.start, c.statement.end] if c.statement else None
        note(tid, {
            "id": c.id, "value": c.value, "lower": c.lower, "upper": c.upper, "statement": statement,
            "cluster": c.cluster, "consistency_note": c.consistency_note,
        })
    for c in document.claims:
        for name, key in CLAIM_RELATIONS.items():
            target = getattr(c, key)
            if target is not None:
                lines.append(f"{new('R')}\t{name} Arg1:{ids[c.id]} Arg2:{ids[target]}")
        for target in c.linked:
            lines.append(f"{new('R')}\t{LINKED} Arg1:{ids[c.id]} Arg2:{ids[target]}")
    clusters: dict[str, list[str]] = {}
    for m in document.entities:
        clusters.setdefault(m.cluster, []).append(ids[m.id])
    for members in clusters.values():
        if len(members) > 1:
            lines.append(f"*\t{COREF} " + " ".join(members))
    return "".join(line + "\n" for line in lines)


def annotation_conf(names: BratNames) -> str:
    """brat's ``annotation.conf``, generated from the schema."""
    schema = names.schema
    entities = list(schema.entity_types)
    times = list(schema.time_types)
    out = [
        f"# Generated by `caravan-ie export --format brat` from annotations/schema.yaml (version {schema.version}).",
        "# Event types are written with '-' for ':' (Movement-Transport = Movement:Transport).",
        "[entities]",
        *entities,
        *times,
        CLAIM,
        "",
        "[relations]",
        f"{COREF}\tArg1:{'|'.join(entities)}, Arg2:{'|'.join(entities)}, <REL-TYPE>:symmetric-transitive",
        f"MeasuredEntity\tArg1:{CLAIM}, Arg2:{'|'.join(entities)}",
        f"Attribution\tArg1:{CLAIM}, Arg2:{'|'.join(entities)}",
        f"TimeAnchor\tArg1:{CLAIM}, Arg2:{'|'.join(times)}",
        f"{LINKED}\tArg1:{CLAIM}, Arg2:{CLAIM}",
        "# mentions nest and cross, and claims overlap mentions",
        "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
    ]
    for name, event_type in schema.event_types.items():
        roles = ", ".join(f"{role}*:{'|'.join(names.fillers(fillers))}" for role, fillers in event_type.roles.items())
        out.append(f"{names.events[name]}\t{roles}" if roles else names.events[name])
    out += ["", "[attributes]"]
    attributes = [
        (LEVEL, "|".join(entities), schema.mention_levels),
        (REALIS, "<EVENT>", schema.realis),
        *((name, CLAIM, labels) for name, labels in zip(
            CLAIM_ATTRIBUTES, (schema.units, schema.qualifiers, schema.properties, schema.consistency)
        )),
    ]
    for name, targets, values in attributes:
        if values:
            out.append(f"{name}\tArg:{targets}, Value:{'|'.join(values)}")
    return "\n".join(out) + "\n"


def _tint(colour: str) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{(c + 255) // 2:02x}" for c in rgb)


def visual_conf(names: BratNames) -> str:
    """brat's ``visual.conf``: schema names as labels, Okabe-Ito tints for entity types."""
    schema = names.schema
    out = ["# Generated by `caravan-ie export --format brat` from annotations/schema.yaml.", "[labels]"]
    out += [f"{t} | {t}" for t in [*schema.entity_types, *schema.time_types, CLAIM]]
    out += [f"{b} | {s} | {s.partition(':')[2] or s}" for s, b in names.events.items()]
    out += [
        f"{COREF} | Coreference | Coref", "MeasuredEntity | measures", "Attribution | according to",
        "TimeAnchor | at time", f"{LINKED} | restates",
        "", "[drawing]",
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5",
        "ATTRIBUTE_DEFAULT\tglyph:*",
    ]
    out += [f"{t}\tbgColor:{_tint(_PALETTE[i % len(_PALETTE)])}" for i, t in enumerate(schema.entity_types)]
    out += [f"{t}\tbgColor:#dddddd" for t in schema.time_types]
    out += [f"{CLAIM}\tbgColor:#ccccff"]
    out += [f"{b}\tbgColor:#ffcccc" for b in names.events.values()]
    out += [f"{COREF}\tcolor:#555555, dashArray:3-3, arrowHead:none"]
    for name, values in ((LEVEL, schema.mention_levels), (REALIS, schema.realis)):
        if values:
            out.append(f"{name}\tglyph:{'|'.join(values)}")
    return "\n".join(out) + "\n"


def write_brat(corpus: Corpus, folder: Path | str, schema: Schema | None = None) -> None:
    """Write every document and the two configs into ``folder`` (created when missing)."""
    names = BratNames.from_schema(schema or _corpus_schema(corpus))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for document in corpus:
        (folder / f"{document.doc_id}.txt").write_text(document.text, encoding="utf-8", newline="")
        (folder / f"{document.doc_id}.ann").write_text(document_ann(document, names), encoding="utf-8", newline="")
    (folder / "annotation.conf").write_text(annotation_conf(names), encoding="utf-8", newline="")
    (folder / "visual.conf").write_text(visual_conf(names), encoding="utf-8", newline="")


def _corpus_schema(corpus: Corpus) -> Schema:
    return load_schema(Path(corpus.root) / "schema.yaml") if corpus.root else load_schema()


# ---------------------------------------------------------------------------- reading


@dataclass
class _Parsed:
    """The annotations of one ``.ann`` file, with the line each stands on."""

    textbounds: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)  # T -> type, start, end, line
    events: list[tuple[str, str, str, list[tuple[str, str]], int]] = field(default_factory=list)
    attributes: dict[str, dict[str, tuple[str, int]]] = field(default_factory=lambda: defaultdict(dict))
    notes: dict[str, tuple[Any, int]] = field(default_factory=dict)
    relations: list[tuple[str, str, str, int]] = field(default_factory=list)
    corefs: list[tuple[list[str], int]] = field(default_factory=list)


def _parse_ann(source: str, text: str, path: str, problems: list[Problem]) -> _Parsed:
    parsed = _Parsed()

    def bad(number: int, message: str) -> None:
        problems.append(Problem(path, number, message))

    for number, line in enumerate(source.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        ident = fields[0]
        try:
            if ident.startswith("T"):
                ident, spec, covered = line.split("\t", 2)
                kind, _, offsets = spec.partition(" ")
                pieces = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
                if not pieces or any(len(p) != 2 or not 0 <= p[0] <= p[1] <= len(text) for p in pieces):
                    bad(number, f"{ident}: offsets {offsets!r} are not start-end pairs inside the text (length {len(text)})")
                    continue
                expected = " ".join(text[s:e] for s, e in pieces)
                if covered != expected:
                    bad(number, f"{ident}: text {covered!r} does not match offsets {offsets}, which cover {expected!r}")
                parsed.textbounds[ident] = (kind, pieces[0][0], pieces[-1][1], number)
            elif ident.startswith("E"):
                head, *arguments = fields[1].split()
                kind, _, trigger = head.partition(":")
                pairs = [tuple(a.split(":", 1)) for a in arguments]
                if not trigger or any(len(p) != 2 for p in pairs):
                    raise ValueError
                parsed.events.append((ident, kind, trigger, pairs, number))
            elif ident[:1] in ("A", "M"):
                name, target, *value = fields[1].split()
                if len(value) != 1:
                    bad(number, f"{ident}: attribute {name} needs exactly one value")
                    continue
                parsed.attributes[target][name] = (value[0], number)
            elif ident.startswith("R"):
                kind, arg1, arg2 = fields[1].split()
                parsed.relations.append((kind, arg1.partition(":")[2], arg2.partition(":")[2], number))
            elif ident == "*":
                kind, *members = fields[1].split()
                if kind != COREF:
                    bad(number, f"unknown equivalence {kind!r} (expected {COREF})")
                    continue
                parsed.corefs.append((members, number))
            elif ident.startswith("#"):
                _, spec, body = line.split("\t", 2)
                kind, _, target = spec.partition(" ")
                if kind != NOTE:
                    continue
                if target in parsed.notes:
                    bad(number, f"{ident}: a second note on {target} (one JSON note per annotation)")
                    continue
                try:
                    parsed.notes[target] = (json.loads(body), number)
                except json.JSONDecodeError as error:
                    bad(number, f"{ident}: note on {target} is not JSON ({error.msg} at column {error.colno})")
                except RecursionError:
                    bad(number, f"{ident}: note on {target} nests too deeply")
            else:
                bad(number, f"unsupported annotation {ident!r} (expected T, E, A, R, * or #)")
        except (ValueError, IndexError):  # a field missing or not a number
            bad(number, f"cannot read the annotation {line!r}")
    return parsed


def _span(value: Any, text: str) -> Any:
    """``[start, end]`` from a note as a span dict (with its text when the offsets fit)."""
    if not (isinstance(value, list) and len(value) == 2):
        return value
    start, end = value
    span = {"start": start, "end": end}
    if all(isinstance(v, int) and not isinstance(v, bool) for v in value) and 0 <= start < end <= len(text):
        span["text"] = text[start:end]
    return span


class _Document:
    """Builds the gold dict of one document from a parsed ``.ann``, remembering lines."""

    NOTE_KEYS = {
        "mention": {"id", "cluster", "head"},
        "time": {"id", "value"},
        "event": {"id", "cluster"},
        "claim": {"id", "value", "lower", "upper", "statement", "cluster", "consistency_note"},
    }

    def __init__(self, doc_id: str, text: str, parsed: _Parsed, names: BratNames, path: str, problems: list[Problem]):
        self.text, self.parsed, self.names, self.path, self.problems = text, parsed, names, path, problems
        self.lines: dict[str, dict[str | None, int]] = {}  # item id -> key -> line
        self.gold_ids: dict[str, str] = {}  # brat id -> gold id
        self.mentions: dict[str, dict] = {}  # brat T -> mention
        self.claims: dict[str, dict] = {}  # brat T -> claim
        self.gold: dict[str, Any] = {"doc_id": doc_id, "entities": [], "times": [], "events": [], "claims": []}
        self._build()

    def bad(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def _item(self, brat_id: str, kind: str, main_line: int, fields: dict, attributes: dict[str, str]) -> dict:
        """An item from its fields, its attributes (field -> brat name) and its note.

        Remembers the line of each key: the note's keys on the note's line, attributes on theirs.
        """
        data, note_line = self.parsed.notes.get(brat_id, ({}, None))
        if not isinstance(data, dict):
            self.bad(note_line, f"note on {brat_id} must be a JSON object")
            data = {}
        unknown = sorted(set(data) - self.NOTE_KEYS[kind])
        if unknown:
            self.bad(note_line, f"note on {brat_id}: unknown key {', '.join(map(repr, unknown))}")
        item = dict(fields)
        found = self.parsed.attributes.get(brat_id, {})
        for key, name in attributes.items():
            item[key] = found[name][0] if name in found else None
        for key in self.NOTE_KEYS[kind]:
            item[key] = data.get(key)
        lines: dict[str | None, int] = {None: main_line}
        lines.update({key: note_line for key in data})
        lines.update({key: found[name][1] for key, name in attributes.items() if name in found})
        if item["id"] is None:
            del item["id"]
            self.bad(note_line or main_line, f"{brat_id}: no item id (a note {{\"id\": ...}} on {brat_id} gives it)")
        else:
            self.gold_ids[brat_id] = item["id"]
            self.lines.setdefault(str(item["id"]), lines)
        return item

    def _build(self) -> None:
        schema = self.names.schema
        triggers = {trigger for _, _, trigger, _, _ in self.parsed.events}
        known = {LEVEL, REALIS, *CLAIM_ATTRIBUTES}
        for attributes in self.parsed.attributes.values():
            for name, (_, line) in attributes.items():
                if name not in known:
                    self.bad(line, f"unknown attribute {name!r} (expected one of {', '.join(sorted(known))})")
        for tid, (kind, start, end, line) in self.parsed.textbounds.items():
            if tid in triggers:
                continue
            span = {"start": start, "end": end, "text": self.text[start:end]}
            if kind in schema.entity_types:
                mention = self._item(tid, "mention", line, {**span, "type": kind}, {"level": LEVEL})
                mention["head"] = dict(span) if mention["head"] is None else _span(mention["head"], self.text)
                self.mentions[tid] = mention
                self.gold["entities"].append(mention)
            elif kind in schema.time_types:
                self.gold["times"].append(self._item(tid, "time", line, {**span, "type": kind}, {}))
            elif kind == CLAIM:
                claim = self._item(tid, "claim", line, span, {key: name for name, key in CLAIM_ATTRIBUTES.items()})
                if claim["statement"] is not None:
                    claim["statement"] = _span(claim["statement"], self.text)
                claim.update({key: None for key in CLAIM_RELATIONS.values()}, linked=[])
                self.claims[tid] = claim
                self.gold["claims"].append(claim)
            else:
                self.bad(line, f"{tid}: type {kind!r} is not an entity type, a time type, {CLAIM} or an event trigger")
        for eid, kind, trigger, arguments, line in self.parsed.events:
            self.gold["events"].append(self._event(eid, kind, trigger, arguments, line))
        self._relations()
        self._coreference()

    def _event(self, eid: str, kind: str, trigger: str, arguments: list[tuple[str, str]], line: int) -> dict:
        found = self.parsed.textbounds.get(trigger)
        trigger_span: Any = None
        if found is None:
            self.bad(line, f"{eid}: trigger {trigger} is not a text-bound annotation")
        else:
            if found[0] != kind:
                self.bad(line, f"{eid}: trigger {trigger} has type {found[0]!r}, the event {kind!r}")
            trigger_span = {"start": found[1], "end": found[2], "text": self.text[found[1] : found[2]]}
        fields = {"type": self.names.event_labels.get(kind, kind), "trigger": trigger_span, "arguments": []}
        event = self._item(eid, "event", line, fields, {"realis": REALIS})
        for role, target in arguments:
            ref = self.gold_ids.get(target)
            if ref is None or (target not in self.mentions and self.parsed.textbounds[target][0] not in self.names.schema.time_types):
                self.bad(line, f"{eid}: argument {role}:{target} is not a mention or time expression with an id")
                continue
            start, end = self.parsed.textbounds[target][1:3]
            numbered = _ROLE.fullmatch(role)
            event["arguments"].append({"role": numbered.group(1) if numbered else role, "ref": ref, "text": self.text[start:end]})
        return event

    def _relations(self) -> None:
        kinds = {**CLAIM_RELATIONS, LINKED: "linked"}
        for kind, arg1, arg2, line in self.parsed.relations:
            claim, ref = self.claims.get(arg1), self.gold_ids.get(arg2)
            if kind not in kinds:
                self.bad(line, f"unknown relation {kind!r} (expected one of {', '.join(kinds)})")
            elif claim is None:
                self.bad(line, f"{kind}: Arg1 {arg1} is not a claim")
            elif ref is None:
                self.bad(line, f"{kind}: Arg2 {arg2} is not an annotation with an id")
            elif kinds[kind] == "linked":
                claim["linked"].append(ref)
                self.lines.get(str(claim.get("id")), {}).setdefault("linked", line)
            elif claim[kinds[kind]] is not None:
                self.bad(line, f"{kind}: claim {arg1} has one already ({claim[kinds[kind]]})")
            else:
                claim[kinds[kind]] = ref
                self.lines.get(str(claim.get("id")), {})[kinds[kind]] = line

    def _coreference(self) -> None:
        """The ``Coref`` lines must group exactly the mentions that share a cluster."""
        group_of: dict[str, int] = {}
        for number, (members, line) in enumerate(self.parsed.corefs):
            unknown = [t for t in members if t not in self.mentions]
            if unknown:
                self.bad(line, f"{COREF} links {', '.join(unknown)}, which are not mentions")
            clusters = sorted({str(self.mentions[t]["cluster"]) for t in members if t in self.mentions})
            if len(clusters) > 1:
                self.bad(line, f"{COREF} links mentions of clusters {', '.join(clusters)}: make their notes' cluster agree")
            for t in members:
                if t in group_of:
                    self.bad(line, f"{t} is in two {COREF} lines: merge them into one")
                group_of[t] = number
        by_cluster: dict[Any, list[str]] = defaultdict(list)
        for tid, mention in self.mentions.items():
            by_cluster[mention["cluster"]].append(tid)
        for cluster, members in by_cluster.items():
            if len(members) > 1 and (members[0] not in group_of or any(group_of.get(t) != group_of[members[0]] for t in members)):
                line = self.parsed.notes.get(members[0], ({}, None))[1]
                self.bad(line, f"mentions {', '.join(members)} share cluster {cluster!r} but no {COREF} line links them all")


def read_brat(
    folder: Path | str, schema: Schema | None = None, texts: Mapping[str, str] | None = None
) -> list[dict]:
    """Read a brat folder (``<doc_id>.ann`` beside ``<doc_id>.txt``) into export records.

    Every document is checked as the gold is (``benchmark.data.validate``); ``texts`` (doc_id ->
    text), when given, are the texts the folder's must equal for the doc_ids it knows.
    Raises ``InputError`` with ``FILE:LINE: message`` problems; returns records in doc_id order.
    """
    from ..data.goldfile import _document
    from ..data.validate import check_document

    schema = schema or load_schema()
    names = BratNames.from_schema(schema)
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError([Problem(str(folder), None, "not a folder")])
    problems: list[Problem] = []
    records = []
    for ann_path in sorted(folder.glob("*.ann")):
        doc_id, path = ann_path.stem, str(ann_path)
        text_path = ann_path.with_suffix(".txt")
        try:
            raw = text_path.read_bytes()
            text = raw.decode("utf-8")
            source = ann_path.read_bytes().decode("utf-8")
        except FileNotFoundError as error:
            problems.append(Problem(str(error.filename), None, "file not found"))
            continue
        except UnicodeDecodeError as error:
            problems.append(Problem(path, None, f"not valid UTF-8 at byte {error.start}"))
            continue
        if texts is not None and doc_id in texts and texts[doc_id] != text:
            first = next((i for i, (a, b) in enumerate(zip(text, texts[doc_id])) if a != b), min(len(text), len(texts[doc_id])))
            problems.append(Problem(str(text_path), None, f"differs from the text of {doc_id} from offset {first} on"))
            continue
        before = len(problems)
        parsed = _parse_ann(source, text, path, problems)
        built = _Document(doc_id, text, parsed, names, path, problems)
        for item_id, key, message in check_document(built.gold, text, schema):
            lines = built.lines.get(str(item_id), {})
            line = lines.get(key) or lines.get((key or "").partition("=")[0]) or lines.get(None)
            problems.append(Problem(path, line, (f"{item_id}: " if item_id else "") + message))
        if len(problems) == before:
            entry = {"doc_id": doc_id, "sha256": hashlib.sha256(raw).hexdigest()}
            records.append(_document(entry, built.gold, text).to_record())
    if not records and not problems:
        problems.append(Problem(str(folder), None, "no .ann files"))
    if problems:
        raise InputError(problems)
    return records
