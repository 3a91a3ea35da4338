"""Generated blocks in Markdown files, between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``.

Documentation quotes figures that a command reproduces: the command regenerates the
block, and its ``--check`` mode (run by the tests) fails when the file is stale.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["replace_block", "update_block"]


def replace_block(document: str, name: str, content: str) -> str:
    """Return ``document`` with the block ``name`` holding ``content``; ValueError if the markers are missing."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if document.count(start) != 1 or document.count(end) != 1 or document.index(start) > document.index(end):
        raise ValueError(f"expected one {start} ... {end} pair")
    head, rest = document.split(start)
    _, tail = rest.split(end)
    return f"{head}{start}\n{content.rstrip()}\n{end}{tail}"


def update_block(path: Path, name: str, content: str, check: bool) -> bool:
    """Write the block into ``path`` (unless ``check``); return True when the file was stale."""
    current = path.read_text(encoding="utf-8")
    fresh = replace_block(current, name, content)
    if fresh != current and not check:
        path.write_text(fresh, encoding="utf-8", newline="\n")
    return fresh != current
