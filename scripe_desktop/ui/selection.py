"""Which rows of the queue model a table selection covers, read from its ranges.

Why ranges: Ctrl+A on 50,000 rows is one range; asking Qt for each selected index and its
snapshot took seconds on the GUI thread. Everything selected maps through the filter in one
pass; other ranges map row by row.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel
from PySide6.QtWidgets import QAbstractItemView

from .queue_filter import QueueFilterProxy
from .queue_model import QueueModel


def selected_source_rows(view: QAbstractItemView) -> tuple[QueueModel | None, list[int]]:
    """The queue model behind ``view`` and its selected rows, in source order."""
    selection, shown = view.selectionModel(), view.model()
    if selection is None or shown is None:
        return None, []
    if isinstance(shown, QAbstractProxyModel):
        source, to_source = shown.sourceModel(), shown.mapToSource
    else:
        source, to_source = shown, None
    if not isinstance(source, QueueModel):
        return None, []
    ranges = selection.selection()
    whole = sum(part.height() for part in ranges) >= shown.rowCount() > 0
    if whole and isinstance(shown, QueueFilterProxy):
        return source, shown.shown_source_rows()  # everything: no row-by-row mapping
    rows: set[int] = set()
    for part in ranges:
        shown_rows = range(part.top(), part.bottom() + 1)
        if to_source is None:
            rows.update(shown_rows)
        else:
            rows.update(to_source(shown.index(r, 0)).row() for r in shown_rows)
    return source, sorted(r for r in rows if r >= 0)
