"""The command line: fast start, export equals the data model, stats counts the gold."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from benchmark.data.goldfile import load_corpus
from benchmark.data.paths import repo_root

ENV = {**os.environ, "PYTHONPATH": str(repo_root())}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmark", *args], capture_output=True, text=True, env=ENV, check=False)


HEAVY = ("datasets", "seqeval", "sklearn", "pyarrow", "numpy", "spacy", "nervaluate", "sklearn_crfsuite", "quantulum3")


def test_help_and_validation_do_not_import_heavy_libraries():
    for argv in (["--help"], ["validate"], ["evaluate", "--help"], ["predict", "--help"]):
        code = (
            "import sys; from benchmark.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
            f"print('heavy:', [m for m in {HEAVY!r} if m in sys.modules])"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True)
        assert "heavy: []" in result.stdout, (argv, result.stdout)
    assert cli("--help").returncode == 0


def test_export_jsonl_is_the_data_model(tmp_path: Path):
    out = tmp_path / "gold.jsonl"
    assert cli("export", "--format", "jsonl", "-o", str(out)).returncode == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == load_corpus().to_records()
    assert set(records[0]) == {"doc_id", "text", "entities", "times", "events", "claims"}


def test_stats_counts_match_the_corpus():
    result = cli("stats", "--format", "json")
    assert result.returncode == 0
    stats = json.loads(result.stdout)
    corpus = load_corpus()
    for layer in ("entities", "times", "events", "claims"):
        assert stats["sizes"][layer]["total"] == sum(len(getattr(d, layer)) for d in corpus)
    by_type = stats.get("entities by type", {})
    assert sum(v["total"] for v in by_type.values()) == sum(len(d.entities) for d in corpus)


def test_unwritable_output_is_a_clean_error(tmp_path: Path):
    result = cli("export", "-o", str(tmp_path / "missing" / "gold.jsonl"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "missing" in result.stderr


def test_evaluate_ends_cleanly_when_stdout_is_full_or_closed(tmp_path: Path):
    """``evaluate`` leaves its objects to the OS (``cli.command``): the streams are flushed first, a
    reader that left is not an error, and a full disk is one (status 2, said on stderr)."""
    gold = tmp_path / "gold.jsonl"
    assert cli("export", "-o", str(gold)).returncode == 0
    argv = [sys.executable, "-m", "benchmark", "evaluate", str(gold), "--format", "json"]
    small = [*argv[:-2], "--tasks", "times", "--format", "markdown"]  # held in the buffer until the last flush
    for command in (argv, small) if Path("/dev/full").exists() else ():
        with open("/dev/full", "w") as full:
            done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=ENV, check=False)
        assert done.returncode == 2 and "No space left on device" in done.stderr and "Traceback" not in done.stderr
    profile = tmp_path / "evaluate.prof"  # a profiler writes its data at exit: no early exit under one
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), *argv[1:]], capture_output=True, env=ENV, check=True)
    assert profile.stat().st_size > 0
    reader = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    reader.stdout.read(10)
    reader.stdout.close()  # the reader leaves after ten bytes
    stderr = reader.stderr.read().decode()
    assert reader.wait() == 0 and "Traceback" not in stderr and "Exception" not in stderr, stderr


def _readme_commands() -> list[tuple[str, str]]:
    """(command, its text) for every ``caravan-ie COMMAND ...`` the README shows, continuation lines joined."""
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    pieces = re.findall(r"```[a-z]*\n(.*?)```", readme, flags=re.S) + re.findall(r"`([^`\n]+)`", readme)
    commands = []
    for piece in pieces:
        joined = re.sub(r"\n\s+", " ", piece)
        for line in joined.splitlines():
            for match in re.finditer(r"caravan-ie (\w+)(.*?)(?=caravan-ie \w|&&|$)", line):
                commands.append((match.group(1), match.group(2)))
    return commands


def test_every_flag_the_readme_documents_exists():
    from benchmark.cli import build_parser

    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    commands = _readme_commands()
    assert {name for name, _ in commands} >= {"evaluate", "compare", "predict", "export", "import", "report"}
    for name, rest in commands:
        if name == "COMMAND":
            continue
        assert name in subcommands, f"README shows an unknown command: caravan-ie {name}"
        actions = {option: action for action in subcommands[name]._actions for option in action.option_strings}
        for flag in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", rest):
            assert flag in actions, f"README documents caravan-ie {name} {flag}, which does not exist"
        for flag, values in re.findall(r"(--format|--match|--system) ([a-z0-9|]+)", rest):
            for value in values.split("|"):
                assert value in actions[flag].choices, f"README documents caravan-ie {name} {flag} {value}"


def test_readme_starts_with_the_two_commands():
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    body = readme.split("\n---\n", 1)[1] if readme.startswith("---\n") else readme
    lines = [line for line in body.splitlines() if line.strip()]
    assert lines[0].startswith("# ")
    assert lines[1] == "```bash" and lines[4] == "```", lines[:5]
    assert lines[2].startswith("pip install -e . && ") and lines[3].startswith('pip install -e ".[test]" && ')
