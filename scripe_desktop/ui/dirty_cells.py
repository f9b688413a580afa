"""Changed cells, collected between repaints and handed out as a few rectangles.

Why: a busy queue changes thousands of cells a second. Marking a row costs a dict update; the
model turns the marks into one ``dataChanged`` per run of neighbouring rows with the same
changed columns, so the view repaints what changed and nothing else. Plain Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterator


class DirtyCells:
    """Rows with a bit mask of their changed columns (``1 << column``)."""

    __slots__ = ("_every", "_rows")

    def __init__(self) -> None:
        self._rows: dict[int, int] = {}
        self._every = 0  # columns changed on every row (a condition, project names)

    def mark(self, row: int, columns: int) -> None:
        self._rows[row] = self._rows.get(row, 0) | columns

    def mark_every_row(self, columns: int) -> None:
        self._every |= columns

    def clear(self) -> None:
        self._rows.clear()
        self._every = 0

    def take(self, row_count: int) -> Iterator[tuple[int, int, int]]:
        """(first row, last row, columns) rectangles covering every mark; then nothing is marked."""
        every, self._every = self._every, 0
        dirty, self._rows = self._rows, {}
        if every and row_count:
            yield 0, row_count - 1, every
        rows = sorted(row for row, mask in dirty.items() if mask & ~every and row < row_count)
        if not rows:
            return
        start = prev = rows[0]
        columns = dirty[start]
        for row in rows[1:]:
            if row == prev + 1 and dirty[row] == columns:
                prev = row
                continue
            yield start, prev, columns
            start = prev = row
            columns = dirty[row]
        yield start, prev, columns


def column_span(columns: int) -> tuple[int, int]:
    """The leftmost and rightmost column in a mask: the rectangle ``dataChanged`` needs."""
    return (columns & -columns).bit_length() - 1, columns.bit_length() - 1
