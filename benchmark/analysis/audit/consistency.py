"""Claim labels against their own conventions (annotations/guidelines/claims.md).

For every claim:
  * ``lower <= value <= upper`` where the bounds are set, except for the strict qualifiers
    (almost, more_than, less_than), whose stated number is the excluded end of the interval;
  * the bounds follow from value, unit and qualifier by the documented convention
    (eps = 1 for counted units, 0 for measurement units; 10% margins; the vague-quantity table);
  * every id in ``linked`` names another claim of the same document that links back and shares
    the cluster.
For every claim cluster (across the three documents), each claim's ``consistency`` label is
recomputed from the other claims' units, values and bounds (``benchmark.data.claims``) and
compared with the gold label.

Unlike the audit's checks, which flag likely errors that an exception may explain, every
disagreement here is an error. The command line is ``scripts/check_claims.py``.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from ...data.claims import STRICT_QUALIFIERS, dimension, expected_bounds, expected_label, overlaps, same_statement
from .core import load_gold

__all__ = ["check_claim", "check_cluster", "check_documents", "load_claim_documents"]


def _num_eq(a: object, b: object) -> bool:
    """Exact numeric equality of two YAML numbers, None equal only to None."""
    if a is None or b is None:
        return a is None and b is None
    return Fraction(str(a)) == Fraction(str(b))


def _fmt(x: object) -> str:
    return "null" if x is None else str(x)


def _ref(doc_id: str, claim: dict) -> str:
    """``000 q3``, the way consistency notes cite a claim."""
    return f"{doc_id[:3]} {claim.get('id')}"


def check_claim(doc_id: str, claim: dict, by_id: dict[str, dict]) -> list[tuple[str, str]]:
    """(check, message) pairs for one claim on its own and its links."""
    out = []
    unit = claim.get("unit")
    if dimension(unit) is None:
        out.append(("unit", f"unit {unit!r} is not a unit of the schema"))
        return out
    v, lo, hi = claim.get("value"), claim.get("lower"), claim.get("upper")
    q = claim.get("qualifier")
    # The stated number of a strict qualifier ("nearly 100", "more than 40 people") is the
    # excluded end of the interval, so it lies just outside it (counts) or on it (measurements);
    # its place is checked by the qualifier/bounds rule below instead.
    if v is not None and q not in STRICT_QUALIFIERS:
        if lo is not None and Fraction(str(lo)) > Fraction(str(v)):
            out.append(("bounds", f"value {v} is below lower {lo}"))
        if hi is not None and Fraction(str(v)) > Fraction(str(hi)):
            out.append(("bounds", f"value {v} is above upper {hi}"))
    if q == "range":
        if lo is None or hi is None or not _num_eq(v, lo) or Fraction(str(hi)) <= Fraction(str(lo)):
            out.append(("qualifier_bounds", f"range needs value = lower < upper, got value {v}, [{lo}, {hi}]"))
    else:
        exp = expected_bounds(claim)
        if exp is None:
            if q == "vague":
                out.append(("qualifier_bounds", f"vague expression {claim.get('text')!r} is not in the table"))
        else:
            elo, ehi = exp
            if not (_num_eq(lo, elo) and _num_eq(hi, ehi)):
                out.append(("qualifier_bounds",
                            f"{q} {v} {unit} implies [{_fmt(elo)}, {_fmt(ehi)}], gold has [{_fmt(lo)}, {_fmt(hi)}]"))
            if q == "vague" and not _num_eq(v, elo):
                out.append(("qualifier_bounds", f"vague value should be the lower bound {elo}, got {v}"))
    for ref in claim.get("linked") or []:
        other = by_id.get(ref)
        if other is None or other is claim:
            out.append(("linked", f"linked {ref!r} is not another claim of {doc_id}"))
            continue
        if claim.get("id") not in (other.get("linked") or []):
            out.append(("linked", f"links {ref} but {ref} does not link back"))
        if other.get("cluster") != claim.get("cluster"):
            out.append(("linked", f"linked {ref} is in cluster {other.get('cluster')!r}, not {claim.get('cluster')!r}"))
    return out


def check_cluster(cluster: str, members: list[tuple[str, dict]]) -> list[tuple[str, str, str, str]]:
    """(doc_id, claim id, check, message) for every label that the values contradict."""
    out = []
    dims = {dimension(c.get("unit")) for _, c in members}
    if len(dims) > 1:
        for doc_id, c in members:
            out.append((doc_id, c.get("id"), "cluster_dimensions",
                        f"cluster {cluster!r} mixes dimensions {sorted(str(d) for d in dims)}; labels not checked"))
        return out
    for i, (doc_id, c) in enumerate(members):
        others = [o for j, (_, o) in enumerate(members) if j != i]
        refs = [_ref(d, o) for j, (d, o) in enumerate(members) if j != i]
        got, exp = c.get("consistency"), expected_label(c, others)
        if got == exp:
            continue
        clash = [r for r, o in zip(refs, others) if not overlaps(c, o)]
        differ = [r for r, o in zip(refs, others) if not same_statement(c, o)]
        if got == "singleton":
            why = f"cluster {cluster!r} has {len(others)} other claim(s): {', '.join(refs)}"
        elif exp == "singleton":
            why = f"claim is alone in cluster {cluster!r}"
        elif got == "consistent":
            why = f"values or bounds differ from {', '.join(differ)}"
        elif got == "compatible" and exp == "conflict":
            why = f"bounds do not overlap {', '.join(clash)}"
        elif got == "compatible" and exp == "consistent":
            why = "every other claim states the same value and bounds"
        elif got == "conflict":
            why = "bounds overlap every other claim of the cluster"
        else:
            why = f"label {got!r} is not one of singleton/consistent/compatible/conflict"
        out.append((doc_id, c.get("id"), "consistency", f"label says {got} but should be {exp}: {why}"))
    return out


def check_documents(docs: list[dict]) -> list[str]:
    """All disagreements, as printable lines, for documents ``{doc_id, claims}``."""
    lines = []
    clusters: dict[str, list[tuple[str, dict]]] = {}
    for doc in docs:
        doc_id = doc["doc_id"]
        claims = doc.get("claims") or []
        by_id = {c.get("id"): c for c in claims}
        for c in claims:
            for check, message in check_claim(doc_id, c, by_id):
                lines.append(f"{doc_id}:{c.get('id')}: {check}: {message}")
            clusters.setdefault(c.get("cluster"), []).append((doc_id, c))
    for cluster in sorted(clusters, key=str):
        members = [(d, c) for d, c in clusters[cluster] if dimension(c.get("unit")) is not None]
        for doc_id, cid, check, message in check_cluster(cluster, members):
            lines.append(f"{doc_id}:{cid}: {check}: {message}")
    return lines


def load_claim_documents(root: Path | None = None) -> list[dict]:
    """``{doc_id, claims}`` per gold document."""
    return [{"doc_id": doc.doc_id, "claims": doc.claims} for doc in load_gold(root).docs]
