"""Entry point of the frozen app: the same dispatch as ``python -m scripe_desktop``."""

import sys

from scripe_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
