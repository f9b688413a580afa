"""Which folders a dropped batch came from, so its summary can offer to keep one in sync.

The engine saves each batch's roots with the batch (``store_scans.py``, table ``scan_roots``);
this reads them read-only, from any thread or process, and keeps the ones that are folders
no watched folder already covers. Qt-free.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .folders import FolderList, normalize


def dropped_folders(queue_path: Path, home: Path, batch_id: int) -> list[str]:
    """Folders (resolved) among the batch's roots that could become watched folders."""
    try:
        db = sqlite3.connect(f"file:{queue_path}?mode=ro", uri=True, timeout=5)
        try:
            rows = db.execute(
                "SELECT path FROM scan_roots WHERE batch_id=? ORDER BY seq", (batch_id,)
            ).fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return []  # an older queue without saved roots, or none yet: nothing to offer
    watched = [Path(f.path) for f in FolderList(home).load().folders]
    out: list[str] = []
    for (raw,) in rows:
        path = os.fsdecode(raw)
        if not os.path.isdir(path) or os.path.islink(path):
            continue
        p = Path(normalize(path))
        if any(p.is_relative_to(w) or w.is_relative_to(p) for w in watched):
            continue
        out.append(str(p))
    return out
