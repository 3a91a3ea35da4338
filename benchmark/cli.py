"""The ``caravan-ie`` command line: argument parsing only; each command calls the library.

Every command exits 0 on success and 2 on unusable input, printing ``FILE:LINE: message``
lines on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import InputError

__all__ = ["main", "build_parser"]


def cmd_validate(args: argparse.Namespace) -> int:
    from .goldfile import validate_corpus

    problems, loaded = validate_corpus(args.root)
    if problems:
        raise InputError(problems)
    sizes = {layer: sum(len(gold.get(layer) or []) for _, gold, _ in loaded) for layer in ("entities", "times", "events", "claims")}
    print(f"OK: {len(loaded)} documents; " + ", ".join(f"{n} {layer}" for layer, n in sizes.items()))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .stats import corpus_stats, format_stats, markdown_stats

    corpus = load_corpus(args.root)
    stats = corpus_stats(corpus)
    doc_ids = [d.doc_id for d in corpus]
    if args.format == "json":
        print(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print((markdown_stats if args.format == "markdown" else format_stats)(stats, doc_ids), end="")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .exporters import export

    export(load_corpus(args.root), args.format, args.output)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="caravan-ie",
        description="Caravan-IE: gold annotations and scorer for information extraction from news.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    def add_root(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--root", type=Path, default=None, help="annotations folder (default: the shipped one)")

    sub = add("validate", cmd_validate, "check the gold files: offsets, texts, labels, ids, references, hashes")
    add_root(sub)

    sub = add("stats", cmd_stats, "count the gold annotations per layer, label and document")
    add_root(sub)
    sub.add_argument("--format", choices=("table", "markdown", "json"), default="table")

    sub = add("export", cmd_export, "write the gold in another format")
    add_root(sub)
    sub.add_argument("--format", choices=("jsonl",), default="jsonl", help="jsonl: one record per document (the prediction format)")
    sub.add_argument("-o", "--output", required=True, help="output file ('-' for stdout)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as error:
        print(f"{error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
