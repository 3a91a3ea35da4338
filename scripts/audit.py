#!/usr/bin/env python3
"""Audit the gold annotations (all layers) for likely errors; see benchmark/analysis/audit/.

Usage:  python scripts/audit.py [--root REPO_ROOT] [--exceptions PATH]

Prints one line per flag, ``<doc_id>:<item>: <check>: <message>``, marked ``[excepted]``
when its key ``<doc_id>:<check>:<item>`` is listed in the exceptions file (default
``annotations/audit_exceptions.yaml``), then a summary. Warns about exceptions that match no
flag. Exit status 1 if any flag is unexplained, else 0.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmark.analysis.audit import exceptions_path, load_exceptions, load_gold, run_audit
from benchmark.data.paths import repo_root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=repo_root(), help="repository root (default: this checkout)")
    ap.add_argument("--exceptions", type=Path, help="exceptions file (default: ROOT/annotations/audit_exceptions.yaml)")
    args = ap.parse_args(argv)
    result = run_audit(load_gold(args.root), load_exceptions(args.exceptions or exceptions_path(args.root)))
    for flag in result.flags:
        print(flag.line() + ("  [excepted]" if result.excepted(flag) else ""))
    for key in result.stale_exceptions:
        print(f"warning: exception matches no flag: {key}", file=sys.stderr)
    n, u = len(result.flags), len(result.unexplained)
    print(f"{n} flags, {n - u} excepted, {u} unexplained")
    for flag in result.unexplained:
        print(f"unexplained: {flag.key}", file=sys.stderr)
    return 1 if u else 0


if __name__ == "__main__":
    sys.exit(main())
