"""Entry point of the frozen app: the same dispatch as ``python -m scripe_desktop``.

Frozen, ``sys.executable`` is this program, so code that starts ``sys.executable -m MODULE``
(the desktop app's sandbox child, ui/sandbox_process.py) reaches here: ``-m`` runs one of the
app's own modules as ``__main__``, as the interpreter would.
"""

import multiprocessing
import runpy
import sys

from scripe_desktop.__main__ import main

if __name__ == "__main__":
    # The desktop app runs its engine in a spawned child process (engine/remote.py); frozen,
    # that child is this same executable, and freeze_support() turns it into the worker.
    multiprocessing.freeze_support()
    if len(sys.argv) > 2 and sys.argv[1] == "-m" and sys.argv[2].startswith("scripe_desktop."):
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        sys.exit(0)
    sys.exit(main())
