#!/usr/bin/env python3
"""Check the numeric-claim layer against its own conventions (annotations/guidelines/claims.md).

For every claim:
  * ``lower <= value <= upper`` where the bounds are set, except for the strict qualifiers
    (almost, more_than, less_than), whose stated number is the excluded end of the interval;
  * the bounds follow from value, unit and qualifier by the documented convention
    (eps = 1 for counted units, 0 for measurement units; 10% margins; the vague-quantity table);
  * every id in ``linked`` names another claim of the same document that links back and shares
    the cluster.
For every claim cluster (across the three documents), each claim's ``consistency`` label is
recomputed from the other claims' units, values and bounds (1 mile = 1.609344 km; time units
through hours) and compared with the gold label.

The conventions themselves live in ``benchmark.quantities``; claims are read from
``annotations/gold/<doc>.yaml``.

Usage:  python scripts/check_claims.py [--root REPO_ROOT]
Prints one line per disagreement, ``<doc_id>:<claim id>: <check>: <message>``; exit status 1
if there is any.
"""
from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from pathlib import Path

import yaml

from benchmark.quantities import (
    STRICT_QUALIFIERS, dimension, expected_bounds, expected_label, overlaps, same_statement,
)
from benchmark.schema import load_schema

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- checks


def _num_eq(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Fraction(str(a)) == Fraction(str(b))


def _ref(doc_id: str, claim: dict) -> str:
    return f"{doc_id[:3]} {claim.get('id')}"


def check_claim(doc_id: str, claim: dict, by_id: dict[str, dict]) -> list[tuple[str, str]]:
    """(check, message) pairs for one claim on its own and its links."""
    out = []
    unit = claim.get("unit")
    if unit not in load_schema().units:
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
                fmt = lambda x: "null" if x is None else str(x)
                out.append(("qualifier_bounds",
                            f"{q} {v} {unit} implies [{fmt(elo)}, {fmt(ehi)}], gold has [{fmt(lo)}, {fmt(hi)}]"))
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
        members = [(d, c) for d, c in clusters[cluster] if c.get("unit") in load_schema().units]
        for doc_id, cid, check, message in check_cluster(cluster, members):
            lines.append(f"{doc_id}:{cid}: {check}: {message}")
    return lines


# --------------------------------------------------------------------------- loading


def load_claim_documents(root: Path = REPO) -> list[dict]:
    """``{doc_id, claims}`` per gold document."""
    docs = []
    for path in sorted((Path(root) / "annotations" / "gold").glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            gold = yaml.safe_load(fh) or {}
        docs.append({"doc_id": gold.get("doc_id", path.stem), "claims": gold.get("claims") or []})
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=REPO)
    args = ap.parse_args(argv)
    docs = load_claim_documents(args.root)
    lines = check_documents(docs)
    for line in lines:
        print(line)
    n = sum(len(d["claims"]) for d in docs)
    print(f"{n} claims checked, {len(lines)} disagreement(s)", file=sys.stderr)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
