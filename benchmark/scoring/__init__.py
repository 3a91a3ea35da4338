"""Scoring of predictions against the Caravan-IE gold annotations, one module per task."""
