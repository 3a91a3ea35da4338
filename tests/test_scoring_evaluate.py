"""``evaluate`` end to end: properties on synthetic corpora, the shipped gold, bootstrap, compare, text matching."""

from __future__ import annotations

import copy
import gc
import json
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data.paths import repo_root
from benchmark.scoring.compare import compare
from benchmark.scoring.evaluate import evaluate, run
from benchmark.scoring.report import FORMATS, headline_rows, render
from tests.synthetic import synthetic_corpus

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


def test_shipped_gold_against_itself_as_a_whole_process(tmp_path):
    """The exported gold scored against the shipped gold by the CLI: every F1 is 1 and both sides
    hash the same. (Its speed is measured by scripts/bench_scoring.py, not asserted here.)"""
    exported = tmp_path / "gold.jsonl"
    subprocess.run([sys.executable, "-m", "benchmark", "export", "-o", str(exported)], check=True, cwd=repo_root())
    done = subprocess.run([sys.executable, "-m", "benchmark", "evaluate", str(exported), "--format", "json"],
                          capture_output=True, text=True, cwd=repo_root())
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert all(f1 == 1.0 for _, _, f1 in _scores(report).values())
    assert report["meta"]["gold"]["sha256"] == report["meta"]["predictions"]["sha256"]


def test_a_run_leaves_the_garbage_collector_as_it_found_it():
    gold, pred, schema = synthetic_corpus(documents=2, mentions=10, seed=1)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    evaluate(pred, gold, schema=schema)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        evaluate(pred, gold, schema=schema)
        assert not gc.isenabled()
    finally:
        gc.enable()


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
    assert "entity_coreference.conll_f1" in intervals and "events.event_coreference.lea" in intervals
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
        {"text": "horse", "type": "PER"},            # unaligned: a false positive
    ]}]
    report = evaluate(pred, gold, match="text")
    assert report["entities"]["strict"]["recall"] == 1.0
    assert report["entities"]["strict"]["precision"] == 0.75
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


# --- coreference intervals: per-sentence contributions, reweighted -----------------------------------

COREFERENCE_PATHS = [f"entity_coreference.{m}" for m in ("muc", "b_cubed", "ceaf_e", "lea")]


def _coreference_corpus(text_sentences: int = 6) -> tuple[list[dict], list[dict]]:
    """One document of short sentences "Ann met Bob xxxx.", each with two PER mentions and a tail of its
    own (so that no two are near-duplicates, which the bootstrap would draw together). Gold: sentence
    k's Ann is in cluster "ann" and its Bob in "bob" (links across sentences). Predicted: the same,
    except that in odd sentences Bob is put in Ann's cluster."""
    sentences = [f"Ann met Bob {chr(ord('a') + k) * 20}. " for k in range(text_sentences)]
    sentence = sentences[0]
    text = "".join(sentences)
    gold, pred = [], []
    for k in range(text_sentences):
        base = k * len(sentence)
        for n, (start, end, cluster) in enumerate(((0, 3, "ann"), (8, 11, "bob"))):
            mention = {"id": f"m{k}-{n}", "start": base + start, "end": base + end, "text": text[base + start:base + end],
                       "type": "PER", "level": "NAM", "cluster": cluster}
            gold.append(mention)
            pred.append({**mention, "cluster": "ann" if k % 2 else cluster})
    return [{"doc_id": "d", "text": text, "entities": gold}], [{"doc_id": "d", "entities": pred}]


def test_coreference_intervals_are_seeded_and_reproducible():
    gold, pred = _coreference_corpus()
    first = evaluate(pred, gold, bootstrap=200, seed=3)["entity_coreference"]
    again = evaluate(pred, gold, bootstrap=200, seed=3)["entity_coreference"]
    other = evaluate(pred, gold, bootstrap=200, seed=4)["entity_coreference"]
    intervals = [first[p.split(".")[1]]["ci95"] for p in COREFERENCE_PATHS] + [first["conll_f1_ci95"]]
    assert intervals == [again[p.split(".")[1]]["ci95"] for p in COREFERENCE_PATHS] + [again["conll_f1_ci95"]]
    assert intervals != [other[p.split(".")[1]]["ci95"] for p in COREFERENCE_PATHS] + [other["conll_f1_ci95"]]
    assert isinstance(first["conll_f1"], float)  # the CoNLL F1 stays a number; its interval sits beside it


def test_coreference_intervals_contain_the_point_estimate_on_a_simple_case():
    gold, pred = _coreference_corpus()
    report = evaluate(pred, gold, bootstrap=500, seed=0)
    rows = dict(headline_rows(report))
    for path in [*COREFERENCE_PATHS, "entity_coreference.conll_f1"]:
        low, high = rows[path]["ci95"]
        assert 0 <= low <= rows[path]["f1"] <= high <= 1, path
        assert low < high, path
    rendered = render(report, "table")
    conll = next(line for line in rendered.splitlines() if line.startswith("entity_coreference.conll_f1"))
    assert "[" in conll


def test_coreference_intervals_of_identical_gold_and_predictions_are_one():
    gold, _ = _coreference_corpus()
    report = evaluate([{"doc_id": "d", "entities": gold[0]["entities"]}], gold, bootstrap=300, seed=1)
    coreference = report["entity_coreference"]
    for metric in ("muc", "b_cubed", "ceaf_e", "lea"):
        assert coreference[metric]["ci95"] == [1.0, 1.0], metric
    assert coreference["conll_f1_ci95"] == [1.0, 1.0]


def test_coreference_intervals_use_the_same_resamples_as_the_other_metrics():
    """Adding coreference to a run leaves the other intervals as they were (the draws are shared)."""
    gold, pred, schema = synthetic_corpus(documents=2, mentions=20, seed=9)
    both = run(pred, gold, schema=schema, bootstrap=100, seed=5).report
    without = run(pred, gold, tasks=["times", "claims"], schema=schema, bootstrap=100, seed=5).report
    assert both["times"]["strict"]["ci95"] == without["times"]["strict"]["ci95"]
    assert both["claims"]["detection"]["strict"]["ci95"] == without["claims"]["detection"]["strict"]["ci95"]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000))
def test_coreference_statistics_with_every_weight_one_give_score_coreference(seed):
    """Summed with weight 1, the per-sentence contributions give score_coreference's F1 (duplicates,
    twinless mentions and singletons included), and a unit drawn twice counts its contributions twice."""
    import numpy as np

    from benchmark.scoring.bootstrap import CoreferenceStatistics
    from benchmark.scoring.coreference import score_coreference

    rng = random.Random(seed)
    units = rng.randint(1, 4)
    unit = {m: rng.randrange(units) for m in range(14)}

    def clustering():
        clusters: dict[int, list[int]] = {}
        for m in rng.choices(range(14), k=rng.randint(0, 14)):  # repeats: the first occurrence wins
            clusters.setdefault(rng.randrange(5), []).append(m)
        return list(clusters.values())

    key, response = clustering(), clustering()
    statistics = CoreferenceStatistics("x", key, response, unit.__getitem__, units)
    (row,) = statistics.f1(np.ones((1, units)) @ statistics.array)
    reference = score_coreference(key, response)
    expected = [reference[name]["f1"] for name in ("muc", "b_cubed", "ceaf_e", "lea")] + [reference["conll_f1"]]
    assert row.tolist() == pytest.approx(expected, abs=1e-12)
    doubled = np.ones((1, units))
    doubled[0, 0] = 2
    assert np.allclose(doubled @ statistics.array, statistics.array.sum(0) + statistics.array[0])


def test_coreference_statistics_of_the_evaluation_give_the_point_estimates():
    import numpy as np

    from benchmark.scoring.evaluate import coreference_statistics

    gold, pred, schema = synthetic_corpus(documents=3, mentions=30, seed=2)
    evaluation = run(pred, gold, schema=schema)
    for statistics in coreference_statistics(evaluation.clusterings, evaluation.units):
        (row,) = statistics.f1(np.ones((1, evaluation.units)) @ statistics.array)
        prefix = statistics.paths[0].rsplit(".", 1)[0]
        section = evaluation.report["events"] if prefix.startswith("events.") else evaluation.report
        entry = section[prefix.split(".")[-1]]
        expected = [entry[name]["f1"] for name in ("muc", "b_cubed", "ceaf_e", "lea")] + [entry["conll_f1"]]
        assert row.tolist() == pytest.approx(expected, abs=1e-12), prefix


def test_coreference_intervals_contain_the_point_estimate_on_synthetic_corpora():
    for seed in range(6):
        gold, pred, schema = synthetic_corpus(documents=3, mentions=30, seed=seed)
        report = evaluate(pred, gold, schema=schema, bootstrap=300, seed=seed)
        rows = [(path, e) for path, e in headline_rows(report) if "coreference" in path]
        assert len(rows) == 10
        for path, entry in rows:
            low, high = entry["ci95"]
            assert low <= entry["f1"] <= high, (seed, path)


@pytest.mark.parametrize("system", ["rules", "spacy"])
def test_coreference_intervals_of_the_baselines_contain_the_point_estimate(system):
    """On the shipped corpus with the leaderboard's 1,000 resamples and seed (fixed: a percentile
    interval need not contain the estimate in principle, and here it does with a wide margin)."""
    from benchmark.baselines import available, predict

    if not available(system):
        pytest.skip(f"{system} is not installed")
    report = evaluate(predict(system), bootstrap=1000, seed=20181125)
    for path, entry in headline_rows(report):
        if "coreference" in path:
            low, high = entry["ci95"]
            assert low < entry["f1"] < high, path


def test_compare_tests_coreference_and_gives_p_one_for_a_system_against_itself():
    gold, pred, schema = synthetic_corpus(documents=3, mentions=30, seed=4)
    same = compare(pred, pred, gold, schema=schema, resamples=200, trials=500)["metrics"]
    for path in ("entity_coreference.conll_f1", "entity_coreference.lea", "events.event_coreference.muc"):
        assert same[path]["p_bootstrap"] == same[path]["p_randomization"] == 1.0, path
        assert same[path]["difference"] == 0
    better = compare(gold, pred, gold, schema=schema, resamples=200, trials=500, seed=1)["metrics"]
    conll = better["entity_coreference.conll_f1"]
    assert conll["f1_a"] == pytest.approx(1.0) and conll["difference"] > 0
    assert conll["p_randomization"] < 0.01
    report = evaluate(pred, gold, schema=schema)
    assert better["entity_coreference.conll_f1"]["f1_b"] == pytest.approx(report["entity_coreference"]["conll_f1"], abs=1e-12)


def test_coreference_does_not_change_the_other_p_values():
    """The coreference blocks share the draws: the other metrics' p-values are those of a run without them."""
    gold, pred, schema = synthetic_corpus(documents=2, mentions=20, seed=9)
    other = copy.deepcopy(pred)
    for record in other:
        record["times"] = record.get("times", [])[1:]
    both = compare(pred, other, gold, schema=schema, resamples=100, trials=200, seed=2)["metrics"]
    without = compare(pred, other, gold, tasks=["times", "claims"], schema=schema, resamples=100, trials=200, seed=2)["metrics"]
    assert {k: v for k, v in both.items() if k in without} == without


# --- compare through the CLI ----------------------------------------------------------------------------

def test_compare_cli_gives_p_values_and_p_one_for_a_system_against_itself(tmp_path):
    exported = tmp_path / "gold.jsonl"
    subprocess.run([sys.executable, "-m", "benchmark", "export", "-o", str(exported)], check=True, cwd=repo_root())
    records = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    from benchmark.data.schema import load_schema

    types = sorted(load_schema().entity_types)

    def mislabel(n: int, mention: dict) -> dict:  # every other mention gets another type (ids stay, for references)
        return {**mention, "type": types[(types.index(mention["type"]) + 1) % len(types)]} if n % 2 else mention

    weaker = tmp_path / "weaker.jsonl"
    weaker.write_text("".join(
        json.dumps({**r, "entities": [mislabel(n, m) for n, m in enumerate(r["entities"])], "events": r["events"][1::2]},
                   ensure_ascii=False) + "\n"
        for r in records), encoding="utf-8")

    def compare_cli(a, b):
        done = subprocess.run(
            [sys.executable, "-m", "benchmark", "compare", str(a), str(b), "--format", "json",
             "--bootstrap", "200", "--trials", "500", "--seed", "1"],
            capture_output=True, text=True, cwd=repo_root())
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["metrics"]

    same = compare_cli(exported, exported)
    assert "entities.strict" in same and "events.trigger_classification" in same
    assert all(m["p_bootstrap"] == m["p_randomization"] == 1.0 and m["difference"] == 0 for m in same.values())
    different = compare_cli(exported, weaker)
    assert different.keys() == same.keys()
    for name, m in different.items():
        assert 0 < m["p_bootstrap"] <= 1 and 0 < m["p_randomization"] <= 1, name
    assert different["entities.strict"]["difference"] > 0.3
    assert different["entities.strict"]["p_randomization"] < 0.01


@pytest.mark.parametrize("seed", [0, 1])
def test_per_document_f1_equals_scoring_each_document_alone(seed):
    gold, pred, schema = synthetic_corpus(documents=3, mentions=25, seed=seed)
    report = evaluate(pred, gold, schema=schema)
    assert sorted(report["per_document"]) == sorted(g["doc_id"] for g in gold)
    for record in gold:
        alone = evaluate([p for p in pred if p["doc_id"] == record["doc_id"]], [record], schema=schema)
        expected = {path: entry["f1"] for path, entry in headline_rows(alone) if "coreference" not in path}
        assert report["per_document"][record["doc_id"]] == pytest.approx(expected, abs=1e-12)
    for fmt in ("table", "markdown"):
        assert "F1 per document" in render(report, fmt)
