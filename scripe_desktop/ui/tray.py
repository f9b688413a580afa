"""The system tray icon, when the desktop has a tray; the menu is built each time it opens.

Why built on demand: the status line ("Uploading 3 files · 12 MB left", "Up to date · last
upload 14:02") and the pause entries describe that moment, and nothing needs to be kept in sync
while the menu is closed. Every entry is connected to a callable (``signal.emit``), never to a
signal object: PySide6 accepts a signal when the menu is built and raises ``TypeError`` only when
the entry is chosen, which left the whole menu dead before.

Pausing syncing is stored in the shared folder list (``engine/watch/folders.py``), so it
survives a restart and ``scripe-desktop sync`` honours it too. It pauses the watched folders
only: the watcher stops handing files over and holds the ones the engine has not sent yet;
files dropped on the window keep going (the window's own "Pause all" is for those). So the
pause entries are offered only while a folder is watched: with none, they would read as "pause
my uploads". Because the menu is built when it opens, they appear once a folder is added.
"""

from __future__ import annotations

import datetime as dt
import enum
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from scripe_desktop.engine.events import Condition, ConditionKind, Totals
from scripe_desktop.engine.watch import FolderList, SyncSettings, WatchedFolder, WatchIndex

from . import icons, texts
from .queue_facts import left_sentence

ATTENTION = frozenset(
    {
        ConditionKind.KEY_NEEDED,
        ConditionKind.SPEND_CAP,
        ConditionKind.PERMISSION,
        ConditionKind.OFFLINE,
        ConditionKind.ENGINE_STOPPED,
    }
)


class TrayState(enum.StrEnum):
    IDLE = "idle"
    SYNCING = "syncing"
    PAUSED = "paused"
    ATTENTION = "attention"


_BADGE = {  # (light-theme colour, dark-theme colour)
    TrayState.IDLE: ("#2e7d32", "#81c784"),
    TrayState.SYNCING: ("#1565c0", "#64b5f6"),
    TrayState.PAUSED: ("#616161", "#bdbdbd"),
    TrayState.ATTENTION: ("#e65100", "#ffb74d"),
}


def dark_theme() -> bool:
    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return True
    return QGuiApplication.palette().window().color().lightness() < 128


def state_icon(state: TrayState, dark: bool) -> QIcon:
    """The app icon with a state badge; the badge's ring matches a light or dark panel."""
    result = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        icons.app_icon().paint(p, 0, 0, size, size)
        r = size * 0.22
        centre = QPointF(size - r - 0.5, size - r - 0.5)
        p.setPen(QColor("#202020" if dark else "#ffffff"))
        p.setBrush(QColor(_BADGE[state][1 if dark else 0]))
        p.drawEllipse(centre, r, r)
        p.end()
        result.addPixmap(pix)
    return result


class TrayController(QObject):
    """Owns the tray icon (if any). ``available`` is False on desktops without a tray."""

    showRequested = Signal()
    addFilesRequested = Signal()
    openScripeRequested = Signal()
    watchedFoldersRequested = Signal()
    settingsRequested = Signal()
    syncPauseChanged = Signal()  # the watched folders were paused or resumed from here
    quitRequested = Signal()

    def __init__(
        self,
        totals: Callable[[], Totals | None],
        parent: QObject | None = None,
        *,
        available: bool | None = None,
        home: Path | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self._totals = totals
        self._clock = clock
        self.folders = FolderList(home) if home is not None else None
        self._home = home
        self.conditions: tuple[Condition, ...] = ()
        # failed files (set by watch_hooks.connect_tray from the window's queue): a count for
        # the icon (cheap, on every change) and a sentence for the status line (menu opens)
        self.failed_count: Callable[[], int] = lambda: 0
        self.failure_reason: Callable[[], str | None] = lambda: None
        self.state = TrayState.IDLE
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self._resume_timer = QTimer(self)
        self._resume_timer.setSingleShot(True)
        self._resume_timer.timeout.connect(self._pause_over)
        self.actions: dict[str, QAction] = {}
        if self.available:
            self.icon = QSystemTrayIcon(state_icon(TrayState.IDLE, dark_theme()), self)
            self.icon.setToolTip(self.tr("Scripe Desktop"))
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
            self.icon.show()
        self._arm_resume()

    # -- state ----------------------------------------------------------------------------

    def _watched(self) -> SyncSettings | None:
        """The shared folder list; None without a state directory or without a folder."""
        s = self.folders.load() if self.folders is not None else None
        return s if s is not None and s.folders else None

    def paused_until(self) -> float | None:
        """When syncing resumes; None while no folder is watched: there is nothing to pause."""
        return self._until(self._watched())

    def _until(self, s: SyncSettings | None) -> float | None:
        return s.paused_until if s is not None and s.paused(self._clock()) else None

    @staticmethod
    def _all_paused(s: SyncSettings | None) -> tuple[WatchedFolder, ...]:
        """Every watched folder when each is paused on its own, else none: "Up to date" would
        then hide that nothing is being synced."""
        if s is None or not all(f.paused for f in s.folders):
            return ()
        return s.folders

    def update_state(self) -> TrayState:
        totals = self._totals()
        s = self._watched()
        if any(c.kind in ATTENTION for c in self.conditions) or self.failed_count():
            state = TrayState.ATTENTION
        elif self._until(s) is not None or (totals is not None and totals.paused):
            state = TrayState.PAUSED
        elif totals is not None and totals.files_left:
            state = TrayState.SYNCING
        elif self._all_paused(s):
            state = TrayState.PAUSED
        else:
            state = TrayState.IDLE
        if self.icon is not None and state != self.state:
            self.icon.setIcon(state_icon(state, dark_theme()))
        self.state = state
        return state

    def set_totals(self, totals: Totals) -> None:
        # The window's figures when there is a window (``queue_facts.files_left``): the tray
        # and the status bar say the same number.
        totals = self._totals() or totals
        self.update_state()
        if self.icon is not None:
            tip = self.tr("Scripe Desktop")
            if totals.files_left:
                tip += " · " + left_sentence(totals)
            self.icon.setToolTip(tip)
        status = self.actions.get("status")
        if status is not None and self.menu.isVisible():  # an open menu follows along
            status.setText(self.status_line())

    def set_conditions(self, conditions: tuple[Condition, ...]) -> None:
        self.conditions = tuple(conditions)
        self.update_state()

    def status_line(self, s: SyncSettings | None = None) -> str:
        """``s``: the folder list when the caller has just read it (it is read once)."""
        s = self._watched() if s is None else s
        until = self._until(s)
        if until is not None:
            if until > self._clock() + 400 * 24 * 3600:
                return self.tr("Syncing paused")
            return self.tr("Syncing paused until {time}").format(time=texts.clock_time(until))
        attention = [c for c in self.conditions if c.kind in ATTENTION]
        if attention:
            return attention[0].message
        failed = self.failed_count()
        if failed == 1:
            return self.failure_reason() or self.tr("A file could not be uploaded")
        if failed:
            return texts.plural(
                self.tr("%n file(s) could not be uploaded · open the window to retry", "", failed),
                failed,
            )
        totals = self._totals()
        if totals is not None and totals.files_left:
            return left_sentence(totals)
        paused = self._all_paused(s)
        if len(paused) == 1:
            return self.tr("Syncing paused: the watched folder “{name}” is paused").format(
                name=Path(paused[0].path).name or paused[0].path
            )
        if paused:
            n = len(paused)
            return texts.plural(self.tr("Syncing paused: all %n watched folder(s) are paused",
                                        "", n), n)  # fmt: skip
        last = self._last_upload()
        if last is not None:
            return self.tr("Up to date · last upload {time}").format(time=texts.clock_time(last))
        return self.tr("Up to date")

    def _last_upload(self) -> float | None:
        if self._home is None or self.folders is None:
            return None
        index = WatchIndex(self._home, readonly=True)
        try:
            times = [index.facts(f.path).last_upload for f in self.folders.load().folders]
        finally:
            index.close()
        known = [t for t in times if t]
        return max(known) if known else None

    # -- menu -----------------------------------------------------------------------------

    def rebuild_menu(self) -> None:
        self.menu.clear()
        self.actions = {}
        s = self._watched()  # read once for the whole menu
        status = self._add("status", self.status_line(s), None)
        status.setEnabled(False)
        self.menu.addSeparator()
        if self._until(s) is not None:
            self._add("resume", self.tr("Resume syncing"), self.resume_syncing, "resume")
        elif s is not None:
            # Only with a watched folder: they pause those, never the files a person drops,
            # and offered with nothing to sync they read as "pause my uploads".
            self._add("pause_hour", self.tr("Pause syncing for 1 hour"), self.pause_hour, "pause")
            self._add("pause_tomorrow", self.tr("Pause syncing until tomorrow"), self.pause_day)
        self.menu.addSeparator()
        self._add("add_files", self.tr("Add files…"), self.addFilesRequested.emit, "upload")
        self._add("open_scripe", self.tr("Open Scripe"), self.openScripeRequested.emit)
        self._add("show", self.tr("Open the window"), self.showRequested.emit)
        self._add(
            "watched", self.tr("Watched folders…"), self.watchedFoldersRequested.emit, "folder"
        )
        self._add("settings", self.tr("Settings…"), self.settingsRequested.emit, "settings")
        self.menu.addSeparator()
        self._add("quit", self.tr("Quit Scripe Desktop"), self.quitRequested.emit)

    def _add(self, key: str, text: str, slot: Callable[[], None] | None, icon: str = "") -> QAction:
        action = self.menu.addAction(icons.icon(icon), text) if icon else self.menu.addAction(text)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.actions[key] = action
        return action

    # -- pausing ----------------------------------------------------------------------------

    def pause_hour(self) -> None:
        self._pause(self._clock() + 3600)

    def pause_day(self) -> None:
        now = dt.datetime.fromtimestamp(self._clock()).astimezone()
        tomorrow = (now + dt.timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
        self._pause(tomorrow.timestamp())

    def _pause(self, until: float) -> None:
        if self.folders is not None:
            self.folders.pause_until(until)
        self.syncPauseChanged.emit()
        self._arm_resume()
        self.update_state()

    def resume_syncing(self) -> None:
        self._resume_timer.stop()
        if self.folders is not None:
            self.folders.pause_until(None)
        self.syncPauseChanged.emit()
        self.update_state()

    def _arm_resume(self) -> None:
        """A pause that ends while the app runs (or ended while it was closed) resumes."""
        if self.folders is None:
            return
        until = self.folders.load().paused_until
        if until is None:
            return
        left = until - self._clock()
        if left <= 0:
            QTimer.singleShot(0, self.resume_syncing)
        elif left < 7 * 24 * 3600:
            self._resume_timer.start(int(left * 1000) + 50)

    def _pause_over(self) -> None:
        if self.folders is not None and self.paused_until() is None:
            self.resume_syncing()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.showRequested.emit()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
