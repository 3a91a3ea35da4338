"""``evaluate()``: score predictions against the gold and build the report (the library entry point).

The report's top-level keys are ``entities``, ``entity_coreference``, ``times``, ``events``,
``claims`` (each present only when the task is requested and the gold has that layer: at least
one gold item in it), ``per_document`` (each document's F1 of the count-based metrics) and
``meta``. ``caravan-ie evaluate`` prints the same dict.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from ..data.schema import Schema, load_schema
from .predictions import LAYERS, Source, load_records, records_sha256
from .tally import Clusterings, Stats, TaskResult, Units

__all__ = ["evaluate", "run", "load_gold", "Gold", "Evaluation", "TASKS", "write_errors", "check_count", "resampling", "per_document"]

TASKS = LAYERS  # entities, times, events, claims


@dataclass
class Gold:
    """The gold records with their provenance."""

    source: Source
    version: str | None
    schema: Schema

    @property
    def texts(self) -> dict[str, str]:
        return {doc_id: record["text"] for doc_id, record in self.source.records.items()}


@dataclass
class Evaluation:
    """A report, every error, each headline metric's per-sentence statistics, and the clusterings
    the coreference entries were scored on (split into per-sentence contributions for the bootstrap)."""

    report: dict
    stats: dict[str, Stats]
    units: int
    clusterings: list[Clusterings] = field(default_factory=list)
    sentences: Units | None = None  # the units themselves, with their near-duplicate groups
    predictions: dict[str, dict] = field(default_factory=dict)  # the records scored (checked, aligned), by doc_id
    results: list[TaskResult] = field(default_factory=list, repr=False)  # where the errors come from
    unaligned: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict, repr=False)

    @cached_property
    def errors(self) -> list[dict]:
        """Every false positive and false negative (and claim component mismatch), built on first
        use: a run that writes no error file does not build them."""
        built = [e for result in self.results for e in result.errors]
        built += [e for result in self.results for deferred in result.deferred for e in deferred()]
        return _mark_unaligned(built, self.unaligned)


def load_gold(gold: Path | str | list[dict] | None = None, schema: Schema | Path | str | None = None) -> Gold:
    """The shipped corpus (``None``), or a gold JSONL file or list of records in the export format."""
    schema = schema if isinstance(schema, Schema) else load_schema(Path(schema) if schema else None)
    if gold is None:
        from ..data.goldfile import load_corpus

        corpus = load_corpus()
        records = corpus.to_records()
        source = Source("caravan-ie gold", {r["doc_id"]: r for r in records}, {}, records_sha256(records))
        return Gold(source, corpus.version, schema)
    return Gold(load_records(gold, schema), None, schema)


def run(
    predictions: Path | str | list[dict],
    gold: Gold | Path | str | list[dict] | None = None,
    tasks: Iterable[str] | None = None,
    *,
    match: str = "offsets",
    bootstrap: int = 0,
    seed: int = 0,
    value_tolerance: float = 0.05,
    schema: Schema | Path | str | None = None,
) -> Evaluation:
    """Score ``predictions``; see :func:`evaluate` for the arguments."""
    with _gc_paused():
        return _run(predictions, gold, tasks, match, bootstrap, seed, value_tolerance, schema)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: reading and scoring allocate millions of small objects and
    free them by reference counting, and the collections those allocations trigger would rescan every
    record held (a fifth of the run on large corpora). The scorer creates no reference cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:  # what was allocated meanwhile goes straight to the oldest generation: enabling
            gc.freeze()  # alone makes the next allocation scan all of it (about 0.8 s per 200,000
            gc.enable()  # mentions read), where Python would have moved it there gradually
            gc.unfreeze()


def _run(predictions, gold, tasks, match, bootstrap, seed, value_tolerance, schema) -> Evaluation:
    tasks = list(TASKS if tasks is None else tasks)
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise ValueError(f"unknown task(s) {', '.join(unknown)}; choose from {', '.join(TASKS)}")
    if match not in ("offsets", "text"):
        raise ValueError(f"match must be 'offsets' or 'text', not {match!r}")
    check_count("bootstrap", bootstrap, 0)
    check_count("seed", seed, 0)
    gold = gold if isinstance(gold, Gold) else load_gold(gold, schema)
    texts = gold.texts
    predicted = load_records(predictions, gold.schema, texts, match)
    warnings = [
        f"{predicted.name}: no predictions for document {doc_id!r}; scored as empty"
        for doc_id in sorted(texts) if doc_id not in predicted.records
    ]
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    scored = [t for t in tasks if any(record.get(t) for record in gold.source.records.values())]
    units = Units(texts)
    results = _score(gold.source.records, predicted.records, scored, units, value_tolerance)
    report = {name: result.report for name, result in results.items()}
    stats = {path: s for result in results.values() for path, s in result.stats.items()}
    clusterings = [c for result in results.values() for c in result.clusterings]
    options = {
        "tasks": scored, "match": match, "bootstrap": bootstrap, "seed": seed,
        "value_tolerance": value_tolerance,
    }
    if bootstrap:
        from .bootstrap import confidence_intervals

        coreference = coreference_statistics(clusterings, units.count)
        for path, interval in confidence_intervals(stats, units.count, bootstrap, seed, coreference, units.groups).items():
            _set_interval(report, path, interval)
    report["per_document"] = per_document(stats, units)
    report["meta"] = _meta(gold, predicted, options, warnings, units.count)
    if bootstrap:
        report["meta"]["resampling"] = resampling(units)
    return Evaluation(report, stats, units.count, clusterings, units, predicted.records, list(results.values()), predicted.unaligned)


def check_count(name: str, value: object, minimum: int) -> None:
    """Raise ValueError unless ``value`` is an integer (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value!r}")


def _mark_unaligned(errors: list[dict], unaligned: dict[str, dict[tuple[int, int], str]]) -> list[dict]:
    """Errors on an item ``--match text`` could not align (placed past the text) get kind
    ``unaligned`` and the item's own text."""
    for error in errors:
        surface = unaligned.get(error["doc_id"], {}).get((error["start"], error["end"]))
        if surface is not None:
            error["kind"] = "unaligned"
            error["text"] = surface
    return errors


def per_document(stats: dict[str, Stats], units: Units) -> dict[str, dict[str, float]]:
    """F1 of every count-based headline metric on each document alone, from the per-sentence
    statistics of its sentences (equal to scoring the document by itself). Coreference is left
    out: its clusters span documents."""
    from .tally import prf

    out = {}
    for doc_id, span in units.spans().items():
        out[doc_id] = {}
        for path in sorted(stats):
            rows = [stats[path][u] for u in span if u in stats[path]]
            out[doc_id][path] = prf(*(sum(r[k] for r in rows) for k in range(3)))["f1"]
    return out


def resampling(units: Units) -> dict:
    """What the bootstrap and the significance tests draw, for the report's ``meta``."""
    from .duplicates import THRESHOLD

    return {"unit": "near-duplicate sentence group", "groups": max(units.groups, default=-1) + 1,
            "sentences": units.count, "near_duplicate": f"difflib ratio > {THRESHOLD} between benchmark.text sentences"}


def coreference_statistics(clusterings: Iterable[Clusterings], units: int) -> list:
    """The per-sentence contributions (``bootstrap.CoreferenceStatistics``) of each coreference entry."""
    from .bootstrap import CoreferenceStatistics

    return [CoreferenceStatistics(c.prefix, c.key, c.response, c.unit_of, units) for c in clusterings]


def _score(gold: dict[str, dict], pred: dict[str, dict], tasks: list[str], units: Units, tolerance: float) -> dict[str, TaskResult]:
    from .claims import score_claims
    from .entities import score_entities, score_times
    from .events import score_events

    empty: dict = {}
    records = {doc_id: (record, pred.get(doc_id, empty)) for doc_id, record in sorted(gold.items())}

    def pairs(layer: str) -> list:
        return [(d, g["text"], g.get(layer) or [], p.get(layer) or []) for d, (g, p) in records.items()]

    results: dict[str, TaskResult] = {}
    for task in tasks:
        if task == "entities":
            results.update(score_entities(pairs(task), units))
        elif task == "times":
            results.update(score_times(pairs(task), units))
        elif task == "events":
            results.update(score_events(pairs(task), units))
        else:
            results.update(score_claims(pairs(task), units, records, tolerance))
    return results


def _set_interval(report: dict, path: str, interval: list[float]) -> None:
    """Add ``ci95`` to the entry at ``path``; a bare number (``conll_f1``) gets ``<name>_ci95`` beside it."""
    from .report import report_node

    parent, node = report_node(report, path)
    if isinstance(node, dict):
        node["ci95"] = interval
    else:
        parent[f"{path.rpartition('.')[2]}_ci95"] = interval


def _meta(gold: Gold, predicted: Source, options: dict, warnings: list[str], units: int) -> dict:
    from .. import __version__

    meta = {
        "harness_version": __version__,
        "gold": {"source": gold.source.name, "version": gold.version, "sha256": gold.source.sha256,
                 "documents": len(gold.source.records), "sentences": units},
        "predictions": {"source": predicted.name, "sha256": predicted.sha256, "documents": len(predicted.records)},
        "options": options,
        "warnings": warnings,
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if options["match"] == "text":
        meta["alignment"] = predicted.alignment
    return meta


def write_errors(errors: list[dict], path: Path | str) -> None:
    """Every false positive and false negative (and claim component mismatch) as JSONL, sorted."""
    from ..output import jsonl, write_text

    write_text(jsonl(sorted(errors, key=lambda e: (e["task"], e["doc_id"], e["start"], e["end"], e["kind"]))), path)


def evaluate(
    predictions: Path | str | list[dict],
    gold: Path | str | list[dict] | None = None,
    tasks: Iterable[str] | None = None,
    *,
    errors: Path | str | None = None,
    **options,
) -> dict:
    """Score predictions against the gold and return the report as a JSON-ready dict.

    ``predictions``: a JSONL path or a list of records in the export format. ``gold``: the
    shipped corpus when None, else a JSONL path or list of records. ``tasks``: a subset of
    entities, times, events, claims (default all; a layer the gold lacks is not scored).
    Options: ``match`` ("offsets" or "text"), ``bootstrap`` (resamples; 0 = no intervals),
    ``seed``, ``value_tolerance`` (claims), ``schema`` (a Schema or schema.yaml path).
    ``errors``: a path to write every FP and FN to, as JSONL. Raises ``InputError`` on
    malformed input, naming file and line.
    """
    evaluation = run(predictions, gold, tasks, **options)
    if errors is not None:
        write_errors(evaluation.errors, errors)
    return evaluation.report
