"""``compare()``: paired significance tests between two systems' predictions on the same gold."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .bootstrap import paired_tests
from .evaluate import check_count, coreference_statistics, load_gold, resampling, run

__all__ = ["compare"]


def compare(
    a: Path | str | list[dict],
    b: Path | str | list[dict],
    gold: Path | str | list[dict] | None = None,
    tasks: Iterable[str] | None = None,
    *,
    resamples: int = 1000,
    trials: int = 10000,
    seed: int = 0,
    schema=None,
    **options,
) -> dict:
    """Per headline metric: F1 of A and B, A - B, and the paired bootstrap and randomisation p-values.

    Coreference metrics are tested on their per-sentence contributions (``bootstrap.CoreferenceStatistics``):
    their F1 here is the sum of the contributions, equal to the report's up to rounding.

    ``options`` are those of ``evaluate`` (``match``, ``value_tolerance``). The result has
    ``metrics`` (dotted metric path -> numbers) and ``meta`` (both systems' report meta).
    """
    check_count("resamples", resamples, 1)
    check_count("trials", trials, 1)
    loaded = load_gold(gold, schema)
    first = run(a, loaded, tasks, seed=seed, **options)
    second = run(b, loaded, tasks, seed=seed, **options)
    metrics = paired_tests(
        first.stats, second.stats, first.units, resamples, trials, seed,
        coreference_statistics(first.clusterings, first.units), coreference_statistics(second.clusterings, second.units),
        first.sentences.groups,
    )
    meta = {
        "a": first.report["meta"], "b": second.report["meta"],
        "test": {"resamples": resamples, "trials": trials, "seed": seed, **resampling(first.sentences)},
    }
    return {"metrics": metrics, "meta": meta}
