"""``caravan-ie validate``: every corruption is reported as FILE:LINE with exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.data.goldfile import validate_corpus
from tests.conftest import DOC

GOLD = f"""doc_id: {DOC}
entities:
  - id: m1
    start: 0
    end: 6
    text: Mexico
    type: GPE
    level: NAM
    head: {{start: 0, end: 6, text: Mexico}}
    cluster: mexico
  - id: m2
    start: 27
    end: 29
    text: it
    type: GPE
    level: PRO
    head: {{start: 27, end: 29, text: it}}
    cluster: mexico
times:
  - id: t1
    start: 15
    end: 21
    text: Monday
    type: DATE
    value: "2018-11-26"
"""
CLAIMS = """claims:
  - id: q1
    start: 39
    end: 41
    text: "98"
    value: 98
    unit: person
    qualifier: exact
    lower: 98
    upper: 98
    measured_entity: null
    measured_property: count
    time_anchor: t1
    attribution: m1
    statement: null
    cluster: deported
    consistency: singleton
"""


def run_validate(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run(
        [sys.executable, "-m", "benchmark", "validate", "--root", str(root)],
        capture_output=True, text=True, env=env, check=False,
    )


@pytest.fixture
def root(annotations_copy: Path) -> Path:
    (annotations_copy / "gold" / f"{DOC}.yaml").write_text(GOLD, encoding="utf-8")
    return annotations_copy


def test_valid_copy_passes(root: Path):
    result = run_validate(root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 3 documents")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("    end: 6\n", "    end: 7\n", 6, "m1: mention text 'Mexico' does not match offsets 0-7"),
        ("    start: 27\n", "    start: -1\n", 12, "m2: mention offsets -1-29 are not a non-empty range"),
        ("    start: 27\n", "    start: true\n", 12, "m2: mention start and end must be integers"),
        ("    type: GPE\n    level: PRO", "    type: COUNTRY\n    level: PRO", 15, "m2: entity type 'COUNTRY' is not in the schema"),
        ("    level: NAM", "    level: NAME", 8, "m1: mention level 'NAME' is not in the schema"),
        ("  - id: m2", "  - id: m1", 11, "m1: duplicate id 'm1'"),
        ('value: "2018-11-26"', 'value: "Monday"', 25, "t1: time value 'Monday' is not a TIMEX3 value"),
        ("head: {start: 0, end: 6,", "head: {start: 40, end: 42,", 9, "m1: head text 'Mexico' does not match"),
        ("    cluster: mexico\n  - id: m2", "    cluster: mexico\n    colour: red\n  - id: m2", 11, "m1: mention: unknown key 'colour'"),
        ("    text: it\n", "", 11, "m2: mention: missing key 'text'"),
        ("    cluster: mexico\n  - id: m2", "    cluster: mexico\n    ~: 1\n    3: x\n  - id: m2", 3, "m1: mention: unknown key None"),
        ("    type: GPE\n    level: PRO", "    type: [GPE]\n    level: PRO", 15, "m2: entity type ['GPE'] is not in the schema"),
        ("    level: NAM", "    level: NAM\n    level: NOM", 9, "duplicate key 'level' (first on line 8)"),
        ("    value: 98\n", "    value: 97\n", 31, "q1: value 97 is outside its bounds [98, 98]"),
        ("    upper: 98\n", "    upper: 9\n", 34, "q1: lower bound 98 is above upper bound 9"),
    ],
)
def test_corrupted_gold_is_reported_with_its_line(root: Path, old: str, new: str, line: int, message: str):
    path = root / "gold" / f"{DOC}.yaml"
    source = path.read_text(encoding="utf-8") + CLAIMS
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    result = run_validate(root)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{path}:{line}: {message}" in result.stderr, result.stderr


def test_corrupted_text_fails_its_hash(root: Path):
    text = root / "texts" / f"{DOC}.txt"
    text.write_bytes(text.read_bytes().replace(b"Loez", b"Lopez"))
    result = run_validate(root)
    assert result.returncode == 2
    assert f"{root / 'documents.yaml'}:9: {DOC}: text SHA-256 is" in result.stderr


def test_invalid_yaml_and_invalid_utf8_are_reported(root: Path):
    path = root / "gold" / f"{DOC}.yaml"
    path.write_text("doc_id: x\nentities: [\n", encoding="utf-8")
    problems, _ = validate_corpus(root)
    assert [str(p).split(": invalid YAML")[0] for p in problems] == [f"{path}:3"]
    path.write_bytes(b"doc_id: \xff\n")
    problems, _ = validate_corpus(root)
    assert "not valid UTF-8" in str(problems[0])


def test_references_and_roles_are_checked(root: Path):
    path = root / "gold" / f"{DOC}.yaml"
    events = (
        "events:\n  - id: e1\n    type: Justice:Deport\n    realis: ACTUAL\n    cluster: deport\n"
        "    trigger: {start: 30, end: 38, text: deported}\n    arguments:\n"
        "      - {role: Agent, ref: m9, text: Mexico}\n      - {role: Time, ref: m1, text: Mexico}\n"
        "      - {role: Victim, ref: t1, text: Monday}\n      - {role: Person, ref: m1, text: Mexico}\n"
    )
    path.write_text(GOLD + events, encoding="utf-8")
    messages = [str(p) for p in validate_corpus(root)[0]]
    assert messages == [
        f"{path}:33: e1: argument ref 'm9' is not a mention or time expression id",
        f"{path}:34: e1: Time of Justice:Deport cannot be filled by GPE m1",
        f"{path}:35: e1: role 'Victim' is not a role of Justice:Deport (roles: Agent, Person, Origin, Destination, Time)",
        f"{path}:36: e1: Person of Justice:Deport cannot be filled by GPE m1",
    ]


def test_gold_files_are_never_modified(root: Path):
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    run_validate(root)
    assert before == {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_broken_schema_is_a_clean_error(root: Path):
    (root / "schema.yaml").write_text("version: 1\nentity_types: [\n", encoding="utf-8")
    result = run_validate(root)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{root / 'schema.yaml'}:3: invalid YAML")


def test_malformed_metadata_schema_and_references_are_clean_errors(root: Path):
    gold = root / "gold" / f"{DOC}.yaml"
    claim = (
        "claims:\n  - {id: q1, start: 39, end: 41, text: '98', value: 98, unit: person, qualifier: exact,"
        " lower: 98, upper: 98, measured_entity: [m1], measured_property: count, time_anchor: null,"
        " attribution: null, statement: null, linked: 5, cluster: c, consistency: null}\n"
    )
    gold.write_text(GOLD.replace("  - id: m2", "  - id: [m2]") + claim, encoding="utf-8")
    messages = [str(p) for p in validate_corpus(root)[0]]
    assert f"{gold}: entities: every item needs a non-empty string id, got ['m2']" in messages
    assert f"{gold}:27: q1: measured_entity ['m1'] is not the id of a mention" in messages
    assert f"{gold}:27: q1: linked must be a list of claim ids, got 5" in messages

    for name, content, message in [
        ("documents.yaml", b"doc_id: x\n", "expected a list of document entries, got dict"),
        ("documents.yaml", b"\xff- doc_id: x\n", "not valid UTF-8"),
        ("schema.yaml", b"\xffversion: 1\n", "not valid UTF-8"),
        ("schema.yaml", b"- version\n", "malformed schema: expected a mapping, got list"),
    ]:
        path = root / name
        original = path.read_bytes()
        path.write_bytes(content)
        result = run_validate(root)
        path.write_bytes(original)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith(f"{path}: {message}"), result.stderr
