"""What the queue table costs the GUI thread per tick (issue 7): printed, not asserted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_table_cost.py [--rows 20000]

The real QueueModel, QueueFilterProxy and QueueView at 1000x600, offscreen. Figures:

- insert: ``model.upsert`` of 500 new rows into a table of ``--rows`` rows (the proxy's
  ``filterAcceptsRow`` runs for each), median of the last inserts; beside it, in the same run, a
  proxy that reads each row's snapshot through Qt (``index.data``), as it did before;
- repaint: a full repaint of the visible rows (every cell asks ``data`` for a dozen roles);
- Ctrl+A on ``--rows`` rows, and the same with the view's own selection handler off (Qt's
  part);
- a batch of ``--rows`` files finishing: what the window asks of every row of the batch (the
  summary line, notifications' names and places, the close dialog's split), read from the
  row columns; beside it, in the same run, the same questions through rebuilt snapshots
  (``model.items``), as they were asked before.
"""

from __future__ import annotations

import argparse
import statistics
import time

from PySide6.QtWidgets import QApplication

from scripe_desktop.engine.events import AttachKind, BatchSummary, ItemSnapshot, ItemState, Target
from scripe_desktop.ui.queue_cells import SnapshotRole, is_system_file
from scripe_desktop.ui.queue_facts import batch_summary_line, split_work
from scripe_desktop.ui.queue_filter import QueueFilterProxy
from scripe_desktop.ui.queue_model import QueueModel
from scripe_desktop.ui.queue_view import QueueView

CHUNK = 500


class ThroughQtProxy(QueueFilterProxy):
    """The baseline: each inserted row's snapshot read through Qt's ``index.data``."""

    def filterAcceptsRow(self, source_row, source_parent):  # type: ignore[no-untyped-def]
        item = self.sourceModel().index(source_row, 0, source_parent).data(SnapshotRole)
        return not (item.state is ItemState.SKIPPED and is_system_file(item.name))


def shown(proxy: QueueFilterProxy) -> QueueView:
    """The table as the window shows it, at 1000x600."""
    view = QueueView()
    view.setModel(proxy)
    view.resize(1000, 600)
    view.show()
    return view


def measure(app: QApplication, proxy: QueueFilterProxy, rows: int) -> tuple[float, float]:
    model = QueueModel()
    proxy.setSourceModel(model)
    view = shown(proxy)
    target = Target(AttachKind.KNOWLEDGE)
    inserts: list[float] = []
    for first in range(0, rows, CHUNK):
        items = [
            ItemSnapshot(i + 1, 1, f"/data/dir{i // 500:03}/note{i:06}.txt", f"note{i:06}.txt",
                         40, "text/plain", target, ItemState.WAITING)
            for i in range(first, min(rows, first + CHUNK))
        ]  # fmt: skip
        start = time.perf_counter()
        model.upsert(items)
        inserts.append(time.perf_counter() - start)
        app.processEvents()
    paints: list[float] = []
    for _ in range(30):
        view.viewport().update()
        start = time.perf_counter()
        app.processEvents()
        paints.append(time.perf_counter() - start)
    view.close()
    return 1000 * statistics.median(inserts[-10:]), 1000 * statistics.median(paints)


def batch_end(rows: int) -> tuple[float, float]:
    """(columns, snapshots) in ms: the window's questions when a batch of ``rows`` finishes."""
    model = QueueModel()
    target = Target(AttachKind.KNOWLEDGE)
    model.upsert([
        ItemSnapshot(i, 1, f"/data/dir{i // 500:03}/note{i:06}.txt", f"note{i:06}.txt", 40,
                     "text/plain", target, ItemState.DONE, 40, result_id=f"kn_{i}")
        for i in range(1, rows + 1)
    ])  # fmt: skip
    summary = BatchSummary(1, {"done": rows})
    start = time.perf_counter()
    batch_summary_line(model, summary, {})
    model.names_and_targets({ItemState.DONE}, 1)
    split_work(model)
    columns = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(3):  # the summary line, the notifications, "keep in sync" each asked
        items = model.items(batch_id=1)
    [model.wait_for(i, i.bytes_sent, 0.0) for i in items if not i.state.finished]
    return 1000 * columns, 1000 * (time.perf_counter() - start)


def select_all(app: QApplication, rows: int) -> tuple[float, float]:
    """(whole Ctrl+A, Qt's part alone) in ms on a table of ``rows`` finished rows."""
    model = QueueModel()
    target = Target(AttachKind.KNOWLEDGE)
    model.upsert([
        ItemSnapshot(i, 1, f"/data/note{i:06}.txt", f"note{i:06}.txt", 40, "text/plain", target,
                     ItemState.DONE if i % 3 else ItemState.FAILED, 40)
        for i in range(1, rows + 1)
    ])  # fmt: skip
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    view = shown(proxy)
    app.processEvents()
    figures = []
    for ours in (True, False):
        if not ours:  # the view's own handler (actions, details) off: what Qt costs by itself
            view.selectionModel().selectionChanged.disconnect(view._on_selection)
        view.clearSelection()
        app.processEvents()
        start = time.perf_counter()
        view.selectAll()
        app.processEvents()
        figures.append(1000 * (time.perf_counter() - start))
    view.close()
    return figures[0], figures[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    app = QApplication([])
    base_insert, _ = measure(app, ThroughQtProxy(), rows)
    insert, paint = measure(app, QueueFilterProxy(), rows)
    print(f"insert of {CHUNK} rows at {rows} rows: {insert:.1f} ms "
          f"(proxy reading through Qt, same run: {base_insert:.1f} ms)")  # fmt: skip
    print(f"full repaint of the visible rows: {paint:.1f} ms")
    columns, snapshots = batch_end(rows)
    print(f"a batch of {rows} files finishing (summary, notifications, close split): "
          f"{columns:.1f} ms (through snapshots, same run: {snapshots:.1f} ms)")  # fmt: skip
    whole, qt_only = select_all(app, rows)
    print(f"Ctrl+A on {rows} rows: {whole:.0f} ms (the view's own handler off, same run: "
          f"{qt_only:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
