"""The code is clean under the project's ruff configuration (pyproject.toml: imports sorted,
pyflakes, pycodestyle errors, 150-character lines)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from benchmark.data.paths import repo_root


def test_ruff_check_is_clean():
    ruff = shutil.which("ruff") or pytest.skip("ruff is not installed (it is in the test extra)")
    done = subprocess.run([ruff, "check", "benchmark", "scripts", "tests"], cwd=repo_root(), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
