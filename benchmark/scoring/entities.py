"""Entity mentions and time expressions: span schemes, the IOB2 view, value accuracy, coreference.

Mentions are scored on their extent (``start``, ``end``) labelled with their ``type``; time
expressions likewise. Coreference keys a mention by ``(doc_id, start, end)`` and pools every
document into one corpus-level clustering by ``cluster`` id (cross-document links count).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from operator import itemgetter
from typing import Callable, Hashable, Iterable, Sequence

from .spans import HALF_CREDIT, SCHEMES, Counts, by_label, match_schemes, spanset
from .tagging import MODES, chunks, named_spans, ner_chunks, ner_view, plain_label
from .tally import Clusterings, Stats, TaskResult, Units, keyed, score_sets

__all__ = ["Pair", "score_entities", "score_times", "span_layer", "coreference", "coreference_result"]

Pair = tuple[str, str, list[dict], list[dict]]  # (doc_id, text, gold items, predicted items)


_SPAN = itemgetter("start", "end", "type")


def _spans(items: Iterable[dict]) -> list[tuple[int, int, str]]:
    return spanset(map(_SPAN, items))


def span_layer(pairs: Sequence[Pair], units: Units, task: str) -> TaskResult:
    """The four schemes overall (with per-sentence statistics) and per type; strict errors (deferred)."""
    totals = {scheme: Counts() for scheme in SCHEMES}
    per_type: dict[str, dict[str, Counts]] = {}
    stats = {f"{task}.{scheme}": Stats() for scheme in SCHEMES}
    strict: list[tuple] = []  # what the strict errors are made from
    for doc_id, text, gold_items, pred_items in pairs:
        gold, pred = _spans(gold_items), _spans(pred_items)
        gold_units = units.of_offsets(doc_id, [s[0] for s in gold])
        pred_units = units.of_offsets(doc_id, [s[0] for s in pred])
        for scheme, outcome in match_schemes(gold, pred).items():
            totals[scheme] += outcome.counts()
            half = 0.5 if HALF_CREDIT[scheme] else 0.0
            add = stats[f"{task}.{scheme}"].add
            # (unit, status) pairs counted at C speed; n equal additions of 1 or 0.5 are exact as one
            for (unit, status), n in Counter(zip(gold_units, outcome.gold)).items():
                if status == "correct":
                    add(unit, tp=n)
                elif status == "partial":
                    add(unit, tp=n * half, fp=n * (1 - half), fn=n * (1 - half))
                elif status == "incorrect":
                    add(unit, fp=n, fn=n)
                else:
                    add(unit, fn=n)
            for (unit, status), n in Counter(zip(pred_units, outcome.pred)).items():
                if status == "spurious":
                    add(unit, fp=n)
            if scheme == "strict":
                strict.append((doc_id, text, gold, pred, outcome))
        for label, outcomes in by_label(gold, pred).items():
            counts = per_type.setdefault(label, {scheme: Counts() for scheme in SCHEMES})
            for scheme, outcome in outcomes.items():
                counts[scheme] += outcome.counts()
    report = {scheme: totals[scheme].entry(HALF_CREDIT[scheme]) for scheme in SCHEMES}
    report["per_type"] = {
        label: {scheme: counts[scheme].entry(HALF_CREDIT[scheme]) for scheme in SCHEMES}
        for label, counts in sorted(per_type.items())
    }
    return TaskResult(report, stats, deferred=[lambda: (e for doc in strict for e in _span_errors(task, *doc))])


def _span_errors(task, doc_id, text, gold, pred, outcome) -> Iterable[dict]:
    """Strict-scheme errors: every prediction that is not correct (fp) and every gold span missed or mislabelled (fn)."""
    taken_by = {i: j for j, i in enumerate(outcome.match) if i >= 0}
    for j, status in enumerate(outcome.pred):
        if status != "correct":
            i = outcome.match[j]
            yield _error(task, "fp", doc_id, text, pred[j], gold[i][2] if i >= 0 else None, pred[j][2])
    for i, status in enumerate(outcome.gold):
        if status != "correct":
            j = taken_by.get(i, -1)
            yield _error(task, "fn", doc_id, text, gold[i], gold[i][2], pred[j][2] if j >= 0 else None)


def _error(task: str, kind: str, doc_id: str, text: str, span: tuple, gold: object, predicted: object, **extra) -> dict:
    start, end = span[0], span[1]
    return {
        "task": task, "kind": kind, "doc_id": doc_id, "start": start, "end": end,
        "text": text[start:end], "gold": gold, "predicted": predicted, **extra,
    }


def _bio(pairs: Sequence[Pair], units: Units) -> tuple[dict, dict[str, Stats]]:
    """seqeval micro scores of the ``ner`` view in both modes, with per-sentence statistics.

    With plain labels (the schema's types always are) the chunks come straight from the view's
    spans (``ner_chunks``), and both modes read the same ones; otherwise from the tags."""
    views = [
        (doc_id, text, named_spans(gold_items, gold=True), named_spans(pred_items, gold=False))
        for doc_id, text, gold_items, pred_items in pairs
    ]
    if all(plain_label(label) for _, _, *sides in views for side in sides for _, _, label in side):
        gold_chunks, pred_chunks = {}, {}
        for doc_id, text, gold_spans, pred_spans in views:
            sentence_spans = units.sentences[doc_id]
            base = units(doc_id, sentence_spans[0][0])
            gold_side, pred_side = ner_chunks(text, sentence_spans, gold_spans, pred_spans, units.tokens[doc_id])
            gold_chunks.update(((doc_id, *c), base + c[0]) for c in gold_side)
            pred_chunks.update(((doc_id, *c), base + c[0]) for c in pred_side)
        pred_chunks.update(_unaligned_chunks(views, units))
        entry, stats, _, _ = score_sets(gold_chunks, pred_chunks)
        return {mode: dict(entry) for mode in MODES}, {f"entities.bio.{mode}": stats for mode in MODES}
    y_true, y_pred, unit_of = [], [], []
    for doc_id, text, gold_spans, pred_spans in views:
        sentence_spans = units.sentences[doc_id]
        gold_tags, pred_tags, used = ner_view(text, sentence_spans, gold_spans, pred_spans)
        y_true += gold_tags
        y_pred += pred_tags
        unit_of += [units(doc_id, sentence_spans[n][0]) for n in used]
    report, stats = {}, {}
    for mode in MODES:  # score_sets on the chunk sets is score_tags, with per-sentence statistics
        gold_chunks = {c: unit_of[c[0]] for c in chunks(y_true, mode)}
        pred_chunks = {c: unit_of[c[0]] for c in chunks(y_pred, mode)} | _unaligned_chunks(views, units)
        report[mode], stats[f"entities.bio.{mode}"], _, _ = score_sets(gold_chunks, pred_chunks)
    return report, stats


def _unaligned_chunks(views: list, units: Units) -> dict[tuple, int]:
    """A chunk, which no gold chunk equals, for each predicted span of the view that lies past the
    end of its text (an item ``--match text`` could not align): a false positive in both modes."""
    return {
        ("unaligned", doc_id, *span): units(doc_id, span[0])
        for doc_id, text, _, pred_spans in views for span in pred_spans if span[0] >= len(text)
    }


def coreference(gold_keys: Iterable[tuple[Hashable, object]], pred_keys: Iterable[tuple[Hashable, object]]) -> dict:
    """Corpus-level coreference of (mention key, cluster id) pairs; a missing id makes a singleton."""
    return coreference_result("", gold_keys, pred_keys, lambda key: 0)[0]


def coreference_result(
    prefix: str, gold_keys: Iterable[tuple[Hashable, object]], pred_keys: Iterable[tuple[Hashable, object]],
    unit_of: Callable[[Hashable], int],
) -> tuple[dict, Clusterings]:
    """The report entry of :func:`coreference` (only the metrics it shows are computed) and the
    clusterings it was computed on, for the bootstrap."""
    from .coreference import CONTRIBUTION_METRICS, REPORT_KEYS, score_coreference

    key, response = _clusters(gold_keys), _clusters(pred_keys)
    scores = score_coreference(key, response, keep_singletons=True, metrics=CONTRIBUTION_METRICS)
    return {name: scores[name] for name in REPORT_KEYS}, Clusterings(prefix, key, response, unit_of)


def _clusters(pairs: Iterable[tuple[Hashable, object]]) -> list[list[Hashable]]:
    """Clusters in a canonical order, so input order changes nothing: by the repr of their id, then
    the mentions without one as singletons, by the repr of their key. Which cluster keeps a mention
    given twice depends only on that order (the first); the order of mentions inside a cluster
    changes no score."""
    named: defaultdict[object, list[Hashable]] = defaultdict(list)
    singletons = []
    for key, cluster in pairs:
        if cluster is None:
            singletons.append(key)
        else:
            named[cluster].append(key)
    ordered = [named[cluster] for cluster in sorted(named, key=repr)]
    return ordered + [[key] for key in sorted(singletons, key=repr)]


def _unit_of(units: Units) -> Callable[[Hashable], int]:
    """The unit of a mention keyed (doc_id, start, end): the sentence where it starts."""
    return lambda key: units(key[0], key[1])


def score_entities(pairs: Sequence[Pair], units: Units) -> dict[str, TaskResult]:
    """``entities`` (schemes, per_type, bio) and ``entity_coreference``."""
    spans = span_layer(pairs, units, "entities")
    spans.report["bio"], bio_stats = _bio(pairs, units)
    spans.stats.update(bio_stats)
    mentions = [
        [((doc_id, m["start"], m["end"]), m.get("cluster")) for doc_id, _, items, _ in pairs for m in items],
        [((doc_id, m["start"], m["end"]), m.get("cluster")) for doc_id, _, _, items in pairs for m in items],
    ]
    report, clusterings = coreference_result("entity_coreference", *mentions, _unit_of(units))
    return {"entities": spans, "entity_coreference": TaskResult(report, clusterings=[clusterings])}


def score_times(pairs: Sequence[Pair], units: Units) -> dict[str, TaskResult]:
    """``times``: the span schemes, and the TIMEX3 value on spans matched by exact boundaries.

    ``value`` counts a (span, value) pair as the unit: tp = spans found with the gold value,
    so P and R charge both detection and normalisation; ``accuracy`` = tp / spans found.
    """
    result = span_layer(pairs, units, "times")
    gold = keyed(((doc_id, t["start"], t["end"], t.get("value")), units(doc_id, t["start"])) for doc_id, _, items, _ in pairs for t in items)
    pred = keyed(((doc_id, t["start"], t["end"], t.get("value")), units(doc_id, t["start"])) for doc_id, _, _, items in pairs for t in items)
    entry, stats, fps, fns = score_sets(gold, pred)
    found = len({k[:3] for k in gold} & {k[:3] for k in pred})
    result.report["value"] = {**entry, "accuracy": entry["tp"] / found if found else 0.0, "matched": found}
    result.stats["times.value"] = stats
    texts = {doc_id: text for doc_id, text, _, _ in pairs}
    gold_value = {k[:3]: k[3] for k in gold}
    pred_value = {k[:3]: k[3] for k in pred}
    result.errors += [
        _error("times.value", kind, k[0], texts[k[0]], k[1:3], gold_value.get(k[:3]), pred_value.get(k[:3]))
        for kind, keys in (("fp", fps), ("fn", fns)) for k in keys
    ]
    return {"times": result}

