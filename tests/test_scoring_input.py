"""Malformed predictions never yield a score: InputError naming file and line; the CLI exits 2 cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.data.paths import repo_root
from benchmark.errors import InputError
from benchmark.scoring.evaluate import evaluate
from tests.synthetic import synthetic_corpus

GOLD, PRED, SCHEMA = synthetic_corpus(documents=2, mentions=5, seed=0)
DOC_A, DOC_B = GOLD[0]["doc_id"], GOLD[1]["doc_id"]
TEXT = GOLD[1]["text"]
GOOD = json.dumps({**PRED[0], "events": []}).encode()  # events aside, valid under the shipped schema too


NESTED: object = 1
for _ in range(20):
    NESTED = [NESTED]


def _entity(**fields) -> bytes:
    mention = {"start": 0, "end": 3, "type": "PER", **fields}
    return json.dumps({"doc_id": DOC_B, "entities": [mention]}).encode()


CASES = {  # second line of the file -> a phrase of the expected message
    "invalid JSON": (b'{"doc_id": ', "invalid JSON"),
    "not an object": (b"[1, 2]", "expected a JSON object"),
    "missing doc_id": (b'{"entities": []}', "missing doc_id"),
    "unknown doc_id": (b'{"doc_id": "nope"}', "unknown doc_id"),
    "duplicate doc_id": (GOOD, "duplicate doc_id"),
    "negative offset": (_entity(start=-1), "not a non-empty range"),
    "reversed offsets": (_entity(start=3, end=1), "not a non-empty range"),
    "past the text": (_entity(end=len(TEXT) + 1), "not a non-empty range"),
    "string offset": (_entity(start="0"), "must be integers"),
    "boolean offset": (_entity(start=True), "must be integers"),
    "float offset": (_entity(end=3.0), "must be integers"),
    "label not in schema": (_entity(type="ALIEN"), "not in the schema"),
    "level not in schema": (_entity(level="XYZ"), "not in the schema"),
    "text disagrees": (_entity(text="zzz"), "does not match offsets"),
    "NaN": (('{"doc_id": "%s", "claims": [{"start": 0, "end": 2, "value": NaN}]}' % DOC_B).encode(), "NaN is not a number"),
    "infinity": (('{"doc_id": "%s", "claims": [{"start": 0, "end": 2, "value": 1e400}]}' % DOC_B).encode(), "not a finite number"),
    "non-numeric value": (json.dumps({"doc_id": DOC_B, "claims": [{"start": 0, "end": 2, "value": "98"}]}).encode(), "must be a finite number"),
    "invalid UTF-8": (b'{"doc_id": "\xff\xfe"}', "not valid UTF-8"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "nesting deeper"),
    "moderate nesting": (json.dumps({"doc_id": DOC_B, "x": NESTED}).encode(), "nesting deeper"),
    "layer not a list": (json.dumps({"doc_id": DOC_B, "entities": {"a": 1}}).encode(), "must be a list"),
    "dangling reference": (json.dumps({"doc_id": DOC_B, "claims": [{"start": 0, "end": 2, "measured_entity": "m9"}]}).encode(),
                           "not the id of a mention"),
    "text differs from gold": (json.dumps({"doc_id": DOC_B, "text": "other"}).encode(), "differs from the gold"),
    "repeated key": (('{"doc_id": "%s", "doc_id": "x"}' % DOC_B).encode(), "repeated key 'doc_id'"),
    "repeated layer": (('{"doc_id": "%s", "entities": [], "entities": []}' % DOC_B).encode(), "repeated key 'entities'"),
    "repeated nested key": (('{"doc_id": "%s", "entities": [{"start": 0, "start": 1, "end": 3, "type": "PER"}]}' % DOC_B).encode(),
                            "repeated key 'start'"),
    "bounds out of order": (json.dumps({"doc_id": DOC_B, "claims": [{"start": 0, "end": 2, "lower": 10, "upper": 1}]}).encode(),
                            "claims[0]: lower bound 10 is above upper bound 1"),
    "value outside bounds": (json.dumps({"doc_id": DOC_B, "claims": [{"start": 0, "end": 2, "value": 50, "lower": 1, "upper": 10}]}).encode(),
                             "claims[0]: value 50 is outside its bounds [1, 10]"),
    "lone surrogate": (b'{"doc_id": "\\ud800"}', "lone surrogate"),
    "lone surrogate key": (('{"doc_id": "%s", "\\udfff": 1}' % DOC_B).encode(), "lone surrogate"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_line_is_reported_with_file_and_line(tmp_path: Path, name: str):
    line, phrase = CASES[name]
    path = tmp_path / "pred.jsonl"
    path.write_bytes(GOOD + b"\n" + line + b"\n")
    with pytest.raises(InputError) as caught:
        evaluate(path, GOLD, schema=SCHEMA)
    problems = caught.value.problems
    assert problems and all(p.path == str(path) and p.line == 2 for p in problems)
    assert any(phrase in p.message for p in problems), [p.message for p in problems]


def test_missing_file(tmp_path: Path):
    with pytest.raises(InputError) as caught:
        evaluate(tmp_path / "absent.jsonl", GOLD, schema=SCHEMA)
    assert "file not found" in str(caught.value)


def test_records_given_as_a_list_are_checked_too():
    with pytest.raises(InputError) as caught:
        evaluate([PRED[0], {"doc_id": DOC_B, "entities": [{"start": 0, "end": 3, "type": "ALIEN"}]}], GOLD, schema=SCHEMA)
    assert str(caught.value).startswith("<predictions>:2:")


@pytest.mark.parametrize("name", ["invalid JSON", "boolean offset", "deep nesting", "invalid UTF-8"])
def test_cli_exits_2_without_traceback_or_report(tmp_path: Path, name: str):
    gold = tmp_path / "gold.jsonl"  # without events: the synthetic event types are not in the shipped schema
    gold.write_text("".join(json.dumps({**r, "events": []}) + "\n" for r in GOLD), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(GOOD + b"\n" + CASES[name][0] + b"\n")
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmark", "evaluate", str(pred), "--gold", str(gold),
         "-o", str(report), "--format", "json"],
        capture_output=True, text=True, cwd=repo_root(),
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{pred}:2: ")
    assert not report.exists()


def _reference_depth(value) -> int:
    """The nesting depth by definition: a scalar is 1, a container one more than its deepest child."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return 1 + max(map(_reference_depth, value)) if value else 1
    return 1


def test_depth_matches_its_definition_up_to_the_limit():
    import random

    from benchmark.scoring.predictions import MAX_DEPTH, _shape

    def _depth(value) -> int:
        return _shape(value)[0]

    rng = random.Random(0)

    def value(level: int):
        draw = rng.random()
        if level > 20 or draw < 0.3:
            return rng.choice([1, "x", None, 2.5, [], {}])
        if draw < 0.65:
            return [value(level + 1) for _ in range(rng.randint(0, 3))]
        return {str(k): value(level + 1) for k in range(rng.randint(0, 3))}

    for _ in range(3000):
        v = value(0)
        expected = _reference_depth(v)
        assert (_depth(v) > MAX_DEPTH) == (expected > MAX_DEPTH)
        if expected <= MAX_DEPTH:
            assert _depth(v) == expected


def test_records_of_the_export_shape_are_counted_without_the_full_walk():
    """``_format_keys`` counts the keys of a record whose containers all sit where the export
    format puts them, as the full walk does; a container anywhere else, or a bracket inside a
    string, sends the line to the full walk (None)."""
    from benchmark.scoring.predictions import MAX_DEPTH, _format_keys, _shape

    gold, pred, _ = synthetic_corpus(3, 30, seed=2)
    for record in gold + pred:
        raw = json.dumps(record).encode()
        depth, keys = _shape(record)
        assert _format_keys(record, raw) == keys and depth <= MAX_DEPTH
        elsewhere = {**record, "entities": [{**record["entities"][0], "extra": [[]]}, *record["entities"][1:]]}
        assert _format_keys(elsewhere, json.dumps(elsewhere).encode()) is None
        bracket = {**record, "doc_id": record["doc_id"] + " [sic]"}
        assert _format_keys(bracket, json.dumps(bracket).encode()) is None
    assert _format_keys([1, 2], b"[1, 2]") is None


def _json_with_keys(rng, repeat: bool) -> tuple[str, bool]:
    """A JSON object written by hand with awkward keys and strings (quotes, colons, runs of
    backslashes, spaces before colons); with ``repeat``, maybe a key given twice in some object."""
    pieces = ['"', ":", "\\", "a", " ", ",", "{", "[", "\u00e9"]
    repeated = False

    def string() -> str:
        return json.dumps("".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))))

    def value(level: int) -> str:
        nonlocal repeated
        draw = rng.random()
        if level > 3 or draw < 0.4:
            return rng.choice([string(), "1", "null", "2.5"])
        if draw < 0.6:
            return "[" + ", ".join(value(level + 1) for _ in range(rng.randint(0, 3))) + "]"
        keys = [string() for _ in range(rng.randint(0, 4))]
        if repeat and keys and rng.random() < 0.3:
            keys.append(rng.choice(keys))
        if len(set(map(json.loads, keys))) < len(keys):
            repeated = True
        colon = rng.choice([":", ": ", " :", ":\t"])
        return "{" + ",".join(f"{key}{colon}{value(level + 1)}" for key in keys) + "}"

    return '{"doc_id": ' + string() + ', "x": ' + value(0) + "}", repeated


def test_repeated_keys_are_found_however_keys_and_strings_are_written():
    """The key count at C speed (``_key_count``) and the parsed count agree exactly when no key
    is repeated; every repeated key is caught, wherever it is and whatever the strings hold."""
    import random

    from benchmark.scoring.predictions import parse_line

    rng = random.Random(3)
    for n in range(4000):
        line, repeated = _json_with_keys(rng, repeat=n % 2 == 0)
        if repeated:
            with pytest.raises(ValueError, match="repeated key"):
                parse_line(line.encode())
        else:
            assert parse_line(line.encode()) == json.loads(line)


def test_the_fast_check_never_passes_a_record_the_full_check_rejects():
    """``check_record`` skips the message-building checks when a quick pass finds nothing wrong;
    on records with random faults, whatever the quick pass accepts the full one accepts too, and
    the harness reports the full check's messages."""
    import copy
    import random

    from benchmark.scoring.predictions import _problems, _valid, resolve_arguments

    rng = random.Random(1)
    texts = {g["doc_id"]: g["text"] for g in GOLD}
    faults = [None, True, 0, -1, 3.0, float("nan"), float("inf"), "", "x", "PER", "m0", [], {}, 10**400, 5]

    def corrupt(node):
        if isinstance(node, dict) and node:
            key = rng.choice(list(node))
            if rng.random() < 0.4 or not isinstance(node[key], (dict, list)):
                node[key] = rng.choice(faults)
            else:
                corrupt(node[key])
        elif isinstance(node, list) and node:
            i = rng.randrange(len(node))
            if rng.random() < 0.3:
                node[i] = rng.choice(faults)
            else:
                corrupt(node[i])

    accepted = rejected = 0
    for _ in range(1500):
        source = rng.choice(GOLD + PRED)
        record = copy.deepcopy(source)
        for _ in range(rng.randint(0, 2)):
            corrupt(record)
        record = resolve_arguments(record)
        for gold in (False, True):
            problems = list(_problems(record, texts[source["doc_id"]], SCHEMA, gold))
            if _valid(record, texts[source["doc_id"]], SCHEMA, gold):
                assert problems == []
                accepted += 1
            else:
                rejected += 1
    assert accepted > 100 and rejected > 100


def test_a_surrogate_pair_is_a_character_not_an_error(tmp_path: Path):
    path = tmp_path / "pred.jsonl"
    path.write_bytes(GOOD + b"\n" + ('{"doc_id": "%s", "note": "\\ud83d\\ude00"}' % DOC_B).encode() + b"\n")
    assert evaluate(path, GOLD, schema=SCHEMA)["meta"]["predictions"]["documents"] == 2


@pytest.mark.parametrize("argv, phrase", [
    (["compare", "A", "A", "--bootstrap", "0"], "argument --bootstrap: must be at least 1, got 0"),
    (["compare", "A", "A", "--bootstrap", "-3"], "argument --bootstrap: must be at least 1, got -3"),
    (["compare", "A", "A", "--trials", "0"], "argument --trials: must be at least 1, got 0"),
    (["compare", "A", "A", "--seed", "-1"], "argument --seed: must be at least 0, got -1"),
    (["evaluate", "A", "--bootstrap", "-1"], "argument --bootstrap: must be at least 0, got -1"),
    (["evaluate", "A", "--seed", "-2"], "argument --seed: must be at least 0, got -2"),
    (["report", "A", "-o", "OUT", "--bootstrap", "-1"], "argument --bootstrap: must be at least 0, got -1"),
    (["report", "A", "-o", "OUT", "--seed", "x"], "argument --seed: expected an integer, got 'x'"),
])
def test_bad_option_values_exit_2_with_a_message(tmp_path: Path, argv: list[str], phrase: str):
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(GOOD + b"\n")
    argv = [str(pred) if a == "A" else str(tmp_path / "out.html") if a == "OUT" else a for a in argv]
    done = subprocess.run([sys.executable, "-m", "benchmark", *argv], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert phrase in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "" and not (tmp_path / "out.html").exists()


def test_library_rejects_bad_counts():
    from benchmark.scoring.compare import compare

    with pytest.raises(ValueError, match="bootstrap must be an integer of at least 0"):
        evaluate(PRED, GOLD, schema=SCHEMA, bootstrap=-1)
    with pytest.raises(ValueError, match="trials must be an integer of at least 1"):
        compare(PRED, PRED, GOLD, schema=SCHEMA, trials=0)


def test_report_rejects_a_lone_surrogate_id_and_writes_nothing(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({**r, "events": []}) + "\n" for r in GOLD), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(('{"doc_id": "%s", "entities": [{"id": "\\udc80", "start": 0, "end": 3, "type": "PER"}]}' % DOC_B).encode() + b"\n")
    page = tmp_path / "page.html"
    done = subprocess.run([sys.executable, "-m", "benchmark", "report", str(pred), "--gold", str(gold), "-o", str(page),
                           "--bootstrap", "0"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{pred}:1: ") and "lone surrogate" in done.stderr
    assert not page.exists()


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"], ids=["empty", "blank lines", "only a BOM"])
def test_a_file_without_documents_is_an_error(tmp_path: Path, content: bytes):
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(content)
    out = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "benchmark", "evaluate", str(pred), "-o", str(out)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"{pred}: no documents\n"
    assert not out.exists()
    with pytest.raises(InputError, match="<predictions>: no documents"):
        evaluate([], GOLD, schema=SCHEMA)


def test_documents_with_empty_layers_stay_valid(tmp_path: Path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"doc_id": DOC_A, "entities": [], "claims": []}) + "\n", encoding="utf-8")
    report = evaluate(pred, GOLD, schema=SCHEMA)
    assert report["entities"]["strict"]["f1"] == 0.0


@pytest.mark.parametrize("qualifier, unit, value, lower, upper, ok", [
    ("almost", "person", 100, 90, 99, True),        # the value is the excluded limit, one count above
    ("almost", "person", 101, 90, 99, False),
    ("more_than", "km", 4000, 4000, None, True),     # a measurement: eps 0
    ("more_than", "person", 500, 501, None, True),
    ("more_than", "person", 499, 501, None, False),
    ("exact", "person", 98, 98, 98, True),
    ("exact", "person", 97, 98, 98, False),
    ("approximately", "km", 200.5, 180, 220, True),
])
def test_claim_bounds_rule_is_shared_by_gold_and_predictions(qualifier, unit, value, lower, upper, ok):
    from benchmark.data.claims import bounds_problems
    from benchmark.data.schema import load_schema

    claim = {"qualifier": qualifier, "unit": unit, "value": value, "lower": lower, "upper": upper}
    assert (bounds_problems(claim, load_schema()) == []) == ok


def test_the_fast_reader_says_what_the_strict_parse_says_on_mutated_lines():
    """``parse_line`` (C parser, key counts) against a reader that applies every check as a hook
    on every line: on valid lines cut, spliced and sprinkled with quotes, colons, backslash runs,
    repeated chunks, NaN, 1e400 and lone surrogates, both accept the same lines with the same
    values and reject the others with the same message."""
    import random

    from benchmark.scoring.predictions import MAX_DEPTH, _lone_surrogate, _shape, _strict_loads, parse_line

    def reference(raw: bytes):
        value = _strict_loads(raw.decode("utf-8"))
        if _shape(value)[0] > MAX_DEPTH:
            raise ValueError(f"nesting deeper than {MAX_DEPTH} levels")
        surrogate = _lone_surrogate(value)
        if surrogate is not None:
            raise ValueError(f"the string {surrogate[:40]!r} holds a lone surrogate (a \\u escape of U+D800-U+DFFF not in a pair)")
        return value

    def outcome(read, raw: bytes):
        try:
            return "ok", read(raw)
        except ValueError as error:
            return "error", str(error)

    gold, pred, _ = synthetic_corpus(2, 12, seed=5)
    seeds = [json.dumps(record, ensure_ascii=ascii).encode() for record in gold + pred for ascii in (False, True)]
    seeds.append(b'{"doc_id": "a", "x": {"k": "v\\"", "k2": [1, {"a": 1}]}, "y": "\\\\", "z": ":"}')
    pieces = [b'"', b":", b"\\", b"\\\\", b'\\"', b" ", b"\t", b",", b"{", b"}", b"[", b"]", b'"a":1,', b'"a":', b'":',
              b"\\u00e9", b"\\ud800", b"\\udc00", b"1e400", b"NaN", b"-Infinity", b"123456789012345678901", b"-9223372036854775809",
              b"18446744073709551615", b'"doc_id":"x",']
    rng = random.Random(11)
    seen = {"ok": 0, "error": 0}
    for _ in range(20_000):
        raw = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 5)):
            at, draw = rng.randrange(len(raw) + 1), rng.random()
            if draw < 0.5:
                raw[at:at] = rng.choice(pieces)
            elif draw < 0.8:
                del raw[at : at + rng.randint(1, 5)]
            else:
                start = rng.randrange(len(raw))
                raw[at:at] = raw[start : start + rng.randint(1, 40)]
        fast, strict = outcome(parse_line, bytes(raw)), outcome(reference, bytes(raw))
        assert fast == strict, bytes(raw)
        seen[fast[0]] += 1
    assert min(seen.values()) > 1000  # both outcomes are exercised
