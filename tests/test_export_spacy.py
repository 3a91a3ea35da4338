"""spaCy DocBin export: offsets preserved, named entities as ents, every mention in a span group."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark.data.goldfile import load_corpus
from benchmark.export.hf import named_spans
from benchmark.export.registry import export
from benchmark.export.spacy_docbin import words_and_spaces

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'caravan-ie[spacy]')")


def test_words_and_spaces_rebuild_any_whitespace():
    text = "  Two  words\n\nand\t one.  "
    words, spaces, starts = words_and_spaces(text, {1, 3})
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces)) == text
    assert all(text[start : start + len(w)] == w for w, start in zip(words, starts))


def test_docbin_holds_every_mention_with_exact_offsets(tmp_path: Path):
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    out = tmp_path / "caravan.spacy"
    corpus = load_corpus()
    export(corpus, "spacy", str(out))
    docs = list(DocBin().from_bytes(out.read_bytes()).get_docs(Vocab()))
    assert len(docs) == len(corpus)
    for doc, document in zip(docs, corpus, strict=True):
        assert doc.text == document.text
        assert doc.user_data["doc_id"] == document.doc_id
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == named_spans(document)
        mentions = doc.spans["mentions"]
        assert [(s.start_char, s.end_char, s.label_, s.kb_id_, s.id_) for s in mentions] == [
            (m.start, m.end, m.type, m.cluster, m.id) for m in document.entities
        ]
        assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["times"]] == [
            (t.start, t.end, t.type) for t in document.times
        ]
