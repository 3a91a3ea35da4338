"""A short seeded run of the input fuzzer (``scripts/fuzz.py``): the readers raise nothing but InputError."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.data.paths import repo_root
from benchmark.errors import InputError, Problem

SCRIPT = repo_root() / "scripts" / "fuzz.py"


def _module():
    spec = importlib.util.spec_from_file_location("fuzz", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_short_seeded_run_finds_no_crash(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--minutes", "0.1", "--engine", "hypothesis", "--seed", "0",
         "--crashes", str(tmp_path / "crashes")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines()}
    for target in ("predictions", "gold", "brat"):
        executions = int(rows[target].split("executions")[0].split()[-1])
        assert executions > 0 and rows[target].endswith("0 crashes")
    assert not (tmp_path / "crashes").exists()


def test_the_harness_tells_input_errors_from_crashes():
    fuzz = _module()

    def bad_input() -> None:
        raise InputError([Problem("f", 1, "bad")])

    def bug() -> None:
        raise KeyError("start")

    fuzz._expect_input_errors(bad_input)
    with pytest.raises(fuzz.Crash, match="KeyError"):
        fuzz._expect_input_errors(bug)
