"""The numeric-claim layer agrees with its own conventions (benchmark/analysis/audit/consistency.py,
scripts/check_claims.py), and each of its checks fires on a synthetic example built to trip it.
The audit's claim checks are tested in test_audit.py."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.analysis.audit import load_gold
from benchmark.analysis.audit.consistency import check_documents
from benchmark.data.claims import expected_label

REPO = Path(__file__).resolve().parent.parent


def claim(cid="q1", text="98", value=98, unit="person", qualifier="exact", lower=98, upper=98,
          cluster="c", consistency="singleton", linked=(), **extra) -> dict:
    return {"id": cid, "start": 0, "end": len(text), "text": text, "value": value, "unit": unit,
            "qualifier": qualifier, "lower": lower, "upper": upper, "measured_entity": "m1",
            "measured_property": "count", "time_anchor": None, "attribution": None,
            "linked": list(linked), "cluster": cluster, "consistency": consistency, **extra}


def run(*docs: list[dict]) -> list[str]:
    return check_documents([{"doc_id": f"00{i}_doc", "claims": list(d)} for i, d in enumerate(docs)])


# --------------------------------------------------------------------------- the gold


@pytest.fixture(scope="module")
def gold():
    return load_gold(REPO)


def test_gold_claims_have_no_disagreements(gold):
    assert sum(len(doc.claims) for doc in gold.docs) > 0
    assert check_documents([{"doc_id": doc.doc_id, "claims": doc.claims} for doc in gold.docs]) == []


def test_gold_claims_follow_text_order_and_offsets(gold):
    for doc in gold.docs:
        ids = [c["id"] for c in doc.claims]
        assert ids == [f"q{i}" for i in range(1, len(ids) + 1)]
        assert [c["start"] for c in doc.claims] == sorted(c["start"] for c in doc.claims)
        for c in doc.claims:
            assert doc.text[c["start"]:c["end"]] == c["text"]
            s = c["statement"]
            assert doc.text[s["start"]:s["end"]] == s["text"]
            assert s["start"] <= c["start"] and c["end"] <= s["end"]


# --------------------------------------------------------------------------- labels


def test_consistent_pair_passes():
    assert run([claim(consistency="consistent")], [claim(consistency="consistent")]) == []


def test_consistent_label_but_values_differ():
    lines = run([claim(consistency="consistent")],
                [claim(text="nearly 100", value=100, qualifier="almost", lower=90, upper=99, consistency="compatible")])
    assert len(lines) == 1 and "label says consistent but should be compatible" in lines[0]


def test_compatible_label_but_bounds_do_not_overlap():
    lines = run([claim(consistency="compatible")],
                [claim(text="500", value=500, lower=500, upper=500, consistency="conflict")])
    assert len(lines) == 1 and "label says compatible but should be conflict" in lines[0]
    assert "do not overlap" in lines[0]


def test_conflict_label_but_bounds_overlap():
    lines = run([claim(consistency="conflict")],
                [claim(text="nearly 100", value=100, qualifier="almost", lower=90, upper=99, consistency="compatible")])
    assert len(lines) == 1 and "label says conflict but should be compatible" in lines[0]


def test_compatible_label_but_statements_identical():
    lines = run([claim(consistency="compatible")], [claim(consistency="consistent")])
    assert len(lines) == 1 and "should be consistent" in lines[0]


def test_singleton_label_in_shared_cluster_and_lone_claim_not_singleton():
    lines = run([claim(consistency="singleton")], [claim(consistency="consistent")])
    assert any("label says singleton but should be consistent" in x for x in lines)
    lines = run([claim(consistency="consistent")])
    assert lines == ["000_doc:q1: consistency: label says consistent but should be singleton: claim is alone in cluster 'c'"]


def test_conflict_with_one_member_makes_the_claim_conflict():
    at_least = dict(text="at least 500", value=500, qualifier="at_least", lower=500, upper=None)
    nearly = dict(text="nearly 500", value=500, qualifier="almost", lower=450, upper=499)
    hundreds = dict(text="hundreds", value=200, qualifier="vague", lower=200, upper=999)
    docs = [[claim(**at_least, consistency="conflict")], [claim(**nearly, consistency="conflict")],
            [claim(**hundreds, consistency="compatible")]]
    assert run(*docs) == []


# --------------------------------------------------------------------------- units


def test_km_and_miles_are_converted():
    km = claim(text="1.609344 km", value=1.609344, unit="km", lower=1.609344, upper=1.609344,
               consistency="compatible")
    mi = claim(text="1 mile", value=1, unit="mile", lower=1, upper=1, consistency="compatible")
    lines = run([km], [mi])
    # the same distance: both should be labelled consistent, and the check says so
    assert len(lines) == 2 and all("should be consistent" in x for x in lines)


def test_more_than_4000km_and_more_than_2500_miles_are_compatible():
    km = claim(text="more than 4,000km", value=4000, unit="km", qualifier="more_than", lower=4000, upper=None,
               consistency="compatible")
    mi = claim(text="more than 2,500 miles", value=2500, unit="mile", qualifier="more_than", lower=2500,
               upper=None, consistency="compatible")
    assert run([km], [mi]) == []
    assert expected_label(km, [mi]) == "compatible"


def test_bounded_distance_conflicts_after_conversion():
    km = claim(text="180km", value=180, unit="km", lower=180, upper=180, consistency="conflict")
    mi = claim(text="180 miles", value=180, unit="mile", lower=180, upper=180, consistency="conflict")
    assert run([km], [mi]) == []


def test_cluster_mixing_dimensions_is_reported():
    a = claim(consistency="compatible")
    b = claim(text="two weeks", value=2, unit="week", lower=2, upper=2, consistency="compatible")
    lines = run([a], [b])
    assert lines and all("cluster_dimensions" in x for x in lines)


def test_unknown_unit_is_reported():
    lines = run([claim(unit="furlong")])
    assert any(": unit: " in x for x in lines)


# --------------------------------------------------------------------------- single claims


def test_value_outside_bounds():
    lines = run([claim(lower=99, upper=120)])
    assert any("value 98 is below lower 99" in x for x in lines)
    lines = run([claim(lower=10, upper=97)])
    assert any("value 98 is above upper 97" in x for x in lines)


@pytest.mark.parametrize("kw", [
    dict(text="more than 40", value=40, qualifier="more_than", lower=40, upper=None),       # eps 1 missing
    dict(text="nearly 100", value=100, qualifier="almost", lower=90, upper=100),           # eps 1 missing
    dict(text="almost 7,500", value=7500, qualifier="almost", lower=7000, upper=7499),     # margin not 10%
    dict(text="at least 500", value=500, qualifier="at_least", lower=500, upper=1000),     # invented upper
    dict(text="as many as 10,000", value=10000, qualifier="up_to", lower=0, upper=10000),  # invented lower
    dict(text="hundreds", value=100, qualifier="vague", lower=100, upper=999),             # table: [200, 999]
    dict(text="hundreds", value=300, qualifier="vague", lower=200, upper=999),             # value = lower
    dict(text="scores", value=40, qualifier="vague", lower=40, upper=99),                  # not in the table
    dict(text="10 to 20", value=10, qualifier="range", lower=20, upper=10),                # reversed range
])
def test_qualifier_bounds_disagreement(kw):
    lines = run([claim(**kw)])
    assert any("qualifier_bounds" in x for x in lines), lines


@pytest.mark.parametrize("kw", [
    dict(),
    dict(text="more than 40", value=40, qualifier="more_than", lower=41, upper=None),
    dict(text="more than 4,000km", value=4000, unit="km", qualifier="more_than", lower=4000, upper=None),
    dict(text="nearly 100", value=100, qualifier="almost", lower=90, upper=99),
    dict(text="about 45", value=45, qualifier="approximately", lower=41, upper=49),
    dict(text="about 2 km", value=2, unit="km", qualifier="approximately", lower=1.8, upper=2.2),
    dict(text="at most 5", value=5, qualifier="at_most", lower=None, upper=5),
    dict(text="less than 5", value=5, qualifier="less_than", lower=None, upper=4),
    dict(text="between 10 and 20", value=10, qualifier="range", lower=10, upper=20),
    dict(text="a couple of", value=2, unit="item", qualifier="vague", lower=2, upper=3),
    dict(text="a few", value=2, qualifier="vague", lower=2, upper=9),
    dict(text="dozens", value=24, qualifier="vague", lower=24, upper=119),
    dict(text="Several hundred", value=300, qualifier="vague", lower=300, upper=999),
    dict(text="thousands", value=2000, qualifier="vague", lower=2000, upper=9999),
    dict(text="a number of hours", value=2, unit="hour", qualifier="vague", lower=2, upper=None),
])
def test_conventional_bounds_pass(kw):
    assert run([claim(**kw)]) == []


def test_linked_claims_must_be_mutual_and_share_the_cluster():
    a = claim("q1", text="4,000km", value=4000, unit="km", lower=4000, upper=4000, linked=["q2"],
              consistency="consistent")
    b = claim("q2", text="2,500 miles", value=2500, unit="mile", lower=2500, upper=2500,
              consistency="consistent")
    lines = run([a, b])
    assert any("links q2 but q2 does not link back" in x for x in lines)
    b2 = dict(b, linked=["q1"], cluster="other", consistency="singleton")
    a2 = dict(a, consistency="singleton")
    lines = run([a2, b2])
    assert any("is in cluster 'other'" in x for x in lines)
    lines = run([dict(a2, linked=["q9"])])
    assert any("linked 'q9' is not another claim" in x for x in lines)


def test_command_line_exit_status(tmp_path):
    ann = tmp_path / "annotations"
    (ann / "texts").mkdir(parents=True)
    (ann / "gold").mkdir()
    shutil.copy(REPO / "annotations" / "schema.yaml", ann / "schema.yaml")
    (ann / "texts" / "x.txt").write_text("98 people", encoding="utf-8")
    digest = hashlib.sha256(b"98 people").hexdigest()  # the gold is read through the validating reader
    (ann / "documents.yaml").write_text(f"- {{doc_id: x, file: texts/x.txt, sha256: {digest}}}\n", encoding="utf-8")
    (ann / "gold" / "x.yaml").write_text(
        "doc_id: x\nclaims:\n  - {id: q1, start: 0, end: 2, text: '98', value: 98, unit: person, "
        "qualifier: exact, lower: 98, upper: 98, measured_entity: null, measured_property: count, time_anchor: null, "
        "attribution: null, statement: null, cluster: c, consistency: conflict}\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "check_claims.py"), "--root", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "x:q1: consistency: label says conflict but should be singleton" in out.stdout
