"""``evaluate`` end to end: properties on synthetic corpora, the shipped gold, bootstrap, compare, text matching."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings, strategies as st

from benchmark.scoring.compare import compare
from benchmark.scoring.evaluate import evaluate, run
from benchmark.scoring.report import FORMATS, headline_rows, render
from benchmark.scoring.synthetic import synthetic_corpus
from benchmark.paths import repo_root

SET_METRICS = (  # metrics defined on sets (or clusterings), where swapping the sides swaps P and R
    "events.trigger_identification", "events.trigger_classification", "events.argument_identification",
    "events.argument_classification", "events.argument_identification_attached",
    "events.argument_classification_attached", "events.realis", "times.value", "claims.detection.strict",
    "entities.bio.default", "entities.bio.strict", "entities.strict", "entities.exact",
    "entity_coreference.muc", "entity_coreference.b_cubed", "entity_coreference.ceaf_e", "entity_coreference.lea",
)


def _scores(report: dict) -> dict[str, tuple]:
    return {path: (e.get("precision"), e.get("recall"), e["f1"]) for path, e in headline_rows(report)}


def _without_meta(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "meta"}


seeds = st.integers(0, 10_000)


@settings(max_examples=8, deadline=None)
@given(seeds)
def test_gold_against_itself_is_perfect_and_every_score_is_a_fraction(seed):
    gold, pred, schema = synthetic_corpus(documents=3, mentions=25, seed=seed)
    perfect = dict(headline_rows(evaluate(gold, gold, schema=schema)))
    # MUC scores links; when every cluster is a singleton it has none and is 0 (0/0), as in v8.01.
    no_links = {p.rsplit(".", 1)[0] for p, e in perfect.items() if p.endswith(".muc") and e["recall_den"] == 0}
    assert all(e["f1"] == 1.0 for p, e in perfect.items() if p.rsplit(".", 1)[0] not in no_links)
    for path, values in _scores(evaluate(pred, gold, schema=schema)).items():
        assert all(0.0 <= v <= 1.0 for v in values if v is not None), path


@settings(max_examples=8, deadline=None)
@given(seeds)
def test_document_and_item_order_change_nothing_and_duplicates_earn_nothing(seed):
    gold, pred, schema = synthetic_corpus(documents=3, mentions=25, seed=seed)
    baseline = evaluate(pred, gold, schema=schema)
    rng = random.Random(seed)
    shuffled, doubled = copy.deepcopy(pred), copy.deepcopy(pred)
    rng.shuffle(shuffled)
    for record in shuffled:
        for layer in ("entities", "times", "events", "claims"):
            rng.shuffle(record[layer])
    for record in doubled:
        for layer in ("entities", "times", "events", "claims"):
            record[layer] = record[layer] + [{k: v for k, v in item.items() if k != "id"} for item in record[layer]]
    assert _without_meta(evaluate(shuffled, gold, schema=schema)) == _without_meta(baseline)
    more = _scores(evaluate(doubled, gold, schema=schema))
    for path, (_, _, f1) in _scores(baseline).items():
        assert more[path][2] <= f1, path


@settings(max_examples=5, deadline=None)
@given(seeds)
def test_swapping_gold_and_predictions_swaps_precision_and_recall(seed):
    gold, pred, schema = synthetic_corpus(documents=2, mentions=20, seed=seed)
    texts = {g["doc_id"]: g["text"] for g in gold}
    # Flat entities on both sides (strict and exact are symmetric only then; see test_scoring_spans).
    for records in (gold, pred):
        for record in records:
            kept, last_end = [], -1
            for m in sorted(record["entities"], key=lambda m: (m["start"], -m["end"])):
                if m["start"] >= last_end:
                    kept.append(m)
                    last_end = m["end"]
            record["entities"] = kept
            for claim in record["claims"]:
                claim["measured_entity"] = claim["attribution"] = None
            for event in record["events"]:
                for argument in event["arguments"]:
                    argument.pop("mention", None)
    as_gold = [{**p, "text": texts[p["doc_id"]]} for p in pred]
    forward = _scores(evaluate(pred, gold, schema=schema))
    backward = _scores(evaluate(gold, as_gold, schema=schema))
    for path in SET_METRICS:
        precision, recall, f1 = forward[path]
        assert backward[path] == pytest.approx((recall, precision, f1)), path


def test_shipped_gold_against_itself_quickly(tmp_path):
    exported = tmp_path / "gold.jsonl"
    subprocess.run([sys.executable, "-m", "benchmark", "export", "-o", str(exported)], check=True, cwd=repo_root())
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "benchmark", "evaluate", str(exported), "--format", "json"],
                          capture_output=True, text=True, cwd=repo_root())
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert all(f1 == 1.0 for _, _, f1 in _scores(report).values())
    assert report["meta"]["gold"]["sha256"] == report["meta"]["predictions"]["sha256"]
    assert elapsed < 4  # well under two seconds on a quiet machine; slack for a busy CI


def test_missing_document_is_scored_empty_with_a_warning(capsys):
    gold, pred, schema = synthetic_corpus(documents=2, mentions=10, seed=1)
    report = evaluate(pred[:1], gold, schema=schema)
    assert pred[1]["doc_id"] in capsys.readouterr().err
    assert report["meta"]["warnings"] and report["entities"]["strict"]["recall"] < 1


def test_a_layer_the_gold_lacks_is_not_scored():
    gold, pred, schema = synthetic_corpus(documents=2, mentions=10, seed=2)
    for record in gold:
        record["events"] = []
    report = evaluate(pred, gold, schema=schema)
    assert "events" not in report and "entities" in report
    assert report["meta"]["options"]["tasks"] == ["entities", "times", "claims"]


def test_bootstrap_is_seeded_and_contains_the_point_estimate():
    gold, pred, schema = synthetic_corpus(documents=3, mentions=30, seed=3)
    first = evaluate(pred, gold, schema=schema, bootstrap=300, seed=7)
    again = evaluate(pred, gold, schema=schema, bootstrap=300, seed=7)
    other = evaluate(pred, gold, schema=schema, bootstrap=300, seed=8)
    intervals = {path: e["ci95"] for path, e in headline_rows(first) if "ci95" in e}
    assert intervals == {path: e["ci95"] for path, e in headline_rows(again) if "ci95" in e}
    assert intervals != {path: e["ci95"] for path, e in headline_rows(other) if "ci95" in e}
    assert "entities.strict" in intervals and "claims.value.tolerance" in intervals
    for path, entry in headline_rows(first):
        if "ci95" in entry:
            low, high = entry["ci95"]
            assert low <= entry["f1"] <= high, path


def test_compare_gives_p_one_for_a_system_against_itself_and_small_p_for_a_far_better_one():
    gold, pred, schema = synthetic_corpus(documents=3, mentions=30, seed=4)
    same = compare(pred, pred, gold, schema=schema, resamples=200, trials=500)["metrics"]
    assert same["entities.strict"]["p_bootstrap"] == same["entities.strict"]["p_randomization"] == 1.0
    better = compare(gold, pred, gold, schema=schema, resamples=200, trials=500, seed=1)["metrics"]
    assert better["entities.strict"]["difference"] > 0.3
    assert better["entities.strict"]["p_randomization"] < 0.01


def test_text_matching_aligns_surface_strings():
    text = "The cat saw the cat. The dog left."
    gold = [{"doc_id": "d", "text": text, "entities": [
        {"id": f"m{n}", "start": s, "end": e, "text": text[s:e], "type": "PER", "level": "NAM",
         "head": {"start": s, "end": e, "text": text[s:e]}, "cluster": f"c{n}"}
        for n, (s, e) in enumerate([(12, 19), (4, 7), (25, 28)])
    ]}]
    pred = [{"doc_id": "d", "entities": [
        {"text": "the cat", "type": "PER"},          # first occurrence: 12-19
        {"text": "cat", "type": "PER", "occurrence": 0},  # 4-7
        {"text": "DOG", "type": "PER"},              # case-insensitive fallback: 25-28
        {"text": "horse", "type": "PER"},            # unaligned, dropped
    ]}]
    report = evaluate(pred, gold, match="text")
    assert report["entities"]["strict"]["f1"] == 1.0
    assert report["meta"]["alignment"]["entities"] == {"aligned": 3, "unaligned": 1}


def test_errors_file_lists_false_positives_and_negatives(tmp_path):
    gold, pred, schema = synthetic_corpus(documents=2, mentions=15, seed=5)
    path = tmp_path / "errors.jsonl"
    report = evaluate(pred, gold, schema=schema, errors=path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    strict = report["entities"]["strict"]
    entity_rows = [r for r in rows if r["task"] == "entities"]
    assert sum(r["kind"] == "fp" for r in entity_rows) == strict["fp"]
    assert sum(r["kind"] == "fn" for r in entity_rows) == strict["fn"]
    texts = {g["doc_id"]: g["text"] for g in gold}
    assert all(r["text"] == texts[r["doc_id"]][r["start"]:r["end"]] for r in rows)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_headline_numbers(fmt):
    gold, pred, schema = synthetic_corpus(documents=2, mentions=10, seed=6)
    evaluation = run(pred, gold, schema=schema, bootstrap=50)
    text = render(evaluation.report, fmt)
    if fmt == "json":
        assert json.loads(text) == evaluation.report
    else:
        assert "entities.strict" in text and "claims.detection.overlap" in text
        assert "[" in text  # the intervals
