"""Baseline systems: gold independence, determinism, the prediction format, the quantity parser."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import benchmark
from benchmark.baselines import SYSTEMS, available, lexicon, predict, read_texts
from benchmark.baselines.quantities import find_quantities, merge_ranges
from benchmark.baselines.timex import find_times
from benchmark.cli import main
from benchmark.data.paths import annotations_dir
from benchmark.text.tokens import tokenize

LOCAL = [name for name in ("rules", "crf", "spacy") if name in SYSTEMS]


def _needs(system: str):
    return pytest.mark.skipif(not available(system), reason=f"{system} extra not installed: {', '.join(SYSTEMS[system].missing())}")


@pytest.fixture(scope="module")
def raw_copy(tmp_path_factory) -> Path:
    """A folder holding only copies of the three raw texts."""
    folder = tmp_path_factory.mktemp("raw")
    for path in sorted((annotations_dir() / "texts").glob("*.txt")):
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def rules_records() -> list[dict]:
    return predict("rules")


@pytest.mark.parametrize("system", [pytest.param(s, marks=_needs(s)) for s in LOCAL])
def test_raw_texts_alone_give_the_default_predictions(system, raw_copy):
    assert predict(system, raw_copy) == predict(system)


def test_rules_need_no_gold(raw_copy, tmp_path, monkeypatch, rules_records):
    """With an annotations folder that holds only the schema, rules still predict the same."""
    bare = tmp_path / "annotations"
    bare.mkdir()
    shutil.copyfile(annotations_dir() / "schema.yaml", bare / "schema.yaml")
    monkeypatch.setenv("CARAVAN_IE_ANNOTATIONS", str(bare))
    assert predict("rules", raw_copy) == rules_records


def test_rules_are_deterministic(rules_records):
    assert predict("rules") == rules_records


def test_rules_predictions_are_valid_and_scored(rules_records):
    report = benchmark.evaluate(rules_records)
    assert set(report) >= {"entities", "entity_coreference", "times", "events", "claims"}
    assert report["entities"]["strict"]["f1"] > 0.5
    for record in rules_records:
        assert set(record) == {"doc_id", "text", "entities", "times", "events", "claims"}
        ids = [item["id"] for layer in ("entities", "times", "events", "claims") for item in record[layer]]
        assert len(ids) == len(set(ids))
        assert all(m["cluster"] for m in record["entities"])


def test_predict_command_writes_jsonl(tmp_path):
    out = tmp_path / "p.jsonl"
    assert main(["predict", "--system", "rules", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == [doc_id for doc_id, _ in read_texts()]


def test_predict_on_new_text(tmp_path):
    (tmp_path / "note.txt").write_text("Mexico said on Monday that it had deported nearly 100 migrants.\n", encoding="utf-8")
    (record,) = predict("rules", tmp_path)
    assert record["doc_id"] == "note"
    names = {(m["text"], m["type"], m["level"]) for m in record["entities"]}
    assert ("Mexico", "GPE", "NAM") in names and ("it", "GPE", "PRO") in names
    assert [(t["text"], t["type"]) for t in record["times"]] == [("Monday", "DATE")]
    (claim,) = record["claims"]
    assert (claim["text"], claim["value"], claim["unit"], claim["qualifier"], claim["lower"], claim["upper"]) == (
        "nearly 100", 100, "person", "almost", 90, 99)
    mexico = next(m["id"] for m in record["entities"] if m["text"] == "Mexico")
    assert claim["attribution"] == mexico
    assert any(e["type"] == "Justice:Deport" for e in record["events"])


def test_predict_errors(tmp_path, capsys, monkeypatch):
    assert main(["predict", "--system", "rules", "--input", str(tmp_path / "missing"), "-o", str(tmp_path / "x")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["predict", "--system", "rules", "--input", str(tmp_path), "-o", str(tmp_path / "x")]) == 2
    assert "no .txt files" in capsys.readouterr().err
    monkeypatch.setattr(SYSTEMS["spacy"], "requires", ("no_such_module_for_test",))
    assert main(["predict", "--system", "spacy", "-o", str(tmp_path / "x")]) == 2
    assert 'pip install -e ".[spacy]"' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["predict", "--system", "nope", "-o", str(tmp_path / "x")])


@_needs("crf")
def test_crf_on_new_text_trains_on_all_gold(tmp_path):
    (tmp_path / "a.txt").write_text("Mexican Interior Minister Alfonso Navarrete spoke in Tijuana.\n", encoding="utf-8")
    (record,) = predict("crf", tmp_path)
    assert record["doc_id"] == "a" and record["claims"] == [] and record["events"] == []
    assert all(m["level"] == "NAM" for m in record["entities"])


@_needs("crf")
def test_crf_holds_out_the_whole_source_group():
    from benchmark.baselines.crf import held_out_groups

    corpus = {d.doc_id[:3]: d for d in benchmark.load_corpus()}
    assert corpus["001"].source_group == corpus["002"].source_group != corpus["000"].source_group
    assert held_out_groups(corpus["002"].text) == {corpus["001"].source_group}
    assert held_out_groups(corpus["000"].text) == {corpus["000"].source_group}
    assert held_out_groups("a text of no gold document") == frozenset()


def test_lexicons_hold_no_names_from_the_articles():
    """Gold names may appear in the lexicons only through the world gazetteer (countries, regions, demonyms)."""
    gazetteer = set(lexicon.COUNTRIES) | set(lexicon.COUNTRY_ALIASES) | set(lexicon.REGIONS) | set(lexicon.DEMONYMS)
    words = set(lexicon.TITLES) | set(lexicon.ORG_WORDS) | set(lexicon.FAC_WORDS) | set(lexicon.LOC_WORDS) | set(lexicon.NOUN_TYPES)
    for document in benchmark.load_corpus():
        for mention in document.entities:
            if mention.level == "NAM" and mention.head.text not in gazetteer:
                assert mention.head.text not in words
                assert mention.head.text.lower() not in words


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nearly 100 migrants", ("nearly 100", 100, "person", "almost", 90, 99)),
        ("almost 7,500 migrants", ("almost 7,500", 7500, "person", "almost", 6750, 7499)),
        ("about 45 people", ("about 45", 45, "person", "approximately", 41, 49)),
        ("more than 4,000km", ("more than 4,000km", 4000, "km", "more_than", 4000, None)),
        ("more than 40 people", ("more than 40", 40, "person", "more_than", 41, None)),
        ("at least 500 migrants", ("at least 500", 500, "person", "at_least", 500, None)),
        ("as many as 10,000", ("as many as 10,000", 10000, "person", "up_to", None, 10000)),
        ("dozens of people", ("dozens", 24, "person", "vague", 24, 119)),
        ("Several hundred managed", ("Several hundred", 300, "person", "vague", 300, 999)),
        ("for a number of hours", ("a number of hours", 2, "hour", "vague", 2, None)),
        ("a couple of sections", ("a couple of", 2, "item", "vague", 2, 3)),
        ("between 20 and 30 people", ("between 20 and 30", 20, "person", "range", 20, 30)),
        ("her three-year-old child", ("three-year-old", 3, "year", "exact", 3, 3)),
        ("Ana Zuniga, 23, and", ("23", 23, "year", "exact", 23, 23)),
        ("40% of voters", ("40%", 40, "percent", "exact", 40, 40)),
        ("$5m in aid", ("$5m", 5000000, "usd", "exact", 5000000, 5000000)),
        ("twenty-five soldiers", ("twenty-five", 25, "person", "exact", 25, 25)),
    ],
)
def test_quantity_parser(text, expected):
    (q,) = merge_ranges(text, find_quantities(tokenize(text)))
    assert (text[q.start:q.end], q.value, q.unit, q.qualifier, q.lower, q.upper) == expected


@pytest.mark.parametrize("text", ["the first barrier", "since 19 October", "in 2018 they left", "a day after they tried", "one of them"])
def test_not_quantities(text):
    times = [(t.start, t.end) for t in find_times(text) if t.type != "DURATION"]
    assert merge_ranges(text, find_quantities(tokenize(text), times)) == []


def test_time_tagger():
    text = "On Monday, for the past two weeks and a number of hours last night, since 19 October."
    found = [(text[t.start:t.end], t.type, t.value) for t in find_times(text)]
    assert found == [
        ("Monday", "DATE", "XXXX-WXX-1"), ("the past two weeks", "DURATION", "P2W"),
        ("a number of hours", "DURATION", "PTXH"), ("last night", "TIME", "PAST_REF"), ("19 October", "DATE", "XXXX-10-19"),
    ]


CROSS_DOCUMENT = ("cluster", "consistency")  # coreference links and the consistency label they imply


def _own_fields(record: dict) -> dict:
    return {layer: [{k: v for k, v in item.items() if k not in CROSS_DOCUMENT} for item in record[layer]]
            for layer in ("entities", "times", "events", "claims")}


@pytest.mark.parametrize("system", [name for name in ("rules", "rules-general", "spacy", "crf", "quantulum3") if name in SYSTEMS])
def test_a_documents_predictions_do_not_depend_on_the_other_files(system, tmp_path):
    """Spans, types and values come from the document's own text; only cross-document links (and
    the consistency label computed over them) may use the other files of the folder."""
    if not available(system):
        pytest.skip(f"{system} is not installed")
    together = {r["doc_id"]: r for r in predict(system)}
    for document in benchmark.load_corpus():
        folder = tmp_path / document.doc_id
        folder.mkdir()
        (folder / f"{document.doc_id}.txt").write_text(document.text, encoding="utf-8", newline="")
        (alone,) = predict(system, folder)
        assert _own_fields(alone) == _own_fields(together[document.doc_id]), document.doc_id


def test_general_knowledge_removes_the_article_derived_entries_and_restores_them():
    full = {name: getattr(lexicon, name) for name in lexicon.ARTICLE_DERIVED}
    for name, removed in lexicon.ARTICLE_DERIVED.items():  # each listed entry is really in its list
        values = full[name] if not isinstance(full[name], dict) or name != "TRIGGERS" else {
            lemma for lemmas in full[name].values() for lemma in lemmas}
        assert removed <= set(values), (name, removed - set(values))
    with lexicon.general_knowledge():
        assert not set(lexicon.NOUN_TYPES) & lexicon.ARTICLE_DERIVED["NOUN_TYPES"]
        assert "seal" not in lexicon.TRIGGERS["Government:Agreements"] and "storm" not in lexicon.VERB_FORMS
        assert "Patrol" not in lexicon.ORG_WORDS
    assert {name: getattr(lexicon, name) for name in lexicon.ARTICLE_DERIVED} == full and "storm" in lexicon.VERB_FORMS


def test_rules_and_rules_general_differ_only_by_the_derived_entries(tmp_path):
    """Same code: on a text without any derived word the two systems agree; with one they do not."""
    plain = "President Emmanuel Macron met Angela Merkel in Berlin on Monday. He said 300 people attended."
    (tmp_path / "plain.txt").write_text(plain, encoding="utf-8")
    assert predict("rules", tmp_path) == predict("rules-general", tmp_path)
    (tmp_path / "plain.txt").write_text("Protesters tried to storm the fence on Monday.", encoding="utf-8")
    assert predict("rules", tmp_path) != predict("rules-general", tmp_path)
