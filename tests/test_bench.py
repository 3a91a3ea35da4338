"""The scoring benchmark runs, checks its numbers against nervaluate and seqeval, and prints the
table the README shows (the same rows). No timing is asserted: speed is measured by the script."""

from __future__ import annotations

import re
import subprocess
import sys

from benchmark.data.paths import repo_root


def test_bench_script_agrees_with_the_references_and_prints_the_readme_rows():
    result = subprocess.run(
        [sys.executable, str(repo_root() / "scripts" / "bench_scoring.py"), "--sizes", "200,400,800", "--per-document", "40", "--repeat", "1"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "all numbers agree with nervaluate and seqeval" in result.stdout
    printed = _row_labels(result.stdout.split("For the README:")[1])
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    shown = _row_labels(readme.split("### Speed")[1].split("\n## ")[0])
    assert len(printed) >= 11
    assert [re.sub(r"\d[\d,]*", "N", label) for label in shown] == [re.sub(r"\d[\d,]*", "N", label) for label in printed]


def _row_labels(text: str) -> list[str]:
    return [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ") and not line.startswith("| ratio")]
