"""PyInstaller runtime hook: point libmagic at the database shipped inside the bundle.

PyInstaller bundles libmagic.so but not its database; without MAGIC set, the frozen app would
call every file application/octet-stream. The engine refuses to start in that state anyway
(``check_type_database``), but this makes it work.
"""

import os
import sys

_db = os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), "magic", "magic.mgc")
if os.path.exists(_db):
    os.environ["MAGIC"] = _db
