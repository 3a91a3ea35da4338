"""Writing a command's text output: JSON Lines, to a file or (``-`` or no path) to stdout."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable

__all__ = ["jsonl", "write_text"]


def jsonl(records: Iterable[dict]) -> str:
    """One compact JSON object per line, non-ASCII kept as is."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def write_text(text: str, output: Path | str | None) -> None:
    """Write ``text`` to the file ``output`` (UTF-8, ``\\n`` line ends), or to stdout for None or ``-``.

    A file is written whole or not at all: to a temporary file beside it, then renamed over it,
    so an error while encoding or writing leaves no partial output (and an older file as it was).
    """
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    data = text.encode("utf-8")
    target = Path(output)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # the mode a plain open() would give, not mkstemp's 0600
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
