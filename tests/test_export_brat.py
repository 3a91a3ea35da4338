"""brat export and import: the round trip is exact, configs come from the schema, bad input names its line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import astuple, replace
from pathlib import Path

import pytest
import yaml

from benchmark.data.corpus import Argument, Claim, Corpus, Document, Event, Mention, Span, TimeExpression
from benchmark.data.goldfile import load_corpus
from benchmark.data.paths import annotations_dir, repo_root
from benchmark.data.schema import Schema
from benchmark.errors import InputError
from benchmark.export.brat import BratNames, annotation_conf, read_brat, write_brat

ENV = {**os.environ, "PYTHONPATH": str(repo_root())}
DOC = "000_79661b93712efcc7"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmark", *args], capture_output=True, text=True, env=ENV, check=False)


def _test_schema() -> Schema:
    """The shipped inventory with two event types whose names hold ':' and '-'."""
    data = yaml.safe_load((annotations_dir() / "schema.yaml").read_text(encoding="utf-8"))
    data["event_types"] = {
        "Justice:Arrest-Jail": {"roles": {"Person": ["PER"], "Agent": ["PER", "ORG", "GPE"], "Time": ["TIME"]}},
        "Movement:Transport": {"roles": {"Agent": ["PER", "ORG", "GPE"], "Artifact": ["PER"], "Destination": ["GPE"]}},
    }
    return Schema.from_dict(data)


SCHEMA = _test_schema()

TEXT = 'Ana Garc√≠a said on Monday that Mexico deported 98 "violent"\nmigrants to Honduras, about 2.5 km away.\nPolice arrested them.'


def span(text: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), text)


def mention(mid: str, text: str, kind: str, level: str, cluster: str, head: str | None = None) -> Mention:
    s = span(text)
    h = span(head) if head else s
    return Mention(mid, s.start, s.end, s.text, kind, level, h, cluster)


def argument(role: str, item: Mention | TimeExpression) -> Argument:
    return Argument(role, item.id, item.start, item.end, item.text)


def synthetic_corpus() -> Corpus:
    """Every layer and every field, with a span across a line break and notes with tabs and quotes."""
    m1 = mention("m1", "Ana Garc√≠a", "PER", "NAM", "ana-garcia")
    m2 = mention("m2", "Mexico", "GPE", "NAM", "mexico")
    m3 = mention("m3", '98 "violent"\nmigrants', "PER", "NOM", "deportees", head="migrants")
    m4 = mention("m4", "Honduras", "GPE", "NAM", "honduras")
    m5 = mention("m5", "Police", "ORG", "NOM", "police")
    m6 = mention("m6", "them", "PER", "PRO", "deportees")
    t1 = TimeExpression("t1", *astuple(span("Monday")), "DATE", "2018-11-26")
    e1 = Event("e1", "Movement:Transport", "ACTUAL", "deportation", span("deported"),
               (argument("Agent", m2), argument("Artifact", m3), argument("Destination", m4), argument("Artifact", m6)))
    e2 = Event("e2", "Justice:Arrest-Jail", "OTHER", "arrest", span("arrested"),
               (argument("Person", m6), argument("Agent", m5), argument("Time", t1)))
    e3 = Event("e3", "Justice:Arrest-Jail", "ACTUAL", "arrest", span("arrested"), ())
    q1 = Claim("q1", *astuple(span("98")), 98, "person", "exact", 98, 98, "m3", "count", "t1", "m1",
               Span(0, 100, TEXT[:100]), ("q2",), "deported-count", "consistent", 'Same as "001 q5"\tand\nmore')
    q2 = Claim("q2", *astuple(span("about 2.5 km")), 2.5, "km", "approximately", 2.25, 2.75, None, "distance", None, None,
               None, ("q1",), "distance", None, None)
    document = Document("synthetic", TEXT, None, "test", "2018-11-26", "test", "0" * 64,
                        (m1, m2, m3, m4, m5, m6), (t1,), (e1, e2, e3), (q1, q2))
    return Corpus((document,), "test", None)


def test_gold_round_trip_is_exact(tmp_path: Path):
    folder, out = tmp_path / "brat", tmp_path / "imported.jsonl"
    before = {p.name: p.read_bytes() for p in (annotations_dir() / "gold").iterdir()}
    assert cli("export", "--format", "brat", "-o", str(folder)).returncode == 0
    result = cli("import", "--format", "brat", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # through JSON, as the jsonl export writes them (to_record keeps event arguments as a tuple)
    assert records == json.loads(json.dumps(load_corpus().to_records()))
    assert read_brat(folder) == load_corpus().to_records()
    assert {p.name: p.read_bytes() for p in (annotations_dir() / "gold").iterdir()} == before
    assert {p.name for p in folder.iterdir()} >= {"annotation.conf", "visual.conf", f"{DOC}.txt", f"{DOC}.ann"}
    assert (folder / f"{DOC}.txt").read_bytes() == (annotations_dir() / "texts" / f"{DOC}.txt").read_bytes()


def test_every_layer_and_field_round_trips(tmp_path: Path):
    corpus = synthetic_corpus()
    write_brat(corpus, tmp_path, SCHEMA)
    assert read_brat(tmp_path, SCHEMA) == corpus.to_records()
    ann = (tmp_path / "synthetic.ann").read_text(encoding="utf-8")
    assert "\tMovement-Transport:T" in ann and "Artifact2:T" in ann and "\tJustice-Arrest-Jail " in ann
    assert "*\tCoref " in ann and "\tLinked Arg1:" in ann
    crossing = next(line for line in ann.splitlines() if line.endswith('98 "violent" migrants'))
    assert ";" in crossing.split("\t")[1]  # brat fragments split at the line break


def test_configs_use_valid_brat_names():
    conf = annotation_conf(BratNames.from_schema(SCHEMA))
    events = conf.split("[events]")[1].split("[attributes]")[0]
    assert "Justice-Arrest-Jail\t" in events and "Movement-Transport\t" in events
    assert "Time*:DATE|TIME" in events
    for line in conf.splitlines():
        if line and not line.startswith(("#", "[")):
            assert ":" not in line.split("\t")[0]
    with pytest.raises(ValueError, match="collide"):
        BratNames.from_schema(replace(SCHEMA, entity_types={**SCHEMA.entity_types, "Movement-Transport": ""}))


def corrupt(folder: Path, edit) -> list[str]:
    path = folder / "synthetic.ann"
    lines = path.read_text(encoding="utf-8").split("\n")
    edit(lines)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_brat(folder, SCHEMA)
    return [str(p) for p in caught.value.problems]


def line_of(folder: Path, prefix: str) -> int:
    lines = (folder / "synthetic.ann").read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(prefix) or prefix in line)


@pytest.mark.parametrize("case", ["level", "note", "offsets", "coref", "role", "relation"])
def test_bad_input_is_reported_on_its_line(tmp_path: Path, case: str):
    write_brat(synthetic_corpus(), tmp_path, SCHEMA)
    path = str(tmp_path / "synthetic.ann")
    if case == "level":
        where = line_of(tmp_path, "\tLevel T2 ")
        problems = corrupt(tmp_path, lambda ls: ls.__setitem__(where - 1, ls[where - 1].replace("NAM", "XYZ")))
        assert f"{path}:{where}: m2: mention level 'XYZ' is not in the schema" in problems[0]
    elif case == "note":
        where = line_of(tmp_path, "AnnotatorNotes T1\t")
        problems = corrupt(tmp_path, lambda ls: ls.__setitem__(where - 1, ls[where - 1].replace('"id":"m1",', "")))
        assert any(p.startswith(f"{path}:{where}: T1: no item id") for p in problems)
    elif case == "offsets":
        where = line_of(tmp_path, "T1\tPER")
        problems = corrupt(tmp_path, lambda ls: ls.__setitem__(where - 1, ls[where - 1].replace("PER 0 ", "PER 1 ")))
        assert problems[0].startswith(f"{path}:{where}: T1: text 'Ana Garc√≠a' does not match")
    elif case == "coref":
        problems = corrupt(tmp_path, lambda ls: ls.insert(len(ls) - 1, "*\tCoref T1 T2"))
        assert any("clusters ana-garcia, mexico" in p for p in problems)
    elif case == "role":
        where = line_of(tmp_path, "\tJustice-Arrest-Jail:")
        problems = corrupt(tmp_path, lambda ls: ls.__setitem__(where - 1, ls[where - 1].replace("Person:", "Victim:")))
        assert any(p.startswith(f"{path}:{where}: e2: role 'Victim' is not a role") for p in problems)
    else:
        where = line_of(tmp_path, "\tMeasuredEntity ")
        problems = corrupt(tmp_path, lambda ls: ls.__setitem__(where - 1, ls[where - 1].replace("MeasuredEntity", "Measures")))
        assert f"{path}:{where}: unknown relation 'Measures'" in problems[0]


def test_cli_import_rejects_bad_input_with_exit_2(tmp_path: Path):
    folder = tmp_path / "brat"
    assert cli("export", "--format", "brat", "-o", str(folder)).returncode == 0
    text = folder / f"{DOC}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("Mexico", "Mexiko", 1), encoding="utf-8")
    ann = folder / f"{DOC}.ann"
    ann.write_text(ann.read_text(encoding="utf-8") + "X1\tsomething\n", encoding="utf-8")
    result = cli("import", "--format", "brat", str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2
    assert f"{text}: differs from the text of {DOC} from offset 4 on" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out.jsonl").exists()
