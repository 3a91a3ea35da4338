"""The data layer: the label inventory, the corpus model, the one gold reader, the record and
claim rules shared by the gold checks and the prediction reader, and where the data lives."""
