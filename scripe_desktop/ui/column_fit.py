"""Column widths for the queue table: Name gets the room, the other columns give way first.

Pure arithmetic (no Qt) so it can be checked for any width. Widths scale with the font's
average character width, so the table reads the same with a large font or a 1.5 scale factor.
"""

from __future__ import annotations

from .queue_model import Column

# (preferred, minimum) in average character widths
_CHARS: dict[Column, tuple[int, int]] = {
    Column.NAME: (48, 34),
    Column.STATUS: (42, 24),
    Column.PROGRESS: (14, 8),
    Column.RESULT: (19, 16),
    Column.DESTINATION: (20, 10),
    Column.TYPE: (13, 8),
    Column.SIZE: (12, 10),
}
NAME_MIN_PX = 200
# Given up on a narrow window (an 800 px one) while the status sentence would be cut short:
# the details pane under the table says a file's type and size; the status matters more.
_DROPPABLE = (Column.TYPE, Column.SIZE)
STATUS_READABLE = 30  # chars: "Uploading 40 % · 1.2 MB/s · 2 min"


def fit_widths(available: int, char_width: int) -> dict[Column, int]:
    """Widths that fill ``available`` px if they can; never Name below ~200 px. A width of 0
    means the column is hidden for now (Type, then Size, on a narrow window)."""
    cw = max(5, char_width)
    columns = dict(_CHARS)
    widths = _fit(available, cw, columns)
    for column in _DROPPABLE:
        if widths[Column.STATUS] >= STATUS_READABLE * cw:
            break
        del columns[column]
        widths = _fit(available, cw, columns)
    return {c: widths.get(c, 0) for c in _CHARS}


def _fit(available: int, cw: int, columns: dict[Column, tuple[int, int]]) -> dict[Column, int]:
    pref = {c: p * cw for c, (p, _m) in columns.items()}
    mins = {c: m * cw for c, (_p, m) in columns.items()}
    pref[Column.NAME] = max(pref[Column.NAME], NAME_MIN_PX)
    mins[Column.NAME] = max(mins[Column.NAME], NAME_MIN_PX)
    widths = dict(pref)
    total = sum(widths.values())
    if total <= available:
        widths[Column.NAME] += available - total
        return widths
    deficit = total - available
    others = [c for c in widths if c != Column.NAME]
    slack = sum(pref[c] - mins[c] for c in others)
    share = min(1.0, deficit / slack) if slack else 1.0
    for c in others:
        widths[c] = pref[c] - int((pref[c] - mins[c]) * share)
    deficit = sum(widths.values()) - available
    if deficit > 0:
        widths[Column.NAME] = max(mins[Column.NAME], widths[Column.NAME] - deficit)
    return widths
