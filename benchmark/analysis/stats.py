"""Counts of the gold annotations, per layer and label, per document and in total."""

from __future__ import annotations

from collections import Counter

from ..data.corpus import Corpus, Document

__all__ = ["document_counts", "corpus_stats", "format_stats", "markdown_stats"]

TOTAL = "total"


def document_counts(document: Document) -> dict[str, Counter]:
    """Every count of one document, grouped by what is counted."""
    return {
        "entities by type": Counter(m.type for m in document.entities),
        "entities by level": Counter(m.level for m in document.entities),
        "entities by type and level": Counter(f"{m.type}/{m.level}" for m in document.entities),
        "times by type": Counter(t.type for t in document.times),
        "events by type": Counter(e.type for e in document.events),
        "events by realis": Counter(e.realis for e in document.events),
        "events by type and realis": Counter(f"{e.type}/{e.realis}" for e in document.events),
        "event arguments by role": Counter(a.role for e in document.events for a in e.arguments),
        "claims by unit": Counter(c.unit for c in document.claims),
        "claims by qualifier": Counter(c.qualifier for c in document.claims),
        "claims by consistency": Counter(str(c.consistency) for c in document.claims),
        "claims by measured property": Counter(str(c.measured_property) for c in document.claims),
        "sizes": Counter(
            {"entities": len(document.entities), "times": len(document.times),
             "events": len(document.events), "claims": len(document.claims)}
        ),
    }


def corpus_stats(corpus: Corpus) -> dict[str, dict[str, dict[str, int]]]:
    """``{group: {label: {doc_id..., "total": n}}}``; cluster counts are distinct ids, so their total is no sum."""
    per_doc = {d.doc_id: document_counts(d) for d in corpus}
    groups: dict[str, dict[str, dict[str, int]]] = {}
    for doc_id, counts in per_doc.items():
        for group, counter in counts.items():
            for label, n in counter.items():
                groups.setdefault(group, {}).setdefault(label, {})[doc_id] = n
    for group, labels in groups.items():
        for label, by_doc in labels.items():
            by_doc[TOTAL] = sum(by_doc.values())
    clusters = {"entity clusters": "entities", "event clusters": "events", "claim clusters": "claims"}
    groups["clusters (distinct ids)"] = {
        name: {
            **{d.doc_id: len({item.cluster for item in getattr(d, layer)}) for d in corpus},
            TOTAL: len({item.cluster for d in corpus for item in getattr(d, layer)}),
        }
        for name, layer in clusters.items()
    }
    for group in groups.values():
        for by_doc in group.values():
            for d in corpus:
                by_doc.setdefault(d.doc_id, 0)
    return {group: dict(sorted(labels.items())) for group, labels in groups.items()}


def format_stats(stats: dict, doc_ids: list[str]) -> str:
    """A plain-text table per group: one row per label, one column per document and the total."""
    short = [doc_id.split("_")[0] for doc_id in doc_ids]
    lines: list[str] = []
    for group, labels in stats.items():
        width = max([len(group)] + [len(label) + 2 for label in labels])
        lines.append(f"{group:<{width}}  " + "  ".join(f"{s:>5}" for s in short) + f"  {TOTAL:>5}")
        for label, by_doc in labels.items():
            cells = "  ".join(f"{by_doc.get(d, 0):>5}" for d in doc_ids)
            lines.append(f"  {label:<{width - 2}}  {cells}  {by_doc[TOTAL]:>5}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def markdown_stats(stats: dict, doc_ids: list[str]) -> str:
    """The same tables in Markdown, one per group (for DATASHEET.md)."""
    short = [doc_id.split("_")[0] for doc_id in doc_ids]
    blocks: list[str] = []
    for group, labels in stats.items():
        rows = [f"| {group} | " + " | ".join(short) + f" | {TOTAL} |", "| --- |" + " ---: |" * (len(short) + 1)]
        for label, by_doc in labels.items():
            rows.append(f"| {label} | " + " | ".join(str(by_doc.get(d, 0)) for d in doc_ids) + f" | {by_doc[TOTAL]} |")
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"
