"""The README's layout table names every folder and top-level module of the package, and only those;
the public contracts keep working from their documented names."""

from __future__ import annotations

import re

import benchmark
from benchmark.data.paths import repo_root


def _table() -> dict[str, str]:
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Repository layout", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| `([^`]+)`[^|]* \| (.*) \|$", section, re.M)}


def test_the_layout_table_matches_the_package_tree():
    table = _table()
    package = repo_root() / "benchmark"
    folders = {f"benchmark/{p.name}/" for p in package.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {row for row in table if row.startswith("benchmark/") and row.endswith("/") and row != "benchmark/"}
    for folder in folders:  # every module of a folder is named in its row
        modules = {p.stem for p in (repo_root() / folder).glob("*.py") if p.stem != "__init__"}
        named = set(re.findall(r"`([\w.]+?)(?:/|\.json)?`", table[folder]))
        assert modules <= named, (folder, modules - named)
    top = {p.stem for p in package.glob("*.py")} - {"__init__", "__main__"}
    assert top == set(re.findall(r"`([a-z_]+)`", table["benchmark/"]))


def test_public_contracts_keep_their_names():
    from benchmark.text import sentences, tokenize

    corpus = benchmark.load_corpus()
    assert len(corpus.documents) == 3 and callable(benchmark.evaluate)
    assert tokenize("US-Mexico")[1].text == "-" and sentences("A. B.") == [(0, 2), (3, 5)]
