"""The ``caravan-ie`` command line: argument parsing only; each command calls the library.

Every command exits 0 on success and 2 on unusable input, printing ``FILE:LINE: message``
lines on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from . import __version__
from .data.paths import ENVIRONMENT_VARIABLE
from .errors import InputError, Problem
from .output import jsonl, write_text

__all__ = ["main", "command", "build_parser"]


def cmd_validate(args: argparse.Namespace) -> int:
    from .data.goldfile import validate_corpus

    problems, loaded = validate_corpus(args.root)
    if problems:
        raise InputError(problems)
    sizes = {layer: sum(len(gold.get(layer) or []) for _, gold, _ in loaded) for layer in ("entities", "times", "events", "claims")}
    print(f"OK: {len(loaded)} documents; " + ", ".join(f"{n} {layer}" for layer, n in sizes.items()))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .analysis.stats import corpus_stats, format_stats, markdown_stats
    from .data.goldfile import load_corpus

    corpus = load_corpus(args.root)
    stats = corpus_stats(corpus)
    doc_ids = [d.doc_id for d in corpus]
    if args.format == "json":
        print(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print((markdown_stats if args.format == "markdown" else format_stats)(stats, doc_ids), end="")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .data.goldfile import load_corpus
    from .export.registry import export

    export(load_corpus(args.root), args.format, args.output)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .data.goldfile import load_corpus
    from .data.schema import load_schema
    from .export.brat import read_brat

    corpus = load_corpus(args.root)
    schema = load_schema(args.root / "schema.yaml") if args.root else load_schema()
    records = read_brat(args.folder, schema, {d.doc_id: d.text for d in corpus})
    write_text(jsonl(records), args.output)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report_html import write_report

    counts = write_report(args.predictions, args.output, gold=args.gold, bootstrap=args.bootstrap, seed=args.seed,
                          schema=args.schema, match=args.match)
    for side, by_status in counts.items():
        print(f"{side} entity spans: " + ", ".join(f"{n} {status}" for status, n in by_status.items()), file=sys.stderr)
    return 0


def _at_least(minimum: int):
    """An argparse type: an integer no smaller than ``minimum`` (a clear usage error otherwise)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {value!r}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {number}")
        return number

    return parse


def _positive_float(value: str) -> float:
    """An argparse type: a finite number above 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"must be above 0, got {value}")
    return number


def _tasks(value: str) -> list[str]:
    from .scoring.predictions import LAYERS

    tasks = [t.strip() for t in value.split(",") if t.strip()]
    unknown = [t for t in tasks if t not in LAYERS]
    if unknown or not tasks:
        raise argparse.ArgumentTypeError(f"choose a comma-separated subset of {','.join(LAYERS)}")
    return tasks


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .scoring.evaluate import run, write_errors
    from .scoring.report import render

    evaluation = run(
        args.predictions, args.gold, args.tasks,
        match=args.match, bootstrap=args.bootstrap, seed=args.seed, schema=args.schema,
    )
    if args.errors:
        write_errors(evaluation.errors, args.errors)
    write_text(render(evaluation.report, args.format), args.output)
    args.built = evaluation  # left to the operating system by command()
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .scoring.compare import compare
    from .scoring.report import render_comparison

    result = compare(
        args.a, args.b, args.gold, args.tasks, resamples=args.bootstrap, trials=args.trials,
        seed=args.seed, match=args.match, schema=args.schema,
    )
    write_text(render_comparison(result, args.format), args.output)
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    from .data.schema import load_schema

    schema = load_schema(args.schema) if args.schema else None
    if args.system == "llm":
        return _predict_llm(args, schema)
    from .baselines import predict

    records = predict(args.system, args.input, schema)
    write_text(jsonl(records), args.output)
    return 0


def _predict_llm(args: argparse.Namespace, schema) -> int:
    import importlib.util

    if not args.base_url or not args.model:
        raise InputError([Problem("--system llm", None, "needs --base-url URL and --model NAME")])
    if importlib.util.find_spec("openai") is None:
        raise InputError([Problem("--system llm", None, 'needs the openai client: pip install -e ".[llm]"')])
    from .llm.adapter import LLMOptions, default_cache, meta_path, run_llm

    options = LLMOptions(
        base_url=args.base_url, model=args.model, layers=tuple(args.layers), shots=args.shots,
        cache=None if args.no_cache else str(args.cache or default_cache()), concurrency=args.concurrency,
        timeout=args.timeout, max_retries=args.max_retries, temperature=args.temperature, seed=args.seed,
        api_key_env=args.api_key_env, input=str(args.input) if args.input else None,
    )
    records, meta = run_llm(options, args.output, schema)
    print(f"wrote {len(records)} documents to {args.output} and the run's record to {meta_path(args.output)} "
          f"({meta['requests']} requests, {meta['cache_hits']} from the cache, {meta['tokens']['total']} tokens)", file=sys.stderr)
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
        sub.add_argument("--root", type=Path, default=None, metavar="DIR",
                         help=f"annotations folder (default: ${ENVIRONMENT_VARIABLE}, else the shipped one)")
        return sub

    sub = add("validate", cmd_validate, "check the gold files: offsets, texts, labels, ids, references, hashes")

    sub = add("stats", cmd_stats, "count the gold annotations per layer, label and document")
    sub.add_argument("--format", choices=("table", "markdown", "json"), default="table")

    sub = add("export", cmd_export, "write the gold in another format")
    from .export.registry import FORMATS

    sub.add_argument("--format", choices=tuple(FORMATS), default="jsonl",
                     help="; ".join(f"{name}: {f.help}" for name, f in FORMATS.items()))
    sub.add_argument("-o", "--output", required=True, help="output file ('-' for stdout), or folder for brat")

    sub = add("import", cmd_import, "read annotations made in a tool back into the gold JSONL format (the gold files are not touched)")
    sub.add_argument("--format", choices=("brat",), default="brat", help="brat: a folder as written by export --format brat")
    sub.add_argument("folder", type=Path, help="the folder of <doc_id>.txt and <doc_id>.ann files")
    sub.add_argument("-o", "--output", required=True, help="output JSONL file ('-' for stdout)")

    sub = add("report", cmd_report, "write a self-contained HTML error-analysis page for predictions")
    sub.add_argument("predictions", help="predictions JSONL, one record per document")
    sub.add_argument("-o", "--output", required=True, help="the HTML file to write")
    sub.add_argument("--gold", help="gold JSONL in the export format (default: the shipped gold)")
    sub.add_argument("--schema", type=Path, help="schema.yaml with the label inventory (default: the shipped one)")
    sub.add_argument("--match", choices=("offsets", "text"), default="offsets",
                     help="text: align items that give a surface string instead of offsets")
    sub.add_argument("--bootstrap", type=_at_least(0), default=1000, metavar="N",
                     help="bootstrap resamples for the 95%% intervals (default 1000; 0: none)")
    sub.add_argument("--seed", type=_at_least(0), default=0, help="random seed of the resampling (default 0)")

    def add_scoring(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--gold", help="gold JSONL in the export format (default: the shipped gold)")
        sub.add_argument("--schema", type=Path, help="schema.yaml with the label inventory (default: the shipped one)")
        sub.add_argument("--tasks", type=_tasks, help="comma-separated subset of entities,times,events,claims (default: all)")
        sub.add_argument("--match", choices=("offsets", "text"), default="offsets",
                         help="text: align items that give a surface string instead of offsets")
        sub.add_argument("--seed", type=_at_least(0), default=0, help="random seed of the resampling (default 0)")
        sub.add_argument("--format", choices=("table", "json", "markdown", "latex"), default="table")
        sub.add_argument("-o", "--output", help="write here instead of stdout")

    sub = add("evaluate", cmd_evaluate, "score predictions (JSONL in the export format) against the gold")
    sub.add_argument("predictions", help="predictions JSONL, one record per document")
    add_scoring(sub)
    sub.add_argument("--bootstrap", type=_at_least(0), default=0, metavar="N",
                     help="N bootstrap resamples over sentences for 95%% intervals (default 0: none)")
    sub.add_argument("--errors", help="write every false positive and false negative here as JSONL")

    sub = add("compare", cmd_compare, "paired significance tests between two systems' predictions")
    sub.add_argument("a", help="predictions JSONL of system A")
    sub.add_argument("b", help="predictions JSONL of system B")
    add_scoring(sub)
    sub.add_argument("--bootstrap", type=_at_least(1), default=1000, metavar="N", help="paired bootstrap resamples (default 1000)")
    sub.add_argument("--trials", type=_at_least(1), default=10000, metavar="N", help="approximate randomisation trials (default 10000)")

    from .baselines import SYSTEMS

    sub = add("predict", cmd_predict, "run a baseline system or an LLM on raw texts and write its predictions (JSONL)")
    sub.add_argument("--system", required=True, choices=(*SYSTEMS, "llm"),
                     help="; ".join(f"{name}: {spec.description}" for name, spec in SYSTEMS.items())
                     + "; llm: any model behind an OpenAI-compatible chat-completions endpoint (extra [llm])")
    sub.add_argument("--input", type=Path, metavar="DIR",
                     help="folder of raw .txt files, document id = file stem (default: the shipped articles)")
    sub.add_argument("--schema", type=Path, help="schema.yaml with the label inventory (default: the shipped one)")
    sub.add_argument("-o", "--output", required=True, help="output JSONL file ('-' for stdout)")
    llm = sub.add_argument_group("--system llm")
    llm.add_argument("--base-url", metavar="URL", help="the endpoint, e.g. http://127.0.0.1:8000/v1")
    llm.add_argument("--model", metavar="NAME", help="the model name the endpoint serves")
    llm.add_argument("--layers", type=_tasks, default=["entities", "times", "events", "claims"],
                     help="comma-separated layers to ask for (default: all four)")
    llm.add_argument("--shots", type=_at_least(0), default=0, metavar="K",
                     help="few-shot examples: gold articles of another source group (default 0)")
    cache = llm.add_mutually_exclusive_group()
    cache.add_argument("--cache", type=Path, metavar="DIR", help="reply cache (default: ~/.cache/caravan-ie/llm)")
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    llm.add_argument("--concurrency", type=_at_least(1), default=4, metavar="N", help="calls in flight (default 4)")
    llm.add_argument("--timeout", type=_positive_float, default=120.0, metavar="S", help="seconds per request (default 120)")
    llm.add_argument("--max-retries", type=_at_least(0), default=3, metavar="N",
                     help="retries on 429, 5xx, timeouts and malformed replies (default 3)")
    llm.add_argument("--temperature", type=float, default=0.0, metavar="T", help="sampling temperature (default 0)")
    llm.add_argument("--seed", type=int, default=0, metavar="S", help="sampling seed sent to the endpoint (default 0)")
    llm.add_argument("--api-key-env", default="OPENAI_API_KEY", metavar="VAR",
                     help="environment variable holding the API key (default OPENAI_API_KEY; a local server needs none)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (2, with a message on stderr, for unusable input)."""
    return _dispatch(build_parser().parse_args(argv))


def command() -> NoReturn:
    """The ``caravan-ie`` console command and ``python -m benchmark``: :func:`main` as a whole process.

    A command that built a large result (``evaluate`` sets ``args.built``) ends with ``os._exit``
    once its output is written and the standard streams are flushed, leaving its objects to the
    operating system rather than freeing them one by one (about half a second per 200,000
    mentions scored), as mypy ends its runs. Other commands exit normally, with their atexit
    handlers (``datasets`` cleans its temporary files in one), and so does a run under a profiler
    or tracer (cProfile, coverage), which writes its data at exit."""
    args = build_parser().parse_args()
    status = _dispatch(args)
    if getattr(args, "built", None) is None or _observed():
        sys.exit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left: as main() treats it
        pass
    except OSError as error:
        print(f"caravan-ie: error: {error.strerror or error}", file=sys.stderr)  # as _dispatch says it
        status = 2
    os._exit(status)


def _observed() -> bool:
    """True when a profiler, tracer or monitoring tool (cProfile, coverage) watches this process."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: tools ids 0 to 5
    return monitoring is not None and any(monitoring.get_tool(tool) is not None for tool in range(6))


def _dispatch(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; unusable input becomes messages on stderr and status 2."""
    if args.root is not None:  # one resolver for every reader: benchmark.data.paths.annotations_dir
        os.environ[ENVIRONMENT_VARIABLE] = str(args.root)
    try:
        return args.handler(args)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        if not error.problems:
            print(f"caravan-ie: error: {error or 'unusable input'}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"caravan-ie: error: {where}{error.strerror or error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    command()
