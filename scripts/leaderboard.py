#!/usr/bin/env python
"""Run every installed baseline, score it with bootstrap intervals, write LEADERBOARD.md and the README table.

    python scripts/leaderboard.py            # rewrite LEADERBOARD.md and the README table
    python scripts/leaderboard.py --check    # exit 1 if either differs from a fresh run

Each system predicts the shipped articles from their raw text (``caravan-ie predict``) and
is scored by ``benchmark.evaluate`` with ``BOOTSTRAP`` resamples over sentences and seed
``SEED``. A system whose extra is not installed is not re-run: its row is kept as the file
has it (and not checked), so a checkout without spaCy still checks the others.
The README table goes between ``<!-- leaderboard:start -->`` and ``<!-- leaderboard:end -->``;
without both markers only LEADERBOARD.md is written.

An LLM run is a row when its predictions and meta record are committed as
``results/llm/<run>/predictions.jsonl`` and ``predictions.jsonl.meta.json`` (what
``caravan-ie predict --system llm -o results/llm/<run>/predictions.jsonl`` writes): its committed
predictions are scored like the others, and the row names the model, prompt version and shots.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmark.baselines import SYSTEMS, available, predict  # noqa: E402

BOOTSTRAP = 1000
SEED = 20181125
START, END = "<!-- leaderboard:start -->", "<!-- leaderboard:end -->"

# (column header, report path of the F1 entry)
COLUMNS = [
    ("Entities strict", "entities.strict"),
    ("Entities partial", "entities.partial"),
    ("BIO (NAM heads)", "entities.bio.default"),
    ("Coref CoNLL F1", "entity_coreference.conll_f1"),
    ("Triggers", "events.trigger_classification"),
    ("Arguments", "events.argument_classification"),
    ("Claims detection", "claims.detection.strict"),
    ("Claims value", "claims.value.exact"),
]
ORDER = ["rules-general", "crf", "spacy", "quantulum3", "rules"]


def _entry(report: dict, path: str) -> dict | None:
    from benchmark.scoring.report import report_node

    parent, node = report_node(report, path)
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        interval = parent.get(f"{path.rpartition('.')[2]}_ci95")  # a bare F1 (CoNLL F1 is a mean of three F1s), its interval beside it
        return {"f1": node, **({"ci95": interval} if interval else {})}
    return node if isinstance(node, dict) and "f1" in node else None


def cell(report: dict, path: str, layers: tuple[str, ...]) -> str:
    """F1 in percent with one decimal and the 95% interval; a dash when not predicted or not scored."""
    layer = {"entity_coreference": "entities"}.get(path.split(".")[0], path.split(".")[0])
    entry = _entry(report, path)
    if layer not in layers or entry is None or entry.get("f1") is None:
        return "–"
    text = f"{100 * entry['f1']:.1f}"
    interval = entry.get("ci95")
    if interval:
        text += f" [{100 * interval[0]:.1f}, {100 * interval[1]:.1f}]"
    return text


def score(system: str) -> list[str]:
    """The table cells of one system (fresh predictions, bootstrap intervals)."""
    import benchmark

    report = benchmark.evaluate(predict(system), bootstrap=BOOTSTRAP, seed=SEED)
    return [cell(report, path, SYSTEMS[system].layers) for _, path in COLUMNS]


def llm_rows(root: Path) -> dict[str, list[str]]:
    """A row for each committed LLM run under ``results/llm/`` (label -> cells)."""
    import json

    import benchmark

    rows = {}
    for predictions in sorted((root / "results" / "llm").glob("*/predictions.jsonl")):
        meta = json.loads(Path(f"{predictions}.meta.json").read_text(encoding="utf-8"))
        parameters = meta["parameters"]
        label = (f"`llm` {meta['model']} (prompt {meta['prompt']['version']}, {parameters['shots']}-shot, "
                 f"run `{predictions.parent.name}`)")
        report = benchmark.evaluate(predictions, bootstrap=BOOTSTRAP, seed=SEED)
        rows[label] = [cell(report, path, tuple(parameters["layers"])) for _, path in COLUMNS]
    return rows


def table(rows: dict[str, list[str]]) -> str:
    """Two tables: systems built without sight of the test articles (committed LLM runs among them),
    then those built with it."""
    header = "| System | " + " | ".join(name for name, _ in COLUMNS) + " |"
    rule = "| --- | " + " | ".join("---:" for _ in COLUMNS) + " |"

    def lines(names: list[str]) -> list[str]:
        return [f"| {name if name.startswith('`') else f'`{name}`'} | " + " | ".join(rows[name]) + " |" for name in names]

    held_out = [s for s in ORDER if s in rows and not SYSTEMS[s].sighted] + [n for n in rows if n not in ORDER]
    sighted = [s for s in ORDER if s in rows and SYSTEMS[s].sighted]
    out = ["**Built without sight of the test articles**", "", header, rule, *lines(held_out)]
    if sighted:
        out += ["", "**Written with sight of the test articles (a reference, not a held-out score)**", "",
                header, rule, *lines(sighted)]
    return "\n".join(out) + "\n"


def parse_rows(text: str) -> dict[str, list[str]]:
    """The rows of a table written by :func:`table` (system -> cells)."""
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def leaderboard(rows: dict[str, list[str]]) -> str:
    systems = "\n".join(f"- `{name}`: {SYSTEMS[name].description}"
                        + (f" (extra `[{SYSTEMS[name].extra}]`)" if SYSTEMS[name].extra else " (no extra needed)")
                        for name in ORDER)
    columns = "\n".join(f"- **{name}**: `{path}`" for name, path in COLUMNS)
    return f"""# Caravan-IE leaderboard

Generated by `python scripts/leaderboard.py` (check: `--check`); do not edit by hand.

F1 in percent on the three gold articles, with the 95% percentile interval of a
bootstrap over near-duplicate sentence groups ({BOOTSTRAP} resamples, seed {SEED}; 002's copies of
001's sentences are drawn with them) in brackets. With three short articles the intervals
describe sampling variation within this corpus, not how a system would do on other news; a
dash means the system does not predict that layer.
The coreference interval holds the clustering and the CEAF-e alignment fixed at the full-corpus
solution (README, "Confidence intervals and significance").

{table(rows)}
Columns (paths in the `caravan-ie evaluate --format json` report):

{columns}

Systems (`caravan-ie predict --system NAME -o predictions.jsonl`):

{systems}

Every system reads only the raw texts at prediction time. The lexicons are split by origin
(`benchmark/baselines/lexicon.py`): general resources (the gazetteer of states, regions and
demonyms, function, calendar and number words, reporting verbs, generic name endings, titles,
nouns and triggers) and the entries that exist because of the articles (`ARTICLE_DERIVED`:
domain vocabulary such as "fence", "projectile", "storm", and words in article-specific senses,
"seal" an agreement, "give" as a transfer). `rules-general` and `spacy` use the general ones
only; `rules`, with all of them, is kept as a reference, and the gap between `rules` and
`rules-general` shows what knowing the test articles was worth. An LLM row may still have seen
these 2018 articles in its pretraining data. `crf` is trained
leave-one-source-out (`source_group` in `annotations/documents.yaml`): 000 is tagged by a model
trained on 001 and 002, and 001 and 002 (002 rewrites 001) by a model trained on 000. The rules and lexicons of
`rules` were written by hand by a developer who had read the articles and their gold. No name of the articles appears outside the world
gazetteer, and a review removed the entries and the one rule that fit these articles rather
than news in general (listed, with the domain vocabulary that was kept, in
[benchmark/baselines/README.md](benchmark/baselines/README.md)). Every remaining choice was
still made by someone who knew the test texts, so `rules` is an optimistic reference, not a
held-out estimate; `rules-general` is held out in its lexicons, while its rules were written
by the same developer.
"""


def readme_block(rows: dict[str, list[str]]) -> str:
    return (f"{START}\n{table(rows)}\nF1 in percent with 95% bootstrap intervals over near-duplicate sentence groups "
            f"({BOOTSTRAP} resamples, seed {SEED}); details in [LEADERBOARD.md](LEADERBOARD.md).\n{END}")


def render(existing_leaderboard: str, root: Path = ROOT) -> tuple[dict[str, list[str]], list[str]]:
    """Rows of every system: fresh for the installed ones, kept from the file for the others; then
    the committed LLM runs."""
    kept = parse_rows(existing_leaderboard)
    rows, fresh = {}, []
    for system in ORDER:
        if available(system):
            rows[system] = score(system)
            fresh.append(system)
        elif system in kept:
            rows[system] = kept[system]
    llm = llm_rows(root)
    return {**rows, **llm}, fresh + list(llm)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if LEADERBOARD.md or the README table differ from a fresh run")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout holding README.md and LEADERBOARD.md")
    args = parser.parse_args(argv)
    board_path, readme_path = args.root / "LEADERBOARD.md", args.root / "README.md"
    old_board = board_path.read_text(encoding="utf-8") if board_path.exists() else ""
    rows, fresh = render(old_board, args.root)
    new_board = leaderboard(rows)
    outputs = {board_path: (old_board, new_board)}
    if readme_path.exists():
        readme = readme_path.read_text(encoding="utf-8")
        if START in readme and END in readme and readme.index(START) < readme.index(END):
            before, rest = readme.split(START, 1)
            _, after = rest.split(END, 1)
            outputs[readme_path] = (readme, before + readme_block(rows) + after)
    print(f"re-ran: {', '.join(fresh) or 'none'}; kept: {', '.join(s for s in rows if s not in fresh) or 'none'}", file=sys.stderr)
    stale = [path for path, (old, new) in outputs.items() if old != new]
    if args.check:
        for path in stale:
            old, new = outputs[path]
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), str(path), "fresh run"))
        if stale:
            print(f"out of date: {', '.join(str(p) for p in stale)}; run python scripts/leaderboard.py", file=sys.stderr)
            return 1
        return 0
    for path in stale:
        path.write_text(outputs[path][1], encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
