"""``--match text``: token-boundary alignment, the gold's own strings score 100, hallucinations cost."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

import benchmark
from benchmark.scoring.align import occurrences
from benchmark.scoring.evaluate import evaluate, run
from benchmark.scoring.report import headline_rows, render


def _token_starts_ends(text: str) -> tuple[set[int], set[int]]:
    """Token boundaries written out here from the tokeniser's rules for the words of the gold (an
    independent count: letters and digits runs, anything else alone)."""
    from benchmark.text.tokens import tokenize

    tokens = tokenize(text)
    return {t.start for t in tokens}, {t.end for t in tokens}


def _occurrence(text: str, start: int, end: int, bounds: tuple[set[int], set[int]]) -> int:
    """How many earlier places hold the same string on token boundaries (every gold span lies on them)."""
    surface, count, at = text[start:end], 0, text.find(text[start:end])
    while 0 <= at < start:
        count += at in bounds[0] and at + len(surface) in bounds[1]
        at = text.find(surface, at + 1)
    return count


def _text_only(record: dict, keep_references: bool) -> dict:
    """The record as a string-returning extractor would give it: no offsets anywhere, each item's
    ``text`` and ``occurrence``; arguments keep or lose their ``mention`` reference."""
    text, bounds = record["text"], _token_starts_ends(record["text"])
    out = copy.deepcopy({k: v for k, v in record.items() if k != "text"})

    def strip(item: dict) -> dict:
        occurrence = _occurrence(text, item["start"], item["end"], bounds)
        return {**{k: v for k, v in item.items() if k not in ("start", "end")}, "occurrence": occurrence}

    for layer in ("entities", "times", "claims"):
        out[layer] = [strip(item) for item in out.get(layer) or []]
        for item in out[layer]:
            for part in ("head", "statement"):
                if isinstance(item.get(part), dict):
                    item[part] = {"text": item[part]["text"]}
    for event in out.get("events") or []:
        event["trigger"] = strip(event["trigger"])
        arguments = [strip(a) for a in event.get("arguments") or []]
        event["arguments"] = arguments if keep_references else [{k: v for k, v in a.items() if k != "mention"} for a in arguments]
    return out


@pytest.fixture(scope="module")
def gold_records() -> list[dict]:
    return benchmark.load_corpus().to_records()


@pytest.mark.parametrize("keep_references", [True, False], ids=["arguments-by-mention", "arguments-by-text"])
def test_gold_as_text_only_scores_100_on_every_metric(gold_records, keep_references):
    predictions = [_text_only(r, keep_references) for r in gold_records]
    assert not any("start" in json.dumps(p) for p in predictions)
    report = evaluate(predictions, match="text")
    scores = {path: entry["f1"] for path, entry in headline_rows(report)}
    assert len(scores) > 20
    assert {path: f1 for path, f1 in scores.items() if f1 != 1.0} == {}
    assert all(counts["unaligned"] == 0 for counts in report["meta"]["alignment"].values())
    if not keep_references:
        arguments = sum(len(e.get("arguments") or []) for r in gold_records for e in r.get("events") or [])
        assert report["meta"]["alignment"]["arguments"] == {"aligned": arguments, "unaligned": 0}


@pytest.mark.parametrize("surface, text, expected", [
    ("he", "the man and he", [(12, 14)]),
    ("his", "this is his", [(8, 11)]),
    ("Central America", "Central American migrants left Central America.", [(31, 46)]),
    ("He", "the man, he said", [(9, 11)]),            # case-insensitive, still on token boundaries
    ("Garc", "Ana Garc√≠a", [(4, 8)]),                # no token-boundary match: substring fallback
    ("aa", "aaa", [(0, 2), (1, 3)]),                 # fallback keeps overlapping occurrences
])
def test_alignment_prefers_token_boundaries(surface, text, expected):
    assert occurrences(text, surface) == expected


TEXT = "The cat saw the dog. He left with his cat."


def _gold() -> list[dict]:
    spans = [(0, 7, "c1"), (12, 19, "c2"), (21, 23, "c1"), (34, 37, "c1"), (34, 41, "c1")]
    return [{"doc_id": "d", "text": TEXT, "entities": [
        {"id": f"m{n}", "start": s, "end": e, "text": TEXT[s:e], "type": "PER", "level": "PRO" if e - s < 4 else "NOM",
         "cluster": c}
        for n, (s, e, c) in enumerate(spans)
    ], "events": [
        {"type": "Movement:Transport", "trigger": {"start": 24, "end": 28, "text": "left"}, "cluster": "e1",
         "arguments": [{"role": "Artifact", "start": 21, "end": 23, "text": "He"}]},
    ]}]


def test_hallucinated_items_are_false_positives_everywhere(tmp_path):
    gold = _gold()
    right = [{"text": m["text"], "type": "PER", "level": m["level"], "cluster": m["cluster"]} for m in gold[0]["entities"]]
    hallucinated = [
        {"text": "Donald Duck", "type": "PER", "level": "NAM", "cluster": "c1"},
        {"text": "cat", "type": "PER", "level": "NOM", "occurrence": 999, "cluster": "c2"},
    ]
    event = {"type": "Movement:Transport", "trigger": {"text": "left"}, "cluster": "e1",
             "arguments": [{"role": "Artifact", "text": "He"}, {"role": "Destination", "text": "the moon"}]}
    ghost_event = {"type": "Movement:Transport", "trigger": {"text": "flew"}, "cluster": "e2"}
    predictions = [{"doc_id": "d", "entities": right + hallucinated, "events": [event, ghost_event]}]
    errors = tmp_path / "errors.jsonl"
    report = evaluate(predictions, gold, match="text", errors=errors)
    for scheme in ("strict", "exact", "partial", "type"):
        entry = report["entities"][scheme]
        assert (entry["recall"], entry["spurious"], entry["actual"]) == (1.0, 2, 7), scheme
    for metric in ("muc", "b_cubed", "ceaf_e", "lea"):
        assert report["entity_coreference"][metric]["precision"] < 1.0, metric
    for metric in ("muc", "b_cubed"):  # CEAF-e and LEA (its singleton self-link) lose recall too, by definition
        assert report["entity_coreference"][metric]["recall"] == 1.0, metric
    assert report["events"]["trigger_classification"]["fp"] == 1
    assert report["events"]["argument_classification"]["fp"] == 1
    assert report["events"]["argument_classification"]["tp"] == 1
    assert report["meta"]["alignment"]["entities"] == {"aligned": 5, "unaligned": 2}
    assert report["meta"]["alignment"]["triggers"] == {"aligned": 1, "unaligned": 1}
    rows = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    unaligned = sorted((r["task"], r["text"]) for r in rows if r["kind"] == "unaligned")
    assert ("entities", "Donald Duck") in unaligned and ("entities", "cat") in unaligned
    assert ("events.trigger_classification", "flew") in unaligned
    assert "entities 5/7" in render(report, "table") and "entities 5/7" in render(report, "markdown")


def test_unaligned_name_is_a_false_positive_of_the_iob2_view():
    gold = [{"doc_id": "d", "text": "Ana met Bo.", "entities": [
        {"id": "m1", "start": 0, "end": 3, "text": "Ana", "type": "PER", "level": "NAM", "cluster": "a"}]}]
    report = run([{"doc_id": "d", "entities": [{"text": "Ana", "type": "PER", "level": "NAM"},
                                                {"text": "Zed", "type": "PER", "level": "NAM"}]}],
                 gold, match="text").report
    for mode in ("default", "strict"):
        assert (report["entities"]["bio"][mode]["tp"], report["entities"]["bio"][mode]["fp"]) == (1, 1)


@pytest.mark.parametrize("occurrence", [-1, "1", 1.5, True, None])
def test_occurrence_must_be_a_non_negative_integer(tmp_path, occurrence):
    doc_id = next(iter(benchmark.load_corpus())).doc_id
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"doc_id": doc_id, "entities": [{"text": "Mexico", "type": "GPE", "occurrence": occurrence}]}) + "\n")
    result = subprocess.run([sys.executable, "-m", "benchmark", "evaluate", str(path), "--match", "text"],
                            capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert f"{path}:1: entities[0]: occurrence must be a non-negative integer" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_report_page_accepts_match_text(tmp_path, gold_records):
    record = _text_only(gold_records[0], keep_references=True)
    record["entities"].append({"text": "Donald Duck", "type": "PER", "level": "NAM"})
    predictions = tmp_path / "p.jsonl"
    predictions.write_text(json.dumps(record) + "\n", encoding="utf-8")
    page = tmp_path / "page.html"
    done = subprocess.run([sys.executable, "-m", "benchmark", "report", str(predictions), "-o", str(page),
                           "--match", "text", "--bootstrap", "0"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    entities = len(gold_records[0]["entities"])
    assert f"--match text aligned entities {entities}/{entities + 1}" in html
    assert "Donald Duck" not in html  # counted in the scores, not highlighted in a text it is not in
