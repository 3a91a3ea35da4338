"""Write the gold counts of ``caravan-ie stats`` into DATASHEET.md (block ``stats``).

``--check`` writes nothing and exits 1 when DATASHEET.md is stale (the tests run it).
"""

from __future__ import annotations

import argparse
import sys

from benchmark.analysis.docblocks import update_block
from benchmark.analysis.stats import corpus_stats, markdown_stats
from benchmark.data.goldfile import load_corpus
from benchmark.data.paths import repo_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if DATASHEET.md is stale")
    args = parser.parse_args(argv)
    corpus = load_corpus()
    tables = markdown_stats(corpus_stats(corpus), [d.doc_id for d in corpus])
    stale = update_block(repo_root() / "DATASHEET.md", "stats", tables, args.check)
    if stale:
        print("DATASHEET.md is stale: run scripts/update_datasheet.py" if args.check else "updated DATASHEET.md")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
