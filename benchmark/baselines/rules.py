"""The ``rules`` baseline: capitalisation, small generic lexicons and nearest-mention heuristics.

No dependency beyond the package; deterministic. The rules and word lists are generic;
how they were made and what a review removed as fitted to the three articles is in the
baselines README (``lexicon.py`` holds the word lists).

Entities
  * Names: maximal runs of capitalised tokens (joined by "of", "and", "de", "del", "la" when
    a capitalised token follows), split at hyphens inside compounds ("US-Mexico"). A
    sentence-initial word is dropped when it is a function word or occurs in lowercase
    elsewhere in the document. Countries, regions and demonyms from the gazetteer are
    GPE/LOC (a plural demonym noun is PER); a name ending in an organisation word
    ("Ministry", "Council", "Times") or an acronym is ORG, with a leading country as a
    nested GPE; facility and location words give FAC and LOC; a name followed by a
    facility or organisation noun ("<Name> border crossing", "<Name> news agency") is a
    FAC/ORG name whose head is the name; names ending in "Agreement", "Act", ... are no
    entity. Two or more remaining capitalised words are a PER name; a single one is PER
    when it ends a person name of the corpus, GPE after a locative preposition ("in",
    "from", "near", "city of"), else left out.
  * Titles: "<Country> <Org words> <Title> <Name>" gives a PER name (extent: the whole
    phrase, head: the name), a NOM title mention of the same person, a GPE for the
    country and an ORG for the words between country and title; honorifics (Mr, Dr) are
    kept out of the head; "<Org or demonym> <role noun> <Name>" ("<Outlet> correspondent
    <Name>") likewise.
  * Nominals: a common noun of the type lexicon, not followed by another noun it
    premodifies, with its determiner, numerals, adjectives and possessor on the left and
    an "of"-complement on the right for relational and quantity nouns ("the members of the
    group", "dozens of people", head "people").
  * Pronouns: personal, possessive and reflexive pronouns, and "who"/"which" after a
    mention; resolved to the nearest compatible mention (``assemble.resolve_pronouns``).
Times, events and claims come from ``timex.py``, ``assemble.find_events`` and
``quantities.py`` + ``assemble.build_claims``.
"""

from __future__ import annotations

from typing import Sequence

from ..data.schema import Schema
from ..text.tokens import Token
from . import lexicon
from .assemble import Analysis, Found, analyse_text
from .lexicon import (
    COUNTRIES,
    COUNTRY_ALIASES,
    DEMONYMS,
    FAC_WORDS,
    FUNCTION_WORDS,
    GROUP_NOUNS,
    HONORIFICS,
    LOC_WORDS,
    NON_ENTITY_WORDS,
    OF_NOUNS,
    PRONOUNS,
    QUANTITY_NOUNS,
    REGIONS,
)
from .quantities import find_quantities, merge_ranges, noun_type
from .timex import find_times

__all__ = ["analyse"]

_CONNECTORS = {"of", "and", "de", "del", "la", "y", "&"}
_LOCATIVE = {"in", "from", "near", "into", "to", "towards", "toward", "across", "at", "outside", "inside"}
_DETERMINERS = {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "my", "your",
                "some", "many", "each", "every", "several", "no", "all", "both", "most", "any", "other", "another"}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand",
                 "dozen", "dozens", "hundreds", "thousands", "least", "nearly", "almost", "about", "than", "more", "as", "many",
                 "at", "over", "some"}
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split())


def _place(name: str) -> tuple[str, str] | None:
    """(type, canonical place) of a gazetteer name, demonym adjective excluded."""
    canonical = COUNTRY_ALIASES.get(name, name)
    if canonical in COUNTRIES:
        return "GPE", canonical
    if name in REGIONS:
        return "LOC", name
    return None


def _demonym(name: str) -> tuple[str, str, bool] | None:
    """(type, place, is_people_noun) of a demonym."""
    place = DEMONYMS.get(name)
    if place is None:
        return None
    people = name.endswith("s") and name[:-1] in DEMONYMS
    kind = "LOC" if place in REGIONS else "GPE"
    return ("PER" if people else kind), place, people


def _is_cap(token: Token) -> bool:
    return token.text[0].isupper() and token.text[0].isalpha() and token.text.lower() not in _CALENDAR


class _Doc:
    def __init__(self, doc_id: str, text: str):
        self.doc_id, self.text = doc_id, text
        self.tokens, self.sentences, self.sent_of = analyse_text(text)
        self.words = [t.text.lower() for t in self.tokens]
        self.lower_words = {t.text for t in self.tokens if t.text[:1].islower()}
        for i, token in enumerate(self.tokens[:-1]):  # "Word lowercase" opening a line: a common word
            if (i == 0 or "\n" in text[self.tokens[i - 1].end:token.start]) and self.tokens[i + 1].text[:1].islower():
                if not (_place(token.text) or token.text in DEMONYMS or token.text in HONORIFICS or token.text in lexicon.TITLES):
                    self.lower_words.add(token.text.lower())
        first = {}
        for i, s in enumerate(self.sent_of):
            first.setdefault(s, i)
        self.sentence_first = set(first.values())
        for i, token in enumerate(self.tokens):  # a line or a quotation also starts a sentence-like unit
            if i > 0 and ("\n" in text[self.tokens[i - 1].end:token.start] or self.tokens[i - 1].text in ('"', "“", ":")):
                self.sentence_first.add(i)
        self.mentions: list[Found] = []
        self.consumed: set[int] = set()  # token indices inside names

    def add(self, start: int, end: int, type_: str, level: str, head_start: int, head_end: int, key: str = "",
            plural: bool = False, ref=None) -> Found:
        m = Found(start, end, type_, level, head_start, head_end, key, plural, ref)
        self.mentions.append(m)
        return m


def analyse(doc_id: str, text: str, schema: Schema) -> tuple[Analysis, list[Token]]:
    """Entities (pronouns unresolved), times and quantities of one document.

    The caller (``assemble.run``) resolves names and pronouns over the corpus, then adds
    events and claims.
    """
    doc = _Doc(doc_id, text)
    _names(doc)
    _nominals(doc)
    _pronouns(doc)
    times = find_times(text)
    skip = [(t.start, t.end) for t in times if t.type in ("DATE", "TIME")]
    quantities = merge_ranges(text, find_quantities(doc.tokens, skip))
    analysis = Analysis(doc_id, text, doc.mentions, times, [], quantities, doc.sentences)
    return analysis, doc.tokens


# ---------------------------------------------------------------- names

def _runs(doc: _Doc) -> list[list[int]]:
    tokens = doc.tokens
    runs, current = [], []
    for i, token in enumerate(tokens):
        adjacent = current and not doc.text[tokens[current[-1]].end:token.start].strip()
        if _is_cap(token) and (not current or adjacent) and not (current and i in doc.sentence_first):
            current.append(i)
            continue
        if current and adjacent and doc.words[i] in _CONNECTORS and i + 1 < len(tokens) and _is_cap(tokens[i + 1]) \
                and not doc.text[token.end:tokens[i + 1].start].strip():
            current.append(i)
            continue
        if current and token.text in ("-", "–") and token.start == tokens[current[-1]].end and i + 1 < len(tokens) \
                and _is_cap(tokens[i + 1]) and tokens[i + 1].start == token.end:
            current.append(i)
            continue
        if current:
            runs.append(current)
        current = [i] if _is_cap(token) else []
    if current:
        runs.append(current)
    return runs


def _names(doc: _Doc) -> None:
    for run in _runs(doc):
        # a sentence-initial common word or a function word is not part of a name
        while run and (run[0] in doc.sentence_first and _common(doc, run[0])
                       or doc.tokens[run[0]].text in ("The", "A", "An", "This", "These", "Those")):
            run = run[1:]
            while run and doc.words[run[0]] in _CONNECTORS:
                run = run[1:]
        while len(run) > 1 and _common(doc, run[-1]) and doc.words[run[-1]] in doc.lower_words:
            run = run[:-1]
        if not run:
            continue
        pieces, piece = [], []
        for i in run:  # split hyphenated compounds: "US-Mexico"
            if doc.tokens[i].text in ("-", "–"):
                pieces.append(piece)
                piece = []
            else:
                piece.append(i)
        pieces.append(piece)
        hyphenated = len(pieces) > 1
        split: list[list[int]] = []
        for piece in pieces:  # "A and B" is two names unless it ends like an organisation
            if any(doc.words[i] in ("and", "&") for i in piece) and doc.tokens[piece[-1]].text not in lexicon.ORG_WORDS:
                part: list[int] = []
                for i in piece:
                    if doc.words[i] in ("and", "&"):
                        split.append(part)
                        part = []
                    else:
                        part.append(i)
                split.append(part)
            else:
                split.append(piece)
        for piece in split:
            while piece and doc.words[piece[-1]] in _CONNECTORS:
                piece = piece[:-1]
            while piece and doc.words[piece[0]] in _CONNECTORS:
                piece = piece[1:]
            if piece:
                _name_piece(doc, piece, hyphenated)
    _role_names(doc)


def _common(doc: _Doc, i: int) -> bool:
    word = doc.tokens[i].text
    if _place(word) or word in DEMONYMS or word.isupper() and len(word) > 1:
        return False
    return doc.words[i] in FUNCTION_WORDS or doc.words[i] in doc.lower_words or doc.words[i] in lexicon.VERB_FORMS


def _span_text(doc: _Doc, first: int, last: int) -> str:
    return doc.text[doc.tokens[first].start:doc.tokens[last].end]


def _name_piece(doc: _Doc, piece: list[int], hyphenated: bool) -> None:
    tokens = doc.tokens
    # honorific: "Mr Trump"
    if tokens[piece[0]].text in HONORIFICS and len(piece) > 1:
        doc.add(tokens[piece[0]].start, tokens[piece[-1]].end, "PER", "NAM", tokens[piece[1]].start, tokens[piece[-1]].end)
        doc.consumed.update(piece)
        return
    # title: "<GPE> <ORG words> <Title> <Name>"
    title_positions = [k for k, i in enumerate(piece) if tokens[i].text in lexicon.TITLES]
    heads = [k for k in title_positions if tokens[piece[k]].text in lexicon.TITLE_HEADS]
    if heads and heads[-1] + 1 < len(piece):
        last_title = heads[-1]
        first_title = title_positions[0]
        name = piece[last_title + 1:]
        person = doc.add(tokens[piece[0]].start, tokens[name[-1]].end, "PER", "NAM", tokens[name[0]].start, tokens[name[-1]].end)
        prefix = piece[:first_title]
        nom_start = tokens[piece[0]].start
        doc.add(nom_start, tokens[piece[last_title]].end, "PER", "NOM", tokens[piece[heads[-1]]].start,
                tokens[piece[heads[-1]]].end, ref=person)
        if prefix:
            first = prefix[0]
            place = _place(tokens[first].text) or (_demonym(tokens[first].text) or (None, None))[:2]
            rest = prefix
            if place and place[0]:
                doc.add(tokens[first].start, tokens[first].end, place[0], "NAM", tokens[first].start, tokens[first].end, key=_key(place[1]))
                rest = prefix[1:]
            if rest:
                doc.add(tokens[rest[0]].start, tokens[rest[-1]].end, "ORG", "NAM", tokens[rest[0]].start, tokens[rest[-1]].end)
        doc.consumed.update(piece)
        return
    # gazetteer on the whole piece
    words = [tokens[i].text for i in piece]
    whole = _span_text(doc, piece[0], piece[-1])
    place = _place(whole)
    if place:
        start = _with_article(doc, piece[0])
        doc.add(start, tokens[piece[-1]].end, place[0], "NAM", tokens[piece[0]].start, tokens[piece[-1]].end, key=_key(place[1]))
        doc.consumed.update(piece)
        return
    demonym = _demonym(whole)
    if demonym:
        doc.add(tokens[piece[0]].start, tokens[piece[-1]].end, demonym[0], "NAM", tokens[piece[0]].start, tokens[piece[-1]].end,
                key=_key(demonym[1]) if not demonym[2] else "", plural=demonym[2])
        doc.consumed.update(piece)
        return
    # a leading country or demonym followed by more name: split it off
    lead = None
    for length in (3, 2, 1):
        if len(piece) > length:
            sub = _span_text(doc, piece[0], piece[length - 1])
            found = _place(sub) or ((lambda d: (d[0], d[1]) if d and not d[2] else None)(_demonym(sub)))
            if found:
                lead = (length, found)
                break
    last_word = words[-1]
    if last_word in NON_ENTITY_WORDS:
        if lead:
            length, found = lead
            doc.add(tokens[piece[0]].start, tokens[piece[length - 1]].end, found[0], "NAM", tokens[piece[0]].start,
                    tokens[piece[length - 1]].end, key=_key(found[1]))
        elif len(piece) > 1:
            _name_piece(doc, piece[:-1], hyphenated)
        return
    after = piece[-1] + 1
    follow = None  # "<Name> border crossing", "<Name> news agency"
    for k in (after, after + 1):
        if k < len(tokens) and doc.words[k] in lexicon.FAC_NOUNS_AFTER_NAME | lexicon.ORG_NOUNS_AFTER_NAME and all(
            tokens[j].text[0].islower() for j in range(after, k + 1)
        ):
            follow = k
            break
    kind = None
    if last_word in lexicon.ORG_WORDS or (len(piece) == 1 and last_word.isupper() and last_word.isalpha() and 2 <= len(last_word) <= 5):
        kind = "ORG"
    elif last_word in FAC_WORDS:
        kind = "FAC"
    elif last_word in LOC_WORDS:
        kind = "LOC"
    if follow is not None:
        kind = kind or ("FAC" if doc.words[follow] in lexicon.FAC_NOUNS_AFTER_NAME else "ORG")
        head = (tokens[piece[0]].start, tokens[piece[-1]].end)
        start = _with_article(doc, piece[0])
        doc.add(start, tokens[follow].end, kind, "NAM", *head)
        doc.consumed.update(range(piece[0], follow + 1))
        return
    if kind is not None:
        start = _with_article(doc, piece[0])
        doc.add(start, tokens[piece[-1]].end, kind, "NAM", tokens[piece[0]].start, tokens[piece[-1]].end)
        if lead:
            length, found = lead
            doc.add(tokens[piece[0]].start, tokens[piece[length - 1]].end, found[0], "NAM", tokens[piece[0]].start,
                    tokens[piece[length - 1]].end, key=_key(found[1]))
        doc.consumed.update(piece)
        return
    if lead:
        length, found = lead
        doc.add(tokens[piece[0]].start, tokens[piece[length - 1]].end, found[0], "NAM", tokens[piece[0]].start,
                tokens[piece[length - 1]].end, key=_key(found[1]))
        rest = piece[length:]
        if rest:
            _name_piece(doc, rest, hyphenated)
        return
    before = doc.words[piece[0] - 1] if piece[0] > 0 else ""
    before2 = doc.words[piece[0] - 2] if piece[0] > 1 else ""
    if before == "of" and before2 in ("city", "town", "state", "province", "village", "capital", "region"):
        kind = "GPE"
    elif len(piece) >= 2 and not hyphenated:
        kind = "PER"
    elif before in _LOCATIVE and not hyphenated:
        kind = "GPE"
    if kind is None:
        # a single unknown capitalised word: kept for the second pass (person surname)
        doc.add(tokens[piece[0]].start, tokens[piece[-1]].end, "?", "NAM?", tokens[piece[0]].start, tokens[piece[-1]].end)
        return
    doc.add(tokens[piece[0]].start, tokens[piece[-1]].end, kind, "NAM", tokens[piece[0]].start, tokens[piece[-1]].end)
    doc.consumed.update(piece)


def _with_article(doc: _Doc, i: int) -> int:
    if i > 0 and doc.words[i - 1] == "the" and doc.tokens[i - 1].end + 1 >= doc.tokens[i].start:
        return doc.tokens[i - 1].start
    return doc.tokens[i].start


def _key(place: str) -> str:
    from .lexicon import slug

    return slug(place)


def _role_names(doc: _Doc) -> None:
    """"<Org/demonym/name> <role noun> <Name>": the whole is a PER name headed by the name."""
    index_of = {t.start: i for i, t in enumerate(doc.tokens)}
    for m in list(doc.mentions):
        if m.level not in ("NAM", "NAM?") or m.type not in ("PER", "?"):
            continue
        i = index_of.get(m.head_start)
        if i is None or i == 0 or doc.words[i - 1] not in lexicon.ROLE_NOUNS:
            continue
        role = i - 1
        role_start = doc.tokens[role].start
        left = [o for o in doc.mentions if o.end == role_start - 1 or (o.end < role_start and not doc.text[o.end:role_start].strip())]
        left = [o for o in left if o.level == "NAM" and o is not m]
        start = min((o.start for o in left), default=doc.tokens[role].start)
        m.type, m.level = "PER", "NAM"
        m.start = start
        doc.add(start, doc.tokens[role].end, "PER", "NOM", doc.tokens[role].start, doc.tokens[role].end, ref=m)
        for o in left:
            if o.type == "?":
                o.type, o.level = "ORG", "NAM"


# ---------------------------------------------------------------- nominals

def _nominals(doc: _Doc) -> None:
    tokens, words = doc.tokens, doc.words
    names = [m for m in doc.mentions if m.level == "NAM"]
    name_at = {}
    for m in names:
        for i, t in enumerate(tokens):
            if m.start <= t.start and t.end <= m.end:
                name_at.setdefault(i, m)
    n = len(tokens)
    inner_heads: set[int] = set()
    heads_taken = {m.head_start for m in doc.mentions}
    for i, token in enumerate(tokens):
        word = token.text
        if not word[0].isalpha() or i in inner_heads:
            continue
        if word[0].isupper() and i not in doc.sentence_first:
            continue
        quantity_head = words[i] in QUANTITY_NOUNS and i + 1 < n and words[i + 1] == "of"
        kind = None if quantity_head else noun_type(word)
        if kind is None and not quantity_head:
            continue
        if i in doc.consumed or token.start in heads_taken:
            continue
        # a singular noun followed by another content word premodifies it ("border fence")
        if not quantity_head and i + 1 < n and _premodifier(doc, i):
            continue
        if quantity_head:  # "dozens of people": head = the noun after "of"
            k = i + 2
            while k < n and k < i + 5 and tokens[k].text[0].isalpha() and noun_type(tokens[k].text) is None and words[k] not in FUNCTION_WORDS:
                k += 1
            if k >= n or noun_type(tokens[k].text) is None or words[i + 2] in ("the", "these", "those", "them", "their"):
                continue
            head = k
            kind = noun_type(tokens[k].text)
            inner_heads.add(k)
            right = k
        else:
            head, right = i, i
            if words[i] in OF_NOUNS or _lemma1(words[i]) in OF_NOUNS:
                right = _of_complement(doc, i)
        left = _left_edge(doc, i if not quantity_head else i, name_at)
        plural = (words[head].endswith("s") or words[head] in ("people", "men", "women", "children", "police", "staff", "personnel")
                  or _lemma1(words[head]) in GROUP_NOUNS)
        doc.add(tokens[left].start, tokens[right].end, kind, "NOM", tokens[head].start, tokens[head].end, plural=plural)


def _lemma1(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _premodifier(doc: _Doc, i: int) -> bool:
    words, tokens = doc.words, doc.tokens
    nxt = i + 1
    if doc.text[tokens[i].end:tokens[nxt].start].strip():
        return False
    following = tokens[nxt].text
    if not following[0].isalpha() or not following[0].islower():
        return False
    if noun_type(following) is not None:
        return True
    if words[i].endswith("s") and words[i] not in ("gas", "glass", "bus", "press"):
        return False
    if words[nxt] in FUNCTION_WORDS or words[nxt] in lexicon.VERB_FORMS or words[nxt].endswith(("ed", "ing", "ly")):
        return False
    return True


def _of_complement(doc: _Doc, i: int) -> int:
    words, tokens = doc.words, doc.tokens
    n = len(tokens)
    if i + 1 >= n or words[i + 1] != "of":
        return i
    for k in range(i + 2, min(n, i + 7)):
        if not tokens[k].text[0].isalnum() and tokens[k].text not in ("'s", "’s", "-"):
            return i
        if noun_type(tokens[k].text) is not None and not (k + 1 < n and _premodifier(doc, k)):
            return k
        if _is_cap(tokens[k]) and (k + 1 >= n or not _is_cap(tokens[k + 1])) and k > i + 1 and words[k - 1] != "'s":
            if any(m.start <= tokens[k].start < m.end for m in doc.mentions if m.level == "NAM"):
                return k
        if words[k] in FUNCTION_WORDS - {"the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "that"} - _NUMBER_WORDS - {"at"}:
            return i
    return i


def _left_edge(doc: _Doc, i: int, name_at: dict[int, Found]) -> int:
    words, tokens = doc.words, doc.tokens
    tentative = i
    k = i - 1
    while k >= 0 and i - k <= 6:
        gap = doc.text[tokens[k].end:tokens[k + 1].start]
        if "\n" in gap:
            break
        word = words[k]
        token = tokens[k].text
        if word in _DETERMINERS:
            return k
        if token in ("'s", "’s") and k > 0:
            owner = name_at.get(k - 1)
            if owner is not None:
                return _token_index(doc, owner.start)
            if words[k - 1] in lexicon.NOUN_TYPES or noun_type(tokens[k - 1].text):
                k -= 1
                tentative = k
                k -= 1
                continue
            break
        if token in ("-",) and k > 0 and tokens[k - 1].end == tokens[k].start and tokens[k].end == tokens[k + 1].start:
            k -= 1
            tentative = k
            k -= 1
            continue
        if token[0].isdigit() or word in _NUMBER_WORDS:
            tentative = k
            k -= 1
            continue
        if k in name_at:
            owner = name_at[k]
            if owner.type in ("GPE", "LOC", "ORG") or owner.end <= tokens[k].end:
                tentative = _token_index(doc, owner.start)
                k = tentative - 1
                continue
            break
        if token[0].isalpha() and token[0].islower() and word not in FUNCTION_WORDS and word not in lexicon.VERB_FORMS and not word.endswith("ly"):
            tentative = k
            k -= 1
            continue
        break
    left = tentative
    while left < i and (words[left].endswith(("ed", "ing")) or words[left] in lexicon.VERB_FORMS) and words[left] not in _NUMBER_WORDS:
        left += 1
    return left


def _token_index(doc: _Doc, offset: int) -> int:
    for i, t in enumerate(doc.tokens):
        if t.start >= offset:
            return i
    return len(doc.tokens) - 1


# ---------------------------------------------------------------- pronouns

def _pronouns(doc: _Doc) -> None:
    tokens, words = doc.tokens, doc.words
    ends = {m.end for m in doc.mentions if m.type != "?"}
    for i, token in enumerate(tokens):
        word = words[i]
        if word not in PRONOUNS or (token.text == "US"):
            continue
        if word == "us" and token.text != "us":
            continue
        if word == "it" and i + 1 < len(tokens) and words[i + 1] in ("is", "was", "'s", "seems", "appears") and (i in doc.sentence_first):
            continue  # expletive "It was as ..."
        if word in ("who", "whom", "whose", "which"):
            previous = tokens[i - 1] if i > 0 else None
            anchor = previous.end if previous is not None and previous.text != "," else (tokens[i - 2].end if i > 1 else -1)
            if anchor not in ends or (i in doc.sentence_first):
                continue
        doc.add(token.start, token.end, "?", "PRO", token.start, token.end)


def finish_names(analyses: Sequence[Analysis]) -> None:
    """Second pass over the corpus: single unknown capitalised words that end a person name are PER."""
    surnames: set[str] = set()
    for analysis in analyses:
        for m in analysis.mentions:
            if m.type == "PER" and m.level == "NAM":
                parts = analysis.text[m.head_start:m.head_end].split()
                if len(parts) >= 2:
                    surnames.add(parts[-1])
    for analysis in analyses:
        kept = []
        for m in analysis.mentions:
            if m.level == "NAM?":
                if analysis.text[m.start:m.end] in surnames:
                    m.type, m.level = "PER", "NAM"
                else:
                    continue
            kept.append(m)
        analysis.mentions[:] = kept


def predict(documents: list[tuple[str, str]], schema: Schema) -> list[dict]:
    """Prediction records of the ``rules`` baseline for (doc_id, text) pairs."""
    from .assemble import run

    return run(documents, schema, analyse, corpus_pass=finish_names)
