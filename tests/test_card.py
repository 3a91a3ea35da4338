"""The README is a valid Hugging Face dataset card, and CITATION.cff agrees with the version."""

from __future__ import annotations

import logging
import warnings

import pytest
import yaml

from benchmark.data.paths import repo_root
from benchmark.data.schema import load_schema
from benchmark.export.hf import CONFIGS

huggingface_hub = pytest.importorskip("huggingface_hub")


def test_card_loads_without_warnings(caplog):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.WARNING):
            card = huggingface_hub.DatasetCard.load(repo_root() / "README.md")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    data = card.data.to_dict()
    for key in ("pretty_name", "license", "language", "task_categories", "task_ids", "size_categories",
                "annotations_creators", "language_creators", "source_datasets", "configs", "dataset_info"):
        assert data.get(key), key
    assert [c["config_name"] for c in data["configs"]] == list(CONFIGS)
    assert sum(bool(c.get("default")) for c in data["configs"]) == 1


def test_card_sections_and_citation():
    readme = (repo_root() / "README.md").read_text(encoding="utf-8")
    for heading in ("## Loading", "## Annotation", "## Considerations", "## Citation", "## Licence"):
        assert heading in readme
    citation = yaml.safe_load((repo_root() / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == load_schema().version
    assert f"Dataset version {load_schema().version}" in readme
