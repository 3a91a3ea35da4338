"""``python -m benchmark``: the same as the ``caravan-ie`` command."""

import sys

from .cli import main

sys.exit(main())
