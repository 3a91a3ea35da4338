"""Tests of the annotation audit (benchmark/analysis/audit/, scripts/audit.py): the gold has no
unexplained flag, every check runs on it, and each check fires on a synthetic example."""

from __future__ import annotations

import hashlib
import inspect
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from benchmark.analysis import audit
from benchmark.analysis.audit import Flag, GoldCorpus, GoldDoc, claims, entities, events

REPO = Path(__file__).resolve().parent.parent
GUIDELINES = {p.name for p in (REPO / "annotations" / "guidelines").glob("*.md")}


# --------------------------------------------------------------------------- the real gold


@pytest.fixture(scope="module")
def gold() -> GoldCorpus:
    return audit.load_gold(REPO)


@pytest.fixture(scope="module")
def gold_result(gold):
    return audit.run_audit(gold, audit.load_exceptions(audit.exceptions_path(REPO)))


def test_gold_is_present(gold):
    assert len(gold.docs) == 3
    assert all(doc.entities and doc.times and doc.events and doc.claims for doc in gold.docs)


def test_gold_has_no_unexplained_flags(gold_result):
    assert [f.line() for f in gold_result.unexplained] == []


def test_every_exception_is_used_and_cites_the_guidelines(gold_result):
    assert gold_result.stale_exceptions == []
    for key, reason in gold_result.exceptions.items():
        assert set(re.findall(r"\w+\.md", reason)) & GUIDELINES, key


def test_gold_flag_keys_are_unique(gold_result):
    keys = [f.key for f in gold_result.flags]
    assert len(keys) == len(set(keys))


def test_registry_holds_every_check_once():
    defined = {f for module in (entities, events, claims)
               for name, f in inspect.getmembers(module, inspect.isfunction)
               if name.startswith("check_") and f.__module__ == module.__name__}
    assert len(audit.CHECKS) == len(set(audit.CHECKS)) == len(defined) == 23
    assert set(audit.CHECKS) == defined


def test_run_audit_runs_the_registry(gold, gold_result):
    assert gold_result.flags == [f for check in audit.CHECKS for f in check(gold)]


@pytest.mark.parametrize("check", audit.CHECKS, ids=lambda c: c.__name__)
def test_each_check_runs_on_the_gold(check, gold, gold_result):
    flags = list(check(gold))
    assert all(isinstance(f, Flag) for f in flags)
    assert all(gold_result.excepted(f) for f in flags)


# --------------------------------------------------------------------------- synthetic data


def mention(mid, text, start, end, typ="PER", level="NOM", cluster=None, head=None) -> dict:
    hs, he = head if head else (start, end)
    return {"id": mid, "start": start, "end": end, "text": text[start:end], "type": typ,
            "level": level, "head": {"start": hs, "end": he, "text": text[hs:he]},
            "cluster": cluster or f"c-{mid}"}


def time(tid, text, start, end, typ="DATE", value="2018-11-25") -> dict:
    return {"id": tid, "start": start, "end": end, "text": text[start:end], "type": typ, "value": value}


def event(eid, text, trigger, typ, cluster, args=(), realis="ACTUAL") -> dict:
    """``trigger``: (start, end); ``args``: (role, referent item) pairs."""
    s, e = trigger
    return {"id": eid, "type": typ, "realis": realis, "cluster": cluster,
            "trigger": {"start": s, "end": e, "text": text[s:e]},
            "arguments": [{"role": role, "ref": it["id"], "text": it["text"]} for role, it in args]}


def claim(cid="q1", text="98", start=0, **fields) -> dict:
    return {"id": cid, "start": start, "end": start + len(text), "text": text, "value": 98,
            "unit": "person", "qualifier": "exact", "lower": 98, "upper": 98, "measured_entity": "m1",
            "measured_property": "count", "time_anchor": None, "attribution": None,
            "cluster": "c", **fields}


def corpus_of(*docs: tuple[str, dict]) -> GoldCorpus:
    """docs: (text, layers) pairs; layers maps layer name to items."""
    return GoldCorpus([GoldDoc(f"d{i}", text, dict(layers)) for i, (text, layers) in enumerate(docs)])


def span(text: str, s: str, n: int = 1) -> tuple[int, int]:
    """Offsets of the n-th occurrence of ``s``."""
    i = -1
    for _ in range(n):
        i = text.index(s, i + 1)
    return i, i + len(s)


def keys(check, corpus) -> list[str]:
    return [f.key for f in check(corpus)]


# --------------------------------------------------------------------------- entities and times


def test_type_variation_fires():
    t = "Tijuana is near Tijuana."
    c = corpus_of((t, {"entities": [mention("m1", t, *span(t, "Tijuana"), typ="GPE", level="NAM"),
                                    mention("m2", t, *span(t, "Tijuana", 2), typ="LOC", level="NAM")]}))
    assert keys(entities.check_entities_type_variation, c) == ["corpus:type_variation:'Tijuana'"]


def test_level_variation_fires_and_pronoun_types_may_vary():
    t = "it said it did. the border and the border."
    ents = [mention("m1", t, *span(t, "it"), typ="GPE", level="PRO", cluster="x"),
            mention("m2", t, *span(t, "it", 2), typ="ORG", level="PRO", cluster="y"),
            mention("m3", t, *span(t, "the border"), typ="LOC", level="NOM"),
            mention("m4", t, *span(t, "the border", 2), typ="LOC", level="NAM")]
    fl = list(entities.check_entities_type_variation(corpus_of((t, {"entities": ents}))))
    assert [(f.check, f.item) for f in fl] == [("level_variation", "'the border'")]


def test_unlabelled_occurrence_fires():
    t = "Mexico said. Mexico's ministry said. Mexicans said."
    ents = [mention("m1", t, *span(t, "Mexico"), typ="GPE", level="NAM")]
    fl = list(entities.check_entities_unlabelled_occurrence(corpus_of((t, {"entities": ents}))))
    # the second "Mexico" (before 's) is unlabelled; "Mexicans" is not a whole-word match
    assert [f.item for f in fl] == [str(span(t, "Mexico", 2)[0])]


def test_unlabelled_common_noun_inside_other_extent_is_not_flagged():
    t = "the border is long. the border fence is high."
    ents = [mention("m1", t, *span(t, "the border"), typ="LOC"),
            mention("m2", t, *span(t, "the border fence"), typ="FAC", head=span(t, "fence"))]
    assert keys(entities.check_entities_unlabelled_occurrence, corpus_of((t, {"entities": ents}))) == []


def test_unlabelled_time_fires():
    t = "on Sunday and on Sunday"
    fl = list(entities.check_entities_unlabelled_occurrence(corpus_of((t, {"times": [time("t1", t, 3, 9)]}))))
    assert [(f.check, f.item) for f in fl] == [("unlabelled_time", str(span(t, "Sunday", 2)[0]))]


def test_token_boundary_fires():
    t = "the migrants ran"
    bad = mention("m1", t, 5, 12)  # "igrants"
    fl = list(entities.check_entities_token_boundaries(corpus_of((t, {"entities": [bad]}))))
    assert [f.check for f in fl] == ["token_boundary", "token_boundary"]  # extent and head start
    ok = mention("m2", t, 0, 12, head=(4, 12))
    assert keys(entities.check_entities_token_boundaries, corpus_of((t, {"entities": [ok]}))) == []


def test_head_outside_extent_fires():
    t = "US border officers fired"
    bad = mention("m1", t, 0, 9, head=(10, 18))
    assert keys(entities.check_entities_head_in_extent, corpus_of((t, {"entities": [bad]}))) == [
        "d0:head_outside_extent:m1"]


def test_cluster_mixed_types_fires_across_documents():
    t1, t2 = "Mexico said.", "Mexico closed."
    c = corpus_of((t1, {"entities": [mention("m1", t1, 0, 6, typ="GPE", level="NAM", cluster="mexico")]}),
                  (t2, {"entities": [mention("m1", t2, 0, 6, typ="ORG", level="NAM", cluster="mexico")]}))
    assert keys(entities.check_entities_cluster_types, c) == ["corpus:cluster_mixed_types:mexico"]


def test_pronoun_singleton_fires():
    t = "Trump said he would. They ran."
    ents = [mention("m1", t, *span(t, "Trump"), level="NAM", cluster="trump"),
            mention("m2", t, *span(t, "he"), level="PRO", cluster="trump"),
            mention("m3", t, *span(t, "They"), level="PRO", cluster="nobody")]
    assert keys(entities.check_entities_pronoun_antecedent, corpus_of((t, {"entities": ents}))) == [
        "d0:pronoun_singleton:m3"]


def test_span_text_fires():
    t = "Tijuana on Sunday"
    m = dict(mention("m1", t, 0, 7), text="Tijuana!")
    tx = dict(time("t1", t, 11, 17), text="sunday")
    assert keys(entities.check_entities_span_text, corpus_of((t, {"entities": [m], "times": [tx]}))) == [
        "d0:span_text:m1", "d0:span_text:t1"]


def test_schema_label_fires():
    t = "Tijuana on Sunday"
    m = dict(mention("m1", t, 0, 7), type="CITY", level="NAME", cluster=None)
    tx = time("t1", t, 11, 17, typ="DAY")
    fl = list(entities.check_entities_schema_labels(corpus_of((t, {"entities": [m], "times": [tx]}))))
    assert [f.message for f in fl] == ["unknown type 'CITY'", "unknown level 'NAME'",
                                       "mention without cluster", "unknown time type 'DAY'"]


def test_duplicate_id_fires():
    t = "Tijuana on Sunday"
    c = corpus_of((t, {"entities": [mention("m1", t, 0, 7)], "times": [time("m1", t, 11, 17)]}))
    assert keys(entities.check_entities_ids, c) == ["d0:duplicate_id:m1"]


@pytest.mark.parametrize("typ,value", [
    ("DATE", "2018-11-26"), ("DATE", "2018-W47"), ("DATE", "PRESENT_REF"),
    ("TIME", "2018-11-25TNI"), ("TIME", "2018-11-25T14:30"), ("DURATION", "P2W"),
    ("DURATION", "PXW"), ("DURATION", "PTXH"), ("DURATION", "P1D"), ("DATE", "2018-12-01"),
])
def test_timex_value_accepts_valid(typ, value):
    c = corpus_of(("x", {"times": [time("t1", "x", 0, 1, typ, value)]}))
    assert keys(entities.check_times_value_syntax, c) == []


@pytest.mark.parametrize("typ,value", [
    ("DATE", "26/11/2018"), ("DATE", "last week"), ("DURATION", "2018-11-25"),
    ("DATE", "P2W"), ("TIME", "2018-11-25"), ("DATE", "2018-11-25TNI"), ("DURATION", "2W"),
])
def test_timex_value_fires(typ, value):
    fl = list(entities.check_times_value_syntax(corpus_of(("x", {"times": [time("t1", "x", 0, 1, typ, value)]}))))
    assert fl and all(f.check == "timex_value" for f in fl)


# --------------------------------------------------------------------------- events


@pytest.mark.parametrize("word,lem", [
    ("running", "run"), ("ran", "run"), ("runs", "run"), ("closed", "clos"), ("closes", "clos"),
    ("stopped", "stop"), ("said", "say"), ("Tear gas", "tear gas"), ("crossing", "cross"),
])
def test_lemma(word, lem):
    assert events.lemma(word) == lem


def test_sentence_index():
    t = 'He said "no." Then she left.\nNext.'
    assert [events.sentence_index(t, t.index(w)) for w in ("said", "Then", "Next")] == [0, 1, 2]


def test_event_format_fires():
    t = "They ran and fled."
    ran, fled = span(t, "ran"), span(t, "fled")
    evs = [dict(event("e2", t, fled, "Bad:Type", None, realis="MAYBE"), trigger={"start": 13, "end": 17, "text": "fled!"}),
           event("e1", t, ran, "Movement:Transport", "a"), event("e1", t, ran, "Movement:Transport", "a"),
           event("x3", t, ran, "Movement:Transport", "a")]
    fl = list(events.check_events_format(corpus_of((t, {"events": evs}))))
    assert [f.message for f in fl] == [  # e2 before e1 is fine: an added event takes the next free number
        "trigger text 'fled!' != text[start:end] 'fled'",
        "unknown event type 'Bad:Type'", "bad realis 'MAYBE'", "event without cluster",
        "id 'e1' at position 3 is not a new eN", "id 'x3' at position 4 is not a new eN", "events are not in text order"]
    assert {f.key for f in fl} == {"d0:event_format:e1", "d0:event_format:e2", "d0:event_format:x3", "d0:event_format:order"}


def test_event_lemma_type_variation_fires():
    t = "They ran. We ran."
    evs = [event("e1", t, span(t, "ran"), "Movement:Transport", "a"),
           event("e2", t, span(t, "ran", 2), "Movement:CrossBorder", "b")]
    fl = list(events.check_events_lemma_type_variation(corpus_of((t, {"events": evs}))))
    assert [f.key for f in fl] == ["corpus:event_lemma_types:run"]
    assert fl[0].message.endswith("Movement:CrossBorder x1 (d0:e2); Movement:Transport x1 (d0:e1)")


def test_event_unresolved_arguments_fire():
    t = "Mexico deported them."
    mx = mention("m1", t, 0, 6, typ="GPE", level="NAM")
    ev = event("e1", t, span(t, "deported"), "Justice:Deport", "deport", [("Agent", mx)])
    ev["arguments"] += [{"role": "Person", "start": 16, "end": 20, "text": "them"},
                        {"role": "Destination", "ref": "m9", "text": "Honduras"},
                        {"role": "Origin", "ref": "m1", "text": "Mexico!"}]
    assert keys(events.check_events_unresolved_arguments, corpus_of((t, {"entities": [mx], "events": [ev]}))) == [
        "d0:event_arg_unresolved:e1/Person/16", "d0:event_arg_unresolved:e1/Destination/m9",
        "d0:event_arg_unresolved:e1/Origin/m1"]


def test_event_role_types_fire():
    t = "Mexico deported them on Monday."
    mx = mention("m1", t, 0, 6, typ="GPE", level="NAM")
    them = mention("m2", t, *span(t, "them"), level="PRO")
    mon = time("t1", t, *span(t, "Monday"))
    ok = [("Agent", mx), ("Person", them), ("Time", mon)]
    ev = event("e1", t, span(t, "deported"), "Justice:Deport", "deport", ok + [("Victim", them), ("Destination", mon)])
    fl = list(events.check_events_role_types(corpus_of((t, {"entities": [mx, them], "times": [mon], "events": [ev]}))))
    assert [f.key for f in fl] == ["d0:event_role_type:e1/Victim/m2", "d0:event_role_type:e1/Destination/t1"]
    assert fl[1].message.endswith("but t1 'Monday' is TIME")


def test_event_cluster_types_fire():
    t1, t2 = "They stormed it.", "They rushed it."
    c = corpus_of((t1, {"events": [event("e1", t1, span(t1, "stormed"), "Movement:CrossBorder", "rush")]}),
                  (t2, {"events": [event("e1", t2, span(t2, "rushed"), "Conflict:Attack", "rush")]}))
    assert keys(events.check_events_cluster_types, c) == ["corpus:event_cluster_types:rush"]


def test_event_repeats_uncoreferenced_fire():
    t = "Mexico deported them. Mexico deported them. Mexico deported them and Mexico deported them."
    ents = [mention(f"m{i}", t, *span(t, "Mexico", i), typ="GPE", level="NAM", cluster="mexico") for i in (1, 2, 3, 4)]
    evs = [event(f"e{i}", t, span(t, "deported", i), "Justice:Deport", f"d{i}", [("Agent", ents[i - 1])])
           for i in (1, 2, 3, 4)]
    evs[1]["cluster"] = "d1"      # e2 corefers with e1: not flagged
    fl = keys(events.check_events_repeats_uncoreferenced, corpus_of((t, {"entities": ents, "events": evs})))
    # e3 and e4 share a sentence, so they are not compared with each other
    assert fl == ["corpus:event_repeat_uncoreferenced:d0:e1+d0:e3", "corpus:event_repeat_uncoreferenced:d0:e1+d0:e4",
                  "corpus:event_repeat_uncoreferenced:d0:e2+d0:e3", "corpus:event_repeat_uncoreferenced:d0:e2+d0:e4"]


# --------------------------------------------------------------------------- claims


def test_claim_uncovered_number_fires():
    t = "Some 40 people and three dogs arrived on 19 October."
    c = corpus_of((t, {"claims": [claim(text="40", start=5)], "times": [time("t1", t, *span(t, "19 October"))]}))
    fl = list(claims.check_claims_uncovered_number(c))
    assert [f.message.split(" at ")[0] for f in fl] == ["'three'"]
    assert fl[0].key == "d0:uncovered_number:19"


def test_claim_string_variation_and_missing_entity_fire():
    c = corpus_of(("98 98", {"claims": [claim("q1"), claim("q2", start=3, unit="item", measured_entity=None)]}))
    assert keys(claims.check_claims_string_variation, c) == ["corpus:claim_string_variation:'98'"]
    assert keys(claims.check_claims_no_measured_entity, c) == ["d0:no_measured_entity:q2"]


def test_claim_cluster_dimensions_property_and_coreference_fire():
    t = "98 42"
    ents = [mention("m1", t, 0, 2, cluster="deported"), mention("m2", t, 3, 5, cluster="arrested")]
    a = claim("q1", cluster="x")
    b = claim("q2", text="42", start=3, value=42, lower=42, upper=42, cluster="x", measured_entity="m2",
              unit="week", measured_property="duration")
    c = corpus_of((t, {"entities": ents, "claims": [a, b]}))
    assert keys(claims.check_claims_cluster_dimensions, c) == ["corpus:cluster_mixed_dimensions:x"]
    assert keys(claims.check_claims_cluster_property, c) == ["corpus:cluster_mixed_properties:x"]
    assert keys(claims.check_claims_cluster_vs_coreference, c) == ["corpus:claim_cluster_spans_entities:x"]
    split = corpus_of((t, {"entities": ents, "claims": [a, claim("q3", cluster="y")]}))
    assert keys(claims.check_claims_cluster_vs_coreference, split) == [
        "corpus:entity_split_over_claim_clusters:deported/count"]


def test_claim_unknown_unit_is_its_own_dimension():
    c = corpus_of(("98 98", {"claims": [claim("q1"), claim("q2", start=3, unit="furlong")]}))
    fl = list(claims.check_claims_cluster_dimensions(c))
    assert len(fl) == 1 and "unknown unit 'furlong' (d0:q2)" in fl[0].message


def test_claim_unresolved_reference_fires():
    c = corpus_of(("98", {"claims": [claim(measured_entity={"start": 0, "end": 2, "text": "98"},
                                           attribution="m7", time_anchor="t3")]}))
    assert sorted(f.item for f in claims.check_claims_unresolved_reference(c)) == [
        "q1.attribution", "q1.measured_entity", "q1.time_anchor"]


# --------------------------------------------------------------------------- command line


def test_command_line_exit_status_and_exceptions(tmp_path):
    ann = tmp_path / "annotations"
    (ann / "gold").mkdir(parents=True)
    (ann / "texts").mkdir()
    shutil.copy(REPO / "annotations" / "schema.yaml", ann / "schema.yaml")
    t = "They ran."
    (ann / "texts" / "d0.txt").write_text(t, encoding="utf-8")
    digest = hashlib.sha256(t.encode("utf-8")).hexdigest()  # the audit reads the gold through the validating reader
    (ann / "documents.yaml").write_text(yaml.safe_dump([{"doc_id": "d0", "file": "texts/d0.txt", "sha256": digest}]), encoding="utf-8")
    gold = {"doc_id": "d0", "entities": [mention("m1", t, 0, 4, level="PRO", cluster="x")]}
    (ann / "gold" / "d0.yaml").write_text(yaml.safe_dump(gold), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(REPO / "scripts" / "audit.py"), "--root", str(tmp_path), *args],
                              capture_output=True, text=True)

    out = run()
    assert out.returncode == 1
    assert "d0:m1: pronoun_singleton:" in out.stdout and "1 flags, 0 excepted, 1 unexplained" in out.stdout
    exc = tmp_path / "exc.yaml"
    exc.write_text(yaml.safe_dump([{"flag": "d0:pronoun_singleton:m1", "reason": "test"},
                                   {"flag": "d0:pronoun_singleton:m9", "reason": "gone"}]), encoding="utf-8")
    out = run("--exceptions", str(exc))
    assert out.returncode == 0
    assert "[excepted]" in out.stdout and "warning: exception matches no flag: d0:pronoun_singleton:m9" in out.stderr
