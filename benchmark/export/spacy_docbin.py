"""spaCy ``DocBin`` export (needs spaCy, the ``[spacy]`` extra).

Each document becomes a ``Doc`` whose words are the tokens of ``benchmark.text``, further
split wherever a mention, head or time expression starts or ends inside a token, so that
every span aligns and ``doc.text`` equals the text exactly (runs of whitespace other than
one space become whitespace tokens, as spaCy's own tokenizer makes them).

* ``doc.ents``: the ``ner`` view's spans (heads of NAM mentions, outermost kept);
* ``doc.spans["mentions"]``: every entity mention's extent, labelled with its type, with
  the cluster id as ``kb_id`` and the mention id as ``id``;
* ``doc.spans["times"]``: every time expression, labelled with its type;
* ``doc.user_data["doc_id"]``: the document id.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..data.corpus import Corpus, Document
from ..text.tokens import tokenize
from .hf import named_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["words_and_spaces", "to_doc", "write_docbin"]


def words_and_spaces(text: str, boundaries: set[int] = frozenset()) -> tuple[list[str], list[bool], list[int]]:
    """spaCy words, their trailing-space flags and start offsets, covering ``text`` exactly.

    A token of ``benchmark.text`` is split at every offset in ``boundaries`` inside it.
    """
    pieces: list[tuple[int, int]] = []
    for token in tokenize(text):
        cuts = sorted(b for b in boundaries if token.start < b < token.end)
        edges = [token.start, *cuts, token.end]
        pieces += list(zip(edges, edges[1:]))
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    position = 0
    # the text after the last token is handled as the gap before an empty end marker
    for start, end in [*pieces, (len(text), len(text))]:
        gap = text[position:start]
        if gap.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:  # whitespace spaCy cannot hold as a trailing space becomes a word of its own
            words.append(gap)
            spaces.append(False)
            starts.append(start - len(gap))
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
            starts.append(start)
        position = end
    return words, spaces, starts


def to_doc(document: Document, vocab: "Vocab") -> "Doc":
    """One document as a spaCy ``Doc`` with entities and span groups."""
    from spacy.tokens import Doc, Span

    boundaries = {offset for m in document.entities for offset in (m.start, m.end, m.head.start, m.head.end)}
    boundaries |= {offset for t in document.times for offset in (t.start, t.end)}
    words, spaces, _ = words_and_spaces(document.text, boundaries)
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != document.text:
        raise ValueError(f"{document.doc_id}: the spaCy words do not rebuild the text")

    def span(start: int, end: int, label: str, **extra: str) -> Span:
        found = doc.char_span(start, end, label=label, alignment_mode="strict", **extra)
        if found is None:
            raise ValueError(f"{document.doc_id}: span {start}-{end} does not align with the tokens")
        return found

    doc.ents = [span(start, end, label) for start, end, label in named_spans(document)]
    doc.spans["mentions"] = [span(m.start, m.end, m.type, kb_id=m.cluster, span_id=m.id) for m in document.entities]
    doc.spans["times"] = [span(t.start, t.end, t.type, span_id=t.id) for t in document.times]
    doc.user_data["doc_id"] = document.doc_id
    return doc


def write_docbin(corpus: Corpus, out: IO[bytes]) -> None:
    """Write the corpus as one ``DocBin`` (spaCy's binary ``.spacy`` format)."""
    try:
        from spacy.tokens import DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise RuntimeError("the spacy format needs spaCy: pip install 'caravan-ie[spacy]'") from None
    vocab = Vocab()
    docs = DocBin(store_user_data=True)
    for document in corpus:
        docs.add(to_doc(document, vocab))
    out.write(docs.to_bytes())
