"""Caravan-IE: gold annotations, loaders and scorer for information extraction from news.

The data model (``data/``) and the gold reader are imported eagerly (they are light); the scorer
(``scoring/``, which needs numpy) is imported on first use of ``benchmark.evaluate``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from .data.corpus import Argument, Claim, Corpus, Document, Event, Mention, Span, TimeExpression  # noqa: E402
from .data.goldfile import load_corpus  # noqa: E402
from .data.schema import Schema, load_schema  # noqa: E402
from .errors import InputError, Problem  # noqa: E402

__all__ = [
    "Argument", "Claim", "Corpus", "Document", "Event", "Mention", "Span", "TimeExpression",
    "InputError", "Problem", "Schema", "evaluate", "load_corpus", "load_schema",
]


def __getattr__(name: str) -> Any:
    if name == "evaluate":
        from .scoring.evaluate import evaluate

        return evaluate
    raise AttributeError(f"module 'benchmark' has no attribute {name!r}")
