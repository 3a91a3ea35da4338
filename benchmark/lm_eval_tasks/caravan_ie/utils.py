"""lm-evaluation-harness hooks of the Caravan-IE tasks: the shipped articles, the shipped prompts,
and the benchmark's own scorer with a corpus-level aggregation.

Each document's reply goes through the same code as ``caravan-ie predict --system llm`` (first
JSON object, alignment by ``--match text``'s rules, invalid and unaligned items dropped) and is
scored by ``benchmark.evaluate`` against that document's gold; ``process_results`` returns the
(tp, fp, fn) of each metric, and :func:`f1_of_sums` adds them over the documents before computing
F1, as ``caravan-ie evaluate`` does (not a mean of per-document F1).
"""

from __future__ import annotations

from functools import lru_cache

import datasets

from benchmark.data.goldfile import load_corpus
from benchmark.llm.adapter import to_record
from benchmark.llm.answers import layer_items, parse_reply
from benchmark.llm.prompts import LM_EVAL_METRICS
from benchmark.data.schema import load_schema
from benchmark.scoring.evaluate import evaluate
from benchmark.scoring.report import report_node

@lru_cache(maxsize=None)
def _gold() -> dict[str, dict]:
    return {record["doc_id"]: record for record in load_corpus().to_records()}


def load_docs(**kwargs) -> dict[str, datasets.Dataset]:
    """The three articles (``custom_dataset``): doc_id, date and text."""
    rows = [{"doc_id": d.doc_id, "date": d.date, "text": d.text} for d in load_corpus()]
    return {"test": datasets.Dataset.from_list(rows)}


def _process(layer: str, doc: dict, results: list[str]) -> dict[str, tuple[float, float, float]]:
    try:
        items = layer_items(parse_reply(results[0]), layer)
    except ValueError:
        items = []  # a malformed reply: the layer is empty, as in the adapter
    record = to_record(doc["doc_id"], doc["text"], {layer: items}, load_schema(), {}, {})
    # every shipped article has gold items in every layer, so each layer is scored on each one
    report = evaluate([record], [_gold()[doc["doc_id"]]], tasks=[layer])
    return {metric: tuple(report_node(report, path)[1][k] for k in ("tp", "fp", "fn")) for metric, path in LM_EVAL_METRICS[layer].items()}


def process_entities(doc: dict, results: list[str]) -> dict:
    return _process("entities", doc, results)


def process_times(doc: dict, results: list[str]) -> dict:
    return _process("times", doc, results)


def process_events(doc: dict, results: list[str]) -> dict:
    return _process("events", doc, results)


def process_claims(doc: dict, results: list[str]) -> dict:
    return _process("claims", doc, results)


def f1_of_sums(counts: list[tuple[float, float, float]]) -> float:
    """Corpus-level F1: the documents' tp, fp and fn added up first."""
    tp, fp, fn = (sum(c[k] for c in counts) for k in range(3))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
