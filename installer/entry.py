"""Entry point of the frozen app: the same dispatch as ``python -m scripe_desktop``."""

import multiprocessing
import sys

from scripe_desktop.__main__ import main

if __name__ == "__main__":
    # The desktop app runs its engine in a spawned child process (engine/remote.py); frozen,
    # that child is this same executable, and freeze_support() turns it into the worker.
    multiprocessing.freeze_support()
    sys.exit(main())
