"""Writing the gold corpus in other formats: a registry of exporters for ``caravan-ie export``.

========  ======================================================  ==============
format    what                                                    output
========  ======================================================  ==============
jsonl     one record per document (the prediction format)         file or ``-``
brat      brat standoff + generated configs (``formats/brat``)    folder
conll     CoNLL-2003 IOB2 from the ``ner`` view                   file or ``-``
spacy     spaCy DocBin: ents and a "mentions" span group          file
========  ======================================================  ==============
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..data.corpus import Corpus
from ..errors import InputError, Problem
from ..output import jsonl, write_text

__all__ = ["Exporter", "export", "FORMATS"]


def _jsonl(corpus: Corpus, output: str) -> None:
    write_text(jsonl(corpus.to_records()), output)


def _conll(corpus: Corpus, output: str) -> None:
    from .conll import write_conll

    buffer = io.StringIO()
    write_conll(corpus, buffer)
    write_text(buffer.getvalue(), output)


def _brat(corpus: Corpus, output: str) -> None:
    from .brat import write_brat

    if output == "-":
        raise InputError([Problem("-o", None, "brat writes a folder: give its path, not '-'")])
    write_brat(corpus, Path(output))


def _spacy(corpus: Corpus, output: str) -> None:
    try:
        import spacy  # noqa: F401
    except ImportError:
        raise InputError([Problem("--format spacy", None, "needs spaCy: pip install 'caravan-ie[spacy]'")]) from None
    from .spacy_docbin import write_docbin

    if output == "-":
        write_docbin(corpus, sys.stdout.buffer)
        return
    with open(output, "wb") as out:
        write_docbin(corpus, out)


@dataclass(frozen=True)
class Exporter:
    """A format: how to write it (to a file, ``-`` for stdout, or a folder) and a line of help."""

    write: Callable[[Corpus, str], None]
    help: str


FORMATS: dict[str, Exporter] = {
    "jsonl": Exporter(_jsonl, "one record per document (the prediction format)"),
    "brat": Exporter(_brat, "brat standoff: .txt/.ann per article, annotation.conf, visual.conf (-o is a folder)"),
    "conll": Exporter(_conll, "CoNLL-2003 IOB2 'token tag' lines from the ner view"),
    "spacy": Exporter(_spacy, "spaCy DocBin: named entities as doc.ents, all mentions in spans['mentions'] (needs spaCy)"),
}


def export(corpus: Corpus, fmt: str, output: str) -> None:
    """Write ``corpus`` in format ``fmt`` to ``output``: a file ('-' is stdout), or a folder for brat."""
    FORMATS[fmt].write(corpus, output)
