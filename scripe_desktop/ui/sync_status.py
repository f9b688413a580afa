"""The window while another process syncs this state directory: a read-only status view.

``scripe-desktop sync`` (or another copy of the app) holds the upload queue, so this window
cannot run its own engine. Instead of an error it says so in a plain sentence and shows what
that sync is doing (its folders, files left, last activity), read from the state directory on
a worker every few seconds (``engine/watch/status.py``); nothing here changes anything.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop.engine.watch.status import SyncStatus, read_sync_status

from . import texts
from .workers import run_task

READ_EVERY_MS = 2000


class SyncStatusView(QDialog):
    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = Path(home)
        self.status: SyncStatus | None = None
        self.reads = 0
        self._reading = False
        self.setWindowTitle(self.tr("Syncing in the background"))
        self.resize(680, 320)
        layout = QVBoxLayout(self)
        self.headline = QLabel(self.tr("Looking at what background sync is doing…"))
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        explain = QLabel(
            self.tr(
                "Another Scripe Desktop (the app or “scripe-desktop sync”) is keeping the "
                "watched folders in step. This window only shows what it is doing; to upload "
                "from here, stop it first."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Folder"), self.tr("Files"), self.tr("Last activity")])
        self.tree.setRootIsDecorated(False)
        layout.addWidget(self.tree)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(READ_EVERY_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        if self._reading:
            return
        self._reading = True
        home = self.home
        run_task(lambda: read_sync_status(home), self._show, self._failed, context=self)

    def _failed(self, exc: BaseException) -> None:
        self._reading = False
        self.summary.setText(self.tr("Couldn't read the sync status just now; trying again."))

    def _show(self, status: SyncStatus) -> None:
        self._reading = False
        self.reads += 1
        self.status = status
        self.headline.setText(self._headline(status))
        self.tree.clear()
        for folder, facts in status.folders:
            last = facts.last_upload or facts.last_scan
            when = texts.clock_time(last) if last else self.tr("Not yet")
            self.tree.addTopLevelItem(QTreeWidgetItem([folder.path, str(facts.files), when]))
        parts = []
        if status.failed:
            n = status.failed
            parts.append(texts.plural(self.tr("%n file(s) could not be uploaded", "", n), n))
        if status.last_activity:
            when = texts.clock_time(status.last_activity)
            parts.append(self.tr("last activity {time}").format(time=when))
        self.summary.setText(" · ".join(parts))

    def _headline(self, s: SyncStatus) -> str:
        if not s.running:
            return self.tr(
                "Background sync has stopped. Close this and start Scripe Desktop again to "
                "upload from this window."
            )
        if s.paused_until is not None:
            return self.tr("Background sync is paused.")
        if s.files_left:
            n = s.files_left
            return texts.plural(self.tr("Background sync is uploading: %n file(s) left.", "", n), n)
        return self.tr("Background sync is up to date.")


def show_running_elsewhere(app: object) -> SyncStatusView:
    """Called by the controller when the queue is held by a sync elsewhere; closing quits."""
    view = SyncStatusView(app.options.home, parent=app.window)  # type: ignore[attr-defined]
    view.finished.connect(lambda _r: app.quit())  # type: ignore[attr-defined]
    app.sync_status = view  # type: ignore[attr-defined]
    view.open()
    return view
