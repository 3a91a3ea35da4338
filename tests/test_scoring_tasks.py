"""Hand-worked event and claim examples: the arithmetic is in each docstring."""

from __future__ import annotations

import pytest

from benchmark.scoring.evaluate import evaluate
from tests.synthetic import synthetic_schema

SCHEMA = synthetic_schema()


def _span(text: str, surface: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "text": surface}


def _mention(text: str, mid: str, surface: str, etype: str, cluster: str | None = None) -> dict:
    span = _span(text, surface)
    return {"id": mid, **span, "type": etype, "level": "NAM", "head": dict(span), "cluster": cluster or mid}


def _argument(text: str, role: str, surface: str) -> dict:
    return {"role": role, **_span(text, surface)}


EVENT_TEXT = "Police fired gas at migrants. Mexico deported 98 people."


def test_events_hand_worked():
    """Gold: "fired" Conflict:Attack ACTUAL (Attacker Police, Target migrants, Instrument gas);
    "deported" Justice:Deport ACTUAL (Agent Mexico, Person people).
    Predicted: "fired" Conflict:Attack OTHER (Attacker Police, Target gas, Instrument migrants);
    "deported" Movement:Transport ACTUAL (Agent Mexico).

    trigger_identification: both spans found -> P = R = 2/2.
    trigger_classification: (fired, Attack) right, (deported, Transport) wrong -> P = R = 1/2.
    argument_identification, keyed (type, span): Attack/Police, Attack/gas, Attack/migrants found,
      Transport/Mexico is not Deport/Mexico -> tp 3, P = 3/4, R = 3/5.
    argument_classification adds the role: only Attack/Police/Attacker -> P = 1/4, R = 1/5.
    attached variants add the trigger span; the triggers agree, so the same numbers.
    realis: (fired, Attack, OTHER) is not ACTUAL; (deported, Transport) was not classified right
      -> tp 0, accuracy 0 / 1 matched trigger.
    """
    t = EVENT_TEXT
    gold_events = [
        {"id": "e1", "type": "Conflict:Attack", "realis": "ACTUAL", "cluster": "attack", "trigger": _span(t, "fired"),
         "arguments": [_argument(t, "Attacker", "Police"), _argument(t, "Target", "migrants"), _argument(t, "Instrument", "gas")]},
        {"id": "e2", "type": "Justice:Deport", "realis": "ACTUAL", "cluster": "deport", "trigger": _span(t, "deported"),
         "arguments": [_argument(t, "Agent", "Mexico"), _argument(t, "Person", "people")]},
    ]
    pred_events = [
        {"type": "Conflict:Attack", "realis": "OTHER", "trigger": _span(t, "fired"),
         "arguments": [_argument(t, "Attacker", "Police"), _argument(t, "Target", "gas"), _argument(t, "Instrument", "migrants")]},
        {"type": "Movement:Transport", "realis": "ACTUAL", "trigger": _span(t, "deported"),
         "arguments": [_argument(t, "Agent", "Mexico")]},
    ]
    gold = [{"doc_id": "d", "text": t, "events": gold_events}]
    report = evaluate([{"doc_id": "d", "events": pred_events}], gold, schema=SCHEMA)["events"]
    expected = {
        "trigger_identification": (1, 1), "trigger_classification": (1 / 2, 1 / 2),
        "argument_identification": (3 / 4, 3 / 5), "argument_classification": (1 / 4, 1 / 5),
        "argument_identification_attached": (3 / 4, 3 / 5), "argument_classification_attached": (1 / 4, 1 / 5),
        "realis": (0, 0),
    }
    for name, (precision, recall) in expected.items():
        assert (report[name]["precision"], report[name]["recall"]) == pytest.approx((precision, recall)), name
    assert report["realis"]["accuracy"] == 0 and report["realis"]["matched"] == 1
    # Two singleton clusters on each side, on the same triggers: B-cubed and CEAF-e are perfect, MUC has
    # no links to score (0), so the CoNLL F1 is (0 + 1 + 1) / 3.
    coreference = report["event_coreference"]
    assert (coreference["b_cubed"]["f1"], coreference["ceaf_e"]["f1"], coreference["muc"]["f1"]) == (1, 1, 0)
    assert coreference["conll_f1"] == pytest.approx(2 / 3)


CLAIM_TEXT = "Mexico deported 98 people, about 100 said the BBC, in 2 days."


def _claims_example() -> tuple[list[dict], list[dict]]:
    """The gold and predictions of :func:`test_claims_hand_worked`."""
    t = CLAIM_TEXT
    gold_entities = [_mention(t, "m1", "people", "PER"), _mention(t, "m2", "BBC", "ORG")]
    pred_entities = [_mention(t, "x1", "people", "PER"), _mention(t, "x2", "the BBC", "ORG")]
    base = {"cluster": "q", "measured_property": None, "time_anchor": None, "statement": None}
    gold_claims = [
        {"id": "q1", **_span(t, "98"), "value": 98, "unit": "person", "qualifier": "exact", "lower": 98, "upper": 98,
         "measured_entity": "m1", "attribution": None, "consistency": "consistent", **base},
        {"id": "q2", **_span(t, "about 100"), "value": 100, "unit": "person", "qualifier": "approximately",
         "lower": 90, "upper": 110, "measured_entity": None, "attribution": "m2", "consistency": "compatible", **base},
        {"id": "q3", **_span(t, "2 days"), "value": 2, "unit": "day", "qualifier": "exact", "lower": 2, "upper": 2,
         "measured_entity": None, "attribution": None, "consistency": "consistent", **base},
    ]
    pred_claims = [
        {**_span(t, "98 people"), "value": 98, "unit": "person", "qualifier": "exact", "lower": 98, "upper": 98,
         "measured_entity": "x1", "attribution": None, "consistency": "consistent"},
        {**_span(t, "100"), "value": 103, "unit": "person", "qualifier": "exact", "lower": 103, "upper": 103,
         "measured_entity": None, "attribution": "x2", "consistency": "compatible"},
        {**_span(t, "said"), "value": 1},
    ]
    gold = [{"doc_id": "d", "text": t, "entities": gold_entities, "claims": gold_claims}]
    pred = [{"doc_id": "d", "entities": pred_entities, "claims": pred_claims}]
    return gold, pred


@pytest.mark.parametrize("tolerance, tp", [(0.05, 2), (0.03, 2), (0.02, 1), (0.0, 1)])
def test_value_tolerance_argument(tolerance, tp):
    """On the aligned pairs of the claims example, 98 vs 98 always agrees and 103 vs 100 is 3% off:
    within a tolerance of 5% or 3% (3 <= 0.03 x 100), not within 2% or 0%. The default is 5%."""
    gold, pred = _claims_example()
    report = evaluate(pred, gold, tasks=["claims"], schema=SCHEMA, value_tolerance=tolerance)
    entry = report["claims"]["value"]["tolerance"]
    assert (entry["tp"], entry["fp"], entry["fn"], entry["tolerance"]) == (tp, 3 - tp, 3 - tp, tolerance)
    assert entry["accuracy"] == pytest.approx(tp / 2)
    assert report["claims"]["value"]["exact"]["tp"] == 1  # exact ignores the tolerance
    assert report["meta"]["options"]["value_tolerance"] == tolerance
    default = evaluate(pred, gold, tasks=["claims"], schema=SCHEMA)["claims"]["value"]["tolerance"]
    assert default["tolerance"] == 0.05 and default["tp"] == 2


def test_claims_hand_worked():
    """Gold: G1 "98" (98 person, exact, [98, 98], measures "people", no source, consistent);
    G2 "about 100" (100 person, approximately, [90, 110], no entity, source "BBC", compatible);
    G3 "2 days" (2 day, exact, [2, 2]).
    Predicted: P1 "98 people" with all of G1's fields (its entity "people" has the same span);
    P2 "100" (103 person, exact, [103, 103], no entity, source "the BBC", compatible); P3 "said".

    detection.strict: no span equal -> tp 0, P = R = 0.
    detection.overlap: P1-G1 and P2-G2 align, P3 and G3 do not -> P = R = 2/3.
    On the 2 pairs (P = tp/3, R = tp/3, accuracy = tp/2):
      value.exact 1 (103 != 100); value.tolerance 2 (|103 - 100| = 3 <= 5% of 100);
      unit 2; bounds 1; qualifier 1; measured_entity 2 (same span; null = null);
      attribution 1 ("the BBC" is not the span of "BBC"); consistency 2.
    """
    gold, pred = _claims_example()
    report = evaluate(pred, gold, tasks=["claims"], schema=SCHEMA)["claims"]
    assert report["detection"]["strict"]["f1"] == 0
    assert report["detection"]["overlap"]["precision"] == report["detection"]["overlap"]["recall"] == pytest.approx(2 / 3)
    correct = {"value.exact": 1, "value.tolerance": 2, "unit": 2, "bounds": 1, "qualifier": 1,
               "measured_entity": 2, "attribution": 1, "consistency": 2}
    for name, tp in correct.items():
        entry = report[name] if "." not in name else report["value"][name.split(".")[1]]
        assert (entry["tp"], entry["fp"], entry["fn"]) == (tp, 3 - tp, 3 - tp), name
        assert entry["accuracy"] == pytest.approx(tp / 2) and entry["matched"] == 2
