"""PyInstaller runtime hook: point libmagic at the database shipped inside the bundle.

PyInstaller bundles libmagic (``libmagic.so.1``, ``libmagic.1.dylib`` or ``libmagic-1.dll``)
but not its database; without MAGIC set, the frozen app would call every file
application/octet-stream. The engine refuses to start in that state anyway
(``check_type_database``), but this makes it work. On Windows python-magic looks for the DLL on
PATH, so the bundle's folder goes first there.
"""

import os
import sys

_base = getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
_db = os.path.join(_base, "magic", "magic.mgc")
if os.path.exists(_db):
    os.environ["MAGIC"] = _db
if sys.platform == "win32":
    os.environ["PATH"] = _base + os.pathsep + os.environ.get("PATH", "")
    if hasattr(os, "add_dll_directory"):
        os.add_dll_directory(_base)
