"""Views and exports of the gold: the Hugging Face configs (``hf``), brat standoff (``brat``, read
back too), CoNLL IOB2 (``conll``), spaCy DocBin (``spacy_docbin``), and the registry of
``caravan-ie export`` (``registry``).
"""
