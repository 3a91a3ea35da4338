"""``python -m benchmark``: the same as the ``caravan-ie`` command."""

from .cli import command

command()
