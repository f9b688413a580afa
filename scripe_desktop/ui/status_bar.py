"""The whole queue at a glance: files and bytes left, speed, time left, and queue-wide buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from scripe_desktop.engine.events import Totals

from . import icons, texts


class QueueStatusBar(QWidget):
    """Emits a signal per button; shows :class:`Totals` as one plain sentence."""

    pauseAllRequested = Signal()
    resumeAllRequested = Signal()
    clearFinishedRequested = Signal()
    retryFailedRequested = Signal()
    failedFilterToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Queue status"))
        self._paused = False
        self.summary = QLabel(self.tr("Nothing to upload"))
        self.summary.setAccessibleName(self.tr("Queue summary"))
        # Text changes several times a second: never let it resize (and relayout) the window.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setMinimumWidth(200)
        self.scan_label = QLabel()
        self.scan_label.setAccessibleName(self.tr("Folder scan progress"))
        self.scan_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.scan_label.setMinimumWidth(220)
        self.scan_label.hide()
        self._scans: dict[int, int] = {}
        self.failed_filter = QToolButton()
        self.failed_filter.setCheckable(True)
        self.failed_filter.setIcon(icons.icon("filter"))
        self.failed_filter.setText(self.tr("Show failed only"))
        self.failed_filter.setToolButtonStyle(
            self.failed_filter.toolButtonStyle().ToolButtonTextBesideIcon
        )
        self.failed_filter.setShortcut("Ctrl+Shift+F")
        self.failed_filter.setAccessibleName(self.tr("Show failed files only"))
        self.retry_failed_button = QPushButton(icons.icon("retry"), self.tr("Retry all failed"))
        self.retry_failed_button.setAccessibleName(self.tr("Retry all failed files"))
        self.retry_failed_button.setEnabled(False)
        self.pause_button = QPushButton(icons.icon("pause"), self.tr("Pause all"))
        self.pause_button.setShortcut("Ctrl+Shift+P")
        self.pause_button.setAccessibleName(self.tr("Pause or resume all uploads"))
        self.clear_button = QPushButton(icons.icon("clear"), self.tr("Clear finished"))
        self.clear_button.setAccessibleName(self.tr("Remove finished files from the list"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.scan_label)
        layout.addWidget(self.failed_filter)
        layout.addWidget(self.retry_failed_button)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.pause_button)

        self.pause_button.clicked.connect(self._toggle_pause)
        self.clear_button.clicked.connect(self.clearFinishedRequested)
        self.retry_failed_button.clicked.connect(self.retryFailedRequested)
        self.failed_filter.toggled.connect(self.failedFilterToggled)

    @property
    def paused(self) -> bool:
        return self._paused

    def set_totals(self, totals: Totals) -> None:
        self._paused = totals.paused
        self.pause_button.setText(self.tr("Resume all") if totals.paused else self.tr("Pause all"))
        self.pause_button.setIcon(icons.icon("resume" if totals.paused else "pause"))
        self.summary.setText(self.describe(totals))

    def set_scan(self, batch_id: int, found: int | None) -> None:
        """Folder scanning in progress (``found`` so far), or finished (None)."""
        if found is None:
            self._scans.pop(batch_id, None)
        else:
            self._scans[batch_id] = found
        if not self._scans:
            self.scan_label.hide()
            return
        total = sum(self._scans.values())
        self.scan_label.setText(
            texts.plural(self.tr("Looking for files… %n found", "", total), total)
        )
        self.scan_label.show()

    def set_failed_count(self, count: int) -> None:
        self.retry_failed_button.setEnabled(count > 0)
        self.retry_failed_button.setText(
            self.tr("Retry %n failed", "", count) if count else self.tr("Retry all failed")
        )

    def describe(self, totals: Totals) -> str:
        if totals.files_left == 0:
            return self.tr("All done. Drop more files to upload them.")
        left = texts.plural(self.tr("%n file(s) left", "", totals.files_left), totals.files_left)
        parts = [f"{left} ({texts.human_bytes(totals.bytes_left)})"]
        if totals.paused:
            parts.append(self.tr("paused"))
        elif totals.bytes_per_second > 0:
            parts.append(texts.human_speed(totals.bytes_per_second))
            if totals.eta_seconds is not None:
                parts.append(
                    self.tr("{time} left").format(time=texts.human_duration(totals.eta_seconds))
                )
        return " · ".join(parts)

    def _toggle_pause(self) -> None:
        if self._paused:
            self.resumeAllRequested.emit()
        else:
            self.pauseAllRequested.emit()
