"""Recompute the agreement table of the inter-annotator study and write it into DATASHEET.md.

Scores the second annotation (annotations/secondary/) against the gold with the harness,
before adjudication (the gold with the corrections of annotations/adjudication.yaml undone)
and after (the shipped gold), and adds Cohen's kappa on matched items and F1 over
cross-document links. ``--check`` writes nothing and exits 1 if DATASHEET.md is stale.
"""

from __future__ import annotations

import argparse
import copy
import sys

from benchmark import evaluate, load_corpus
from benchmark.analysis.agreement import cohen_kappa, cross_document_links, link_scores, matched_labels
from benchmark.analysis.docblocks import update_block
from benchmark.data.paths import annotations_dir, repo_root
from benchmark.data.yamlfile import read_yaml


def span(item: dict) -> tuple:
    return item["start"], item["end"]


def trigger(item: dict) -> tuple:
    return item["trigger"]["start"], item["trigger"]["end"]


def undo_adjudication(records: list[dict]) -> list[dict]:
    """The gold as it was before adjudication (each correction's ``before`` values restored)."""
    records = copy.deepcopy(records)
    corrections = (read_yaml(annotations_dir() / "adjudication.yaml")[0] or [])
    by_doc = {r["doc_id"]: r for r in records}
    for fix in corrections:
        record = by_doc[fix["doc_id"]]
        items = {i["id"]: i for layer in ("entities", "times", "claims", "events") for i in record[layer]}
        items[fix["id"]].update(fix["before"])
        for event in record["events"]:
            for argument in event["arguments"]:
                if argument["mention"] == fix["id"]:
                    argument.update({k: fix["before"][k] for k in ("start", "end", "text") if k in fix["before"]})
    return records


def named_only(records: list[dict]) -> list[dict]:
    """The records with their named mentions only (and no layer that refers to the others)."""
    return [{"doc_id": r["doc_id"], "text": r["text"], "entities": [m for m in r["entities"] if m.get("level") == "NAM"]} for r in records]


def rows(gold: list[dict], second: list[dict]) -> list[tuple[str, float]]:
    """(measure, value) pairs of the agreement table, values in [0, 1]."""
    report = evaluate(second, gold=gold)
    named = evaluate(named_only(second), gold=named_only(gold), tasks=["entities"])
    e, t, v, c = report["entities"], report["times"], report["events"], report["claims"]
    out = [
        ("Entity mentions, strict F1", e["strict"]["f1"]),
        ("Entity mentions, partial F1", e["partial"]["f1"]),
        ("Named mentions (NAM), strict F1", named["entities"]["strict"]["f1"]),
        ("Time expressions, strict span F1", t["strict"]["f1"]),
        ("Time values, accuracy on matched spans", t["value"]["accuracy"]),
        ("Entity coreference, CoNLL F1", report["entity_coreference"]["conll_f1"]),
        ("Event triggers, identification F1", v["trigger_identification"]["f1"]),
        ("Event triggers, classification F1", v["trigger_classification"]["f1"]),
        ("Event arguments, classification F1", v["argument_classification"]["f1"]),
        ("Event coreference, CoNLL F1", v["event_coreference"]["conll_f1"]),
        ("Claims, detection F1 (strict span)", c["detection"]["strict"]["f1"]),
        ("Claims, value accuracy on matched claims", c["value"]["exact"]["accuracy"]),
        ("Claims, bounds accuracy on matched claims", c["bounds"]["accuracy"]),
    ]
    for layer, key, name in (("entities", span, "entity mentions"), ("events", trigger, "events"), ("claims", span, "claims")):
        links = link_scores(cross_document_links(gold, layer, key), cross_document_links(second, layer, key))
        out.append((f"Cross-article links of {name}, F1", links["f1"]))
    for layer, key, label, name in (
        ("entities", span, "type", "entity type"),
        ("events", trigger, "realis", "realis"),
        ("claims", span, "qualifier", "claim qualifier"),
    ):
        out.append((f"Cohen's kappa, {name} (matched items)", cohen_kappa(*matched_labels(gold, second, layer, key, label))))
    return out


def table() -> str:
    gold = load_corpus().to_records()
    second = load_corpus(annotator="secondary").to_records()
    before, after = rows(undo_adjudication(gold), second), rows(gold, second)
    lines = ["| measure | before adjudication | after adjudication |", "| --- | ---: | ---: |"]
    for (name, b), (_, a) in zip(before, after, strict=True):
        lines.append(f"| {name} | {100 * b:.1f} | {100 * a:.1f} |")
    return "\n".join(lines) + "\n\nFigures in percent (kappa x 100); `python scripts/agreement.py` recomputes them.\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if DATASHEET.md is stale")
    args = parser.parse_args(argv)
    content = table()
    print(content, end="")
    stale = update_block(repo_root() / "DATASHEET.md", "agreement", content, args.check)
    if stale and args.check:
        print("DATASHEET.md is stale: run scripts/agreement.py", file=sys.stderr)
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
