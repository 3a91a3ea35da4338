"""The command line: fast start, export equals the data model, stats counts the gold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmark.corpus import load_corpus
from benchmark.paths import repo_root

ENV = {**os.environ, "PYTHONPATH": str(repo_root())}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmark", *args], capture_output=True, text=True, env=ENV, check=False)


def test_help_and_validation_do_not_import_heavy_libraries():
    code = (
        "import sys; from benchmark.cli import main; main(['validate']);"
        "heavy = [m for m in ('datasets', 'seqeval', 'sklearn', 'pyarrow') if m in sys.modules];"
        "print('heavy:', heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True)
    assert "heavy: []" in result.stdout
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
