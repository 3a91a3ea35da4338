"""CoNLL export: the file read back equals the ``ner`` config rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmark.data.goldfile import load_corpus
from benchmark.data.paths import repo_root
from benchmark.export.conll import DOCSTART, read_conll
from benchmark.export.hf import ner_rows

ENV = {**os.environ, "PYTHONPATH": str(repo_root())}


def test_conll_reads_back_to_the_ner_config(tmp_path: Path):
    out = tmp_path / "caravan.conll"
    result = subprocess.run(
        [sys.executable, "-m", "benchmark", "export", "--format", "conll", "-o", str(out)],
        capture_output=True, text=True, env=ENV, check=False,
    )
    assert result.returncode == 0, result.stderr
    content = out.read_text(encoding="utf-8")
    corpus = load_corpus()
    assert content.startswith(DOCSTART + "\n\n") and content.count(DOCSTART) == len(corpus)
    assert content.endswith("\n\n") and "\n\n\n" not in content
    assert all(len(line.split(" ")) == 2 for line in content.splitlines() if line and line != DOCSTART)
    documents = list(read_conll(content.splitlines(keepends=True)))
    assert len(documents) == len(corpus)
    for document, sentences in zip(corpus, documents, strict=True):
        expected = [(row["tokens"], row["ner_tags"]) for row in ner_rows(document)]
        assert sentences == expected
