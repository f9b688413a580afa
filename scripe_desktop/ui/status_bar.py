"""The whole queue at a glance: files and bytes left, speed, time left, and queue-wide buttons.

Only true sentences: no "All done" before anything was done, after a cancel or with failures;
speed and time left only while bytes are really being sent (measured over the last few
seconds by the window, not the engine's long average); otherwise what the queue waits for.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from .queue_facts import left_sentence


@dataclass(frozen=True)
class QueueFacts:
    """What the sentence is made from (the window gathers it from the model and the engine)."""

    rows: int = 0
    done: int = 0
    failed: int = 0
    cancelled: int = 0
    unfinished: int = 0  # rows not finished (paused included)
    speed: float = 0.0  # bytes/s over the last few seconds; 0 = nothing being sent
    waiting_for: str | None = None  # why nothing moves ("waiting for a connection")


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
        self._totals: Totals | None = None
        self._facts = QueueFacts()
        self.summary = QLabel(self.tr("Drop files or folders to upload them."))
        self.summary.setAccessibleName(self.tr("Queue summary"))
        # Text changes several times a second: never let it resize (and relayout) the window.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setMinimumWidth(120)
        self.summary.setWordWrap(True)
        # Folder scans in progress lead the summary: as a label of its own, beside the buttons
        # at 800 px, it was squeezed to its first letter.
        self._scans: dict[int, int] = {}
        self._sentence = self.summary.text()
        self._note: str | None = None  # what a retry came to (ui/retry_watch.py)
        self._failed_count = self._note_failed = 0
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
        # No shortcut on the button: setText() would drop it. The window's "Pause all" action
        # carries Ctrl+Shift+P and calls toggle_pause().
        self.pause_button = QPushButton(icons.icon("pause"), self.tr("Pause all"))
        self.pause_button.setToolTip(self.tr("Pause or resume all uploads (Ctrl+Shift+P)"))
        self.pause_button.setAccessibleName(self.tr("Pause or resume all uploads"))
        self.clear_button = QPushButton(icons.icon("clear"), self.tr("Clear finished"))
        self.clear_button.setAccessibleName(self.tr("Remove finished files from the list"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.failed_filter)
        layout.addWidget(self.retry_failed_button)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.pause_button)

        self.pause_button.clicked.connect(self.toggle_pause)
        self.clear_button.clicked.connect(self.clearFinishedRequested)
        self.retry_failed_button.clicked.connect(self.retryFailedRequested)
        self.failed_filter.toggled.connect(self.failedFilterToggled)

    @property
    def paused(self) -> bool:
        return self._paused

    def set_totals(self, totals: Totals, *, refresh: bool = True) -> None:
        """``totals`` is the window's ``FilesLeft`` (see queue_facts); ``refresh=False`` when
        :meth:`set_facts` follows at once."""
        self._totals = totals
        if totals.paused != self._paused:
            # Only on a change: setIcon repaints the button (and flushes the window) even for
            # the same icon, and totals arrive with every progress report.
            self._paused = totals.paused
            text = self.tr("Resume all") if totals.paused else self.tr("Pause all")
            self.pause_button.setText(text)
            self.pause_button.setIcon(icons.icon("resume" if totals.paused else "pause"))
        self._sync_pause_button()
        if refresh:
            self._show(self.describe(totals, self._facts))

    def _sync_pause_button(self) -> None:
        """Always usable: pausing an idle queue holds the next drop (before it starts)."""
        self.pause_button.setEnabled(True)

    def set_facts(self, facts: QueueFacts) -> None:
        self._facts = facts
        self._sync_pause_button()
        if self._totals is not None:
            self._show(self.describe(self._totals, facts))

    def _show(self, text: str | None = None) -> None:
        if text is not None:
            self._sentence = text
        text = self._sentence
        if self._note:
            text = f"{self._note} · {text}"
        if self._scans:
            total = sum(self._scans.values())
            found = texts.plural(self.tr("Looking for files… %n found", "", total), total)
            text = f"{found} · {text}"
        if text != self.summary.text():  # refreshed with every progress report: mostly equal
            self.summary.setText(text)

    def set_scan(self, batch_id: int, found: int | None) -> None:
        """Folder scanning in progress (``found`` so far), or finished (None)."""
        if found is None:
            self._scans.pop(batch_id, None)
        else:
            self._scans[batch_id] = found
        self._show()

    def set_retry_outcome(self, uploaded: int, failed: int) -> None:
        """Say what "Try again" came to, until the number of failed files changes (call after
        :meth:`set_failed_count` for the same update)."""
        if failed and not uploaded:
            note = texts.plural(self.tr("Tried again: %n file(s) failed again", "", failed), failed)
        elif failed:
            note = self.tr("Tried again: {uploaded} uploaded, {failed} failed again").format(
                uploaded=uploaded, failed=failed
            )
        else:
            note = texts.plural(self.tr("Tried again: %n file(s) uploaded", "", uploaded), uploaded)
        self._note, self._note_failed = note, self._failed_count
        self._show()

    def clear_retry_outcome(self) -> None:
        if self._note is not None:
            self._note = None
            self._show()

    def set_failed_count(self, count: int) -> None:
        self._failed_count = count
        if self._note is not None and count != self._note_failed:
            self.clear_retry_outcome()  # files removed, retried or newly failed since
        self.retry_failed_button.setEnabled(count > 0)
        self.retry_failed_button.setText(
            self.tr("Retry %n failed", "", count) if count else self.tr("Retry all failed")
        )

    def describe(self, totals: Totals, facts: QueueFacts | None = None) -> str:
        facts = facts or QueueFacts()
        if totals.files_left == 0:
            return self._finished_sentence(facts)
        parts = [left_sentence(totals)]
        # Files all with Scripe have no bytes to send: no speed, time left or "paused".
        if totals.files_left > getattr(totals, "processing", 0):
            parts += self._moving_parts(totals, facts)
        if facts.failed:
            parts.append(texts.plural(self.tr("%n failed", "", facts.failed), facts.failed))
        return " · ".join(parts)

    def _moving_parts(self, totals: Totals, facts: QueueFacts) -> list[str]:
        if totals.paused:
            return [self.tr("paused")]
        if facts.speed > 0:
            parts = [texts.human_speed(facts.speed)]
            if totals.bytes_left > 0:
                eta = texts.human_duration(totals.bytes_left / facts.speed)
                parts.append(self.tr("{time} left").format(time=eta))
            return parts
        return [facts.waiting_for] if facts.waiting_for else []

    def _finished_sentence(self, facts: QueueFacts) -> str:
        if facts.rows == 0:
            return self.tr("Drop files or folders to upload them.")
        if facts.failed:
            return texts.plural(
                self.tr("Finished; %n file(s) failed: select one to see why.", "", facts.failed),
                facts.failed,
            )
        if facts.done and not facts.cancelled:
            return self.tr("All done. Drop more files to upload them.")
        if facts.done:
            return self.tr("Nothing left to upload. Drop more files to upload them.")
        return self.tr("Nothing left to upload.")

    def toggle_pause(self) -> None:
        if self._paused:
            self.resumeAllRequested.emit()
        else:
            self.pauseAllRequested.emit()
