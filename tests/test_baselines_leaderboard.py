"""scripts/leaderboard.py: LEADERBOARD.md and the README table equal a fresh run of the installed systems."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def leaderboard():
    spec = importlib.util.spec_from_file_location("leaderboard", ROOT / "scripts" / "leaderboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_round_trip(leaderboard):
    rows = {"rules": ["1.0 [0.5, 1.5]"] + ["–"] * (len(leaderboard.COLUMNS) - 1)}
    assert leaderboard.parse_rows(leaderboard.table(rows)) == rows


def test_cell(leaderboard):
    report = {"entities": {"strict": {"f1": 0.8383, "ci95": [0.79612, 0.8791]}}, "entity_coreference": {"conll_f1": 0.631}}
    assert leaderboard.cell(report, "entities.strict", ("entities",)) == "83.8 [79.6, 87.9]"
    assert leaderboard.cell(report, "entity_coreference.conll_f1", ("entities",)) == "63.1"
    assert leaderboard.cell(report, "entities.strict", ("claims",)) == "–"
    assert leaderboard.cell(report, "claims.detection.strict", ("claims",)) == "–"


def test_leaderboard_is_up_to_date(leaderboard, capsys):
    """Fails when a system, the gold or the scorer changed: run python scripts/leaderboard.py."""
    status = leaderboard.main(["--check"])
    assert status == 0, capsys.readouterr().out


def test_the_readme_coreference_example_matches_the_leaderboard(leaderboard):
    """The README quotes spaCy's entity CoNLL F1 and interval to two decimals; the (fresh) leaderboard
    holds the same numbers to one."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    f1, low, high = map(float, re.search(
        r"`spacy` baseline's entity CoNLL F1 is ([0-9.]+) with interval\s+\[([0-9.]+), ([0-9.]+)\]", readme).groups())
    cell = leaderboard.parse_rows((ROOT / "LEADERBOARD.md").read_text(encoding="utf-8"))["spacy"][3]
    assert cell == f"{f1:.1f} [{low:.1f}, {high:.1f}]"
