"""The annotation audit: variation-based checks for likely errors in the gold files.

Every check is a function ``check_<layer>_<name>(corpus: GoldCorpus) -> Iterator[Flag]``
listed in the ``CHECKS`` tuple of its module (``entities``: entities and times; ``events``;
``claims``); ``CHECKS`` here runs them all, in that order. A flag's key
``<doc_id>:<check>:<item>`` names ids, offsets, strings or cluster slugs, never list
positions, so it is stable under edits elsewhere. A flag whose key is listed with a reason in
``annotations/audit_exceptions.yaml`` (``[{flag: KEY, reason: WHY}]``) is explained.
The command line is ``scripts/audit.py``. ``consistency`` holds the strict claim checks of
``scripts/check_claims.py`` (bounds and consistency labels), which admit no exception.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import claims, entities, events
from .core import Check, Flag, GoldCorpus, GoldDoc, load_exceptions, load_gold

__all__ = ["CHECKS", "AuditResult", "Check", "Flag", "GoldCorpus", "GoldDoc", "exceptions_path",
           "load_exceptions", "load_gold", "run_audit"]

CHECKS: tuple[Check, ...] = entities.CHECKS + events.CHECKS + claims.CHECKS


def exceptions_path(root: Path) -> Path:
    """The exceptions file of the checkout at ``root``."""
    return Path(root) / "annotations" / "audit_exceptions.yaml"


@dataclass
class AuditResult:
    """The flags of a run and the exceptions they were matched against."""

    flags: list[Flag]
    exceptions: dict[str, str]

    def excepted(self, flag: Flag) -> bool:
        return flag.key in self.exceptions

    @property
    def unexplained(self) -> list[Flag]:
        return [f for f in self.flags if not self.excepted(f)]

    @property
    def stale_exceptions(self) -> list[str]:
        """Exception keys that match no flag (fixed errors, or keys gone out of date)."""
        keys = {f.key for f in self.flags}
        return [k for k in self.exceptions if k not in keys]


def run_audit(corpus: GoldCorpus, exceptions: dict[str, str] | None = None,
              checks: Iterable[Check] = CHECKS) -> AuditResult:
    """Run ``checks`` (default: all) over ``corpus``."""
    return AuditResult([flag for check in checks for flag in check(corpus)], exceptions or {})
