"""Text processing shared by every layer: tokens and sentences (``tokens``), IOB2 tags (``iob2``).

``benchmark.text.tokenize``, ``token_spans``, ``sentences`` and ``Token`` are the tokeniser's public names.
"""

from .tokens import Token, sentences, token_spans, tokenize

__all__ = ["Token", "sentences", "token_spans", "tokenize"]
