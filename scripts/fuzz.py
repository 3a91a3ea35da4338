"""Fuzz the three readers of outside input; any exception but the project's ``InputError`` is a crash.

Targets (each takes the bytes of one file):

* ``predictions``: a predictions JSONL file, scored end to end against the shipped gold
  (``benchmark.scoring.evaluate.run``, with ``--match offsets`` and ``--match text``);
* ``gold``: a gold YAML file, checked by ``caravan-ie validate``'s ``validate_corpus`` in an
  annotations folder of one document (a small valid gold file made from 000 is the seed);
* ``brat``: a brat ``.ann`` file, read back by ``caravan-ie import --format brat``'s ``read_brat``
  (the gold of 000 exported to brat is the seed).

Engines: ``atheris`` (coverage-guided libFuzzer, ``pip install -e ".[fuzz]"``), used by ``auto``
when it imports; ``hypothesis`` (structure-aware: JSON of any shape, valid inputs with subtrees
replaced, keys repeated or removed, lines dropped, repeated or cut, bytes flipped), always
available. Each target gets an equal share of the time.

    python scripts/fuzz.py --minutes 10                 # every target, the best engine here
    python scripts/fuzz.py --minutes 1 --engine hypothesis --target predictions --seed 3

Prints executions and crashes per target; a crashing input is saved under ``--crashes`` (default
``fuzz-crashes/``) and the script exits 1. The test suite runs a few seeded seconds of the
hypothesis engine (``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from benchmark.data.paths import annotations_dir  # noqa: E402
from benchmark.errors import InputError  # noqa: E402

TARGETS = ("predictions", "gold", "brat")
# tokens a line edit may put in place of another: numbers out of range, YAML and brat syntax, bad bytes
SWAPS = [b"-1", b"0", b"99999", b"null", b"[]", b"{}", b"true", b"1e400", b"'x", b"&a", b"*a", b"!!python/object:os.system",
         b"T99", b"R1", b"E1", b"#", b"\t", b"\xff"]
SEED_DOC = "000_79661b93712efcc7"


class Crash(Exception):
    """An exception other than InputError escaped a reader."""


class Workspace:
    """Files the targets need, made once: the gold, and one-document annotation and brat folders."""

    def __init__(self, folder: Path):
        from benchmark import load_corpus
        from benchmark.data.schema import load_schema
        from benchmark.export.brat import write_brat
        from benchmark.scoring.evaluate import load_gold

        self.folder = folder
        self.gold = load_gold()
        corpus = load_corpus()
        self.records = corpus.to_records()
        self.texts = {r["doc_id"]: r["text"] for r in self.records}
        source = annotations_dir()
        self.root = folder / "annotations"
        (self.root / "texts").mkdir(parents=True)
        (self.root / "gold").mkdir()
        shutil.copy(source / "schema.yaml", self.root / "schema.yaml")
        shutil.copy(source / "texts" / f"{SEED_DOC}.txt", self.root / "texts" / f"{SEED_DOC}.txt")
        entries = yaml.safe_load((source / "documents.yaml").read_text(encoding="utf-8"))
        mine = [e for e in entries if e.get("doc_id") == SEED_DOC]
        (self.root / "documents.yaml").write_text(yaml.safe_dump(mine, allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.gold_file = self.root / "gold" / f"{SEED_DOC}.yaml"
        self.gold_seed = _small_gold(source / "gold" / f"{SEED_DOC}.yaml").encode("utf-8")
        self.brat = folder / "brat"
        write_brat([d for d in corpus if d.doc_id == SEED_DOC], self.brat, load_schema())
        self.ann_file = self.brat / f"{SEED_DOC}.ann"
        self.brat_seed = self.ann_file.read_bytes()
        self.pred_file = folder / "predictions.jsonl"
        self.prediction_seeds = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in self.records]

    # --- targets -------------------------------------------------------------------------------

    def predictions(self, data: bytes) -> None:
        from benchmark.scoring.evaluate import run

        self.pred_file.write_bytes(data)
        for match in ("offsets", "text"):
            _expect_input_errors(lambda: run(self.pred_file, self.gold, match=match, bootstrap=2))

    def gold_yaml(self, data: bytes) -> None:
        from benchmark.data.goldfile import validate_corpus

        self.gold_file.write_bytes(data)
        _expect_input_errors(lambda: validate_corpus(self.root))

    def brat_ann(self, data: bytes) -> None:
        from benchmark.export.brat import read_brat

        self.ann_file.write_bytes(data)
        _expect_input_errors(lambda: read_brat(self.brat, None, self.texts))

    def file(self, name: str) -> Path:
        """The file the target ``name`` writes each input to."""
        return {"predictions": self.pred_file, "gold": self.gold_file, "brat": self.ann_file}[name]

    def target(self, name: str) -> Callable[[bytes], None]:
        return {"predictions": self.predictions, "gold": self.gold_yaml, "brat": self.brat_ann}[name]

    def seeds(self, name: str) -> list[bytes]:
        if name == "predictions":
            return [b"\n".join(self.prediction_seeds), *self.prediction_seeds]
        return [self.gold_seed if name == "gold" else self.brat_seed]


def _small_gold(path: Path) -> str:
    """A valid gold file of a few items of each layer (so each execution parses little YAML)."""
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    entities = gold["entities"][:12]
    kept = {m["id"] for m in entities} | {t["id"] for t in gold.get("times", [])}
    events = [e for e in gold.get("events", []) if all(a.get("ref") in kept for a in e.get("arguments") or [])][:4]
    claims = [c for c in gold.get("claims", []) if all(c.get(k) in kept or c.get(k) is None
                                                       for k in ("measured_entity", "attribution", "time_anchor"))][:3]
    for claim in claims:
        claim["linked"] = []
    small = {"doc_id": gold["doc_id"], "entities": entities, "times": gold.get("times", []), "events": events, "claims": claims}
    return yaml.safe_dump(small, allow_unicode=True, sort_keys=False)


def _expect_input_errors(call: Callable[[], object]) -> None:
    """Run ``call``; an InputError is the expected answer to bad input, anything else a crash."""
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            call()
    except InputError:
        pass
    except RecursionError as error:  # would be a crash too, but name it clearly
        raise Crash(f"RecursionError: {error}") from error
    except Exception as error:
        raise Crash(f"{type(error).__name__}: {error}\n{traceback.format_exc()}") from error


# --- hypothesis engine ----------------------------------------------------------------------------

def _hypothesis_inputs(workspace: Workspace, name: str):
    """A strategy of file contents for target ``name``."""
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers(-3, 10**6) | st.floats(allow_nan=False) | st.text(max_size=12)
    json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                               max_leaves=12)
    keys = st.sampled_from(["doc_id", "text", "entities", "times", "events", "claims", "start", "end", "type", "level", "head",
                            "cluster", "id", "trigger", "arguments", "role", "mention", "value", "lower", "upper", "unit",
                            "qualifier", "occurrence", "measured_entity", "attribution", "statement", "realis"])

    @st.composite
    def mutated_record(draw) -> bytes:
        record = copy.deepcopy(draw(st.sampled_from(workspace.records)))
        if draw(st.booleans()):
            record = _text_only(record)
        for _ in range(draw(st.integers(1, 4))):
            node, key = _pick(draw, record)
            action = draw(st.sampled_from(["replace", "delete", "scalar", "key"]))
            if node is None:
                continue
            if action == "delete" and isinstance(node, dict):
                node.pop(key, None)
            elif action == "key" and isinstance(node, dict):
                node[draw(keys)] = draw(json_values)
            elif action == "scalar":
                node[key] = draw(scalars)
            else:
                node[key] = draw(json_values)
        line = json.dumps(record, ensure_ascii=False)
        if draw(st.booleans()):  # repeat a key inside some object
            line = re.sub(r'\{"(\w+)": ', lambda m: '{"%s": 1, "%s": ' % (m.group(1), m.group(1)), line, count=1)
        return line.encode("utf-8", "surrogatepass")

    def line_edits(seed: bytes) -> st.SearchStrategy[bytes]:
        @st.composite
        def edit(draw) -> bytes:
            lines = seed.split(b"\n")
            for _ in range(draw(st.integers(1, 5))):
                i = draw(st.integers(0, max(len(lines) - 1, 0)))
                action = draw(st.sampled_from(["drop", "repeat", "cut", "flip", "insert", "swap"]))
                if not lines:
                    break
                if action == "drop":
                    lines.pop(i)
                elif action == "repeat":
                    lines.insert(i, lines[i])
                elif action == "cut":
                    lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
                elif action == "flip" and lines[i]:
                    j = draw(st.integers(0, len(lines[i]) - 1))
                    lines[i] = lines[i][:j] + bytes([draw(st.integers(0, 255))]) + lines[i][j + 1:]
                elif action == "insert":
                    inserted = draw(st.binary(max_size=20)) if draw(st.booleans()) else draw(st.text(max_size=20)).encode("utf-8", "surrogatepass")
                    lines.insert(i, inserted)
                elif action == "swap":
                    tokens = re.split(rb"(\s+)", lines[i])
                    k = draw(st.integers(0, len(tokens) - 1))
                    tokens[k] = draw(st.sampled_from(SWAPS))
                    lines[i] = b"".join(tokens)
            return b"\n".join(lines)

        return edit()

    if name == "predictions":
        any_json = json_values.map(lambda v: json.dumps(v).encode())
        return st.one_of(
            mutated_record(),
            st.lists(mutated_record(), min_size=1, max_size=3).map(b"\n".join),
            any_json,
            line_edits(b"\n".join(workspace.prediction_seeds[:1])),
            st.binary(max_size=64),
        )
    seed = workspace.gold_seed if name == "gold" else workspace.brat_seed
    return st.one_of(line_edits(seed), line_edits(seed), st.binary(max_size=64))


def _pick(draw, record: dict):
    """A random (container, key or index) inside ``record``."""
    from hypothesis import strategies as st

    node, pick = record, (None, None)
    for _ in range(draw(st.integers(1, 5))):
        children = list(node.keys()) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not children:
            break
        key = draw(st.sampled_from(children))
        pick = (node, key)
        if not isinstance(node[key], (dict, list)) or not draw(st.booleans()):
            break
        node = node[key]
    return pick


def _text_only(record: dict) -> dict:
    """Offsets removed (``--match text`` input)."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("start", "end")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return {**strip(record), "doc_id": record["doc_id"]}


def run_hypothesis(workspace: Workspace, name: str, seconds: float, seed: int, crashes: Path) -> tuple[int, int]:
    """Run target ``name`` for ``seconds``; return (executions, crashes)."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as hypothesis_seed

    target = workspace.target(name)
    executions = 0
    found = 0
    strategy = _hypothesis_inputs(workspace, name)
    deadline = time.monotonic() + seconds
    batch = 0
    while time.monotonic() < deadline:
        @hypothesis_seed(seed * 100_003 + batch)
        @settings(max_examples=50, deadline=None, database=None, derandomize=False, verbosity=Verbosity.quiet,
                  phases=(Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck))
        @given(strategy)
        def one(data: bytes) -> None:
            nonlocal executions
            executions += 1
            target(data)

        try:
            one()
        except (Crash, ExceptionGroup) as crash:  # several distinct crashes come as a group
            for each in crash.exceptions if isinstance(crash, ExceptionGroup) else [crash]:
                if not isinstance(each, Crash):
                    raise
            found += 1
            _save(crashes, name, workspace.file(name).read_bytes(), str(crash))  # hypothesis ran the shrunk input last
        batch += 1
    return executions, found


def _save(crashes: Path, name: str, data: bytes, message: str) -> None:
    crashes.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:16]
    (crashes / f"{name}-{digest}.input").write_bytes(data)
    (crashes / f"{name}-{digest}.txt").write_text(message, encoding="utf-8")
    print(f"CRASH in {name}: {message.splitlines()[0]} (input saved as {crashes / f'{name}-{digest}.input'})", file=sys.stderr)


# --- atheris engine --------------------------------------------------------------------------------

def run_atheris(name: str, seconds: float, seed: int, crashes: Path) -> tuple[int, int]:
    """Run target ``name`` under atheris in a child process (libFuzzer ends the process it runs in)."""
    with tempfile.TemporaryDirectory() as corpus:
        command = [sys.executable, __file__, "--engine", "atheris-child", "--target", name, "--seed", str(seed),
                   "--crashes", str(crashes), "--corpus", corpus, "--minutes", str(seconds / 60)]
        done = subprocess.run(command, capture_output=True, text=True)
    runs = re.findall(r"Done (\d+) runs", done.stderr) or re.findall(r"#(\d+)\s", done.stderr)
    executions = int(runs[-1]) if runs else 0
    crashed = done.returncode != 0
    if crashed:
        print(done.stderr[-3000:], file=sys.stderr)
    return executions, int(crashed)


def atheris_child(name: str, seconds: float, seed: int, crashes: Path, corpus: Path) -> None:
    import atheris

    with atheris.instrument_imports(include=["benchmark"]):
        import benchmark.data.goldfile  # noqa: F401
        import benchmark.export.brat  # noqa: F401
        import benchmark.scoring.evaluate  # noqa: F401
    workspace = Workspace(Path(tempfile.mkdtemp()))
    for i, data in enumerate(workspace.seeds(name)):
        (corpus / f"seed-{i}").write_bytes(data)
    target = workspace.target(name)
    crashes.mkdir(parents=True, exist_ok=True)
    argv = [sys.argv[0], str(corpus), f"-max_total_time={max(int(seconds), 1)}", f"-seed={seed + 1}",
            f"-artifact_prefix={crashes}/{name}-", "-max_len=200000", "-print_final_stats=1"]
    atheris.Setup(argv, target)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="total fuzzing time, shared by the targets (default 1)")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis", "atheris-child"), default="auto")
    parser.add_argument("--target", choices=("all", *TARGETS), default="all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs are saved")
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    targets = TARGETS if args.target == "all" else (args.target,)
    seconds = args.minutes * 60 / len(targets)
    if args.engine == "atheris-child":
        atheris_child(targets[0], args.minutes * 60, args.seed, args.crashes, args.corpus)
        return 0
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    total_runs = total_crashes = 0
    workspace = None
    for name in targets:
        if engine == "atheris":
            runs, crashes = run_atheris(name, seconds, args.seed, args.crashes)
        else:
            workspace = workspace or Workspace(Path(tempfile.mkdtemp()))
            runs, crashes = run_hypothesis(workspace, name, seconds, args.seed, args.crashes)
        print(f"{name:12} engine {engine:10} {seconds:8.1f} s  {runs:8d} executions  {crashes} crashes")
        total_runs += runs
        total_crashes += crashes
    print(f"{'total':12} {total_runs} executions, {total_crashes} crashes")
    return 1 if total_crashes else 0


if __name__ == "__main__":
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    sys.exit(main())
