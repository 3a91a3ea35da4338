"""Near-duplicate sentence groups: the shipped list, and intervals that copies cannot narrow."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest

import benchmark
from benchmark.data.paths import repo_root
from benchmark.scoring.duplicates import near_duplicates, sentence_groups
from benchmark.scoring.evaluate import run
from benchmark.scoring.report import headline_rows
from benchmark.scoring.tally import Units
from tests.synthetic import synthetic_corpus


def test_the_shipped_list_of_groups_is_fresh():
    done = subprocess.run([sys.executable, str(repo_root() / "scripts" / "build_duplicates.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_002_copies_most_of_001():
    records = benchmark.load_corpus().to_records()
    texts = {r["doc_id"]: r["text"] for r in records}
    units = Units(texts)
    d001, d002 = sorted(texts)[1:]
    flat = [(doc, texts[doc][s:e]) for doc in sorted(texts) for s, e in units.sentences[doc]]
    copied = {j for i, j, _ in near_duplicates([t for _, t in flat]) if flat[i][0] == d001 and flat[j][0] == d002}
    assert len(copied) == 18 and len(units.sentences[d002]) == 27
    assert len(set(units.groups)) == len(units.groups) - 18
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")  # the figures the README quotes
    assert f"{len(units.groups)} sentences form {len(set(units.groups))} groups" in readme
    assert "18 of its 27 sentences" in readme


@pytest.mark.parametrize("a, b, same", [
    ("Among them are many families with young children.", "Among them are many families with young children.", True),
    ('We are hard workers!"', "We are hard workers!”.", True),
    ("The march started peacefully.", "The protest ended in tear gas and arrests.", False),
])
def test_near_duplicates_by_difflib_ratio(a, b, same):
    assert bool(near_duplicates([a, b])) is same


def _widths(report: dict) -> dict[str, float]:
    return {path: e["ci95"][1] - e["ci95"][0] for path, e in headline_rows(report) if "ci95" in e}


def _copies(records: list[dict], doc_ids: set[str]) -> list[dict]:
    return [{**copy.deepcopy(r), "doc_id": f"zzz-copy-{r['doc_id']}"} for r in records if r["doc_id"] in doc_ids]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_copies_of_every_document_leave_the_intervals_exactly_as_they_were(seed):
    """Every group doubles its statistics and the draws are the same: every resampled F1 is unchanged."""
    gold, pred, schema = synthetic_corpus(documents=3, mentions=30, seed=seed)
    every = {g["doc_id"] for g in gold}
    before = run(pred, gold, schema=schema, bootstrap=300, seed=seed).report
    after = run(pred + _copies(pred, every), gold + _copies(gold, every), schema=schema, bootstrap=300, seed=seed).report
    assert after["meta"]["resampling"]["groups"] == before["meta"]["resampling"]["groups"]
    assert after["meta"]["resampling"]["sentences"] == 2 * before["meta"]["resampling"]["sentences"]
    widths_before, widths_after = _widths(before), _widths(after)
    assert widths_before and widths_before.keys() == widths_after.keys()
    for path, width in widths_before.items():
        if not path.startswith(("entity_coreference", "events.event_coreference")):  # copies add cross-document links
            assert widths_after[path] == pytest.approx(width, abs=1e-9), path


@pytest.mark.parametrize("seed", [0, 1])
def test_a_copy_of_one_document_does_not_narrow_the_intervals(seed):
    """The copied document weighs double, so widths move a little, but on average they do not shrink
    (resampling single sentences shrinks them by 8 to 16% on these corpora)."""
    gold, pred, schema = synthetic_corpus(documents=3, mentions=40, seed=seed)
    first = {gold[0]["doc_id"]}
    before = _widths(run(pred, gold, schema=schema, bootstrap=2000, seed=seed).report)
    after = _widths(run(pred + _copies(pred, first), gold + _copies(gold, first), schema=schema, bootstrap=2000, seed=seed).report)
    ratios = [after[p] / before[p] for p in before if before[p] > 0 and not p.startswith(("entity_coreference", "events.event"))]
    assert len(ratios) > 10 and sum(ratios) / len(ratios) > 0.97


def test_groups_number_units_in_order_and_join_copies():
    texts = {"a": "One sentence here. Another one there.", "b": "Another one there. Something new."}
    units = Units(texts)
    assert sentence_groups(texts, units.sentences) == [0, 1, 1, 2]
