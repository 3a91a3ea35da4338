"""DATASHEET.md: its generated figures are fresh and every defect it lists is where it says."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from benchmark.analysis.docblocks import replace_block
from benchmark.data.goldfile import load_corpus
from benchmark.data.paths import repo_root


def test_stats_block_is_fresh():
    script = repo_root() / "scripts" / "update_datasheet.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_listed_defects_are_at_their_offsets():
    corpus = load_corpus()
    sheet = (repo_root() / "DATASHEET.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d{3}) \| (\d+)-(\d+) \| `([^`]+)` \|", sheet, flags=re.M)
    assert len(rows) >= 10
    by_prefix = {d.doc_id[:3]: d for d in corpus}
    for prefix, start, end, text in rows:
        assert by_prefix[prefix].text[int(start) : int(end)] == text


def test_replace_block_needs_its_markers():
    assert replace_block("a\n<!-- x:start -->\nold\n<!-- x:end -->\nb", "x", "new") == (
        "a\n<!-- x:start -->\nnew\n<!-- x:end -->\nb"
    )
    with pytest.raises(ValueError):
        replace_block("no markers", "x", "new")
