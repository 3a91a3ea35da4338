"""Writing the gold corpus in other formats (JSONL records; more formats plug in here)."""

from __future__ import annotations

import json
import sys
from typing import IO, Callable

from .corpus import Corpus

__all__ = ["export", "write_jsonl", "FORMATS"]


def write_jsonl(corpus: Corpus, out: IO[str]) -> None:
    """One JSON object per document: doc_id, text, entities, times, events, claims."""
    for record in corpus.to_records():
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


FORMATS: dict[str, Callable[[Corpus, IO[str]], None]] = {"jsonl": write_jsonl}


def export(corpus: Corpus, fmt: str, output: str) -> None:
    """Write ``corpus`` in format ``fmt`` to the file ``output`` ('-' is stdout)."""
    if output == "-":
        FORMATS[fmt](corpus, sys.stdout)
        return
    with open(output, "w", encoding="utf-8", newline="\n") as out:
        FORMATS[fmt](corpus, out)
