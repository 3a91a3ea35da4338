"""The data model (documents and their annotation layers) and ``load_corpus()``.

Gold files and predictions share one record layout (see ``annotations/README.md``):
``to_record`` gives the JSON-ready dict of the export and prediction format.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

__all__ = [
    "Span",
    "Mention",
    "TimeExpression",
    "Argument",
    "Event",
    "Claim",
    "Document",
    "Corpus",
]


@dataclass(frozen=True)
class Span:
    """A stretch of text: code-point offsets (end-exclusive) and the text they cover."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """An entity mention: its extent, ACE type, level, head and cross-document cluster."""

    id: str
    start: int
    end: int
    text: str
    type: str
    level: str
    head: Span
    cluster: str


@dataclass(frozen=True)
class TimeExpression:
    """A TIMEX3 time expression with its type and normalised value."""

    id: str
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Argument:
    """An event argument: a role filled by an entity mention or time expression (``ref``)."""

    role: str
    ref: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Event:
    """An event mention: trigger, type, realis, arguments and cross-document cluster."""

    id: str
    type: str
    realis: str
    cluster: str
    trigger: Span
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A numeric claim: the quantity, its normalisation, what it measures and who says so."""

    id: str
    start: int
    end: int
    text: str
    value: float | None
    unit: str
    qualifier: str
    lower: float | None
    upper: float | None
    measured_entity: str | None
    measured_property: str | None
    time_anchor: str | None
    attribution: str | None
    statement: Span | None
    linked: tuple[str, ...]
    cluster: str
    consistency: str | None
    consistency_note: str | None


@dataclass(frozen=True)
class Document:
    """One article with its metadata and every annotation layer."""

    doc_id: str
    text: str
    title: str | None
    outlet: str
    date: str
    date_basis: str
    sha256: str
    entities: tuple[Mention, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    source_group: str = ""  # documents.yaml: articles that share a source (default: the doc_id alone)

    def to_record(self) -> dict:
        """The export / prediction record: doc_id, text and the four layers."""
        record = {"doc_id": self.doc_id, "text": self.text}
        for layer in ("entities", "times", "events", "claims"):
            record[layer] = [_item_record(item) for item in getattr(self, layer)]
        return record


def _item_record(item: object) -> dict:
    """A JSON-ready dict of one item (lists for tuples; an argument's ``ref`` as ``mention``)."""
    record = asdict(item)
    if "arguments" in record:
        record["arguments"] = [
            {"role": a["role"], "start": a["start"], "end": a["end"], "text": a["text"], "mention": a["ref"]}
            for a in record["arguments"]
        ]
    if "linked" in record:
        record["linked"] = list(record["linked"])
    return record


@dataclass(frozen=True)
class Corpus:
    """The documents of the benchmark, in document-id order, and the schema version."""

    documents: tuple[Document, ...]
    version: str
    root: Path = field(compare=False)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, doc_id: str) -> Document:
        for document in self.documents:
            if document.doc_id == doc_id:
                return document
        raise KeyError(doc_id)

    def to_records(self) -> list[dict]:
        """Every document as an export record."""
        return [document.to_record() for document in self.documents]
