"""The match status of every gold and predicted span, for the error-analysis page.

The pairing is the scorer's own: nervaluate's ``strict`` pass as ``benchmark.scoring.spans``
implements it (each side a set of ``(start, end, label)`` in sorted order; each prediction in
turn takes the untaken gold span with the same boundaries and label, else the first untaken
gold span it overlaps, the shared characters being at least 1% of the gold span's length).
The statuses split the strict outcomes by what differs:

* **correct**: same boundaries and label (strict COR);
* **wrong type**: paired (strict INC) with the same boundaries, another label;
* **wrong boundary**: paired (strict INC) with other boundaries, the label the same or not;
* **missed**: a gold span left unpaired (MIS); **spurious**: a prediction left unpaired (SPU).

Both sides of a pair get the pair's status, so the page's counts are the scorer's strict
counts: correct = COR, wrong type + wrong boundary = INC, missed = MIS, spurious = SPU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..scoring.spans import match_spans, spanset

__all__ = ["STATUSES", "STATUS_NAMES", "Matched", "match_statuses", "spanset"]

STATUSES = ("correct", "wrong_type", "wrong_boundary", "missed", "spurious")
STATUS_NAMES = {
    "correct": "correct", "wrong_type": "wrong type", "wrong_boundary": "wrong boundary",
    "missed": "missed", "spurious": "spurious",
}

Span = tuple[int, int, str]


@dataclass
class Matched:
    """Statuses of ``gold[i]`` and ``pred[j]``; ``partner_of_pred[j]`` is the paired gold index or -1."""

    gold: list[str]
    pred: list[str]
    partner_of_pred: list[int]

    @property
    def partner_of_gold(self) -> list[int]:
        partners = [-1] * len(self.gold)
        for j, i in enumerate(self.partner_of_pred):
            if i >= 0:
                partners[i] = j
        return partners


def match_statuses(gold: Sequence[Span], pred: Sequence[Span]) -> Matched:
    """Pair the spans of one document (each side as given by ``spanset``) and give each its status."""
    outcome = match_spans(gold, pred, "strict")
    gold_status = ["missed"] * len(gold)
    pred_status = ["spurious"] * len(pred)
    for j, i in enumerate(outcome.match):
        if i < 0:
            continue
        if outcome.pred[j] == "correct":
            status = "correct"
        elif gold[i][:2] == pred[j][:2]:
            status = "wrong_type"
        else:
            status = "wrong_boundary"
        gold_status[i] = pred_status[j] = status
    return Matched(gold_status, pred_status, list(outcome.match))
