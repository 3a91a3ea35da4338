"""Installed as a dependency: the wheel carries the data, and every command says why it fails.

The wheel is built offline (``--no-build-isolation``, hatchling from the test extra), installed
into a throwaway virtual environment that reuses this environment's dependencies, and run from a
folder outside the clone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from benchmark.data.paths import ENVIRONMENT_VARIABLE, repo_root


def _run(argv: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def _without_timestamp(report: dict) -> dict:
    return {**report, "meta": {k: v for k, v in report["meta"].items() if k != "timestamp"}}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = _run([sys.executable, "-m", "pip", "wheel", str(repo_root()), "--no-deps", "--no-build-isolation",
                 "-w", str(out), "-q"], cwd=out)
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("caravan_ie-*.whl")
    return path


def test_the_wheel_carries_the_data_and_no_tests(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("schema.yaml", "documents.yaml", "texts/SHA256SUMS"):
        assert f"benchmark/_annotations/{needed}" in names
    shipped = {p.name for p in (repo_root() / "annotations" / "gold").glob("*.yaml")}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("benchmark/_annotations/gold/")} == shipped
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n or n.endswith(".pyc")]
    stated = int(re.search(r"about (\d+) kB\)", (repo_root() / "README.md").read_text(encoding="utf-8")).group(1))
    assert abs(wheel.stat().st_size / 1000 - stated) <= 0.1 * stated  # the README's "about N kB"


def test_an_installed_wheel_works_from_another_folder(wheel: Path, tmp_path: Path):
    environment = tmp_path / "venv"
    venv.create(environment, system_site_packages=True, with_pip=True)
    python = environment / "bin" / "python"
    done = _run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in (ENVIRONMENT_VARIABLE, "PYTHONPATH")}
    where = _run([str(python), "-c", "import benchmark, benchmark.data.paths as p; print(benchmark.__file__); print(p.annotations_dir());"
                  "print(len(benchmark.load_corpus().documents))"], cwd=work, env=env)
    assert where.returncode == 0, where.stderr
    module, data, documents = where.stdout.split()
    assert str(environment) in module and str(environment) in data and documents == "3"
    cli = str(environment / "bin" / "caravan-ie")
    assert _run([cli, "validate"], cwd=work, env=env).stdout.startswith("OK: 3 documents")
    done = _run([cli, "predict", "--system", "rules", "-o", "p.jsonl"], cwd=work, env=env)
    assert done.returncode == 0, done.stderr
    installed = _run([cli, "evaluate", "p.jsonl", "--format", "json"], cwd=work, env=env)
    assert installed.returncode == 0, installed.stderr
    editable = _run([sys.executable, "-m", "benchmark", "evaluate", "p.jsonl", "--format", "json"], cwd=work)
    assert editable.returncode == 0, editable.stderr
    assert _without_timestamp(json.loads(installed.stdout)) == _without_timestamp(json.loads(editable.stdout))


COMMANDS = {
    "validate": [], "stats": [], "export": ["-o", "x.jsonl"], "import": [".", "-o", "y.jsonl"],
    "report": ["p.jsonl", "-o", "r.html"], "evaluate": ["p.jsonl"], "compare": ["p.jsonl", "p.jsonl"],
    "predict": ["--system", "rules", "-o", "q.jsonl"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("how", ["environment", "--root"])
def test_every_command_with_a_missing_data_root_says_why(tmp_path: Path, command: str, how: str):
    (tmp_path / "p.jsonl").write_text('{"doc_id": "x"}\n', encoding="utf-8")
    missing = tmp_path / "no-such-folder"
    env = {**os.environ, ENVIRONMENT_VARIABLE: str(missing)} if how == "environment" else None
    argv = [sys.executable, "-m", "benchmark", command, *COMMANDS[command]]
    if how == "--root":
        argv += ["--root", str(missing)]
    done = _run(argv, cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(missing) in done.stderr and ("file not found" in done.stderr or "not a folder" in done.stderr)
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.jsonl"]  # no output written
