"""Time whole ``caravan-ie evaluate`` runs against nervaluate and a bare JSON parse, on synthetic corpora.

    python scripts/bench_scoring.py [--sizes 20000,200000,1000000] [--per-document 160] [--seed 0] [--repeat 3]

For each size (gold mentions; documents hold 160 by default, as the shipped articles do: 486 in
three) the script writes a gold and a predicted JSONL file (``tests/synthetic.py``) and times, each
as a whole process on the same files (interpreter start included; the fastest of ``--repeat`` runs,
as timeit reports, since slower runs measure the machine's other load; the runs are made in rounds
that run every process of a corpus once, so that a ratio compares runs from the same stretch of
time), with its peak memory:

* ``parse``: a bare ``json.loads`` of every line of both files (values dropped), ``parse+keep``
  (values kept: the memory of the parsed input), ``orjson``: a bare ``orjson.loads``, the
  parser the harness reads its input with (the targets are stated against ``json.loads``), and
  ``floor``: ``orjson.loads`` keeping the records plus one pass that makes a (start, end, type)
  tuple of every mention, the least any scorer written in Python does with these files;
* ``evaluate --tasks entities`` (span schemes, IOB2 view and coreference) and ``--tasks events``;
* nervaluate 1.2.1 reading the same files and scoring the same (sorted, deduplicated) mention spans
  under strict, exact, partial and ent_type; its counts must equal the harness's.

It prints each time, the ratios the targets of issue 14 are stated in, how time grows with the
corpus (time per mention at each size against the smallest), a corpus whose 200k mentions (or the
middle size) form 10 huge clusters across documents against the same corpus with spread clusters,
the shipped corpus (evaluate after the first import, and with ``--bootstrap 1000``), and in-process
checks of the span schemes against nervaluate (per type too) and of the IOB2 chunks against seqeval
(both modes). It ends with a Markdown table of the ratios for the README, and fails (exit 1) when
any number differs from the reference implementations'.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.synthetic: the generated corpora

import yaml  # noqa: E402

from benchmark.data.paths import annotations_dir  # noqa: E402
from benchmark.scoring.spans import HALF_CREDIT, SCHEMES, score_documents, spanset  # noqa: E402
from benchmark.scoring.tagging import named_spans, ner_view, score_tags  # noqa: E402
from benchmark.text.tokens import sentences  # noqa: E402
from tests.synthetic import EVENT_TYPES, synthetic_corpus  # noqa: E402

NERVALUATE = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
SCORES = ("precision", "recall", "f1")

PARSE = """
import gc, os, sys
gc.disable()
mode, loads = sys.argv[1], __import__(sys.argv[2]).loads
kept = []
for path in sys.argv[3:]:
    with open(path, "rb") as handle:
        for line in handle:
            value = loads(line)
            if mode == "keep":
                kept.append(value)
            elif mode == "pass":  # what any span scorer does at least: one look at each mention's span
                kept.append((value, [(m["start"], m["end"], m["type"]) for m in value["entities"]]))
os._exit(0)  # as caravan-ie evaluate ends: what was kept is left to the operating system
"""

NERVALUATE_RUN = """
import json, sys
from nervaluate import Evaluator
sides = []
for path in sys.argv[1:3]:
    docs = {}
    with open(path, "rb") as handle:
        for line in handle:
            record = json.loads(line)
            spans = sorted({(m["start"], m["end"], m["type"]) for m in record.get("entities") or []})
            docs[record["doc_id"]] = [{"label": t, "start": s, "end": e - 1} for s, e, t in spans]
    sides.append(docs)
ids = sorted(sides[0])
true, pred = [sides[0][d] for d in ids], [sides[1].get(d, []) for d in ids]
tags = sorted({span["label"] for doc in true + pred for span in doc})
overall = Evaluator(true, pred, tags=tags, loader="dict").evaluate()["overall"]
fields = ("correct", "incorrect", "partial", "missed", "spurious", "precision", "recall", "f1")
with open(sys.argv[3], "w") as out:
    json.dump({scheme: {f: getattr(overall[scheme], f) for f in fields} for scheme in overall}, out)
"""


PEAK = """
import atexit, os, runpy, sys

def peak():  # this process's own high-water mark (ru_maxrss would include the parent's, from before exec)
    with open("/proc/self/status") as status, open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))

def hard_exit(status, _exit=os._exit):  # caravan-ie evaluate ends with os._exit, which skips atexit
    peak()
    _exit(status)

atexit.register(peak)
os._exit = hard_exit
sys.argv = sys.argv[1:]
if sys.argv[0] == "-m":
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    code, sys.argv = sys.argv[1], ["-c", *sys.argv[2:]]
    exec(compile(code, "<bench>", "exec"), {"__name__": "__main__"})
"""


def process(arguments: list[str], repeat: int = 1) -> tuple[float, float]:
    """Run ``python ARGS...`` to its end ``repeat`` times: (the least wall seconds, as timeit
    reports, since slower runs measure the machine's other load; the largest peak resident memory
    in MB). Fails loudly."""
    times, peaks = [], []
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile("r") as peak:
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", PEAK, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env={**os.environ, "BENCH_PEAK_FILE": peak.name})
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(arguments[:3])} ... failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
            peaks.append(int(peak.read()) / 1024)  # kB
    return min(times), max(peaks)


def interleaved(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, float]]:
    """:func:`process` of each command, in ``repeat`` rounds that run every command once, so that
    each command's fastest run and the ratios between them come from the same stretch of time
    (this machine's speed drifts by a quarter over minutes)."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, arguments in commands.items():
            runs[name].append(process(arguments))
    return {name: (min(t for t, _ in done), max(m for _, m in done)) for name, done in runs.items()}


def evaluate_command(folder: Path, task: str, out: Path) -> list[str]:
    return ["-m", "benchmark", "evaluate", str(folder / "pred.jsonl"), "--gold", str(folder / "gold.jsonl"),
            "--schema", str(folder / "schema.yaml"), "--tasks", task, "--format", "json", "-o", str(out)]


def write_corpus(folder: Path, gold: list[dict], pred: list[dict]) -> None:
    """The two JSONL files and a schema.yaml with the synthetic event types (the shipped schema otherwise)."""
    for name, records in (("gold.jsonl", gold), ("pred.jsonl", pred)):
        with open(folder / name, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    schema = yaml.safe_load((annotations_dir() / "schema.yaml").read_text(encoding="utf-8"))
    schema["event_types"] = {
        name: {"description": "synthetic", "roles": {role: list(fillers) for role, fillers in roles.items()}}
        for name, roles in EVENT_TYPES.items()
    }
    (folder / "schema.yaml").write_text(yaml.safe_dump(schema, allow_unicode=True), encoding="utf-8")


def huge_clusters(gold: list[dict], pred: list[dict], clusters: int = 10) -> tuple[list[dict], list[dict]]:
    """The same corpus with every gold mention in one of ``clusters`` corpus-wide clusters; a predicted
    mention keeps its gold mention's cluster (by id), one in seven moved to the next cluster."""
    gold_out, pred_out, of_id = [], [], {}
    for n, record in enumerate(gold):
        entities = []
        for k, m in enumerate(record["entities"]):
            of_id[record["doc_id"], m["id"]] = cluster = (n + k) % clusters
            entities.append({**m, "cluster": f"huge{cluster}"})
        gold_out.append({**record, "entities": entities})
    for record in pred:
        entities = []
        for k, m in enumerate(record["entities"]):
            cluster = of_id.get((record["doc_id"], m["id"]), k) + (k % 7 == 0)
            entities.append({**m, "cluster": f"huge{cluster % clusters}"})
        pred_out.append({**record, "entities": entities})
    return gold_out, pred_out


def check_whole_run(folder: Path, ours: Path, theirs: Path, failures: list[str]) -> None:
    """The entity span schemes of the ``evaluate`` report against nervaluate's, on the whole run."""
    report = json.loads(ours.read_text())["entities"]
    reference = json.loads(theirs.read_text())
    for scheme in SCHEMES:
        mine, other = report[scheme], reference[NERVALUATE[scheme]]
        if any(mine[f] != other[f] for f in FIELDS) or any(abs(mine[f] - other[f]) > 1e-12 for f in SCORES):
            failures.append(f"{folder.name}: evaluate's {scheme} differs from nervaluate's {NERVALUATE[scheme]}")


def in_process_checks(gold: list[dict], pred: list[dict], failures: list[str]) -> list[tuple[str, float]]:
    """Span schemes (overall and per type) against nervaluate and the IOB2 chunks against seqeval,
    in one process on the same input; returns the core ratios (reference time / ours)."""
    from nervaluate import Evaluator
    from seqeval.metrics import f1_score, precision_score, recall_score
    from seqeval.scheme import IOB2

    ratios = []
    docs = [([(m["start"], m["end"], m["type"]) for m in g["entities"]], [(m["start"], m["end"], m["type"]) for m in p["entities"]])
            for g, p in zip(gold, pred)]
    ours, ours_time = timed(lambda: score_documents(docs))

    def side(k):
        return [[{"label": label, "start": s, "end": e - 1} for s, e, label in spanset(doc[k])] for doc in docs]

    tags = sorted({label for doc in docs for spans in doc for _, _, label in spans})
    evaluator = Evaluator(side(0), side(1), tags=tags, loader="dict")
    theirs, theirs_time = timed(evaluator.evaluate)
    ratios.append(("span schemes alone: nervaluate / ours", theirs_time / ours_time))
    for scheme in SCHEMES:
        if any(ours[scheme].entry(HALF_CREDIT[scheme])[f] != getattr(theirs["overall"][NERVALUATE[scheme]], f) for f in FIELDS):
            failures.append(f"span scheme {scheme} differs from nervaluate")
        for label, by_scheme in theirs["entities"].items():
            mine = ours["per_type"][label][scheme].entry(HALF_CREDIT[scheme])
            if any(mine[f] != getattr(by_scheme[NERVALUATE[scheme]], f) for f in FIELDS):
                failures.append(f"span scheme {scheme}, type {label} differs from nervaluate")

    y_true, y_pred = [], []
    for g, p in zip(gold, pred):
        gold_tags, pred_tags, _ = ner_view(
            g["text"], sentences(g["text"]), named_spans(g["entities"], gold=True), named_spans(p["entities"], gold=False)
        )
        y_true += gold_tags
        y_pred += pred_tags
    for mode, options in (("default", {}), ("strict", {"mode": "strict", "scheme": IOB2})):
        mine, mine_time = timed(lambda: score_tags(y_true, y_pred, mode))

        def reference():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return tuple(float(f(y_true, y_pred, **options)) for f in (precision_score, recall_score, f1_score))

        numbers, reference_time = timed(reference)
        ratios.append((f"IOB2 chunks alone ({mode} mode): seqeval / ours", reference_time / mine_time))
        if numbers != (mine["precision"], mine["recall"], mine["f1"]):
            failures.append(f"IOB2 {mode} mode differs from seqeval: {numbers} vs {mine}")
    return ratios


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def shipped_corpus(folder: Path, repeat: int) -> tuple[float, float, float]:
    """Seconds of ``evaluate`` on the shipped corpus (the rules-general baseline's predictions): the
    whole process, then in a process that has imported the harness (the first call, which reads the
    gold), and that call with ``--bootstrap 1000``."""
    predictions = folder / "shipped.jsonl"
    process(["-m", "benchmark", "predict", "--system", "rules-general", "-o", str(predictions)])
    whole, _ = process(["-m", "benchmark", "evaluate", str(predictions), "-o", str(folder / "shipped.txt")], repeat)
    probe = (
        "import sys, time\nfrom benchmark.scoring.evaluate import evaluate\n"
        "for bootstrap in (0, 1000):\n"
        "    started = time.perf_counter()\n    evaluate(sys.argv[1], bootstrap=bootstrap)\n"
        "    print(time.perf_counter() - started)\n"
    )
    runs = [subprocess.run([sys.executable, "-c", probe, str(predictions)], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(repeat)]
    return whole, min(float(out[0]) for out in runs), min(float(out[1]) for out in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,200000,1000000", help="gold mentions of each corpus, comma-separated")
    parser.add_argument("--per-document", type=int, default=160)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each process; the fastest counts (default %(default)s)")
    args = parser.parse_args()
    repeat = max(1, args.repeat)
    sizes = [int(size) for size in args.sizes.split(",")]
    failures: list[str] = []
    results: dict[int, dict[str, tuple[float, float]]] = {}
    core: list[tuple[str, float]] = []
    huge: tuple[float, float] | None = None
    middle = sizes[len(sizes) // 2]

    with tempfile.TemporaryDirectory() as temporary:
        for size in sizes:
            folder = Path(temporary, f"m{size}")
            folder.mkdir()
            documents = max(1, size // args.per_document)
            gold, pred, _ = synthetic_corpus(documents, args.per_document, args.seed)
            write_corpus(folder, gold, pred)
            n_gold, n_pred = (sum(len(r["entities"]) for r in side) for side in (gold, pred))
            megabytes = sum((folder / name).stat().st_size for name in ("gold.jsonl", "pred.jsonl")) / 1e6
            print(f"\n{documents} documents, {n_gold} gold and {n_pred} predicted mentions, {megabytes:.0f} MB of JSONL")
            if size == middle:
                gc.disable()
                core = in_process_checks(gold, pred, failures)
                gc.enable()
                huge_folder = Path(temporary, "huge")
                huge_folder.mkdir()
                write_corpus(huge_folder, *huge_clusters(gold, pred))
            del gold, pred
            files = [str(folder / "gold.jsonl"), str(folder / "pred.jsonl")]
            commands = {
                "parse": ["-c", PARSE, "drop", "json", *files],
                "parse+keep": ["-c", PARSE, "keep", "json", *files],
                "orjson": ["-c", PARSE, "drop", "orjson", *files],
                "floor": ["-c", PARSE, "pass", "orjson", *files],
                "entities": evaluate_command(folder, "entities", folder / "entities.json"),
                "events": evaluate_command(folder, "events", folder / "events.json"),
                "nervaluate": ["-c", NERVALUATE_RUN, *files, str(folder / "nervaluate.json")],
            }
            if size == middle:
                commands["huge"] = evaluate_command(huge_folder, "entities", huge_folder / "entities.json")
            row = results[size] = interleaved(commands, repeat)
            check_whole_run(folder, folder / "entities.json", folder / "nervaluate.json", failures)
            for name, (seconds, memory) in row.items():
                print(f"  {name:<12} {seconds:7.2f} s  {memory:7.0f} MB peak")
            if size == middle:
                huge = row["entities"][0], row.pop("huge")[0]
        whole, after_import, bootstrap = shipped_corpus(Path(temporary), repeat)

    table = ratio_table(results, huge, middle)
    print("\nRatios (whole processes on the same files)")
    for label, values in table:
        print(f"  {label:<58} " + "  ".join(values))
    for label, ratio in core:
        print(f"  {label:<58} {ratio:.1f}x")
    print(f"\nShipped corpus: evaluate {whole:.2f} s as a whole process; {after_import:.2f} s after the first import, "
          f"{bootstrap:.2f} s with --bootstrap 1000")
    print("\nFor the README:\n")
    print(markdown(table, sizes, middle, core, (whole, after_import, bootstrap)))
    print()
    for failure in failures:
        print("MISMATCH:", failure)
    print("all numbers agree with nervaluate and seqeval" if not failures else f"{len(failures)} mismatches")
    return 1 if failures else 0


def ratio_table(results: dict, huge: tuple[float, float] | None, middle: int) -> list[tuple[str, list[str]]]:
    """Rows of (label, one value per size): the ratios issue 14 sets targets on."""
    sizes = sorted(results)
    smallest = sizes[0]

    def per(size: int, key: str) -> float:
        return results[size][key][0]

    rows = [
        ("nervaluate / evaluate --tasks entities (target >= 10x)", [f"{per(s, 'nervaluate') / per(s, 'entities'):.1f}x" for s in sizes]),
        ("evaluate --tasks entities / JSON parse (target <= 3x)", [f"{per(s, 'entities') / per(s, 'parse'):.1f}x" for s in sizes]),
        ("evaluate --tasks events / JSON parse (target <= 3x)", [f"{per(s, 'events') / per(s, 'parse'):.1f}x" for s in sizes]),
        ("evaluate --tasks entities / parse keeping values", [f"{per(s, 'entities') / per(s, 'parse+keep'):.1f}x" for s in sizes]),
        ("evaluate --tasks entities / orjson parse (the harness's reader)", [f"{per(s, 'entities') / per(s, 'orjson'):.1f}x" for s in sizes]),
        ("JSON parse / orjson parse", [f"{per(s, 'parse') / per(s, 'orjson'):.1f}x" for s in sizes]),
        ("floor (orjson parse + one pass over the mentions) / JSON parse", [f"{per(s, 'floor') / per(s, 'parse'):.1f}x" for s in sizes]),
        ("peak memory entities / parsed input (target <= 3x)",
         [f"{results[s]['entities'][1] / results[s]['parse+keep'][1]:.1f}x" for s in sizes]),
        ("peak memory events / parsed input (target <= 3x)",
         [f"{results[s]['events'][1] / results[s]['parse+keep'][1]:.1f}x" for s in sizes]),
        (f"entities: time per mention / at {smallest:,} (linear: 1.0x)",
         [f"{(per(s, 'entities') / s) / (per(smallest, 'entities') / smallest):.2f}x" for s in sizes]),
    ]
    if huge is not None:
        values = ["" for _ in sizes]
        values[sizes.index(middle)] = f"{huge[1] / huge[0]:.2f}x"
        rows.append(("10 huge clusters / spread clusters (target <= 2x)", values))
    return rows


def markdown(
    table: list[tuple[str, list[str]]], sizes: list[int], middle: int, core: list[tuple[str, float]], shipped: tuple[float, float, float]
) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        f"| ratio (`scripts/bench_scoring.py`; {machine}) | " + " | ".join(f"{s:,} mentions" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in table]
    for label, ratio in core:  # measured in-process on the middle size
        values = ["" for _ in sizes]
        values[sizes.index(middle)] = f"{ratio:.1f}x"
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    whole, after_import, bootstrap = shipped
    lines.append(f"\nShipped corpus: `evaluate` {after_import:.2f} s after the first import (target < 0.5 s), "
                 f"{bootstrap:.2f} s with `--bootstrap 1000` (target < 1 s); {whole:.2f} s as a whole process.")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
