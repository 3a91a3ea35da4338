"""Reading the gold files (``documents.yaml``, texts, ``gold/<doc_id>.yaml``).

Problems are reported with the YAML line they stand on: each item is found by its
``id:`` line, and a key inside the item by the first line after it that names the key.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from .corpus import Argument, Claim, Corpus, Document, Event, Mention, Span, TimeExpression
from .paths import annotations_dir
from .schema import load_schema
from .validate import check_document
from .yamlfile import read_yaml

__all__ = ["load_corpus", "read_corpus", "validate_corpus", "LineIndex"]

class LineIndex:
    """Maps item ids, and keys inside items, to 1-based lines of a YAML file.

    An item starts at the line of its ``id_key`` and ends before the next item's; the key
    ``id`` itself names the item's last occurrence (where a duplicate id is reported).
    """

    def __init__(self, source: str, id_key: str = "id"):
        pattern = re.compile(rf"(?<![\w]){id_key}:\s*[\"']?([^\"'\s,}}#]+)")
        self.lines = source.splitlines()
        self.starts: dict[str, list[int]] = {}
        self.order: list[int] = []
        for number, line in enumerate(self.lines, 1):
            match = pattern.search(line)
            if match:
                self.starts.setdefault(match.group(1), []).append(number)
                self.order.append(number)

    def line(self, item_id: str | None, key: str | None = None) -> int | None:
        """The line of ``key`` in item ``item_id`` (or of the item, or of a top-level key)."""
        if item_id is None or item_id not in self.starts:
            return self._find(key, 1, len(self.lines)) if key else None
        if key == "id":
            return self.starts[item_id][-1]
        start = self.starts[item_id][0]
        end = next((n - 1 for n in self.order if n > start), len(self.lines))
        return (self._find(key, start, end) if key else None) or start

    def _find(self, key: str, first: int, last: int) -> int | None:
        """First line in [first, last] naming ``key``: a key name, or ``name=value`` pairs joined by ``&``.

        With several pairs, a line holding all of them wins (flow style); else the first pair decides.
        """
        patterns = []
        for part in key.split("&"):
            name, _, value = part.partition("=")
            patterns.append(re.compile(rf"(?<![\w]){re.escape(name)}:" + (rf"\s*[\"']?{re.escape(value)}\b" if value else "")))
        for candidates in (patterns, patterns[:1]):
            for number in range(first, last + 1):
                if all(p.search(self.lines[number - 1]) for p in candidates):
                    return number
        return None


def _load_yaml(path: Path, problems: list[Problem], id_key: str = "id") -> tuple[Any, LineIndex | None]:
    """The content of ``path`` and its line index, or (None, None) with the problem recorded."""
    try:
        data, source = read_yaml(path)
    except InputError as error:
        problems.extend(error.problems)
        return None, None
    return data, LineIndex(source, id_key)


def validate_corpus(root: Path | None = None, layer_dir: str = "gold") -> tuple[list[Problem], list[tuple[dict, dict, str]]]:
    """Check every file; return the problems and, per document, (metadata, gold dict, text).

    ``layer_dir`` names the folder of annotation files: ``gold``, or ``secondary`` for the
    second annotation of the agreement study.
    """
    root = root or annotations_dir()
    problems: list[Problem] = []
    schema = load_schema(root / "schema.yaml")
    meta_path = root / "documents.yaml"
    metadata, meta_index = _load_yaml(meta_path, problems, "doc_id")
    if meta_index is not None and not isinstance(metadata, list):
        problems.append(Problem(str(meta_path), None, f"expected a list of document entries, got {type(metadata).__name__}"))
    loaded = []
    seen: set[str] = set()
    for entry in metadata if isinstance(metadata, list) else []:
        doc_id = entry.get("doc_id") if isinstance(entry, dict) else None
        if not isinstance(doc_id, str):
            problems.append(Problem(str(meta_path), None, "every entry needs a doc_id"))
            continue
        if doc_id in seen:
            problems.append(Problem(str(meta_path), meta_index.line(doc_id), f"duplicate doc_id {doc_id!r}"))
        seen.add(doc_id)
        group = entry.get("source_group")
        if group is not None and (not isinstance(group, str) or not group):
            problems.append(Problem(str(meta_path), meta_index.line(doc_id, "source_group"),
                                    f"{doc_id}: source_group must be a non-empty string, got {group!r}"))
        file = entry.get("file", f"texts/{doc_id}.txt")
        if not isinstance(file, str):
            problems.append(Problem(str(meta_path), meta_index.line(doc_id, "file"), f"{doc_id}: file must be a path, got {file!r}"))
            continue
        text_path = root / file
        try:
            raw = text_path.read_bytes()
            text = raw.decode("utf-8")
        except FileNotFoundError:
            problems.append(Problem(str(text_path), None, "text file not found"))
            continue
        except UnicodeDecodeError as error:
            problems.append(Problem(str(text_path), None, f"not valid UTF-8 at byte {error.start}"))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry.get("sha256"):
            line = meta_index.line(doc_id, "sha256")
            problems.append(Problem(str(meta_path), line, f"{doc_id}: text SHA-256 is {digest}, documents.yaml records {entry.get('sha256')}"))
        gold_path = root / layer_dir / f"{doc_id}.yaml"
        gold, index = _load_yaml(gold_path, problems)
        if index is None:
            continue
        if isinstance(gold, dict) and gold.get("doc_id") != doc_id:
            message = f"doc_id {gold.get('doc_id')!r} does not match the file name {doc_id!r}"
            problems.append(Problem(str(gold_path), index.line(None, "doc_id"), message))
        for item_id, key, message in check_document(gold, text, schema):
            label = f"{item_id}: " if item_id else ""
            problems.append(Problem(str(gold_path), index.line(item_id, key), label + message))
        loaded.append((entry, gold, text))
    for path in sorted((root / layer_dir).glob("*.yaml")):
        if path.stem not in seen:
            problems.append(Problem(str(path), None, f"no entry for {path.stem!r} in documents.yaml"))
    return problems, loaded


def read_corpus(root: Path | None = None, layer_dir: str = "gold") -> Corpus:
    """Validate and load the corpus; raise ``InputError`` if any file has a problem."""
    root = root or annotations_dir()
    problems, loaded = validate_corpus(root, layer_dir)
    if problems:
        raise InputError(problems)
    documents = [_document(entry, gold, text) for entry, gold, text in loaded]
    documents.sort(key=lambda d: d.doc_id)
    return Corpus(tuple(documents), load_schema(root / "schema.yaml").version, root)


def _span(data: dict | None) -> Span | None:
    return Span(data["start"], data["end"], data["text"]) if data else None


def _document(entry: dict, gold: dict, text: str) -> Document:
    items = {item["id"]: item for layer in ("entities", "times") for item in gold.get(layer) or []}
    mentions = tuple(
        Mention(m["id"], m["start"], m["end"], m["text"], m["type"], m["level"], _span(m["head"]), m["cluster"])
        for m in gold.get("entities") or []
    )
    times = tuple(
        TimeExpression(t["id"], t["start"], t["end"], t["text"], t["type"], t["value"]) for t in gold.get("times") or []
    )
    events = tuple(
        Event(
            e["id"], e["type"], e["realis"], e["cluster"], _span(e["trigger"]),
            tuple(
                Argument(a["role"], a["ref"], items[a["ref"]]["start"], items[a["ref"]]["end"], a["text"])
                for a in e.get("arguments") or []
            ),
        )
        for e in gold.get("events") or []
    )
    claims = tuple(
        Claim(
            c["id"], c["start"], c["end"], c["text"], c["value"], c["unit"], c["qualifier"], c["lower"], c["upper"],
            c["measured_entity"], c["measured_property"], c["time_anchor"], c["attribution"], _span(c["statement"]),
            tuple(c.get("linked") or ()), c["cluster"], c["consistency"], c.get("consistency_note"),
        )
        for c in gold.get("claims") or []
    )
    return Document(
        doc_id=entry["doc_id"], text=text, title=entry.get("title"), outlet=entry.get("outlet", ""),
        date=str(entry.get("date", "")), date_basis=entry.get("date_basis", ""), sha256=entry["sha256"],
        source_group=entry.get("source_group") or entry["doc_id"],
        entities=mentions, times=times, events=events, claims=claims,
    )


def load_corpus(root: Path | str | None = None, annotator: str = "gold") -> Corpus:
    """Load and validate the gold corpus (default: the shipped ``annotations/``).

    ``annotator="secondary"`` loads the second annotation of the agreement study instead.
    Raises ``InputError`` listing every problem when the files do not validate.
    """
    return read_corpus(Path(root) if root else None, annotator)
