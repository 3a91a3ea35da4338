#!/usr/bin/env python3
"""Check the numeric-claim labels against their conventions; see benchmark/analysis/audit/consistency.py.

Bounds against value, unit and qualifier, ``linked`` ids, and each claim's ``consistency``
label recomputed from the other claims of its cluster (annotations/guidelines/claims.md).
The other claim checks (uncovered numbers, references, cluster dimensions) are in the
audit, ``scripts/audit.py``.

Usage:  python scripts/check_claims.py [--root REPO_ROOT]
Prints one line per disagreement, ``<doc_id>:<claim id>: <check>: <message>``; exit status 1
if there is any.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmark.analysis.audit.consistency import check_documents, load_claim_documents
from benchmark.data.paths import repo_root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=repo_root(), help="repository root (default: this checkout)")
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
