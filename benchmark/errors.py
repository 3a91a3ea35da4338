"""Problems found in input files, reported as ``FILE:LINE: message``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "InputError"]


@dataclass(frozen=True)
class Problem:
    """One problem in one file; ``line`` is 1-based, or None when no line applies."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class InputError(Exception):
    """Input that cannot be used; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
