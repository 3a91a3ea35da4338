"""Tests of scripts/audit.py: the gold is clean, and each check fires on a bad example."""
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("caravan_audit", REPO / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(_spec)
sys.modules["caravan_audit"] = audit
_spec.loader.exec_module(audit)


# --------------------------------------------------------------------------- the real gold


@pytest.fixture(scope="module")
def gold_result():
    corpus = audit.load_corpus(REPO)
    exceptions = audit.load_exceptions(REPO / "annotations" / "audit_exceptions.yaml")
    return audit.run_audit(corpus, exceptions)


def test_gold_is_present():
    corpus = audit.load_corpus(REPO)
    assert len(corpus.docs) == 3
    assert all(doc.entities for doc in corpus.docs)


def test_gold_has_no_unexplained_flags(gold_result):
    assert [f.line() for f in gold_result.unexplained] == []


def test_every_exception_is_used_and_reasoned(gold_result):
    assert gold_result.stale_exceptions == []
    for key, reason in gold_result.exceptions.items():
        assert reason and "entities.md" in reason, key


# --------------------------------------------------------------------------- synthetic data


def mention(mid, text, start, end, typ="PER", level="NOM", cluster=None, head=None):
    hs, he = head if head else (start, end)
    return {"id": mid, "start": start, "end": end, "text": text[start:end], "type": typ,
            "level": level, "head": {"start": hs, "end": he, "text": text[hs:he]},
            "cluster": cluster or f"c-{mid}"}


def corpus_of(*docs):
    """docs: (text, entities, times) triples."""
    return audit.Corpus([audit.Doc(f"d{i}", text, {"entities": ents, "times": times})
                         for i, (text, ents, times) in enumerate(docs)])


def flags_of(check, corpus):
    return list(check(corpus))


def span(text, s, n=1):
    i = -1
    for _ in range(n):
        i = text.index(s, i + 1)
    return i, i + len(s)


def test_type_variation_fires():
    t = "Tijuana is near Tijuana."
    c = corpus_of((t, [mention("m1", t, *span(t, "Tijuana"), typ="GPE", level="NAM"),
                       mention("m2", t, *span(t, "Tijuana", 2), typ="LOC", level="NAM")], []))
    fl = flags_of(audit.check_entities_type_variation, c)
    assert [f.check for f in fl] == ["type_variation"]
    assert fl[0].key == "corpus:type_variation:'Tijuana'"


def test_level_variation_fires_and_pronoun_types_may_vary():
    t = "it said it did. the border and the border."
    ents = [mention("m1", t, *span(t, "it"), typ="GPE", level="PRO", cluster="x"),
            mention("m2", t, *span(t, "it", 2), typ="ORG", level="PRO", cluster="y"),
            mention("m3", t, *span(t, "the border"), typ="LOC", level="NOM"),
            mention("m4", t, *span(t, "the border", 2), typ="LOC", level="NAM")]
    fl = flags_of(audit.check_entities_type_variation, corpus_of((t, ents, [])))
    assert [(f.check, f.item) for f in fl] == [("level_variation", "'the border'")]


def test_unlabelled_occurrence_fires():
    t = "Mexico said. Mexico's ministry said. Mexicans said."
    ents = [mention("m1", t, *span(t, "Mexico"), typ="GPE", level="NAM")]
    fl = flags_of(audit.check_entities_unlabelled_occurrence, corpus_of((t, ents, [])))
    # the second "Mexico" (before 's) is unlabelled; "Mexicans" is not a whole-word match
    assert [f.item for f in fl] == [str(span(t, "Mexico", 2)[0])]


def test_unlabelled_common_noun_inside_other_extent_is_not_flagged():
    t = "the border is long. the border fence is high."
    ents = [mention("m1", t, *span(t, "the border"), typ="LOC"),
            mention("m2", t, *span(t, "the border fence"), typ="FAC",
                    head=span(t, "fence"))]
    assert flags_of(audit.check_entities_unlabelled_occurrence, corpus_of((t, ents, []))) == []


def test_unlabelled_time_fires():
    t = "on Sunday and on Sunday"
    times = [{"id": "t1", "start": 3, "end": 9, "text": "Sunday", "type": "DATE",
              "value": "2018-11-25"}]
    fl = flags_of(audit.check_entities_unlabelled_occurrence, corpus_of((t, [], times)))
    assert [(f.check, f.item) for f in fl] == [("unlabelled_time", str(span(t, "Sunday", 2)[0]))]


def test_token_boundary_fires():
    t = "the migrants ran"
    bad = mention("m1", t, 5, 12)  # "igrants"
    fl = flags_of(audit.check_entities_token_boundaries, corpus_of((t, [bad], [])))
    assert [f.check for f in fl] == ["token_boundary", "token_boundary"]  # extent and head start
    ok = mention("m2", t, 0, 12, head=(4, 12))
    assert flags_of(audit.check_entities_token_boundaries, corpus_of((t, [ok], []))) == []


def test_head_outside_extent_fires():
    t = "US border officers fired"
    bad = mention("m1", t, 0, 9, head=(10, 18))
    fl = flags_of(audit.check_entities_head_in_extent, corpus_of((t, [bad], [])))
    assert [f.key for f in fl] == ["d0:head_outside_extent:m1"]


def test_cluster_mixed_types_fires_across_documents():
    t1, t2 = "Mexico said.", "Mexico closed."
    c = corpus_of((t1, [mention("m1", t1, 0, 6, typ="GPE", level="NAM", cluster="mexico")], []),
                  (t2, [mention("m1", t2, 0, 6, typ="ORG", level="NAM", cluster="mexico")], []))
    fl = flags_of(audit.check_entities_cluster_types, c)
    assert [f.key for f in fl] == ["corpus:cluster_mixed_types:mexico"]


def test_pronoun_singleton_fires():
    t = "Trump said he would. They ran."
    ents = [mention("m1", t, *span(t, "Trump"), level="NAM", cluster="trump"),
            mention("m2", t, *span(t, "he"), level="PRO", cluster="trump"),
            mention("m3", t, *span(t, "They"), level="PRO", cluster="nobody")]
    fl = flags_of(audit.check_entities_pronoun_antecedent, corpus_of((t, ents, [])))
    assert [f.key for f in fl] == ["d0:pronoun_singleton:m3"]


def test_span_text_fires():
    t = "Tijuana"
    m = mention("m1", t, 0, 7)
    m["text"] = "Tijuana!"
    fl = flags_of(audit.check_entities_span_text, corpus_of((t, [m], [])))
    assert [f.check for f in fl] == ["span_text"]


@pytest.mark.parametrize("typ,value", [
    ("DATE", "2018-11-26"), ("DATE", "2018-W47"), ("DATE", "PRESENT_REF"),
    ("TIME", "2018-11-25TNI"), ("TIME", "2018-11-25T14:30"), ("DURATION", "P2W"),
    ("DURATION", "PXW"), ("DURATION", "PTXH"), ("DURATION", "P1D"), ("DATE", "2018-12-01"),
])
def test_timex_value_accepts_valid(typ, value):
    t = "x"
    times = [{"id": "t1", "start": 0, "end": 1, "text": "x", "type": typ, "value": value}]
    assert flags_of(audit.check_times_value_syntax, corpus_of((t, [], times))) == []


@pytest.mark.parametrize("typ,value", [
    ("DATE", "26/11/2018"), ("DATE", "last week"), ("DURATION", "2018-11-25"),
    ("DATE", "P2W"), ("TIME", "2018-11-25"), ("DATE", "2018-11-25TNI"), ("DURATION", "2W"),
])
def test_timex_value_fires(typ, value):
    t = "x"
    times = [{"id": "t1", "start": 0, "end": 1, "text": "x", "type": typ, "value": value}]
    fl = flags_of(audit.check_times_value_syntax, corpus_of((t, [], times)))
    assert fl and all(f.check == "timex_value" for f in fl)


def test_checks_are_discovered_by_name(monkeypatch):
    names = [f.__name__ for f in audit.all_checks()]
    assert "check_entities_unlabelled_occurrence" in names and "check_times_value_syntax" in names

    def check_events_dummy(corpus):
        yield audit.Flag("d0", "e1", "dummy", "added by another layer")

    monkeypatch.setattr(audit, "check_events_dummy", check_events_dummy, raising=False)
    assert check_events_dummy in audit.all_checks()


def test_main_exit_status_and_exceptions(tmp_path, capsys):
    ann = tmp_path / "annotations"
    (ann / "gold").mkdir(parents=True)
    (ann / "texts").mkdir()
    t = "They ran."
    (ann / "texts" / "d0.txt").write_text(t, encoding="utf-8")
    gold = {"doc_id": "d0", "entities": [mention("m1", t, 0, 4, level="PRO", cluster="x")],
            "times": []}
    (ann / "gold" / "d0.yaml").write_text(yaml.safe_dump(gold), encoding="utf-8")
    assert audit.main(["--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "d0:m1: pronoun_singleton:" in out
    (ann / "audit_exceptions.yaml").write_text(
        yaml.safe_dump([{"flag": "d0:pronoun_singleton:m1", "reason": "test"}]), encoding="utf-8")
    assert audit.main(["--root", str(tmp_path)]) == 0
