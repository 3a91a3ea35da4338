"""Time the scorer on a synthetic corpus of about a million mentions, against nervaluate and seqeval.

    python scripts/bench_scoring.py [--mentions 1000000] [--per-document 160] [--seed 0]

Documents hold 160 mentions by default, as the shipped articles do (486 mentions in three).
Prints each timing and ratio, and fails (exit 1) when any number differs from the reference
implementation's on the same input. Targets (issue 6): the span scorer at least 10x faster than
nervaluate; a whole ``evaluate`` within a few times the cost of parsing its input JSON. The parse
is timed twice: dropping each parsed line (memory is reused, so this is the floor) and keeping
them all (with the garbage collector paused, as ``evaluate`` pauses it), as any reader that scores
the corpus must: at a million mentions, allocating memory for gigabytes of objects costs about as
much again as the parsing.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.synthetic: the generated corpora

from benchmark.scoring.evaluate import run  # noqa: E402
from benchmark.scoring.spans import HALF_CREDIT, SCHEMES, score_documents, spanset
from benchmark.scoring.tagging import named_spans, ner_view, score_tags
from benchmark.text.tokens import sentences  # noqa: E402
from tests.synthetic import synthetic_corpus  # noqa: E402

NERVALUATE = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious", "precision", "recall", "f1")


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:8.2f} s")
    return result, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--per-document", type=int, default=160)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    documents = max(1, args.mentions // args.per_document)
    gold, pred, schema = synthetic_corpus(documents, args.per_document, args.seed)
    n_gold = sum(len(r["entities"]) for r in gold)
    n_pred = sum(len(r["entities"]) for r in pred)
    print(f"{documents} documents, {n_gold} gold and {n_pred} predicted mentions (plus times, events, claims)")
    failures = []

    with tempfile.TemporaryDirectory() as folder:
        gold_path, pred_path = Path(folder, "gold.jsonl"), Path(folder, "pred.jsonl")
        for path, records in ((gold_path, gold), (pred_path, pred)):
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        size = (gold_path.stat().st_size + pred_path.stat().st_size) / 1e6
        print(f"\nWhole evaluation ({size:.0f} MB of JSONL)")

        def parse():
            for path in (gold_path, pred_path):
                with open(path, "rb") as handle:
                    for line in handle:
                        json.loads(line)

        def parse_and_keep():  # with the garbage collector paused, as evaluate runs
            gc.disable()
            try:
                return [[json.loads(line) for line in open(path, "rb")] for path in (gold_path, pred_path)]
            finally:
                gc.enable()

        _, parse_time = timed("json.loads of both files, values dropped", parse)
        _, keep_time = timed("json.loads of both files, values kept", lambda: len(parse_and_keep()))
        _, evaluate_time = timed("evaluate (read, check, score every task)", lambda: run(pred_path, gold_path, schema=schema))
        print(f"  evaluate / JSON parse: {evaluate_time / parse_time:.1f}x (values dropped), "
              f"{evaluate_time / keep_time:.1f}x (values kept)")

    print("\nSpan schemes (entities): ours vs nervaluate 1.2.1 on the same sorted, deduplicated spans")
    docs = [
        ([(m["start"], m["end"], m["type"]) for m in g["entities"]], [(m["start"], m["end"], m["type"]) for m in p["entities"]])
        for g, p in zip(gold, pred)
    ]
    ours, ours_time = timed("benchmark.scoring.spans.score_documents", lambda: score_documents(docs))
    from nervaluate import Evaluator

    def side(k):
        return [[{"label": label, "start": s, "end": e - 1} for s, e, label in spanset(doc[k])] for doc in docs]

    true, guess = side(0), side(1)
    evaluator = Evaluator(true, guess, tags=sorted(schema.entity_types), loader="dict")
    theirs, theirs_time = timed("nervaluate Evaluator.evaluate", evaluator.evaluate)
    print(f"  nervaluate / ours: {theirs_time / ours_time:.1f}x")
    for scheme in SCHEMES:
        mine = ours[scheme].entry(HALF_CREDIT[scheme])
        reference = theirs["overall"][NERVALUATE[scheme]]
        if any(mine[f] != getattr(reference, f) for f in FIELDS):
            failures.append(f"span scheme {scheme} differs from nervaluate")
        for label, by_scheme in theirs["entities"].items():
            mine = ours["per_type"][label][scheme].entry(HALF_CREDIT[scheme])
            if any(mine[f] != getattr(by_scheme[NERVALUATE[scheme]], f) for f in FIELDS):
                failures.append(f"span scheme {scheme}, type {label} differs from nervaluate")

    print("\nIOB2 chunks of the ner view: ours vs seqeval 1.2.2 on the same tag sequences")
    y_true, y_pred = [], []
    for g, p in zip(gold, pred):
        gold_tags, pred_tags, _ = ner_view(
            g["text"], sentences(g["text"]), named_spans(g["entities"], gold=True), named_spans(p["entities"], gold=False)
        )
        y_true += gold_tags
        y_pred += pred_tags
    print(f"  {len(y_true)} sentences, {sum(map(len, y_true))} tokens")
    from seqeval.metrics import f1_score, precision_score, recall_score
    from seqeval.scheme import IOB2

    for mode, options in (("default", {}), ("strict", {"mode": "strict", "scheme": IOB2})):
        mine, mine_time = timed(f"score_tags, {mode} mode", lambda: score_tags(y_true, y_pred, mode))

        def reference():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return tuple(float(f(y_true, y_pred, **options)) for f in (precision_score, recall_score, f1_score))

        numbers, reference_time = timed(f"seqeval precision, recall, f1, {mode} mode", reference)
        print(f"  seqeval / ours ({mode}): {reference_time / mine_time:.1f}x")
        if numbers != (mine["precision"], mine["recall"], mine["f1"]):
            failures.append(f"IOB2 {mode} mode differs from seqeval: {numbers} vs {mine}")

    print()
    for failure in failures:
        print("MISMATCH:", failure)
    print("all numbers agree with nervaluate and seqeval" if not failures else f"{len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
