"""Event scores as TextEE (Huang et al. 2024) defines them, plus realis and event coreference.

Each metric compares sets of tuples (a repeated tuple counts once), over all documents:

* ``trigger_identification``: (doc, trigger start, end);
* ``trigger_classification``: (doc, trigger start, end, event type);
* ``argument_identification``: (doc, event type, argument start, end);
* ``argument_classification``: (doc, event type, argument start, end, role);
* ``argument_identification_attached``: (doc, trigger start, end, event type, argument start, end);
* ``argument_classification_attached``: the same plus the role;
* ``realis``: (doc, trigger start, end, event type, realis); its ``accuracy`` is tp over the
  triggers classified correctly (realis accuracy on matched triggers);
* ``event_coreference`` (inside ``events``): the coreference metrics over triggers keyed by (doc, start, end) and
  grouped by ``cluster`` across documents, as for entities.

Spans are full extents as annotated (not heads). A tuple's unit is the sentence where its
trigger (for argument tuples: its argument) starts.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from .entities import Pair, _error, _unit_of, coreference_result
from .tally import TaskResult, Units, keyed, score_sets

__all__ = ["score_events", "TUPLES"]

Key = tuple


def _trigger(doc_id: str, e: dict) -> Key:
    return (doc_id, e["trigger"]["start"], e["trigger"]["end"])


def _arguments(doc_id: str, e: dict) -> Iterable[tuple[dict, Key]]:
    for a in e.get("arguments") or ():
        yield a, (doc_id, e["trigger"]["start"], e["trigger"]["end"], e["type"], a["start"], a["end"], a.get("role"))


# metric -> (key of an event, or of each argument tuple (trigger..., type, start, end, role) projected)
TUPLES: dict[str, Callable[[tuple], tuple]] = {
    "argument_identification": lambda k: (k[0], k[3], k[4], k[5]),
    "argument_classification": lambda k: (k[0], k[3], k[4], k[5], k[6]),
    "argument_identification_attached": lambda k: k[:6],
    "argument_classification_attached": lambda k: k,
}


def score_events(pairs: Sequence[Pair], units: Units) -> dict[str, TaskResult]:
    """``events``: the TextEE metrics, realis and event coreference."""
    texts = {doc_id: text for doc_id, text, _, _ in pairs}
    sides = []
    for index in (2, 3):
        events = [(pair[0], e) for pair in pairs for e in pair[index]]
        # each trigger's and argument's unit is looked up once, for all the metrics keyed on it
        triggers = [(_trigger(d, e), e, units(d, e["trigger"]["start"])) for d, e in events]
        arguments = [(key, units(d, a["start"])) for d, e in events for a, key in _arguments(d, e)]
        keys = {
            "trigger_identification": keyed((trigger, unit) for trigger, _, unit in triggers),
            "trigger_classification": keyed(((*trigger, e["type"]), unit) for trigger, e, unit in triggers),
            **{name: keyed((project(key), unit) for key, unit in arguments) for name, project in TUPLES.items()},
            "realis": keyed(((*trigger, e["type"], e.get("realis")), unit) for trigger, e, unit in triggers),
        }
        sides.append((events, keys))
    (gold_events, gold), (pred_events, pred) = sides
    report, stats, errors = {}, {}, []
    for name in gold:
        entry, stats[f"events.{name}"], fps, fns = score_sets(gold[name], pred[name])
        report[name] = entry
        if name == "trigger_classification":
            errors += [_error("events.trigger_classification", kind, k[0], texts[k[0]], k[1:3], *labels(k))
                       for kind, keys, labels in (("fp", fps, lambda k: (None, k[3])), ("fn", fns, lambda k: (k[3], None)))
                       for k in keys]
        if name == "argument_classification_attached":
            errors += [_error("events.argument_classification_attached", kind, k[0], texts[k[0]], k[4:6], *labels(k),
                              trigger=list(k[1:4]))
                       for kind, keys, labels in (("fp", fps, lambda k: (None, k[6])), ("fn", fns, lambda k: (k[6], None)))
                       for k in keys]
    matched = report["trigger_classification"]["tp"]
    report["realis"]["accuracy"] = report["realis"]["tp"] / matched if matched else 0.0
    report["realis"]["matched"] = matched
    report["event_coreference"], clusterings = coreference_result(
        "events.event_coreference",
        [(_trigger(d, e), e.get("cluster")) for d, e in gold_events],
        [(_trigger(d, e), e.get("cluster")) for d, e in pred_events],
        _unit_of(units),
    )
    return {"events": TaskResult(report, stats, errors, [clusterings])}
