"""The label inventory, read from ``annotations/schema.yaml`` (its single source of truth)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from ..errors import InputError, Problem
from .paths import annotations_dir
from .yamlfile import read_yaml

__all__ = ["EventType", "Unit", "Schema", "load_schema"]

TIME_ROLE = "TIME"  # the role filler type that stands for a time expression


@dataclass(frozen=True)
class EventType:
    """An event type: its definition, nearest ACE 2005 subtype and allowed argument roles."""

    name: str
    description: str
    ace: str | None
    roles: dict[str, tuple[str, ...]]  # role -> allowed filler types (entity types or TIME)


@dataclass(frozen=True)
class Unit:
    """A claim unit: its dimension and the exact factor to the dimension's base unit."""

    name: str
    dimension: str
    factor: Fraction
    description: str

    def to_base(self, value: float | int | None) -> Fraction | None:
        """``value`` in the base unit of the dimension (exact), or None."""
        return None if value is None else Fraction(str(value)) * self.factor


@dataclass(frozen=True)
class Schema:
    """Every label the gold and the predictions may use, with its definition."""

    version: str
    entity_types: dict[str, str]
    mention_levels: dict[str, str]
    time_types: dict[str, str]
    realis: dict[str, str]
    event_types: dict[str, EventType]
    units: dict[str, Unit]
    qualifiers: dict[str, str]
    properties: dict[str, str]
    consistency: dict[str, str]

    @classmethod
    def from_dict(cls, data: dict) -> "Schema":
        claims = data.get("claims") or {}
        events = {
            name: EventType(
                name=name,
                description=spec.get("description", ""),
                ace=spec.get("ace"),
                roles={role: tuple(fillers) for role, fillers in (spec.get("roles") or {}).items()},
            )
            for name, spec in (data.get("event_types") or {}).items()
        }
        return cls(
            version=str(data["version"]),
            entity_types=dict(data["entity_types"]),
            mention_levels=dict(data["mention_levels"]),
            time_types=dict(data["time_types"]),
            realis=dict(data["realis"]),
            event_types=events,
            units={
                name: Unit(name, spec["dimension"], Fraction(str(spec["factor"])), spec.get("description", ""))
                for name, spec in (claims.get("units") or {}).items()
            },
            qualifiers=dict(claims.get("qualifiers") or {}),
            properties=dict(claims.get("properties") or {}),
            consistency=dict(claims.get("consistency") or {}),
        )


@lru_cache(maxsize=None)
def load_schema(path: Path | None = None) -> Schema:
    """Read the schema file (default: the shipped ``annotations/schema.yaml``).

    Raises ``InputError`` when the file is missing, is not YAML or lacks a section.
    """
    path = path or annotations_dir() / "schema.yaml"
    data, _ = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), None, f"malformed schema: expected a mapping, got {type(data).__name__}")])
    try:
        return Schema.from_dict(data)
    except (KeyError, TypeError, AttributeError, ValueError, ZeroDivisionError) as error:
        raise InputError([Problem(str(path), None, f"malformed schema: {error!r}")]) from None
