"""The label inventory, read from ``annotations/schema.yaml`` (its single source of truth)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .paths import annotations_dir

__all__ = ["EventType", "Schema", "load_schema"]

TIME_ROLE = "TIME"  # the role filler type that stands for a time expression


@dataclass(frozen=True)
class EventType:
    """An event type: its definition, nearest ACE 2005 subtype and allowed argument roles."""

    name: str
    description: str
    ace: str | None
    roles: dict[str, tuple[str, ...]]  # role -> allowed filler types (entity types or TIME)


@dataclass(frozen=True)
class Schema:
    """Every label the gold and the predictions may use, with its definition."""

    version: str
    entity_types: dict[str, str]
    mention_levels: dict[str, str]
    time_types: dict[str, str]
    realis: dict[str, str]
    event_types: dict[str, EventType]
    units: dict[str, str]
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
            units=dict(claims.get("units") or {}),
            qualifiers=dict(claims.get("qualifiers") or {}),
            properties=dict(claims.get("properties") or {}),
            consistency=dict(claims.get("consistency") or {}),
        )


@lru_cache(maxsize=None)
def load_schema(path: Path | None = None) -> Schema:
    """Read the schema file (default: the shipped ``annotations/schema.yaml``)."""
    path = path or annotations_dir() / "schema.yaml"
    with open(path, encoding="utf-8") as handle:
        return Schema.from_dict(yaml.safe_load(handle))
