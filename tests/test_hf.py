"""The Hugging Face view: generated files are fresh, and every config loads offline, typed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmark.data.goldfile import load_corpus
from benchmark.data.paths import repo_root
from benchmark.export.hf import CONFIGS, named_spans, ner_rows
from benchmark.text.iob2 import iob2_to_spans
from benchmark.text.tokens import Token

datasets = pytest.importorskip("datasets")


def test_generated_files_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(repo_root() / "scripts" / "build_hf.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, "regenerate with scripts/build_hf.py:\n" + result.stdout + result.stderr


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    cache = tmp_path_factory.mktemp("hf-cache")
    return {
        config: datasets.load_dataset(str(repo_root()), config, split="test", cache_dir=str(cache))
        for config in CONFIGS
    }


def test_every_config_loads_with_typed_features(loaded):
    corpus = load_corpus()
    ner = loaded["ner"]
    tags = ner.features["ner_tags"]
    assert isinstance(tags, datasets.List) and isinstance(tags.feature, datasets.ClassLabel)
    assert tags.feature.names[0] == "O" and "B-GPE" in tags.feature.names
    entities = loaded["entities"].features["entities"].feature
    assert isinstance(entities["type"], datasets.ClassLabel)
    assert entities["start"] == datasets.Value("int32")
    assert [r["doc_id"] for r in loaded["documents"]] == [d.doc_id for d in corpus]
    assert loaded["documents"][0]["text"] == corpus.documents[0].text
    for config in ("entities", "events", "claims"):
        assert loaded[config].num_rows == len(corpus)


def test_loaded_entities_equal_the_gold(loaded):
    corpus = load_corpus()
    names = loaded["entities"].features["entities"].feature["type"].names
    for row, doc in zip(loaded["entities"], corpus, strict=True):
        got = [(m["start"], m["end"], m["text"], names[m["type"]], m["cluster"]) for m in row["entities"]]
        assert got == [(m.start, m.end, m.text, m.type, m.cluster) for m in doc.entities]


def test_ner_tags_read_back_to_the_named_spans(loaded):
    corpus = load_corpus()
    names = loaded["ner"].features["ner_tags"].feature.names
    for doc in corpus:
        rows = [r for r in loaded["ner"] if r["doc_id"] == doc.doc_id]
        spans = []
        for row in rows:
            tokens = [Token(s, e, t) for s, e, t in zip(row["token_starts"], row["token_ends"], row["tokens"], strict=True)]
            assert all(doc.text[t.start : t.end] == t.text for t in tokens)
            spans += iob2_to_spans(tokens, [names[i] for i in row["ner_tags"]])
        assert spans == named_spans(doc)
        assert len(rows) == len(list(ner_rows(doc)))
