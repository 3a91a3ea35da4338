"""Write ``benchmark/llm/prompts.json`` from ``annotations/schema.yaml`` and the guidelines, and the
lm-evaluation-harness tasks in ``benchmark/lm_eval_tasks/caravan_ie/`` from the prompts.

``--check`` writes nothing and exits 1 when a shipped file is stale (the tests run it).
"""

from __future__ import annotations

import argparse
import sys

from benchmark.data.paths import repo_root
from benchmark.data.schema import load_schema
from benchmark.llm.prompts import build_prompts, lm_eval_tasks, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if prompts.json is stale")
    args = parser.parse_args(argv)
    root = repo_root()
    prompts = build_prompts(load_schema(root / "annotations" / "schema.yaml"), root / "annotations" / "guidelines")
    files = {root / "benchmark" / "llm" / "prompts.json": render(prompts)}
    tasks = root / "benchmark" / "lm_eval_tasks" / "caravan_ie"
    files.update({tasks / name: text for name, text in lm_eval_tasks(prompts).items()})
    stale = [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    for path in stale:
        if args.check:
            print(f"{path.relative_to(root)} is stale: run scripts/build_prompts.py")
        else:
            path.write_text(files[path], encoding="utf-8", newline="\n")
            print(f"wrote {path.relative_to(root)}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
