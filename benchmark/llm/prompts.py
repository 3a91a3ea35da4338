"""The prompt of each layer: built from ``schema.yaml`` and the guidelines, shipped as ``prompts.json``.

``build_prompts`` writes one template per layer from the label inventory (types, levels, realis,
roles, units, qualifiers, properties, with their descriptions) and the definition sections of
the guidelines named in :data:`SECTIONS` (never the hard cases). ``scripts/build_prompts.py``
writes the result to ``benchmark/llm/prompts.json``, the versioned file the adapter and the
lm-evaluation-harness tasks read, and ``--check`` (run by the tests) fails when it is stale. A
template's SHA-256 (:func:`template_sha256`) identifies the prompt in every result.

A conversation is: the layer's system message; for each few-shot example, a user turn (the
example article) and an assistant turn (its gold answer); then the user turn of the article
to annotate.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..data.schema import Schema

__all__ = ["PROMPT_VERSION", "LAYERS", "SECTIONS", "build_prompts", "load_prompts", "template_sha256", "messages",
           "lm_eval_tasks", "LM_EVAL_METRICS"]

PROMPT_VERSION = "1.0"
LAYERS = ("entities", "times", "events", "claims")

# layer -> (guideline file, the headings whose sections are quoted, in this order)
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "entities": ("entities.md", ("1. What is annotated", "3.1 Levels", "3.2 What counts as one mention", "3.3 Extent",
                                 "3.4 Head", "4.1 Nested mentions", "4.3 Pronouns")),
    "times": ("entities.md", ("6.1 What is marked", "6.2 Span", "6.3 Anchor and values", "6.4 Not marked")),
    "events": ("events.md", ("1. What is an event mention", "3. Triggers", "4. Realis", "5. Arguments")),
    "claims": ("claims.md", ("1. What is a quantity", "`start`, `end`, `text`: the quantity span", "`value`", "`unit`",
                             "`qualifier` and `lower` / `upper`", "`measured_property`")),
}

_WHAT = {
    "entities": "every entity mention (names, common-noun phrases and pronouns that refer to an entity)",
    "times": "every time expression",
    "events": "every event mention, with its trigger, type, realis and arguments",
    "claims": "every numeric claim (a quantity stated in the text)",
}

_FIELDS = {
    "entities": (
        '{"entities": [{"text": "...", "occurrence": 0, "type": "...", "level": "...", "head": {"text": "..."}, '
        '"cluster": "..."}]}',
        "`type`: an entity type; `level`: a mention level; `head`: the head of the mention, a string inside "
        "it; `cluster`: any string, the same for every mention of one entity in this article.",
    ),
    "times": (
        '{"times": [{"text": "...", "occurrence": 0, "type": "...", "value": "..."}]}',
        "`type`: a time type; `value`: the TIMEX3 value, normalised against the document date.",
    ),
    "events": (
        '{"events": [{"type": "...", "realis": "...", "trigger": {"text": "...", "occurrence": 0}, '
        '"arguments": [{"role": "...", "text": "...", "occurrence": 0}], "cluster": "..."}]}',
        "`type`: an event type; `realis`: a realis label; `trigger`: the word or words that express the "
        "event; `arguments`: the mentions that fill the type's roles; `cluster`: any string, the same for "
        "every mention of one event in this article.",
    ),
    "claims": (
        '{"claims": [{"text": "...", "occurrence": 0, "value": 0, "unit": "...", "qualifier": "...", '
        '"lower": 0, "upper": 0, "measured_property": "..."}]}',
        "`text`: the quantity span; `value`: its number; `unit`, `qualifier`, `measured_property`: labels "
        "from the lists above; `lower` and `upper`: the bounds the qualifier implies (null for an open end).",
    ),
}


def _labels(title: str, labels: dict[str, str]) -> str:
    return f"{title}:\n" + "\n".join(f"- {name}: {' '.join(str(text).split())}" for name, text in labels.items())


def _inventory(layer: str, schema: Schema) -> str:
    if layer == "entities":
        return _labels("Entity types", schema.entity_types) + "\n\n" + _labels("Mention levels", schema.mention_levels)
    if layer == "times":
        return _labels("Time types", schema.time_types)
    if layer == "events":
        types = {
            name: f"{spec.description} Roles: "
                  + "; ".join(f"{role} ({', '.join(fillers)})" for role, fillers in spec.roles.items())
            for name, spec in schema.event_types.items()
        }
        return _labels("Event types", types) + "\n\n" + _labels("Realis", schema.realis)
    units = {name: f"{unit.description} ({unit.dimension})".strip() for name, unit in schema.units.items()}
    return "\n\n".join((_labels("Units", units), _labels("Qualifiers", schema.qualifiers),
                        _labels("Measured properties", schema.properties)))


def _sections(text: str, headings: tuple[str, ...], source: str) -> str:
    """The named sections of a Markdown guideline, each up to the next heading of its level or above."""
    lines = text.splitlines()
    out = []
    for heading in headings:
        start = next((i for i, line in enumerate(lines) if re.fullmatch(r"#+ " + re.escape(heading), line)), None)
        if start is None:
            raise ValueError(f"{source}: no section headed {heading!r}")
        level = len(lines[start]) - len(lines[start].lstrip("#"))
        end = next((j for j in range(start + 1, len(lines))
                    if lines[j].startswith("#") and len(lines[j]) - len(lines[j].lstrip("#")) <= level), len(lines))
        out.append("\n".join(lines[start:end]).strip())
    return "\n\n".join(out)


def build_prompts(schema: Schema, guidelines: Path) -> dict:
    """The prompt file's content: version, schema version and one template per layer."""
    layers = {}
    for layer in LAYERS:
        filename, headings = SECTIONS[layer]
        excerpt = _sections((guidelines / filename).read_text(encoding="utf-8"), headings, filename)
        shape, fields = _FIELDS[layer]
        system = (
            f"You annotate {_WHAT[layer]} in one English news article, following the Caravan-IE "
            f"annotation guidelines (excerpts below) and its label inventory.\n\n"
            f"# Labels\n\n{_inventory(layer, schema)}\n\n"
            f"# Guidelines ({filename}, excerpts)\n\n{excerpt}\n\n"
            f"# Answer\n\nAnswer with one JSON object and nothing else, of this shape:\n{shape}\n"
            f"Give each item as its exact surface string in `text`, copied character for character "
            f"from the article, and `occurrence`: 0 for the first place that string occurs in the "
            f"article, 1 for the second, and so on. {fields} Use only the labels listed above. "
            f"List the items in the order they occur; give an empty list when there are none."
        )
        layers[layer] = {"system": system, "user": "Document date: {date}\n\nArticle:\n{text}"}
    return {"version": PROMPT_VERSION, "schema_version": schema.version, "layers": layers}


def render(content: dict) -> str:
    """The prompt file as written: indented JSON, one trailing newline."""
    return json.dumps(content, indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=None)
def load_prompts() -> dict:
    """The shipped prompt file (``benchmark/llm/prompts.json``)."""
    return json.loads((resources.files(__package__) / "prompts.json").read_text(encoding="utf-8"))


def template_sha256(layer: str, prompts: dict | None = None) -> str:
    """SHA-256 of a layer's template (system message and user template), as it is sent."""
    template = (prompts or load_prompts())["layers"][layer]
    return hashlib.sha256(json.dumps(template, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def messages(layer: str, text: str, date: str, shots: list[tuple[str, str, str]] = (), prompts: dict | None = None) -> list[dict]:
    """The chat messages for one article: system, then (example article, its answer) turns, then the article.

    ``shots`` are (text, date, answer JSON) of the few-shot examples."""
    template = (prompts or load_prompts())["layers"][layer]
    conversation = [{"role": "system", "content": template["system"]}]
    for shot_text, shot_date, answer in shots:
        conversation.append({"role": "user", "content": template["user"].format(date=shot_date, text=shot_text)})
        conversation.append({"role": "assistant", "content": answer})
    conversation.append({"role": "user", "content": template["user"].format(date=date, text=text)})
    return conversation


# lm-eval metric names of each layer and the report entry each one is (its tp, fp and fn);
# benchmark/lm_eval_tasks/caravan_ie/utils.py computes them
LM_EVAL_METRICS = {
    "entities": {"entities_strict_f1": "entities.strict", "entities_bio_f1": "entities.bio.default"},
    "times": {"times_strict_f1": "times.strict", "times_value_f1": "times.value"},
    "events": {"trigger_identification_f1": "events.trigger_identification",
               "trigger_classification_f1": "events.trigger_classification",
               "argument_classification_f1": "events.argument_classification"},
    "claims": {"claims_detection_f1": "claims.detection.overlap", "claims_value_f1": "claims.value.tolerance"},
}


def lm_eval_tasks(prompts: dict) -> dict[str, str]:
    """The lm-evaluation-harness task files (name -> YAML text) of the prompts: one task per layer,
    zero-shot, the layer's system message as the task's description, and the group ``caravan_ie``."""
    files = {}
    for layer in LAYERS:
        template = prompts["layers"][layer]
        user = template["user"].replace("{date}", "{{date}}").replace("{text}", "{{text}}")
        metrics = "".join(f"  - metric: {name}\n    aggregation: !function utils.f1_of_sums\n    higher_is_better: true\n"
                          for name in LM_EVAL_METRICS[layer])
        files[f"caravan_ie_{layer}.yaml"] = (
            f"# Generated by scripts/build_prompts.py from benchmark/llm/prompts.json: do not edit.\n"
            f"task: caravan_ie_{layer}\n"
            f"custom_dataset: !function utils.load_docs\n"
            f"output_type: generate_until\n"
            f"test_split: test\n"
            f"num_fewshot: 0\n"
            f"description: {json.dumps('{% raw %}' + template['system'] + '{% endraw %}', ensure_ascii=False)}\n"
            f"doc_to_text: {json.dumps(user, ensure_ascii=False)}\n"
            f'doc_to_target: ""\n'
            f"generation_kwargs:\n  until: []\n  do_sample: false\n  temperature: 0.0\n  max_gen_toks: 4096\n"
            f"process_results: !function utils.process_{layer}\n"
            f"metric_list:\n{metrics}"
            f"metadata:\n  version: {prompts['version']}\n  prompt_sha256: {template_sha256(layer, prompts)}\n"
        )
    files["_caravan_ie.yaml"] = (
        "# Generated by scripts/build_prompts.py: do not edit.\n"
        "group: caravan_ie\ntask:\n" + "".join(f"  - caravan_ie_{layer}\n" for layer in LAYERS)
        + f"metadata:\n  version: {prompts['version']}\n"
    )
    return files
