"""The ``crf`` baseline: a linear-chain CRF tagger of named-mention heads (sklearn-crfsuite).

Training data is the gold ``ner`` view (``benchmark.export.hf.named_spans``: the heads of NAM
mentions, outermost kept where they nest) as IOB2 tags over ``benchmark.text`` tokens,
one sequence per sentence. A text is never tagged by a model that saw it or a near-copy of it:
it is tagged by a model trained on the gold documents outside the source group
(``documents.yaml``) of any gold document with the same text. On the shipped articles that is
leave-one-source-out: 000 is tagged by a model trained on 001 and 002, and 001 and 002 (one
group: 002 rewrites 001) each by a model trained on 000; on new texts (``--input``) the model
is trained on all three.

Features of token *i* (no gazetteer, no external resource):

* the lowercased word, its prefixes and suffixes of 1 to 3 characters;
* its shape (``Xxxx``, ``XX``, ``dd,ddd``: letters to X/x, digits to d, runs compressed
  to at most two characters) and flags: title case, all capitals, digit, punctuation,
  first token of its sentence;
* the same word, shape and flags (without affixes) of the tokens at -2, -1, +1, +2,
  and the bigrams (word -1, word) and (word, word +1).

Training: L-BFGS, c1 = 0.1, c2 = 0.1, 100 iterations, all possible transitions; the
result is deterministic. Predicted chunks become NAM mentions whose extent and head are
the tagged span; clusters by normalised head (``assemble.link_names``). The CRF predicts
entities only: times, events and claims are left empty.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..data.schema import Schema
from ..text.iob2 import iob2_to_spans, spans_to_iob2
from ..text.tokens import Token, sentences, tokenize
from .assemble import Analysis, Found, link_names, to_record

if TYPE_CHECKING:
    import sklearn_crfsuite

__all__ = ["predict", "token_features", "train"]

PARAMS = {"algorithm": "lbfgs", "c1": 0.1, "c2": 0.1, "max_iterations": 100, "all_possible_transitions": True}


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", re.sub(r"[a-z]", "x", re.sub(r"[0-9]", "d", word)))
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


def _basic(word: str, prefix: str) -> dict:
    return {
        f"{prefix}lower": word.lower(),
        f"{prefix}shape": _shape(word),
        f"{prefix}title": word[:1].isupper(),
        f"{prefix}upper": word.isupper(),
        f"{prefix}digit": word[:1].isdigit(),
        f"{prefix}punct": not word[:1].isalnum(),
    }


def token_features(words: list[str]) -> list[dict]:
    """The feature dicts of one sentence's tokens."""
    rows = []
    for i, word in enumerate(words):
        features = {"bias": 1.0, **_basic(word, "")}
        for n in (1, 2, 3):
            features[f"prefix{n}"] = word[:n].lower()
            features[f"suffix{n}"] = word[-n:].lower()
        features["first"] = i == 0
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(words):
                features.update(_basic(words[j], f"{offset:+d}:"))
            else:
                features[f"{offset:+d}:edge"] = True
        if i > 0:
            features["bigram-1"] = f"{words[i - 1].lower()}|{word.lower()}"
        if i + 1 < len(words):
            features["bigram+1"] = f"{word.lower()}|{words[i + 1].lower()}"
        rows.append(features)
    return rows


def _sentences(text: str) -> list[list[Token]]:
    return [tokenize(text, start, end) for start, end in sentences(text)]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def held_out_groups(text: str) -> frozenset[str]:
    """The source groups of the gold documents whose text is ``text`` (none for a new text)."""
    from ..data.goldfile import load_corpus

    digest = _digest(text)
    return frozenset(d.source_group for d in load_corpus() if _digest(d.text) == digest)


@lru_cache(maxsize=8)
def train(exclude: frozenset[str]) -> "sklearn_crfsuite.CRF":
    """A CRF trained on the gold documents whose source group is not in ``exclude``."""
    import sklearn_crfsuite

    from ..data.goldfile import load_corpus
    from ..export.hf import named_spans

    X, y = [], []
    for document in load_corpus():
        if document.source_group in exclude:
            continue
        spans = named_spans(document)
        for tokens in _sentences(document.text):
            if not tokens:
                continue
            inside = [s for s in spans if tokens[0].start <= s[0] and s[1] <= tokens[-1].end]
            X.append(token_features([t.text for t in tokens]))
            y.append(spans_to_iob2(tokens, inside))
    model = sklearn_crfsuite.CRF(**PARAMS)
    model.fit(X, y)
    return model


def predict(documents: list[tuple[str, str]], schema: Schema) -> list[dict]:
    """Prediction records (entities only) for (doc_id, text) pairs."""
    analyses = []
    for doc_id, text in documents:
        model = train(held_out_groups(text))
        mentions = []
        for tokens in _sentences(text):
            if not tokens:
                continue
            tags = model.predict_single(token_features([t.text for t in tokens]))
            for start, end, label in iob2_to_spans(tokens, tags):
                if label in schema.entity_types:
                    mentions.append(Found(start, end, label, "NAM", start, end))
        analyses.append(Analysis(doc_id, text, mentions, []))
    link_names(analyses)
    return [to_record(analysis, [], schema) for analysis in analyses]
