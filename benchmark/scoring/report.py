"""Rendering reports: JSON, and the headline numbers as a plain table, Markdown or LaTeX.

The headline rows are every P/R/F entry of the report (per-type breakdowns aside) and each
CoNLL F1, in report order, with the bootstrap interval when one was computed. Numbers are
percentages with two decimals.
"""

from __future__ import annotations

import json
from typing import Iterator

__all__ = ["FORMATS", "headline_rows", "render", "render_comparison", "report_node"]

FORMATS = ("table", "json", "markdown", "latex")


def report_node(report: dict, path: str) -> tuple[dict | None, object]:
    """(parent, value) at a dotted report path ("entities.bio.default"); (None, None) when absent."""
    parent, node = None, report
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None, None
        parent, node = node, node[part]
    return parent, node


def headline_rows(report: dict) -> Iterator[tuple[str, dict]]:
    """(dotted path, entry) for every entry with an F1; a bare CoNLL F1 becomes {f1} (and its
    ``conll_f1_ci95`` its ci95)."""

    def walk(node: dict, path: str) -> Iterator[tuple[str, dict]]:
        for key, value in node.items():
            if key in ("meta", "per_type", "per_document"):
                continue
            here = f"{path}.{key}" if path else key
            if key == "conll_f1":
                interval = node.get("conll_f1_ci95")
                yield here, {"f1": value, **({"ci95": interval} if interval else {})}
            elif isinstance(value, dict):
                if "f1" in value:
                    yield here, value
                else:
                    yield from walk(value, here)

    return walk(report, "")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.2f}"


def _ci(entry: dict) -> str:
    ci = entry.get("ci95")
    return f"[{_pct(ci[0])}, {_pct(ci[1])}]" if ci else ""


def _grid(header: list[str], rows: list[list[str]], fmt: str) -> str:
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "latex":
        def tex(cell: str) -> str:
            return cell.replace("\\", "\\textbackslash{}").replace("_", "\\_").replace("%", "\\%").replace("&", "\\&")

        lines = [
            "\\begin{tabular}{l" + "r" * (len(header) - 1) + "}", "\\toprule",
            " & ".join(tex(h) for h in header) + " \\\\", "\\midrule",
            *(" & ".join(tex(c) for c in row) + " \\\\" for row in rows),
            "\\bottomrule", "\\end{tabular}",
        ]
        return "\n".join(lines) + "\n"
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    lines = ["  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(row, widths))) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def render(report: dict, fmt: str = "table") -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    rows = [[path, _pct(e.get("precision")), _pct(e.get("recall")), _pct(e["f1"]), _ci(e)] for path, e in headline_rows(report)]
    header = ["metric", "P", "R", "F1", "95% CI"]
    meta = report.get("meta", {})
    gold, pred = meta.get("gold", {}), meta.get("predictions", {})
    note = (
        f"Caravan-IE scorer {meta.get('harness_version')}; gold {gold.get('source')} "
        f"(version {gold.get('version')}, sha256 {str(gold.get('sha256'))[:12]}); "
        f"predictions sha256 {str(pred.get('sha256'))[:12]}"
    )
    alignment = meta.get("alignment")
    if alignment:
        note += "; --match text aligned " + ", ".join(
            f"{layer} {counts['aligned']}/{counts['aligned'] + counts['unaligned']}" for layer, counts in alignment.items()
        ) + " (unaligned items count as false positives)"
    if fmt == "latex":
        return f"% {note}\n" + _grid(header, rows, fmt)
    return _grid(header, rows, fmt) + ("\n" if fmt == "markdown" else "") + note + "\n" + _documents(report, fmt)


def _documents(report: dict, fmt: str) -> str:
    """The per-document F1 table (one column per document), after the main table."""
    documents = report.get("per_document") or {}
    if not documents:
        return ""
    doc_ids = sorted(documents)
    order = {path: n for n, (path, _) in enumerate(headline_rows(report))}
    paths = sorted(documents[doc_ids[0]], key=lambda path: (order.get(path, len(order)), path))
    rows = [[path, *(_pct(documents[d][path]) for d in doc_ids)] for path in paths]
    title = "F1 per document (each scored alone; coreference spans documents and is left out)"
    return f"\n{title}\n" + ("\n" if fmt == "markdown" else "") + _grid(["metric", *doc_ids], rows, fmt)


def render_comparison(result: dict, fmt: str = "table") -> str:
    """A ``compare`` result in ``fmt``."""
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    header = ["metric", "F1 A", "F1 B", "A - B", "p bootstrap", "p AR"]
    rows = [
        [name, _pct(m["f1_a"]), _pct(m["f1_b"]), _pct(m["difference"]), f"{m['p_bootstrap']:.4f}", f"{m['p_randomization']:.4f}"]
        for name, m in result["metrics"].items()
    ]
    return _grid(header, rows, fmt)
