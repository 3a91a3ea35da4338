"""Readers and writers of the formats other tools use: brat standoff, CoNLL IOB2, spaCy DocBin.

One module per format; ``benchmark.exporters`` registers the writers for ``caravan-ie export``.
"""
