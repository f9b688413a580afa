"""Shared test setup.

Qt platform first, before anything imports Qt: with no display, pytest-qt's QApplication
aborts the whole run with SIGABRT (pytest-qt does not choose a platform). Set
SCRIPE_TEST_DISPLAY=1 to run the GUI tests on a real display instead.
"""

import os

if os.environ.get("SCRIPE_TEST_DISPLAY") != "1":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
