"""Reading a YAML file with PyYAML's safe loader; every failure becomes a ``FILE:LINE`` problem.

The file is parsed once, by the C safe loader (``yaml.CSafeLoader``, in PyYAML's wheels; the
pure-Python ``yaml.SafeLoader`` where it is missing): its node tree is checked, then built into
Python objects by the safe constructor, exactly as ``yaml.safe_load`` builds them. A key repeated
in one mapping is an error: ``safe_load`` would keep the last value silently, so an edit that
adds a second ``type:`` to a mention would go unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import yaml

from ..errors import InputError, Problem

__all__ = ["read_yaml", "LOADER"]

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(source: str) -> tuple[Any, list[tuple[int, str]]]:
    """The data of one YAML document and its repeated keys, from a single parse."""
    loader = LOADER(source)
    try:
        node = loader.get_single_node()
        duplicates = list(_duplicate_keys(node))
        return (loader.construct_document(node) if node is not None else None), duplicates
    finally:
        loader.dispose()


def read_yaml(path: Path) -> tuple[Any, str]:
    """The parsed content of ``path`` and its text; ``InputError`` if it is missing, not UTF-8 or not YAML."""
    try:
        source = path.read_bytes().decode("utf-8")
        data, duplicates = _load(source)
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, "file not found")]) from None
    except OSError as error:
        raise InputError([Problem(str(path), None, error.strerror or str(error))]) from None
    except UnicodeDecodeError as error:
        raise InputError([Problem(str(path), None, f"not valid UTF-8: {error.reason} at byte {error.start}")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        message = f"invalid YAML: {getattr(error, 'problem', None) or error}"
        raise InputError([Problem(str(path), mark.line + 1 if mark else None, message)]) from None
    if duplicates:
        raise InputError([Problem(str(path), line, message) for line, message in duplicates])
    return data, source


def _duplicate_keys(node: yaml.Node | None, seen: set[int] | None = None) -> Iterator[tuple[int, str]]:
    """(line, message) for every mapping key repeated in the same mapping, which safe_load would silently drop."""
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias to a node already walked (or to an enclosing one)
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if key.value in first:
                    yield line, f"duplicate key {key.value!r} (first on line {first[key.value]}); YAML keeps only the last"
                first.setdefault(key.value, line)
            yield from _duplicate_keys(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, seen)
