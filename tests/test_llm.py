"""``caravan-ie predict --system llm`` against a chat-completions server on 127.0.0.1 (offline)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("openai")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")  # lm-eval and datasets: nothing is looked up online
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import benchmark  # noqa: E402
from benchmark.cli import main  # noqa: E402
from benchmark.data.paths import repo_root  # noqa: E402
from benchmark.llm.adapter import _scoped  # noqa: E402
from benchmark.llm.answers import gold_answer, parse_reply  # noqa: E402
from benchmark.llm.prompts import LAYERS, build_prompts, load_prompts, render, template_sha256  # noqa: E402
from benchmark.scoring.evaluate import evaluate  # noqa: E402
from benchmark.scoring.report import headline_rows  # noqa: E402
from tests.chat_server import Answer, ChatServer, correct, document_of, gold_reply, layer_of  # noqa: E402

RECORDS = benchmark.load_corpus().to_records()
DOCS = [r["doc_id"] for r in RECORDS]


@pytest.fixture
def serve():
    servers = []

    def start(behaviour) -> ChatServer:
        server = ChatServer(behaviour)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def predict(server: ChatServer, output: Path, *extra: str) -> int:
    return main(["predict", "--system", "llm", "--base-url", server.base_url, "--model", "canned", "-o", str(output),
                 "--max-retries", "1", *extra])


def _scores(report: dict) -> dict:
    return {path: (e.get("precision"), e.get("recall"), e["f1"]) for path, e in headline_rows(report)}


def test_correct_answers_score_as_the_same_items_under_match_text(serve, tmp_path):
    server = serve(correct)
    out = tmp_path / "llm.jsonl"
    assert predict(server, out, "--cache", str(tmp_path / "cache")) == 0
    expected = [{"doc_id": r["doc_id"], **{layer: _scoped(gold_answer(r, layer)[layer], layer, r["doc_id"]) for layer in LAYERS}}
                for r in RECORDS]
    assert _scores(evaluate(out)) == _scores(evaluate(expected, match="text"))
    report = evaluate(out)
    assert report["entities"]["strict"]["f1"] == 1.0 and report["claims"]["value"]["exact"]["f1"] == 1.0
    meta = json.loads((tmp_path / "llm.jsonl.meta.json").read_text())
    assert meta["model"] == "canned" and meta["endpoint"] == server.base_url
    assert meta["prompt"]["templates"] == {layer: template_sha256(layer) for layer in LAYERS}
    assert meta["parameters"]["temperature"] == 0.0 and meta["parameters"]["shots"] == 0
    assert meta["requests"] == 12 and meta["cache_hits"] == 0 and meta["tokens"]["total"] == 12 * 110
    assert all(n["unaligned"] == 0 for n in meta["alignment"].values()) and meta["warnings"] == []
    assert server.requests[0]["response_format"]["type"] == "json_schema"


def test_a_second_run_is_served_from_the_cache(serve, tmp_path):
    server = serve(correct)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert predict(server, first, "--cache", str(tmp_path / "cache"), "--layers", "entities,times") == 0
    sent = len(server.requests)
    assert predict(server, second, "--cache", str(tmp_path / "cache"), "--layers", "entities,times") == 0
    assert len(server.requests) == sent == 6
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(Path(f"{second}.meta.json").read_text())["cache_hits"] == 6
    assert predict(server, second, "--no-cache", "--layers", "entities,times") == 0
    assert len(server.requests) == 12


def test_fenced_json_is_read_and_broken_json_warns(serve, tmp_path, capsys):
    def behaviour(request: dict, number: int) -> Answer:
        if document_of(request) == DOCS[0]:
            return Answer("{entities: [broken")
        return Answer("Here it is:\n```json\n" + gold_reply(request) + "\n```\nDone.")

    server = serve(behaviour)
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache", "--layers", "entities") == 0
    records = {r["doc_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records[DOCS[0]]["entities"] == []
    assert len(records[DOCS[1]]["entities"]) == len(RECORDS[1]["entities"])
    assert f"warning: {DOCS[0]}: entities: malformed reply after 2 attempt(s)" in capsys.readouterr().err
    assert server.counts[(DOCS[0], "entities")] == 1  # asked twice: the first ask and one retry


def test_429_then_success_is_retried(serve, tmp_path):
    server = serve(lambda request, number: Answer(status=429) if number == 0 else correct(request, number))
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache", "--layers", "times") == 0
    assert len(server.requests) == 6
    assert evaluate(out, tasks=["times"])["times"]["strict"]["f1"] == 1.0


def test_a_500_for_one_document_leaves_its_layer_empty_with_a_warning(serve, tmp_path, capsys):
    server = serve(lambda request, number: Answer(status=500) if document_of(request) == DOCS[2] else correct(request, number))
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache", "--layers", "claims") == 0
    assert server.counts[(DOCS[2], "claims")] == 1  # two attempts
    assert f"warning: {DOCS[2]}: claims: no answer after 2 attempts: HTTP 500" in capsys.readouterr().err
    records = {r["doc_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records[DOCS[2]]["claims"] == [] and records[DOCS[0]]["claims"]


def test_an_endpoint_that_always_fails_writes_nothing(serve, tmp_path, capsys):
    server = serve(lambda request, number: Answer(status=503))
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache", "--layers", "times") == 2
    assert "every call failed" in capsys.readouterr().err
    assert not out.exists() and not Path(f"{out}.meta.json").exists()


def test_a_reply_slower_than_the_timeout_is_retried_then_given_up(serve, tmp_path, capsys):
    def behaviour(request: dict, number: int) -> Answer:
        slow = document_of(request) == DOCS[1]
        return Answer(gold_reply(request), delay=2.0 if slow else 0.0)

    server = serve(behaviour)
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache", "--layers", "times", "--timeout", "0.5") == 0
    assert f"warning: {DOCS[1]}: times: no answer after 2 attempts: timed out" in capsys.readouterr().err
    records = {r["doc_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records[DOCS[1]]["times"] == [] and records[DOCS[0]]["times"]


def test_an_http_error_that_retrying_cannot_fix_is_a_clean_error(serve, tmp_path, capsys):
    server = serve(lambda request, number: Answer(status=401))
    assert predict(server, tmp_path / "p.jsonl", "--no-cache", "--layers", "times") == 2
    assert "answered HTTP 401" in capsys.readouterr().err and not (tmp_path / "p.jsonl").exists()


def test_an_endpoint_without_json_schema_support_is_asked_without_it(serve, tmp_path):
    server = serve(lambda request, number: Answer(status=400) if "response_format" in request else correct(request, number))
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache", "--layers", "times", "--concurrency", "1") == 0
    assert json.loads(Path(f"{out}.meta.json").read_text())["response_format"].startswith("none")
    assert evaluate(out, tasks=["times"])["times"]["strict"]["f1"] == 1.0


def test_few_shot_examples_never_come_from_the_predicted_document_or_its_source(serve, tmp_path):
    server = serve(correct)
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache", "--layers", "entities", "--shots", "2") == 0
    texts = {r["doc_id"]: r["text"] for r in RECORDS}
    groups = {d.doc_id: d.source_group for d in benchmark.load_corpus()}
    for request in server.requests:
        predicted = document_of(request)
        shown = [doc for turn in request["messages"][1:-1] if turn["role"] == "user"
                 for doc, text in texts.items() if turn["content"].endswith(text)]
        assert shown and predicted not in shown and all(groups[doc] != groups[predicted] for doc in shown)
        answers = [turn for turn in request["messages"][1:-1] if turn["role"] == "assistant"]
        assert [parse_reply(a["content"]) for a in answers] == [gold_answer(next(r for r in RECORDS if r["doc_id"] == d), "entities")
                                                               for d in shown]
    shots = json.loads(Path(f"{out}.meta.json").read_text())["shots"]
    assert shots == {DOCS[0]: [DOCS[1], DOCS[2]], DOCS[1]: [DOCS[0]], DOCS[2]: [DOCS[0]]}


def test_hallucinated_and_invalid_items_are_dropped_and_counted(serve, tmp_path):
    def behaviour(request: dict, number: int) -> Answer:
        answer = json.loads(gold_reply(request))
        answer["entities"] += [{"text": "Donald Duck", "type": "PER", "level": "NAM"},
                               {"text": "Mexico", "type": "PLANET", "level": "NAM"}]
        return Answer(json.dumps(answer))

    server = serve(behaviour)
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache", "--layers", "entities") == 0
    meta = json.loads(Path(f"{out}.meta.json").read_text())
    assert meta["alignment"]["entities"]["unaligned"] == 3 and meta["dropped_invalid"] == {"entities": 3}
    assert evaluate(out, tasks=["entities"])["entities"]["strict"]["f1"] == 1.0


def test_missing_endpoint_options_are_a_clean_error(tmp_path, capsys):
    assert main(["predict", "--system", "llm", "-o", str(tmp_path / "p.jsonl")]) == 2
    assert "needs --base-url URL and --model NAME" in capsys.readouterr().err


def test_the_shipped_prompts_are_built_from_schema_and_guidelines():
    root = repo_root()
    done = subprocess.run([sys.executable, str(root / "scripts" / "build_prompts.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    schema = benchmark.load_schema()
    built = build_prompts(schema, root / "annotations" / "guidelines")
    assert render(built) == (root / "benchmark" / "llm" / "prompts.json").read_text(encoding="utf-8")
    system = load_prompts()["layers"]["events"]["system"]
    assert all(name in system for name in schema.event_types) and "## 5. Arguments" in system
    assert "## 9. Hard cases" not in system


@pytest.mark.parametrize("reply, expected", [
    ('{"times": []}', {"times": []}),
    ('```json\n{"times": [1]}\n```', {"times": [1]}),
    ('Sure! {"times": [], "x": {"y": 1}} and more {"z": 2}', {"times": [], "x": {"y": 1}}),
    ('[1, 2] then {"a": 1}', {"a": 1}),
])
def test_the_first_json_object_of_a_reply(reply, expected):
    assert parse_reply(reply) == expected


def test_a_reply_without_an_object_is_malformed():
    with pytest.raises(ValueError):
        parse_reply("no json here [1, 2]")


def test_layer_of_and_document_of_see_the_request():
    request = {"messages": [{"role": "system", "content": load_prompts()["layers"]["claims"]["system"]},
                            {"role": "user", "content": "Article:\n" + RECORDS[1]["text"]}]}
    assert (layer_of(request), document_of(request)) == ("claims", DOCS[1])


def _degraded(request: dict, number: int) -> Answer:
    """The gold answer with every third item left out and one invented item: scores below 100."""
    layer = layer_of(request)
    items = json.loads(gold_reply(request))[layer]
    kept = [item for k, item in enumerate(items) if k % 3 != 1]
    invented = {"entities": {"text": "Donald Duck", "type": "PER", "level": "NAM"},
                "times": {"text": "Monday", "type": "TIME", "value": "2018-11-26"},
                "events": {"type": "Conflict:Attack", "realis": "ACTUAL", "trigger": {"text": "said"}},
                "claims": {"text": "98", "value": 97, "unit": "person", "qualifier": "exact", "lower": 97, "upper": 97}}[layer]
    return Answer(json.dumps({layer: kept + [invented]}))


def test_lm_eval_reports_the_scorers_corpus_level_numbers(serve, tmp_path):
    pytest.importorskip("lm_eval")
    from lm_eval import simple_evaluate
    from lm_eval.tasks import TaskManager

    from benchmark.llm.prompts import LM_EVAL_METRICS

    server = serve(_degraded)
    out = tmp_path / "p.jsonl"
    assert predict(server, out, "--no-cache") == 0
    report = evaluate(out)
    manager = TaskManager(include_path=str(repo_root() / "benchmark" / "lm_eval_tasks"), include_defaults=False)
    results = simple_evaluate(model="local-chat-completions", tasks=["caravan_ie"], task_manager=manager,
                              model_args=f"base_url={server.base_url}/chat/completions,model=canned,max_retries=1",
                              apply_chat_template=True)["results"]
    compared = 0
    for layer, metrics in LM_EVAL_METRICS.items():
        for name, path in metrics.items():
            entry = report
            for part in path.split("."):
                entry = entry[part]
            assert results[f"caravan_ie_{layer}"][f"{name},none"] == pytest.approx(entry["f1"], abs=1e-12), name
            assert 0 < entry["f1"] < 1, name
            compared += 1
    assert compared == 9
    lm_eval_messages = [r["messages"] for r in server.requests[12:]]
    assert sorted(map(json.dumps, lm_eval_messages)) == sorted(json.dumps(r["messages"]) for r in server.requests[:12])


def test_a_committed_llm_run_becomes_a_leaderboard_row(serve, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("leaderboard", repo_root() / "scripts" / "leaderboard.py")
    leaderboard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(leaderboard)
    server = serve(_degraded)
    run = tmp_path / "results" / "llm" / "canned-zero-shot"
    run.mkdir(parents=True)
    assert predict(server, run / "predictions.jsonl", "--no-cache", "--layers", "entities,claims") == 0
    rows = leaderboard.llm_rows(tmp_path)
    (label, cells), = rows.items()
    assert label == "`llm` canned (prompt 1.0, 0-shot, run `canned-zero-shot`)"
    report = evaluate(run / "predictions.jsonl")
    assert cells[0].startswith(f"{100 * report['entities']['strict']['f1']:.1f} [")
    assert cells[4] == "–"  # events were not asked for
    assert label in leaderboard.table(rows)
