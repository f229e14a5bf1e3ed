"""``python -m coproduction``: the same as the ``coproduction`` command."""

from __future__ import annotations

import sys

from coproduction._cli import main

if __name__ == "__main__":
    sys.exit(main())
