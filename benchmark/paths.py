"""Where the shipped data lives: the ``annotations/`` folder beside the package."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["annotations_dir", "repo_root"]


def repo_root() -> Path:
    """The checkout that holds ``benchmark/`` and ``annotations/``."""
    return Path(__file__).resolve().parent.parent


def annotations_dir() -> Path:
    """The annotations folder; ``CARAVAN_IE_ANNOTATIONS`` overrides it (for tests and forks)."""
    override = os.environ.get("CARAVAN_IE_ANNOTATIONS")
    return Path(override) if override else repo_root() / "annotations"
