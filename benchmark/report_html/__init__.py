"""``caravan-ie report``: one self-contained HTML page for looking at a system's errors.

The page shows, for each article, the gold and the predicted entity mentions side by side,
highlighted by match status (``status.py`` defines them); events, claims and time expressions
as tables with their status; the scorer's headline metrics (``benchmark.scoring``) with
bootstrap intervals; and strict F1 per entity type as an SVG chart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..output import write_text
from .page import Mark, badge, counts_table, esc, f1_chart, highlight, legend, page, score_table, table
from .status import STATUSES, match_statuses, spanset

__all__ = ["build_report", "write_report", "entity_marks"]

SIDES = ("gold", "predicted")


def _describe(item: dict, text: str) -> str:
    start, end = item["start"], item["end"]
    parts = [str(item.get("type") or ""), str(item.get("level") or ""), f"{start}-{end}", f"“{text[start:end]}”"]
    if item.get("id") is not None:
        parts.insert(0, str(item["id"]))
    return " ".join(p for p in parts if p)


def _paired(layer_gold: list[dict], layer_pred: list[dict], key) -> tuple[list, list, Any]:
    """Distinct keys of each side (first item kept per key) and their statuses."""
    def first(items: list[dict]) -> dict:
        out: dict = {}
        for item in items:
            out.setdefault(key(item), item)
        return out

    gold, pred = first(layer_gold), first(layer_pred)
    gold_keys, pred_keys = spanset(gold), spanset(pred)
    matched = match_statuses(gold_keys, pred_keys)
    return [gold[k] for k in gold_keys], [pred[k] for k in pred_keys], matched


def _mention_key(item: dict) -> tuple:
    return (item["start"], item["end"], item.get("type"))


def entity_marks(doc_index: int, text: str, gold: list[dict], pred: list[dict]) -> dict[str, list[Mark]]:
    """The highlighted mentions of one document, per side."""
    gold_items, pred_items, matched = _paired(gold, pred, _mention_key)
    partner_of_gold = matched.partner_of_gold
    marks: dict[str, list[Mark]] = {"gold": [], "predicted": []}
    for i, item in enumerate(gold_items):
        j = partner_of_gold[i]
        other = f"predicted {_describe(pred_items[j], text)}" if j >= 0 else "no prediction overlaps"
        status = matched.gold[i]
        title = f"gold {_describe(item, text)}\nstatus: {status.replace('_', ' ')}\n{other}"
        marks["gold"].append(Mark(item["start"], item["end"], status, f"g{doc_index}-{i}", "gold", title))
    for j, item in enumerate(pred_items):
        i = matched.partner_of_pred[j]
        other = f"gold {_describe(gold_items[i], text)}" if i >= 0 else "no gold span overlaps"
        status = matched.pred[j]
        title = f"predicted {_describe(item, text)}\nstatus: {status.replace('_', ' ')}\n{other}"
        marks["predicted"].append(Mark(item["start"], item["end"], status, f"p{doc_index}-{j}", "predicted", title))
    return marks


def _text_cell(item: dict | None, text: str, extra: list[str]) -> str:
    if item is None:
        return ""
    span = item.get("trigger") or item
    start, end = span["start"], span["end"]
    details = " · ".join(esc(x) for x in extra if x not in ("", "None"))
    return f"“{esc(text[start:end])}” <small>{start}-{end}</small><br><small>{details}</small>"


def _status_rows(doc_id: str, text: str, gold: list[dict], pred: list[dict], key, fields) -> list[list[str]]:
    """Table rows: each gold item with its partner, then each unpaired prediction."""
    gold_items, pred_items, matched = _paired(gold, pred, key)
    partner = matched.partner_of_gold
    rows = []
    for i, item in enumerate(gold_items):
        other = pred_items[partner[i]] if partner[i] >= 0 else None
        rows.append([esc(doc_id), badge(matched.gold[i]), _text_cell(item, text, fields(item, other)),
                     _text_cell(other, text, fields(other, item)) if other else ""])
    for j, item in enumerate(pred_items):
        if matched.partner_of_pred[j] < 0:
            rows.append([esc(doc_id), badge(matched.pred[j]), "", _text_cell(item, text, fields(item, None))])
    return rows


def _event_fields(event: dict | None, other: dict | None) -> list[str]:
    if event is None:
        return []
    arguments = event.get("arguments") or []
    mine = {(a.get("role"), a.get("start"), a.get("end")) for a in arguments}
    theirs = {(a.get("role"), a.get("start"), a.get("end")) for a in (other or {}).get("arguments") or []}
    found = f"{len(mine & theirs)}/{len(mine)} arguments also on the other side" if other is not None else f"{len(mine)} arguments"
    roles = ", ".join(f"{a.get('role')}={a.get('text') or ''}" for a in arguments)
    return [str(event.get("type")), str(event.get("realis")), found, roles]


def _claim_fields(claim: dict | None, other: dict | None) -> list[str]:
    if claim is None:
        return []
    bounds = f"[{claim.get('lower')}, {claim.get('upper')}]"
    agree = []
    if other is not None:
        agree = [k for k in ("value", "unit", "qualifier", "lower", "upper") if claim.get(k) == other.get(k)]
    return [f"value {claim.get('value')} {claim.get('unit') or ''}", str(claim.get("qualifier")), bounds,
            str(claim.get("measured_property")), f"agrees on: {', '.join(agree) or 'nothing'}" if other is not None else ""]


def _time_fields(time: dict | None, other: dict | None) -> list[str]:
    if time is None:
        return []
    same = "same value" if other is not None and other.get("value") == time.get("value") else ""
    return [str(time.get("type")), str(time.get("value")), same]


def build_report(
    predictions: Path | str | list[dict],
    gold: Path | str | list[dict] | None = None,
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    schema: Any = None,
    match: str = "offsets",
) -> tuple[str, dict[str, dict[str, int]]]:
    """The page and the number of highlighted entity spans per side and status.

    Predictions and gold are read and checked as ``caravan-ie evaluate`` reads them (bad
    input raises ``InputError`` naming file and line). With ``match="text"``, items whose text
    was not found count in the scores and are left out of the highlighted text.
    """
    from ..scoring.align import without_unaligned
    from ..scoring.evaluate import load_gold, run
    from ..scoring.report import headline_rows

    gold_data = load_gold(gold, schema)
    evaluation = run(predictions, gold_data, bootstrap=bootstrap, seed=seed, match=match)
    predicted = {doc_id: without_unaligned(record) for doc_id, record in evaluation.predictions.items()}
    report = evaluation.report
    counts = {side: {s: 0 for s in STATUSES if s != ("spurious" if side == "gold" else "missed")} for side in SIDES}
    articles, event_rows, claim_rows, time_rows = [], [], [], []
    for index, (doc_id, record) in enumerate(sorted(gold_data.source.records.items())):
        text, pred = record["text"], predicted.get(doc_id, {})
        marks = entity_marks(index, text, record.get("entities") or [], pred.get("entities") or [])
        columns = []
        for side in SIDES:
            for mark in marks[side]:
                counts[side][mark.status] += 1
            body, height = highlight(text, marks[side])
            columns.append(
                f'<div><h3>{side}</h3><div class="text" data-side="{side}" '
                f'style="line-height:{1.6 + 0.3 * height:.1f}em">{body}</div></div>'
            )
        articles.append(f'<article id="{esc(doc_id)}"><h3>{esc(doc_id)}</h3><div class="pair">{"".join(columns)}</div></article>')
        event_rows += _status_rows(doc_id, text, record.get("events") or [], pred.get("events") or [],
                                   lambda e: (e["trigger"]["start"], e["trigger"]["end"], e.get("type")), _event_fields)
        claim_rows += _status_rows(doc_id, text, record.get("claims") or [], pred.get("claims") or [],
                                   lambda c: (c["start"], c["end"], "claim"), _claim_fields)
        time_rows += _status_rows(doc_id, text, record.get("times") or [], pred.get("times") or [],
                                  _mention_key, _time_fields)

    per_type = (report.get("entities") or {}).get("per_type") or {}
    support = {label: entry["strict"].get("possible", 0) for label, entry in per_type.items()}
    chart = f1_chart([(label, entry["strict"]["f1"], support[label]) for label, entry in per_type.items()],
                     "Entity mentions: strict F1 per type")
    meta = report.get("meta", {})
    options = meta.get("options", {})
    provenance = (
        f"predictions: {esc(meta.get('predictions', {}).get('source', ''))} "
        f"(SHA-256 {esc(str(meta.get('predictions', {}).get('sha256', ''))[:12])}…); "
        f"gold: {esc(meta.get('gold', {}).get('source', ''))} version {esc(meta.get('gold', {}).get('version'))}; "
        f"intervals: {esc(options.get('bootstrap', 0))} bootstrap resamples over "
        f"{esc(meta.get('gold', {}).get('sentences', ''))} sentences, seed {esc(options.get('seed', 0))}"
    )
    if meta.get("alignment"):
        provenance += "; --match text aligned " + esc(", ".join(
            f"{layer} {n['aligned']}/{n['aligned'] + n['unaligned']}" for layer, n in meta["alignment"].items()
        )) + " (unaligned items count as false positives and are not highlighted)"
    header = ["document", "status", "gold", "predicted"]
    sections = [
        ("Scores", f'<div class="scores"><div>{score_table(list(headline_rows(report)))}</div>'
                   f'<div>{chart}{counts_table(counts)}<h3>Legend</h3>{legend()}</div></div>'),
        ("Entity mentions", "".join(articles)),
        ("Events", '<p class="meta">Paired by trigger span and type; realis and arguments shown.</p>' + table(header, event_rows)),
        ("Claims", '<p class="meta">Paired by span; values, units and bounds compared.</p>' + table(header, claim_rows)),
        ("Time expressions", table(header, time_rows)),
    ]
    return page("Caravan-IE error analysis", sections, provenance), counts


def write_report(predictions: Path | str, output: Path | str, **options: Any) -> dict[str, dict[str, int]]:
    """Write the page to ``output``; return the highlighted span counts per side and status."""
    html, counts = build_report(predictions, **options)
    write_text(html, output)
    return counts
