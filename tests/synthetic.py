"""Random corpora in the export format, for testing and timing the scorer (never for the gold).

``synthetic_corpus`` writes documents of capitalised sentences of made-up words, annotates random
token spans (nested and overlapping ones included) in every layer, and derives a prediction by
perturbing the gold the way systems err: dropped items, shifted boundaries, wrong labels,
invented items, wrong attributes and cluster ids. ``synthetic_schema`` gives it a fixed event
inventory, independent of the annotated one.
"""

from __future__ import annotations

import dataclasses
import random

from benchmark.data.schema import EventType, Schema, load_schema

__all__ = ["synthetic_schema", "synthetic_corpus", "synthetic_documents"]

EVENT_TYPES = {
    "Movement:Transport": {"Agent": ("PER", "ORG", "GPE"), "Destination": ("GPE", "LOC", "FAC"), "Time": ("TIME",)},
    "Conflict:Attack": {"Attacker": ("PER", "ORG"), "Target": ("PER", "FAC"), "Instrument": ("WEA",)},
    "Justice:Deport": {"Agent": ("GPE", "ORG"), "Person": ("PER",)},
}


def synthetic_schema(schema: Schema | None = None) -> Schema:
    """The shipped schema (or ``schema``) with its event types replaced by three synthetic ones."""
    events = {name: EventType(name, "synthetic", None, roles) for name, roles in EVENT_TYPES.items()}
    return dataclasses.replace(schema or load_schema(), event_types=events)


def _text(rng: random.Random, n_tokens: int) -> tuple[str, list[tuple[int, int]]]:
    """Sentences of 5 to 15 words; returns the text and every word's (start, end)."""
    parts, tokens, at, left = [], [], 0, n_tokens
    while left > 0:
        length = min(left, rng.randint(5, 15))
        for k in range(length):
            word = "".join(rng.choice("aeioubcdfgklmnprstvz") for _ in range(rng.randint(2, 7)))
            word = word.capitalize() if k == 0 else word
            tokens.append((at, at + len(word)))
            parts.append(word)
            at += len(word)
            sep = ". " if k == length - 1 else " "
            parts.append(sep)
            at += len(sep)
        left -= length
    return "".join(parts), tokens


def _span(rng: random.Random, tokens: list[tuple[int, int]], width: int = 3) -> tuple[int, int]:
    first = rng.randrange(len(tokens))
    last = min(len(tokens) - 1, first + rng.randrange(width))
    return tokens[first][0], tokens[last][1]


def _cluster(rng: random.Random, prefix: str, doc_id: str, n_mentions: int) -> str:
    """A cluster id: mostly one of the document's own, sometimes one shared with the other two
    documents of its group of three (the shipped corpus: three articles on one event)."""
    if rng.random() < 0.1:
        return f"{prefix}-topic{int(doc_id[3:]) // 3}-{rng.randrange(max(1, n_mentions // 10))}"
    return f"{prefix}-{doc_id}-{rng.randrange(max(1, n_mentions // 3))}"


def _gold_document(rng: random.Random, doc_id: str, n_mentions: int, schema: Schema) -> dict:
    text, tokens = _text(rng, max(4, 3 * n_mentions))
    types, levels = sorted(schema.entity_types), sorted(schema.mention_levels)
    entities = []
    for n in range(n_mentions):
        start, end = _span(rng, tokens)
        head = next(t for t in reversed(tokens) if t[1] <= end)
        entities.append({
            "id": f"m{n}", "start": start, "end": end, "text": text[start:end], "type": rng.choice(types),
            "level": rng.choice(levels), "head": {"start": head[0], "end": head[1], "text": text[head[0]:head[1]]},
            "cluster": _cluster(rng, "c", doc_id, n_mentions),
        })
    times = []
    for n in range(max(1, n_mentions // 10)):
        start, end = _span(rng, tokens, 2)
        times.append({"id": f"t{n}", "start": start, "end": end, "text": text[start:end],
                      "type": rng.choice(sorted(schema.time_types)), "value": f"2018-11-{rng.randint(10, 30)}"})
    events = []
    for n in range(max(1, n_mentions // 8)):
        start, end = _span(rng, tokens, 1)
        event_type = rng.choice(sorted(schema.event_types))
        roles = sorted(schema.event_types[event_type].roles)
        arguments = [
            {"role": rng.choice(roles), "start": m["start"], "end": m["end"], "text": m["text"], "mention": m["id"]}
            for m in rng.sample(entities, min(len(entities), rng.randint(0, 3)))
        ]
        events.append({"id": f"e{n}", "type": event_type, "realis": rng.choice(sorted(schema.realis)),
                       "cluster": _cluster(rng, "ev", doc_id, n_mentions),
                       "trigger": {"start": start, "end": end, "text": text[start:end]}, "arguments": arguments})
    claims = []
    for n in range(max(1, n_mentions // 10)):
        start, end = _span(rng, tokens, 2)
        value = float(rng.choice([3, 98, 500, 4000, 2.5]))
        claims.append({
            "id": f"q{n}", "start": start, "end": end, "text": text[start:end], "value": value,
            "unit": rng.choice(sorted(schema.units)) if schema.units else None,
            "qualifier": rng.choice(sorted(schema.qualifiers)) if schema.qualifiers else None,
            "lower": value, "upper": rng.choice([value, None]),
            "measured_entity": rng.choice([None, *(m["id"] for m in entities[:5])]),
            "attribution": rng.choice([None, *(m["id"] for m in entities[:3])]),
            "consistency": rng.choice(sorted(schema.consistency)) if schema.consistency else None,
            "cluster": _cluster(rng, "qc", doc_id, n_mentions),
        })
    return {"doc_id": doc_id, "text": text, "entities": entities, "times": times, "events": events, "claims": claims}


def _shift(rng: random.Random, item: dict, text: str) -> dict:
    """Move one boundary of a span to a neighbouring word boundary (or keep it)."""
    start, end = item["start"], item["end"]
    if rng.random() < 0.5:
        nxt = text.find(" ", end + 1)
        end = nxt if nxt > end and text[nxt - 1] != "." else end
    else:
        prev = text.rfind(" ", 0, max(start - 1, 0))
        start = prev + 1 if 0 <= prev < start - 1 else start
    return {**item, "start": start, "end": end, "text": text[start:end]}


def _perturb(rng: random.Random, gold: dict, schema: Schema) -> dict:
    text = gold["text"]
    types = sorted(schema.entity_types)

    def noisy(items: list[dict], relabel) -> list[dict]:
        out = []
        for item in items:
            draw = rng.random()
            if draw < 0.1:
                continue
            if draw < 0.2:
                item = _shift(rng, item, text)
            elif draw < 0.3:
                item = relabel(item)
            out.append(item)
        return out

    entities = noisy(gold["entities"], lambda m: {**m, "type": rng.choice(types)})
    entities = [{**m, "cluster": _cluster(rng, "c", gold["doc_id"], len(entities))} if rng.random() < 0.15 else m
                for m in entities]
    for m in rng.sample(entities, len(entities) // 10):
        entities.append({**_shift(rng, m, text), "id": m["id"] + "x", "type": rng.choice(types)})
    times = noisy(gold["times"], lambda t: {**t, "value": "2018-11-01"})
    known = {item["id"] for item in entities + times}
    events = []
    for e in gold["events"]:
        draw = rng.random()
        if draw < 0.1:
            continue
        arguments = [
            a if a["mention"] in known else {k: v for k, v in a.items() if k != "mention"}
            for a in e["arguments"] if rng.random() < 0.8
        ]
        events.append({
            **e, "trigger": _shift(rng, e["trigger"], text) if draw < 0.2 else e["trigger"],
            "realis": rng.choice(sorted(schema.realis)) if draw > 0.9 else e["realis"], "arguments": arguments,
        })
    claims = noisy(gold["claims"], lambda c: {  # 3% off, bounds scaled with the value (they must contain it)
        **c, **{k: c[k] * 1.03 for k in ("value", "lower", "upper") if c.get(k) is not None}, "measured_entity": None})
    claims = [{**c, "measured_entity": c["measured_entity"] if c["measured_entity"] in known else None,
               "attribution": c["attribution"] if c["attribution"] in known else None} for c in claims]
    return {"doc_id": gold["doc_id"], "entities": entities, "times": times, "events": events, "claims": claims}


def synthetic_corpus(documents: int = 3, mentions: int = 40, seed: int = 0, schema: Schema | None = None
                     ) -> tuple[list[dict], list[dict], Schema]:
    """(gold records, predicted records, schema) of ``documents`` documents of ``mentions`` mentions each."""
    rng = random.Random(seed)
    schema = synthetic_schema(schema)
    gold = [_gold_document(rng, f"doc{n:05d}", mentions, schema) for n in range(documents)]
    return gold, [_perturb(rng, g, schema) for g in gold], schema


def synthetic_documents(
    n_mentions: int, seed: int = 0, mentions_per_document: int = 500
) -> list[tuple[tuple, tuple]]:
    """Random (key, response) documents with n_mentions key mentions in all, for timing the scorer.

    Mentions are ``(doc_id, start, end)``. Key cluster sizes are skewed (many singletons, a few long
    chains). The response perturbs the key the way systems err: it drops about 10% of the mentions,
    sends 15% to a random cluster of the document, splits 10% of the clusters of three or more, and adds
    invented mentions (5% of the document's mentions).
    Flatten the documents (``[c for key, _ in docs for c in key]``) to time one corpus-wide call.
    """
    rng = random.Random(seed)
    documents = []
    for doc_start in range(0, n_mentions, mentions_per_document):
        doc_id = f"doc{doc_start // mentions_per_document:06d}"
        size = min(mentions_per_document, n_mentions - doc_start)
        mentions = [(doc_id, 2 * t, 2 * t + 1) for t in range(size)]
        key: list[list[tuple]] = []
        position = 0
        while position < size:
            length = min(size - position, 60, int(rng.paretovariate(1.2)))
            key.append(mentions[position : position + length])
            position += length
        response: list[list[tuple]] = [[] for _ in key]
        for k, cluster in enumerate(key):
            for mention in cluster:
                draw = rng.random()
                if draw < 0.10:
                    continue
                target = rng.randrange(len(key)) if draw < 0.25 else k
                response[target].append(mention)
        for k in range(len(key)):
            if len(response[k]) > 2 and rng.random() < 0.10:
                half = len(response[k]) // 2
                response.append(response[k][half:])
                response[k] = response[k][:half]
        invented = int(0.05 * size)
        for t in range(invented):
            rng.choice(response).append((doc_id, 2 * t + 1, 2 * t + 1))
        documents.append(
            (tuple(map(tuple, key)), tuple(tuple(c) for c in response if c))
        )
    return documents
