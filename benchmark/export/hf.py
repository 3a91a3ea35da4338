"""The Hugging Face view of the corpus: one ``datasets.Features`` and row builder per config.

``scripts/build_hf.py`` writes the rows as JSONL under ``annotations/hf/<config>/`` and
the features into the dataset card; ``datasets`` is imported only when features are
needed, so the rest of the package starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator

from ..data.corpus import Corpus, Document
from ..data.schema import Schema
from ..text.iob2 import flat_spans, spans_to_iob2
from ..text.tokens import sentences, tokenize

if TYPE_CHECKING:
    from datasets import Features

__all__ = ["CONFIGS", "features", "rows", "ner_labels", "ner_rows"]

CONFIGS = ("documents", "ner", "entities", "events", "claims")


def ner_labels(schema: Schema) -> list[str]:
    """IOB2 tag names, ``O`` first, then ``B-``/``I-`` per entity type in schema order."""
    return ["O"] + [f"{prefix}-{t}" for t in schema.entity_types for prefix in ("B", "I")]


def named_spans(document: Document) -> list[tuple[int, int, str]]:
    """The ``ner`` view's spans: heads of NAM mentions, outermost kept where they nest."""
    return flat_spans((m.head.start, m.head.end, m.type) for m in document.entities if m.level == "NAM")


def ner_rows(document: Document) -> Iterator[dict]:
    """One CoNLL-style row per sentence: tokens, IOB2 tags and token offsets."""
    spans = named_spans(document)
    for number, (start, end) in enumerate(sentences(document.text)):
        tokens = tokenize(document.text, start, end)
        inside = [s for s in spans if start <= s[0] and s[1] <= end]
        yield {
            "id": f"{document.doc_id}-{number}",
            "doc_id": document.doc_id,
            "tokens": [t.text for t in tokens],
            "ner_tags": spans_to_iob2(tokens, inside),
            "token_starts": [t.start for t in tokens],
            "token_ends": [t.end for t in tokens],
        }


def _documents(corpus: Corpus) -> Iterator[dict]:
    for d in corpus:
        yield {
            "doc_id": d.doc_id, "title": d.title, "outlet": d.outlet, "date": d.date,
            "date_basis": d.date_basis, "sha256": d.sha256, "text": d.text,
        }


def _ner(corpus: Corpus) -> Iterator[dict]:
    for d in corpus:
        yield from ner_rows(d)


def _layer(*layers: str) -> Callable[[Corpus], Iterator[dict]]:
    def build(corpus: Corpus) -> Iterator[dict]:
        for d in corpus:
            record = d.to_record()
            yield {"doc_id": d.doc_id, "text": d.text, **{layer: record[layer] for layer in layers}}

    return build


_ROWS = {
    "documents": _documents,
    "ner": _ner,
    "entities": _layer("entities", "times"),
    "events": _layer("events"),
    "claims": _layer("claims"),
}


def rows(config: str, corpus: Corpus) -> Iterator[dict]:
    """The rows of one config, in corpus order."""
    return _ROWS[config](corpus)


def features(config: str, schema: Schema) -> "Features":
    """The typed features of one config; closed label sets become ClassLabels."""
    from datasets import ClassLabel, Features, List, Value

    def label(names) -> ClassLabel:
        return ClassLabel(names=list(names))

    string, int32, float64 = Value("string"), Value("int32"), Value("float64")
    span = {"start": int32, "end": int32, "text": string}
    by_config = {
        "documents": {
            "doc_id": string, "title": string, "outlet": string, "date": string,
            "date_basis": string, "sha256": string, "text": string,
        },
        "ner": {
            "id": string, "doc_id": string, "tokens": List(string),
            "ner_tags": List(label(ner_labels(schema))),
            "token_starts": List(int32), "token_ends": List(int32),
        },
        "entities": {
            "doc_id": string, "text": string,
            "entities": List({
                "id": string, **span, "type": label(schema.entity_types),
                "level": label(schema.mention_levels), "head": span, "cluster": string,
            }),
            "times": List({"id": string, **span, "type": label(schema.time_types), "value": string}),
        },
        "events": {
            "doc_id": string, "text": string,
            "events": List({
                "id": string, "type": label(schema.event_types), "realis": label(schema.realis),
                "cluster": string, "trigger": span,
                "arguments": List({
                    "role": label(sorted({r for t in schema.event_types.values() for r in t.roles})),
                    **span, "mention": string,
                }),
            }),
        },
        "claims": {
            "doc_id": string, "text": string,
            "claims": List({
                "id": string, **span, "value": float64, "unit": label(schema.units),
                "qualifier": label(schema.qualifiers), "lower": float64, "upper": float64,
                "measured_entity": string, "measured_property": label(schema.properties),
                "time_anchor": string, "attribution": string, "statement": span,
                "linked": List(string), "cluster": string,
                "consistency": label(schema.consistency), "consistency_note": string,
            }),
        },
    }
    return Features(by_config[config])
