"""Generate the Hugging Face data files and the dataset-card front matter of README.md.

Writes ``annotations/hf/<config>/test.jsonl`` for every config and replaces the YAML
front matter of ``README.md`` with ``annotations/card.yaml`` plus the generated
``configs`` and ``dataset_info``. ``--check`` writes nothing and exits 1 if anything
would change (the test suite runs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from benchmark.data.goldfile import load_corpus
from benchmark.data.paths import repo_root
from benchmark.data.schema import load_schema
from benchmark.data.yamlfile import read_yaml
from benchmark.export.hf import CONFIGS, features, rows

SPLIT = "test"


def data_path(config: str) -> str:
    return f"annotations/hf/{config}/{SPLIT}.jsonl"


def generated_files(root: Path) -> dict[Path, str]:
    """Every generated file and its exact content."""
    corpus = load_corpus(root / "annotations")
    schema = load_schema(root / "annotations" / "schema.yaml")
    card = read_yaml(root / "annotations" / "card.yaml")[0]
    default = card.pop("default_config")
    files: dict[Path, str] = {}
    infos, configs = [], []
    for config in CONFIGS:
        config_rows = list(rows(config, corpus))
        content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in config_rows)
        files[root / data_path(config)] = content
        infos.append({
            "config_name": config,
            "features": features(config, schema)._to_yaml_list(),
            "splits": [{"name": SPLIT, "num_bytes": len(content.encode("utf-8")), "num_examples": len(config_rows)}],
        })
        entry = {"config_name": config, "data_files": [{"split": SPLIT, "path": data_path(config)}]}
        if config == default:
            entry["default"] = True
        configs.append(entry)
    front = yaml.safe_dump({**card, "configs": configs, "dataset_info": infos}, sort_keys=False, allow_unicode=True, width=100)
    readme = root / "README.md"
    body = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if body.startswith("---\n"):
        body = body[body.index("\n---\n", 4) + 5 :]
    files[readme] = f"---\n{front}---\n{body}"
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    args = parser.parse_args(argv)
    stale = []
    for path, content in generated_files(repo_root()).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'}: {path.relative_to(repo_root())}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
