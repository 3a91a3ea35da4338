"""Shared steps of the ``rules`` and ``spacy`` baselines, from found spans to prediction records.

* :func:`resolve_pronouns`: a pronoun takes the type and cluster of the nearest preceding
  compatible mention (number and person/thing class; "who" the mention just before it,
  "which" a non-person just before it) within the current and two previous sentences.
* :func:`link_names`: head-word matching for cross-article coreference. Names cluster by
  their normalised head (countries and demonyms by the place they name); a one- or
  two-word person name joins the longest person name in the corpus that ends with it
  ("Trump" -> "Donald Trump"); a nominal clusters by type and head lemma; a title nested
  in a person name ("US President" in "US President Donald Trump") joins the person.
* :func:`find_events`: triggers from a lemma lexicon per event type (``lexicon.TRIGGERS``,
  only for the types of the schema), realis OTHER after a modal, negation or "to", and
  arguments by nearest-mention heuristics per role class (subject-like roles take the
  nearest allowed mention to the left, object-like to the right, swapped in the passive;
  Place/Origin/Destination the mention after "in/at/near", "from", "to/into/towards";
  Time the nearest time expression of the sentence). A caller may supply argument
  candidates of its own (the spaCy baseline's dependency parse) that take precedence.
* :func:`build_claims`: measured entity, attribution ("X said", "said X", "according to
  X"), time anchor, statement sentence, conversions in parentheses (linked), cluster
  (property + measured entity's cluster) and consistency (recomputed from the bounds).
* :func:`to_record`: ids in text order and the prediction record, with every label checked
  against the schema (labels the schema lacks are left out or set to null).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from ..data.schema import Schema
from ..text.tokens import Token, sentences, tokenize
from . import lexicon
from .lexicon import PRONOUNS, REPORTING_VERBS, inflections, slug
from .quantities import Quantity
from .timex import Timex

__all__ = ["Found", "EventFound", "Analysis", "resolve_pronouns", "link_names", "find_events", "build_claims", "to_record", "analyse_text"]

_SUBJECT_ROLES = {"Agent", "Attacker", "Communicator", "Preventer", "Damager", "Seller", "Participant", "Entity", "Prosecutor", "Adjudicator"}
_OBJECT_ROLES = {"Artifact", "Target", "Victim", "Recipient", "Passenger", "Defendant", "Vehicle", "Beneficiary", "Buyer", "Granter", "Instrument"}
_PREPOSITIONS = {
    "Place": ("in", "at", "near", "inside", "outside", "along"),
    "Origin": ("from",),
    "Destination": ("to", "into", "towards", "toward"),
}
_ALL_PREPOSITIONS = {"in", "at", "near", "from", "to", "into", "towards", "toward", "of", "on", "by", "with", "for",
                     "about", "against", "over", "under", "inside", "outside", "along", "across", "after", "before", "like", "among"}
_BE = {"is", "are", "was", "were", "be", "been", "being", "had", "has", "have", "get", "got"}
_OTHER_CUES = {"will", "would", "could", "may", "might", "should", "can", "to", "not", "n't", "never", "no", "cannot", "shall", "must", "if"}


@dataclass
class Found:
    """An entity mention before ids are given: offsets, type, level, head, cluster key."""

    start: int
    end: int
    type: str
    level: str
    head_start: int
    head_end: int
    key: str = ""
    plural: bool = False
    ref: "Found | None" = None  # the antecedent (pronouns) or the named person (titles)


@dataclass
class EventFound:
    type: str
    lemma: str
    start: int
    end: int
    realis: str
    arguments: list[tuple[str, object]] = field(default_factory=list)  # (role, Found or Timex)
    key: str = ""


@dataclass
class Analysis:
    """Everything a baseline found in one document."""

    doc_id: str
    text: str
    mentions: list[Found]
    times: list[Timex]
    events: list[EventFound] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)


def analyse_text(text: str) -> tuple[list[Token], list[tuple[int, int]], list[int]]:
    """Tokens, sentence spans and the sentence index of every token."""
    tokens = tokenize(text)
    spans = sentences(text)
    starts = [s for s, _ in spans]
    index = [max(0, bisect.bisect_right(starts, t.start) - 1) for t in tokens]
    return tokens, spans, index


def _sentence_of(spans: Sequence[tuple[int, int]], offset: int) -> int:
    return max(0, bisect.bisect_right([s for s, _ in spans], offset) - 1)


def _outermost(mentions: Iterable[Found]) -> list[Found]:
    """Mentions not nested inside another one of the list."""
    mentions = list(mentions)
    return [m for m in mentions
            if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in mentions)]


# ---------------------------------------------------------------- pronouns

def resolve_pronouns(text: str, mentions: list[Found], spans: Sequence[tuple[int, int]]) -> None:
    """Give every PRO mention (type "?" until resolved) an antecedent, type and key."""
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, -mentions[i].end))
    for position, i in enumerate(order):
        pronoun = mentions[i]
        if pronoun.level != "PRO":
            continue
        word = text[pronoun.start:pronoun.end].lower()
        number, kind = PRONOUNS.get(word, ("any", "any"))
        sentence = _sentence_of(spans, pronoun.start)
        candidates = [mentions[j] for j in order[:position] if mentions[j].end <= pronoun.start and mentions[j].type != "?"]
        candidates = [c for c in candidates if _sentence_of(spans, c.start) >= sentence - 2]
        antecedent = None
        if word in ("who", "whom", "whose", "which"):
            before = [c for c in candidates if not text[c.end:pronoun.start].strip(" ,")]
            before.sort(key=lambda c: c.start)
            if before:
                antecedent = before[0]
                if (word == "which") == (antecedent.type == "PER"):
                    antecedent = None
        elif kind == "speaker":
            antecedent = next((c for c in reversed(candidates) if c.type == "PER" and c.level == "NAM"), None) if number == "sg" else None
        else:
            def fits(c: Found) -> bool:
                if kind == "per" and c.type != "PER":
                    return False
                if kind == "thing" and c.type == "PER":
                    return False
                if number == "sg" and c.plural:
                    return False
                if number == "pl" and not c.plural:
                    return False
                return True

            fitting = [c for c in candidates if fits(c)]
            near = [c for c in fitting if _sentence_of(spans, c.start) >= sentence - 1]
            if number == "pl" and any(c.type == "PER" for c in near):
                fitting = [c for c in near if c.type == "PER"]
            elif kind == "thing" and any(c.type in ("ORG", "GPE") for c in fitting if _sentence_of(spans, c.start) == sentence):
                fitting = [c for c in fitting if c.type in ("ORG", "GPE") and _sentence_of(spans, c.start) == sentence]
            if fitting:
                last_end = max(c.end for c in fitting)
                antecedent = max((c for c in fitting if c.end == last_end), key=lambda c: c.end - c.start)
                if kind == "per":  # prefer a name for he/she
                    named = [c for c in fitting if c.level == "NAM" and _sentence_of(spans, c.start) >= sentence - 1]
                    if named:
                        antecedent = named[-1]
        if antecedent is None:
            pronoun.type = "PER" if kind in ("per", "speaker", "any") else "ORG"
            pronoun.key = f"pro-{word}-{pronoun.start}"
        else:
            pronoun.type = antecedent.type
            pronoun.ref = antecedent
            pronoun.plural = antecedent.plural


# ---------------------------------------------------------------- clusters

def link_names(analyses: Sequence[Analysis]) -> None:
    """Set the cluster key of every mention across all documents (head-word matching)."""
    person_names: dict[str, int] = {}
    for analysis in analyses:
        for m in analysis.mentions:
            if m.type == "PER" and m.level == "NAM" and not m.key:
                person_names[analysis.text[m.head_start:m.head_end]] = person_names.get(analysis.text[m.head_start:m.head_end], 0) + 1
    longer: dict[str, str] = {}
    for name in person_names:
        words = name.split()
        best = None
        for other, count in person_names.items():
            other_words = other.split()
            if len(other_words) > len(words) and other_words[-len(words):] == words:
                rank = (len(other_words), count, other)
                if best is None or rank > best:
                    best = rank
        if best is not None:
            longer[name] = best[2]
    for analysis in analyses:
        text = analysis.text
        for m in analysis.mentions:
            if m.key or m.level == "PRO":
                continue
            head = text[m.head_start:m.head_end]
            if m.level == "NAM":
                if m.type == "PER":
                    head = longer.get(head, head)
                m.key = slug(head)
            else:
                m.key = f"{_lemma(head.lower())}-{m.type.lower()}"
        for m in analysis.mentions:  # titles nested in a name, then pronouns (antecedents come first)
            if m.ref is not None and m.level == "NOM":
                m.key = m.ref.key
        for m in sorted(analysis.mentions, key=lambda x: x.start):
            if m.level == "PRO" and m.ref is not None:
                m.key = m.ref.key or m.key


def _lemma(word: str) -> str:
    irregular = {"men": "man", "women": "woman", "children": "child", "people": "people", "countries": "country", "families": "family"}
    if word in irregular:
        return irregular[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


# ---------------------------------------------------------------- events

def trigger_table(schema: Schema) -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], tuple[str, str]]]:
    """word form -> (type, lemma), and (form, particle) -> (type, lemma), for the schema's types."""
    single: dict[str, tuple[str, str]] = {}
    phrasal: dict[tuple[str, str], tuple[str, str]] = {}
    for event_type, lemmas in lexicon.TRIGGERS.items():
        if event_type not in schema.event_types:
            continue
        for lemma in lemmas:
            words = lemma.split()
            if len(words) == 1:
                for form in inflections(lemma):
                    single.setdefault(form, (event_type, lemma))
            else:
                for form in inflections(words[0]):
                    phrasal.setdefault((form, words[1]), (event_type, lemma))
    return single, phrasal


def find_events(
    analysis: Analysis,
    tokens: Sequence[Token],
    schema: Schema,
    lemma_of: Callable[[int], str] | None = None,
    parse_arguments: Callable[[int], dict[str, list[tuple[int, int]]]] | None = None,
) -> None:
    """Triggers and arguments into ``analysis.events``.

    ``lemma_of(i)`` gives the lemma of token i (default: the lowercase form, matched
    against the lexicon's inflected forms); ``parse_arguments(i)`` may map relation names
    (``subject``, ``object``, ``agent``, or a preposition) to character spans of the
    dependents of trigger token i.
    """
    if not schema.event_types:
        return
    single, phrasal = trigger_table(schema)
    lemma_index: dict[str, tuple[str, str]] = {}
    for event_type, lemmas in lexicon.TRIGGERS.items():
        if event_type in schema.event_types:
            for lemma in lemmas:
                if " " not in lemma:
                    lemma_index.setdefault(lemma, (event_type, lemma))
    words = [t.text.lower() for t in tokens]
    sent_starts = [s for s, _ in analysis.sentences]
    # "seek/ask/apply/claim ... asylum/refuge": part of the trigger lexicon (article-derived)
    seek_asylum = "Movement:SeekAsylum" in schema.event_types and "asylum" in lexicon.TRIGGERS.get("Movement:SeekAsylum", ())
    used: set[int] = set()
    for i, token in enumerate(tokens):
        if not token.text[0].isalpha() or i in used:
            continue
        sentence_start = i == 0 or tokens[i].start in sent_starts or not tokens[i - 1].text[0].isalnum() and tokens[i - 1].text not in (",",)
        if token.text[0].isupper() and not sentence_start:
            continue
        word = words[i]
        found = None
        if seek_asylum and word in inflections("seek") | inflections("ask") | inflections("apply") | inflections("claim"):
            if any(w in ("asylum", "refuge") for w in words[i + 1 : i + 4]):
                found = ("Movement:SeekAsylum", "seek")
        if found is None and i + 1 < len(tokens) and (word, words[i + 1]) in phrasal:
            found = phrasal[(word, words[i + 1])]
        if found is None:
            lemma = lemma_of(i) if lemma_of else None
            if lemma is not None:
                found = lemma_index.get(lemma)
            else:
                found = single.get(word)
        if found is None or (found[0] == "Movement:SeekAsylum" and found[1] in ("asylum", "refuge")):
            continue
        event_type, lemma = found
        before = words[max(0, i - 3) : i]
        realis = "OTHER" if any(w in _OTHER_CUES for w in before) else "ACTUAL"
        event = EventFound(event_type, lemma, token.start, token.end, realis if realis in schema.realis else None)
        _arguments(event, analysis, tokens, words, i, schema, parse_arguments(i) if parse_arguments else {})
        analysis.events.append(event)
        used.add(i)


def _arguments(event: EventFound, analysis: Analysis, tokens, words, i: int, schema: Schema, parsed: dict) -> None:
    roles = schema.event_types[event.type].roles
    spans = analysis.sentences
    sentence = spans[_sentence_of(spans, tokens[i].start)]
    in_sentence = [m for m in analysis.mentions if sentence[0] <= m.start and m.end <= sentence[1] and m.type != "?"]
    outer = _outermost(in_sentence)
    passive = i > 0 and words[i - 1] in _BE | {"been"} and (words[i].endswith("ed") or words[i].endswith(("en", "wn", "nt")))
    taken: set[int] = set()

    def preceded_by(m: Found) -> str | None:
        k = bisect.bisect_left([t.start for t in tokens], m.start) - 1
        return words[k] if k >= 0 else None

    def pick(candidates: list[Found], allowed: tuple[str, ...]) -> Found | None:
        for m in candidates:
            if m.type in allowed and id(m) not in taken:
                return m
        return None

    has_agent = "Agent" in roles
    for role, fillers in roles.items():
        if "TIME" in fillers:
            times = [t for t in analysis.times if sentence[0] <= t.start and t.end <= sentence[1] and t.type in ("DATE", "TIME")]
            if times:
                best = min(times, key=lambda t: abs(t.start - tokens[i].start))
                event.arguments.append((role, best))
            continue
        allowed = tuple(fillers)
        choice = None
        relation = None
        if role in _PREPOSITIONS:
            for m in sorted(outer, key=lambda m: abs(m.start - tokens[i].start)):
                if preceded_by(m) in _PREPOSITIONS[role] and m.type in allowed and id(m) not in taken and m.start > tokens[i].start - 80:
                    choice = m
                    break
        else:
            subject_like = role in _SUBJECT_ROLES or (role == "Person" and not has_agent)
            if subject_like == (not passive):
                relation = "subject" if not passive else "agent"
            else:
                relation = "object" if not passive else "subject"
            for span in parsed.get(relation, []):
                covering = [m for m in in_sentence
                            if (m.start, m.end) == span or m.head_start <= span[0] < m.head_end or (m.start <= span[0] and span[1] <= m.end)]
                choice = pick(covering[:1], allowed)
                if choice:
                    break
            if choice is None and not parsed.get(relation):
                left = [m for m in outer if m.end <= tokens[i].start and preceded_by(m) not in _ALL_PREPOSITIONS]
                right = [m for m in outer if m.start >= tokens[i].end and preceded_by(m) not in _ALL_PREPOSITIONS - {"by"}]
                if relation == "agent":
                    right = [m for m in outer if m.start >= tokens[i].end and preceded_by(m) == "by"]
                    choice = pick(right, allowed)
                elif relation == "subject":
                    choice = pick(sorted(left, key=lambda m: -m.end), allowed)
                else:
                    choice = pick(sorted(right, key=lambda m: m.start), allowed)
        if choice is not None:
            taken.add(id(choice))
            event.arguments.append((role, choice))


def event_keys(analyses: Sequence[Analysis]) -> None:
    """Event clusters: type, trigger lemma and the cluster of the first entity argument."""
    for analysis in analyses:
        for n, event in enumerate(analysis.events):
            entity = next((a for _, a in event.arguments if isinstance(a, Found)), None)
            anchor = entity.key if entity is not None else f"{analysis.doc_id[:3]}-{n}"
            event.key = f"{slug(event.type)}-{slug(event.lemma)}-{anchor}"


# ---------------------------------------------------------------- claims

@dataclass
class ClaimFound:
    quantity: Quantity
    entity: Found | None
    attribution: Found | None
    anchor: Timex | None
    statement: tuple[int, int]
    linked: list[int] = field(default_factory=list)
    key: str = ""
    consistency: str | None = None


def _reporting_source(text: str, tokens, words, sentence: tuple[int, int], mentions: list[Found]) -> Found | None:
    """The mention credited in the sentence: "according to X", "X said", "said X"."""
    in_sentence = _outermost([m for m in mentions if sentence[0] <= m.start and m.end <= sentence[1] and m.type in ("PER", "ORG", "GPE")])
    idx = [k for k, t in enumerate(tokens) if sentence[0] <= t.start and t.end <= sentence[1]]
    for k in idx:
        if words[k] == "according" and k + 1 < len(words) and words[k + 1] == "to":
            after = [m for m in in_sentence if m.start >= tokens[k + 1].end]
            if after:
                return min(after, key=lambda m: m.start)
    for k in idx:
        if words[k] in REPORTING_VERBS:
            before = [m for m in in_sentence if m.end <= tokens[k].start and tokens[k].start - m.end <= 30
                      and '"' not in text[m.end:tokens[k].start] and "“" not in text[m.end:tokens[k].start]]
            after = [m for m in in_sentence if m.start >= tokens[k].end and m.start - tokens[k].end <= 6]
            if after and (not before or text[before[-1].end:tokens[k].start].strip().endswith(",")):
                return min(after, key=lambda m: m.start)
            if before:
                return max(before, key=lambda m: m.end)
            if after:
                return min(after, key=lambda m: m.start)
    return None


def build_claims(analysis: Analysis, tokens: Sequence[Token]) -> list[ClaimFound]:
    """Fill the fields of every quantity of ``analysis`` (keys and consistency come later)."""
    text = analysis.text
    words = [t.text.lower() for t in tokens]
    claims: list[ClaimFound] = []
    source_of_sentence: dict[int, Found | None] = {}
    for q in analysis.quantities:
        s = _sentence_of(analysis.sentences, q.start)
        sentence = analysis.sentences[s]
        if s not in source_of_sentence:
            source = _reporting_source(text, tokens, words, sentence, analysis.mentions)
            if source is None and s > 0:  # a quotation continued from the previous sentence
                previous = analysis.sentences[s - 1]
                between = text[previous[1]:sentence[0]]
                if "\n" not in between.strip(" ") and text[sentence[0]] in "\"“" or text[previous[0]:previous[1]].count('"') % 2 == 1:
                    source = source_of_sentence.get(s - 1)
            source_of_sentence[s] = source
        entity = _measured_entity(analysis, tokens, q, sentence)
        anchor = _time_anchor(analysis, q, sentence)
        claims.append(ClaimFound(q, entity, source_of_sentence[s], anchor, sentence))
    # a conversion in parentheses restates the quantity before it
    for a, (ca, cb) in enumerate(zip(claims, claims[1:])):
        gap = text[ca.quantity.end:cb.quantity.start]
        if gap.strip() == "(" and text[cb.quantity.end:cb.quantity.end + 1] == ")":
            ca.linked.append(a + 1)
            cb.linked.append(a)
            q = cb.quantity
            if q.qualifier == "exact" and ca.quantity.qualifier not in ("vague", "range"):
                from .quantities import bounds

                q.qualifier = ca.quantity.qualifier
                q.lower, q.upper = bounds(q.value, q.qualifier, q.unit)
            if cb.entity is None:
                cb.entity = ca.entity
    return claims


def _measured_entity(analysis: Analysis, tokens, q: Quantity, sentence: tuple[int, int]) -> Found | None:
    mentions = [m for m in analysis.mentions if sentence[0] <= m.start and m.end <= sentence[1] and m.type != "?"]
    if q.measured_property == "count":
        containing = [m for m in mentions if m.start <= q.start and q.end <= m.end and m.type in ("PER", "FAC", "VEH", "WEA", "ORG")]
        if containing:
            return max(containing, key=lambda m: m.end - m.start)
        if q.noun is not None:
            noun = tokens[q.noun]
            headed = [m for m in mentions if m.head_start <= noun.start < m.head_end]
            if headed:
                return max(headed, key=lambda m: m.end - m.start)
        return None
    if q.measured_property == "age":
        containing = [m for m in mentions if m.start <= q.start and q.end <= m.end and m.type == "PER"]
        if containing:
            return max(containing, key=lambda m: m.end - m.start)
        before = [m for m in mentions if m.end <= q.start and m.type == "PER" and analysis.text[m.end:q.start].strip() == ","]
        return max(before, key=lambda m: m.end - m.start) if before else None
    before = [m for m in _outermost(mentions) if m.end <= q.start]
    apposed = [m for m in before if analysis.text[m.end:q.start].strip() == ","]
    if apposed:
        return apposed[-1]
    subjects = [m for m in before if m.type in ("PER", "GPE", "ORG", "FAC", "VEH")]
    return subjects[0] if subjects else None


def _time_anchor(analysis: Analysis, q: Quantity, sentence: tuple[int, int]) -> Timex | None:
    times = [t for t in analysis.times if sentence[0] <= t.start and t.end <= sentence[1]]
    containing = [t for t in times if t.start <= q.start and q.end <= t.end and (t.end - t.start) > (q.end - q.start)]
    if containing:
        return containing[0]
    others = [t for t in times if (t.end <= q.start or q.end <= t.start) and t.type in ("DATE", "TIME")]
    if not others:
        return None
    return min(others, key=lambda t: min(abs(t.start - q.end), abs(q.start - t.end)))


def claim_keys(claims_by_doc: dict[str, list[ClaimFound]], schema: Schema) -> None:
    """Cluster claims by property and measured entity cluster, then label their consistency."""
    clusters: dict[str, list[ClaimFound]] = {}
    for doc_id, claims in claims_by_doc.items():
        for n, claim in enumerate(claims):
            q = claim.quantity
            prop = q.measured_property or "quantity"
            if claim.entity is not None and claim.entity.key:
                claim.key = f"{prop}-{claim.entity.key}"
            else:
                claim.key = f"{prop}-{q.unit or 'x'}-{slug(str(q.value))}-{doc_id[:3]}-{n}"
            clusters.setdefault(claim.key, []).append(claim)
    for members in clusters.values():
        for claim in members:
            others = [o for o in members if o is not claim]
            if not others:
                claim.consistency = "singleton"
                continue
            mine = _interval(claim.quantity, schema)
            verdicts = []
            for other in others:
                theirs = _interval(other.quantity, schema)
                if mine is None or theirs is None or mine[0] != theirs[0]:
                    verdicts.append("compatible")
                elif mine[1:] == theirs[1:]:
                    verdicts.append("consistent")
                elif _overlap(mine[1:], theirs[1:]):
                    verdicts.append("compatible")
                else:
                    verdicts.append("conflict")
            claim.consistency = "conflict" if "conflict" in verdicts else "compatible" if "compatible" in verdicts else "consistent"


def _interval(q: Quantity, schema: Schema) -> tuple[str, float, float] | None:
    """(dimension, lower, upper) in the dimension's base unit (the schema's factors)."""
    unit = schema.units.get(q.unit or "")
    if unit is None:
        return None
    dim, factor = unit.dimension, float(unit.factor)
    lower = -float("inf") if q.lower is None else q.lower * factor
    upper = float("inf") if q.upper is None else q.upper * factor
    return dim, lower, upper


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9


# ---------------------------------------------------------------- records

def to_record(analysis: Analysis, claims: list[ClaimFound], schema: Schema) -> dict:
    """The prediction record of one document (ids m1.., t1.., e1.., q1.. in text order)."""
    text = analysis.text
    mentions = sorted((m for m in analysis.mentions if m.type in schema.entity_types), key=lambda m: (m.start, -m.end, m.head_start))
    unique: list[Found] = []
    seen: set[tuple[int, int, int, int]] = set()
    for m in mentions:
        if (m.start, m.end, m.head_start, m.head_end) not in seen:
            seen.add((m.start, m.end, m.head_start, m.head_end))
            unique.append(m)
    ids: dict[int, str] = {}
    entities = []
    for n, m in enumerate(unique, 1):
        ids[id(m)] = f"m{n}"
        entities.append({
            "id": f"m{n}", "start": m.start, "end": m.end, "text": text[m.start:m.end], "type": m.type,
            "level": m.level if m.level in schema.mention_levels else None,
            "head": {"start": m.head_start, "end": m.head_end, "text": text[m.head_start:m.head_end]},
            "cluster": m.key or f"x-{m.start}",
        })
    by_span = {(m.start, m.end, m.head_start, m.head_end): ids[id(m)] for m in unique}
    for m in analysis.mentions:
        if id(m) not in ids and (m.start, m.end, m.head_start, m.head_end) in by_span:
            ids[id(m)] = by_span[(m.start, m.end, m.head_start, m.head_end)]
    times = []
    for n, t in enumerate(sorted(analysis.times, key=lambda t: t.start), 1):
        if t.type not in schema.time_types:
            continue
        ids[id(t)] = f"t{n}"
        times.append({"id": f"t{n}", "start": t.start, "end": t.end, "text": text[t.start:t.end], "type": t.type, "value": t.value})
    events = []
    for event in sorted(analysis.events, key=lambda e: e.start):
        arguments = [
            {"role": role, "mention": ids[id(filler)], "start": filler.start, "end": filler.end, "text": text[filler.start:filler.end]}
            for role, filler in event.arguments if id(filler) in ids
        ]
        events.append({
            "id": f"e{len(events) + 1}", "type": event.type, "realis": event.realis, "cluster": event.key,
            "trigger": {"start": event.start, "end": event.end, "text": text[event.start:event.end]},
            "arguments": arguments,
        })
    claim_ids = {id(c): f"q{n}" for n, c in enumerate(claims, 1)}
    records = []
    for n, c in enumerate(claims, 1):
        q = c.quantity
        records.append({
            "id": f"q{n}", "start": q.start, "end": q.end, "text": text[q.start:q.end],
            "value": q.value,
            "unit": q.unit if q.unit in schema.units else None,
            "qualifier": q.qualifier if q.qualifier in schema.qualifiers else None,
            "lower": q.lower, "upper": q.upper,
            "measured_entity": ids.get(id(c.entity)) if c.entity is not None else None,
            "measured_property": q.measured_property if q.measured_property in schema.properties else None,
            "time_anchor": ids.get(id(c.anchor)) if c.anchor is not None else None,
            "attribution": ids.get(id(c.attribution)) if c.attribution is not None else None,
            "statement": {"start": c.statement[0], "end": c.statement[1], "text": text[c.statement[0]:c.statement[1]]},
            "linked": [claim_ids[id(claims[k])] for k in c.linked],
            "cluster": c.key,
            "consistency": c.consistency if c.consistency in schema.consistency else None,
            "consistency_note": None,
        })
    return {"doc_id": analysis.doc_id, "text": text, "entities": entities, "times": times, "events": events, "claims": records}


# ---------------------------------------------------------------- the whole pipeline

def run(
    documents: Sequence[tuple[str, str]],
    schema: Schema,
    analyse: Callable[[str, str, Schema], tuple[Analysis, Sequence[Token]]],
    corpus_pass: Callable[[Sequence[Analysis]], None] | None = None,
    event_hooks: Callable[[Analysis], dict] | None = None,
) -> list[dict]:
    """Analyse every document, link across documents, add events and claims, make records.

    ``event_hooks(analysis)`` may return keyword arguments for :func:`find_events`
    (``lemma_of``, ``parse_arguments``) and a ``tokens`` entry replacing the tokens
    the events are found on.
    """
    analysed = [analyse(doc_id, text, schema) for doc_id, text in documents]
    analyses = [a for a, _ in analysed]
    if corpus_pass is not None:
        corpus_pass(analyses)
    for analysis in analyses:
        resolve_pronouns(analysis.text, analysis.mentions, analysis.sentences)
    link_names(analyses)
    claims_by_doc: dict[str, list[ClaimFound]] = {}
    for analysis, tokens in analysed:
        hooks = dict(event_hooks(analysis)) if event_hooks else {}
        find_events(analysis, hooks.pop("tokens", tokens), schema, **hooks)
        claims_by_doc[analysis.doc_id] = build_claims(analysis, tokens)
    event_keys(analyses)
    claim_keys(claims_by_doc, schema)
    return [to_record(a, claims_by_doc[a.doc_id], schema) for a in analyses]
