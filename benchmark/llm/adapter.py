"""``caravan-ie predict --system llm``: one chat call per document and layer, answers aligned to offsets.

For each document and each layer asked for, the layer's prompt (``prompts.json``) with ``shots``
few-shot examples is sent; the reply's first JSON object gives the items, which are aligned to
offsets by ``--match text``'s code (``scoring/align.py``). Items that cannot be aligned, and items
whose labels or numbers the prediction reader would reject, are dropped and counted per layer.
Cluster ids of the answer are scoped to their document (``doc_id:cluster``): the model links
mentions within an article, not across articles.

Few-shot examples are gold articles of another source group than the predicted one
(``documents.yaml``: 001 and 002 never serve as each other's examples), the first ``shots`` in
doc_id order. A reply that stays malformed after ``max_retries`` re-asks, or a call that fails
after its retries, leaves that document's layer empty with a warning; when every call fails, the
run fails and writes nothing. The predictions and the meta record (``FILE.meta.json``: model,
endpoint, prompt version and SHA-256 of each template, every parameter, examples used, counts,
tokens) are written whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..data.schema import Schema, load_schema
from ..errors import InputError, Problem
from ..output import jsonl, write_text
from .answers import gold_answer, layer_items, parse_reply, response_format
from .client import CallFailed, ChatClient, EndpointError
from .prompts import LAYERS, load_prompts, messages, template_sha256

__all__ = ["LLMOptions", "run_llm", "to_record", "meta_path", "default_cache"]


@dataclass
class LLMOptions:
    """Everything that determines an LLM run (recorded in its meta record)."""

    base_url: str
    model: str
    layers: tuple[str, ...] = LAYERS
    shots: int = 0
    cache: str | None = None  # a folder; None: no cache
    concurrency: int = 4
    timeout: float = 120.0
    max_retries: int = 3
    temperature: float = 0.0
    seed: int | None = 0
    max_tokens: int | None = 4096
    api_key_env: str = "OPENAI_API_KEY"
    input: str | None = None


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/caravan-ie/llm`` (``~/.cache/caravan-ie/llm``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "caravan-ie" / "llm"


def meta_path(output: Path | str) -> Path:
    """Where the meta record of predictions written to ``output`` goes."""
    return Path(f"{output}.meta.json")


class _Progress:
    """Calls done, cache hits and tokens on one stderr line; silent when stderr is not a terminal."""

    def __init__(self, total: int):
        self.total, self.done, self.hits, self.tokens = total, 0, 0, 0
        self.active = sys.stderr.isatty()
        self.lock = threading.Lock()

    def update(self, cached: bool, tokens: int) -> None:
        with self.lock:
            self.done += 1
            self.hits += cached
            self.tokens += tokens
            if self.active:
                print(f"\rllm: {self.done}/{self.total} calls, {self.hits} from the cache, {self.tokens} tokens",
                      end="" if self.done < self.total else "\n", file=sys.stderr, flush=True)


@dataclass
class _Outcome:
    items: list[dict] | None
    warning: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0


def _examples(doc_id: str, group: str | None, pool: list, shots: int) -> list:
    """The first ``shots`` gold documents of another source group (and never the document itself)."""
    return [d for d in pool if d.doc_id != doc_id and d.source_group != group][:shots]


def _call(client: ChatClient, layer: str, conversation: list[dict], answer_format: dict, doc_id: str,
          retries: int, progress: _Progress) -> _Outcome:
    outcome = _Outcome(None, None)
    for attempt in range(retries + 1):
        try:
            reply = client.complete(conversation, answer_format, attempt)
        except CallFailed as error:
            outcome.warning = f"{doc_id}: {layer}: {error}; the layer is left empty"
            break
        outcome.attempts += 1
        outcome.prompt_tokens += reply.prompt_tokens
        outcome.completion_tokens += reply.completion_tokens
        progress.update(reply.cached, reply.prompt_tokens + reply.completion_tokens)
        try:
            outcome.items = layer_items(parse_reply(reply.content), layer)
            outcome.warning = None
            return outcome
        except ValueError as error:
            outcome.warning = f"{doc_id}: {layer}: malformed reply after {attempt + 1} attempt(s) ({error}); the layer is left empty"
    return outcome


def _scoped(items: list[dict], layer: str, doc_id: str) -> list[dict]:
    """Cluster ids made document-local (a model's "c1" in two articles is not one entity)."""
    if layer not in ("entities", "events", "claims"):
        return items
    return [{**item, "cluster": f"{doc_id}:{item['cluster']}"} if isinstance(item.get("cluster"), (str, int))
            and not isinstance(item.get("cluster"), bool) else {k: v for k, v in item.items() if k != "cluster"}
            for item in items]


def _valid_items(record: dict, text: str, schema: Schema, invalid: dict[str, int]) -> dict:
    """The record without the items the prediction reader would reject, each checked on its own
    (an event without its arguments, then each argument); ``invalid`` counts the dropped ones."""
    from ..scoring.predictions import check_record

    def ok(counted: str, layer: str, item: dict) -> bool:
        good = not any(True for _ in check_record({layer: [item]}, text, schema))
        if not good:
            invalid[counted] = invalid.get(counted, 0) + 1
        return good

    out = dict(record)
    for layer in ("entities", "times", "claims"):
        if layer in record:
            out[layer] = [item for item in record[layer] if ok(layer, layer, item)]
    if "events" in record:
        events = []
        for event in record["events"]:
            bare = {k: v for k, v in event.items() if k != "arguments"}
            if ok("events", "events", bare):
                arguments = event.get("arguments") if isinstance(event.get("arguments"), list) else []
                events.append({**bare, "arguments": [a for a in arguments if ok("arguments", "events", {**bare, "arguments": [a]})]})
        out["events"] = events
    return out


def _clean_occurrences(value: object) -> object:
    """Drop every ``occurrence`` that is not a non-negative integer (the item then takes the first
    free occurrence), in items and their head, trigger and arguments."""
    if isinstance(value, list):
        return [_clean_occurrences(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _clean_occurrences(v) if k in ("head", "trigger", "arguments") else v for k, v in value.items()}
    occurrence = out.get("occurrence")
    if "occurrence" in out and (isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 0):
        del out["occurrence"]
    return out


def to_record(doc_id: str, text: str, items: dict[str, list], schema: Schema,
              alignment: dict[str, dict[str, int]], invalid: dict[str, int]) -> dict:
    """A prediction record from the answered items of each layer: cluster ids scoped to the
    document, offsets aligned, unaligned and invalid items dropped (and counted)."""
    from ..scoring.align import align_record, without_unaligned

    answer = {"doc_id": doc_id, **{layer: _scoped(_clean_occurrences(found), layer, doc_id) for layer, found in items.items()}}
    aligned, _ = align_record(answer, text, alignment)
    return _valid_items(without_unaligned(aligned), text, schema, invalid)


def _documents(options: LLMOptions, corpus: list) -> list[tuple[str, str, str, str | None]]:
    """(doc_id, text, date, source group) of the input texts; dates and groups from documents.yaml
    for the shipped articles, "unknown" and None for others."""
    from ..baselines import read_texts

    known = {d.doc_id: d for d in corpus}
    out = []
    for doc_id, text in read_texts(options.input):
        doc = known.get(doc_id)
        out.append((doc_id, text, doc.date if doc else "unknown", doc.source_group if doc else None))
    return out


def run_llm(options: LLMOptions, output: Path | str, schema: Schema | None = None) -> tuple[list[dict], dict]:
    """Predict with the model and write the predictions to ``output`` and the meta record beside it.

    Raises ``InputError`` (bad options, unreadable input, an endpoint that refuses every call)."""
    from .. import __version__
    from ..data.goldfile import load_corpus

    problems = [Problem("--layers", None, f"unknown layer {layer!r} (choose from {', '.join(LAYERS)})")
                for layer in options.layers if layer not in LAYERS]
    if options.shots < 0 or options.concurrency < 1 or options.max_retries < 0 or options.timeout <= 0:
        problems.append(Problem("options", None, "--shots and --max-retries must be >= 0, --concurrency >= 1, --timeout > 0"))
    if str(output) == "-":
        problems.append(Problem("-o", None, "--system llm writes a file (its meta record goes beside it), not stdout"))
    if problems:
        raise InputError(problems)
    schema = schema or load_schema()
    prompts = load_prompts()
    pool = list(load_corpus())
    documents = _documents(options, pool)
    gold = {d.doc_id: d.to_record() for d in pool}
    client = ChatClient(options.base_url, options.model, os.environ.get(options.api_key_env), timeout=options.timeout,
                        max_retries=options.max_retries, temperature=options.temperature, seed=options.seed,
                        max_tokens=options.max_tokens, cache=Path(options.cache) if options.cache else None)
    jobs = []
    shots_used: dict[str, list[str]] = {}
    for doc_id, text, date, group in documents:
        examples = _examples(doc_id, group, pool, options.shots)
        shots_used[doc_id] = [d.doc_id for d in examples]
        for layer in options.layers:
            turns = [(d.text, d.date, json.dumps(gold_answer(gold[d.doc_id], layer), ensure_ascii=False)) for d in examples]
            jobs.append((doc_id, layer, messages(layer, text, date, turns, prompts)))
    progress = _Progress(len(jobs))
    formats = {layer: response_format(layer, schema) for layer in options.layers}
    try:
        with ThreadPoolExecutor(max_workers=options.concurrency) as pool_executor:
            outcomes = list(pool_executor.map(
                lambda job: _call(client, job[1], job[2], formats[job[1]], job[0], options.max_retries, progress), jobs))
    except EndpointError as error:
        raise InputError([Problem("--base-url", None, str(error))]) from None
    if jobs and all(o.items is None and o.attempts == 0 for o in outcomes):
        raise InputError([Problem("--base-url", None, f"every call failed; the first: {outcomes[0].warning}")])
    warnings = [o.warning for o in outcomes if o.warning]
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    answers: dict[str, dict[str, list]] = {doc_id: {} for doc_id, *_ in documents}
    for (doc_id, layer, _), outcome in zip(jobs, outcomes):
        answers[doc_id][layer] = outcome.items or []
    alignment: dict[str, dict[str, int]] = {}
    invalid: dict[str, int] = {}
    records = [to_record(doc_id, text, answers[doc_id], schema, alignment, invalid) for doc_id, text, _, _ in documents]
    meta = {
        "system": "llm",
        "harness_version": __version__,
        "model": options.model,
        "endpoint": options.base_url,
        "prompt": {
            "version": prompts["version"], "schema_version": prompts["schema_version"],
            "file_sha256": hashlib.sha256(json.dumps(prompts, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
            "templates": {layer: template_sha256(layer, prompts) for layer in options.layers},
        },
        "parameters": asdict(options),
        "response_format": "json_schema" if client.use_response_format else "none (the endpoint refused it)",
        "shots": shots_used,
        "alignment": alignment,
        "dropped_invalid": invalid,
        "warnings": warnings,
        "calls": len(jobs), "requests": client.requests, "cache_hits": client.cache_hits,
        "tokens": {"prompt": sum(o.prompt_tokens for o in outcomes), "completion": sum(o.completion_tokens for o in outcomes)},
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    meta["tokens"]["total"] = meta["tokens"]["prompt"] + meta["tokens"]["completion"]
    write_text(jsonl(records), output)
    write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", meta_path(output))
    return records, meta
