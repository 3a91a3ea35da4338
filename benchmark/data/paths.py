"""Where the shipped data lives: one resolver of the annotations folder for the whole package.

In order: the ``CARAVAN_IE_ANNOTATIONS`` environment variable (what ``--root`` sets for a
command); the copy inside an installed wheel (``benchmark/_annotations``, which the build maps
from the repository's ``annotations/``, see ``pyproject.toml``); the ``annotations/`` folder of
the checkout that holds the package (an editable install or a clone on ``PYTHONPATH``).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

__all__ = ["ENVIRONMENT_VARIABLE", "annotations_dir", "repo_root"]

ENVIRONMENT_VARIABLE = "CARAVAN_IE_ANNOTATIONS"


def repo_root() -> Path:
    """The checkout that holds ``benchmark/`` and ``annotations/`` (for the repository's scripts)."""
    return Path(__file__).resolve().parents[2]


def annotations_dir() -> Path:
    """The annotations folder the library and the CLI read (see the module docstring)."""
    override = os.environ.get(ENVIRONMENT_VARIABLE)
    if override:
        return Path(override)
    packaged = Path(str(resources.files("benchmark") / "_annotations"))
    return packaged if packaged.is_dir() else repo_root() / "annotations"
