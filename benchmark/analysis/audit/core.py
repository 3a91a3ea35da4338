"""The audit's data: gold files as raw YAML dicts, flags, exceptions and shared helpers.

The checks read the gold files as ``yaml.safe_load`` gives them (not the validated
``benchmark.Corpus``), so that they also run on files the validator rejects and can report
malformed items (a span where a reference is due, an unknown id) themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...data.paths import repo_root
from ...data.schema import Schema, load_schema

__all__ = ["Check", "Flag", "GoldCorpus", "GoldDoc", "describe", "inside", "load_exceptions",
           "load_gold", "short_ref"]


@dataclass(frozen=True)
class Flag:
    """One suspected error; ``key`` is stable under edits elsewhere in the gold."""

    doc: str      # doc_id, or "corpus" for a cross-document flag
    item: str     # item id(s), offset, string or cluster: what the flag is about
    check: str    # short name of the check
    message: str

    @property
    def key(self) -> str:
        return f"{self.doc}:{self.check}:{self.item}"

    def line(self) -> str:
        return f"{self.doc}:{self.item}: {self.check}: {self.message}"


@dataclass
class GoldDoc:
    """One gold file as loaded (``gold``) and the text it annotates."""

    doc_id: str
    text: str
    gold: dict

    def layer(self, name: str) -> list[dict]:
        return self.gold.get(name) or []

    @property
    def entities(self) -> list[dict]:
        return self.layer("entities")

    @property
    def times(self) -> list[dict]:
        return self.layer("times")

    @property
    def events(self) -> list[dict]:
        return self.layer("events")

    @property
    def claims(self) -> list[dict]:
        return self.layer("claims")

    def referents(self) -> dict[str, dict]:
        """Entity mentions and time expressions, by id: what arguments and claims refer to."""
        return {x["id"]: x for x in self.entities + self.times}


@dataclass
class GoldCorpus:
    """The gold documents and the label inventory they are checked against."""

    docs: list[GoldDoc]
    schema: Schema = field(default_factory=load_schema)


Check = Callable[[GoldCorpus], Iterable[Flag]]


def load_gold(root: Path | None = None) -> GoldCorpus:
    """Every ``annotations/gold/*.yaml`` under ``root`` with its text, and the schema."""
    ann = Path(root or repo_root()) / "annotations"
    docs = []
    for path in sorted((ann / "gold").glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc_id = gold.get("doc_id", path.stem)
        docs.append(GoldDoc(doc_id, (ann / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8"), gold))
    return GoldCorpus(docs, load_schema(ann / "schema.yaml"))


def load_exceptions(path: Path) -> dict[str, str]:
    """Flag key -> reason, from a YAML list of ``{flag: KEY, reason: WHY}``; {} if no file."""
    if not Path(path).exists():
        return {}
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return {e["flag"]: e.get("reason", "") for e in entries}


# --------------------------------------------------------------------------- helpers


def short_ref(doc: GoldDoc, item: dict) -> str:
    """``000:e12``: an item named across documents by its document's number prefix."""
    return f"{doc.doc_id[:3]}:{item.get('id')}"


def describe(table: Mapping[str, list[str]]) -> str:
    """``A x2 (000:m1, 001:m4); B x1 (002:m7)`` for label -> item refs."""
    return "; ".join(f"{k} x{len(v)} ({', '.join(v)})" for k, v in sorted(table.items()))


def inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True if [start, end) lies within one of ``spans``."""
    return any(a <= start and end <= b for a, b in spans)

