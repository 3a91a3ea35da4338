"""Shared fixtures: a writable copy of the shipped annotations folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmark.data.paths import annotations_dir

DOC = "000_79661b93712efcc7"


@pytest.fixture
def annotations_copy(tmp_path: Path) -> Path:
    """A copy of annotations/ (texts, schema, metadata, gold) that a test may corrupt."""
    root = tmp_path / "annotations"
    source = annotations_dir()
    root.mkdir()
    for name in ("schema.yaml", "documents.yaml"):
        shutil.copy(source / name, root / name)
    shutil.copytree(source / "texts", root / "texts")
    shutil.copytree(source / "gold", root / "gold")
    return root
