"""The audit's data: gold files as plain dicts, flags, exceptions and shared helpers.

The gold comes from the one gold reader (``data.goldfile.validate_corpus``: repeated keys, offsets,
labels and references checked), as the dicts of the YAML files rather than the ``benchmark.Corpus``
dataclasses, because the checks look at fields as written. The checks themselves still tolerate
malformed items, so that tests can feed them any dict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ...data.goldfile import validate_corpus
from ...data.paths import repo_root
from ...data.schema import Schema, load_schema
from ...data.yamlfile import read_yaml
from ...errors import InputError

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
    """Every gold document under ``root`` (a checkout) with its text, and the schema, read and
    validated by ``data.goldfile`` (``InputError`` when the gold does not validate)."""
    ann = Path(root or repo_root()) / "annotations"
    problems, loaded = validate_corpus(ann)  # the one gold reader: the audit runs on valid gold only
    if problems:
        raise InputError(problems)
    docs = [GoldDoc(entry["doc_id"], text, gold) for entry, gold, text in loaded]
    return GoldCorpus(docs, load_schema(ann / "schema.yaml"))


def load_exceptions(path: Path) -> dict[str, str]:
    """Flag key -> reason, from a YAML list of ``{flag: KEY, reason: WHY}``; {} if no file."""
    if not Path(path).exists():
        return {}
    entries, _ = read_yaml(Path(path))
    return {e["flag"]: e.get("reason", "") for e in entries or []}


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

