"""CoNLL-2003-style IOB2 files from the ``ner`` view (``benchmark.export.hf.ner_rows``).

Each document opens with ``-DOCSTART- -X- -X- O`` and a blank line; each sentence is one
``token tag`` line per token followed by a blank line. Tokens never hold whitespace
(``benchmark.text``), so the two columns split on the last space.
"""

from __future__ import annotations

from typing import IO, Iterable, Iterator

from ..data.corpus import Corpus
from .hf import ner_rows

__all__ = ["DOCSTART", "write_conll", "read_conll"]

DOCSTART = "-DOCSTART- -X- -X- O"


def write_conll(corpus: Corpus, out: IO[str]) -> None:
    """Write every document's ``ner`` rows as IOB2 columns."""
    for document in corpus:
        out.write(DOCSTART + "\n\n")
        for row in ner_rows(document):
            for token, tag in zip(row["tokens"], row["ner_tags"], strict=True):
                out.write(f"{token} {tag}\n")
            out.write("\n")


def read_conll(lines: Iterable[str]) -> Iterator[list[tuple[list[str], list[str]]]]:
    """Yield each document as a list of sentences, each a pair (tokens, tags)."""
    document: list[tuple[list[str], list[str]]] | None = None
    tokens: list[str] = []
    tags: list[str] = []
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            if document is not None:
                yield document
            document = []
        elif not line.strip():
            if tokens:
                if document is None:
                    document = []
                document.append((tokens, tags))
                tokens, tags = [], []
        else:
            token, _, tag = line.rpartition(" ")
            tokens.append(token)
            tags.append(tag)
    if tokens:
        document = (document or []) + [(tokens, tags)]
    if document is not None:
        yield document
