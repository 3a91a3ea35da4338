"""Writing a command's text output: JSON Lines, to a file or (``-`` or no path) to stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable

__all__ = ["jsonl", "write_text"]


def jsonl(records: Iterable[dict]) -> str:
    """One compact JSON object per line, non-ASCII kept as is."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def write_text(text: str, output: Path | str | None) -> None:
    """Write ``text`` to the file ``output`` (UTF-8, ``\\n`` line ends), or to stdout for None or ``-``."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    with open(output, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
