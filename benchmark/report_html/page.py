"""HTML of the error-analysis page: highlighted text, tables, the score table and an SVG chart.

Pure string building with ``html.escape`` on every piece of text from the gold or the
predictions; the page has no script and loads nothing (styles are inline, fonts are the
reader's own). Statuses are told apart by colour (the Okabe-Ito palette, safe for the
common colour-vision deficiencies) and, redundantly, by the line style under the span.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Iterable, Sequence

from .status import STATUS_NAMES, STATUSES

__all__ = ["Mark", "highlight", "table", "score_table", "f1_chart", "page", "legend", "counts_table"]

# status -> (Okabe-Ito colour, underline style, what it means)
STYLES = {
    "correct": ("#009E73", "solid", "same boundaries and same type as a span on the other side"),
    "wrong_type": ("#E69F00", "dashed", "same boundaries, another type"),
    "wrong_boundary": ("#0072B2", "dotted", "overlaps a span of the other side (any type), boundaries differ"),
    "missed": ("#D55E00", "double", "gold span that no prediction overlaps"),
    "spurious": ("#CC79A7", "solid", "predicted span that overlaps no gold span (hatched)"),
}


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:1500px;padding:0 1rem;color:#111;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1rem;margin:.5rem 0}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
.text{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;font-size:.95rem;border:1px solid #ddd;padding:.6rem;background:#fcfcfc}
mark.m{color:inherit;background-color:var(--bg);border-bottom:3px var(--ls) var(--c);padding-bottom:calc(var(--h) * 5px - 4px)}
mark.m.s-missed,.badge.s-missed{border-bottom-width:5px}
.badge{display:inline-block;padding:0 .35rem;border-bottom:3px var(--ls) var(--c);background:var(--bg);white-space:nowrap}
.legend{display:flex;flex-direction:column;gap:.45rem;font-size:.85rem;margin:.5rem 0;max-width:34rem}
.scores{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}.scores .meta{max-width:34rem}
.meta{color:#444;font-size:.85rem}
"""
for _status, (_colour, _line, _) in STYLES.items():
    _bg = _rgba(_colour, 0.14)
    if _status == "spurious":
        _bg += f";background-image:repeating-linear-gradient(135deg,{_rgba(_colour, 0.35)} 0 2px,transparent 2px 6px)"
    CSS += f".s-{_status}{{--c:{_colour};--ls:{_line};--bg:{_bg}}}\n"


def esc(value: object) -> str:
    """Text or attribute value, escaped (quotes included)."""
    return escape(str(value), quote=True)


@dataclass(frozen=True)
class Mark:
    """A span to highlight: offsets, status, a unique id and the hover text."""

    start: int
    end: int
    status: str
    ident: str
    side: str
    title: str


def _heights(marks: Sequence[Mark]) -> list[int]:
    """1 for a span with no other inside it, else 1 + the tallest span inside (outer spans underline lower)."""
    order = sorted(range(len(marks)), key=lambda k: (marks[k].start, -marks[k].end, k))
    heights = [1] * len(marks)
    for position in reversed(range(len(order))):
        a = marks[order[position]]
        for later in order[position + 1 :]:
            b = marks[later]
            if b.start >= a.end:
                break
            if b.end <= a.end:
                heights[order[position]] = max(heights[order[position]], heights[later] + 1)
    return heights


def highlight(text: str, marks: Sequence[Mark]) -> tuple[str, int]:
    """``text`` with every mark as ``<mark>`` elements (nested; a span that crosses another is
    split into fragments sharing its ``data-id``), and the tallest nesting."""
    heights = _heights(marks)
    order = sorted(range(len(marks)), key=lambda k: (marks[k].start, -marks[k].end, k))
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[int] = []
    for p, q in zip(cuts, cuts[1:]):
        active = [k for k in order if marks[k].start <= p and q <= marks[k].end]
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        out.append("</mark>" * (len(stack) - keep))
        for k in active[keep:]:
            m = marks[k]
            out.append(
                f'<mark class="m s-{m.status}" data-status="{m.status}" data-side="{m.side}" '
                f'data-id="{esc(m.ident)}" style="--h:{heights[k]}" title="{esc(m.title)}">'
            )
        stack = active
        out.append(esc(text[p:q]))
    out.append("</mark>" * len(stack))
    return "".join(out), max(heights, default=1)


def badge(status: str) -> str:
    return f'<span class="badge s-{status}">{esc(STATUS_NAMES[status])}</span>'


def legend() -> str:
    items = "".join(
        f'<span>{badge(status)} {esc(STYLES[status][1])} line: {esc(STYLES[status][2])}</span>' for status in STATUSES
    )
    return (
        f'<div class="legend">{items}</div><p class="meta">Nested mentions stack their underlines: the outer '
        "span's line is drawn lower. Hover over a span for its type, offsets and the span it was paired with.</p>"
    )


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table; cells are HTML already (escape text before)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def counts_table(counts: dict[str, dict[str, int]]) -> str:
    """Highlighted entity spans per status and side (the numbers the browser test counts)."""
    rows = []
    for status in STATUSES:
        cells = [badge(status)]
        for side in ("gold", "predicted"):
            n = counts[side].get(status)
            cells.append("" if n is None else f'<span data-count-side="{side}" data-count-status="{status}">{n}</span>')
        rows.append(cells)
    return table(["entity spans", "gold", "predicted"], rows, numeric=(1, 2))


def _number(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else esc(value)


def score_table(rows: Sequence[tuple[str, dict]]) -> str:
    """Headline metrics: precision, recall, F1 and the 95% interval of F1 when computed."""
    out = []
    for name, entry in rows:
        ci = entry.get("ci95")
        out.append([
            esc(name), _number(entry.get("precision", "")), _number(entry.get("recall", "")), _number(entry.get("f1")),
            f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "",
        ])
    return table(["metric", "P", "R", "F1", "F1 95% CI"], out, numeric=(1, 2, 3, 4))


def f1_chart(values: Sequence[tuple[str, float, int]], title: str) -> str:
    """A horizontal bar chart of F1 per label (label, f1, gold count) as inline SVG."""
    bar, left, row = 320, 60, 24
    height = row * len(values) + 50
    width = left + bar + 110
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{esc(title)}" font-family="system-ui,sans-serif" font-size="12">',
        f"<title>{esc(title)}</title>",
        f'<text x="{left}" y="14" font-weight="bold">{esc(title)}</text>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = left + tick * bar
        parts.append(f'<line x1="{x}" y1="22" x2="{x}" y2="{height - 22}" stroke="#ddd"/>')
        parts.append(f'<text x="{x}" y="{height - 8}" text-anchor="middle" fill="#555">{tick:g}</text>')
    for k, (label, f1, support) in enumerate(values):
        y = 26 + k * row
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{esc(label)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 2}" width="{f1 * bar:.1f}" height="{row - 8}" fill="#0072B2">'
            f"<title>{esc(label)}: F1 {f1:.3f} ({support} gold)</title></rect>"
        )
        parts.append(f'<text x="{left + f1 * bar + 4:.1f}" y="{y + 14}">{f1:.2f} (n={support})</text>')
    parts.append("</svg>")
    return "".join(parts)


def page(title: str, sections: Sequence[tuple[str, str]], meta: str) -> str:
    """The whole document: a title, a line of provenance, then (heading, HTML) sections."""
    body = "".join(f'<section><h2 id="{esc(h.lower().replace(" ", "-"))}">{esc(h)}</h2>{html}</section>' for h, html in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>"
        f'<body><h1>{esc(title)}</h1><p class="meta">{meta}</p>{body}</body></html>\n'
    )
