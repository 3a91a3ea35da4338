"""Write ``benchmark/llm/prompts.json`` from ``annotations/schema.yaml`` and the guidelines.

``--check`` writes nothing and exits 1 when the shipped file is stale (the tests run it).
"""

from __future__ import annotations

import argparse
import sys

from benchmark.llm.prompts import build_prompts, render
from benchmark.paths import repo_root
from benchmark.schema import load_schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if prompts.json is stale")
    args = parser.parse_args(argv)
    root = repo_root()
    content = render(build_prompts(load_schema(root / "annotations" / "schema.yaml"), root / "annotations" / "guidelines"))
    path = root / "benchmark" / "llm" / "prompts.json"
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == content:
        return 0
    if args.check:
        print(f"{path.relative_to(root)} is stale: run scripts/build_prompts.py")
        return 1
    path.write_text(content, encoding="utf-8", newline="\n")
    print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
