"""The Watched folders dialog, and the few hooks that reach it from the window and the tray.

The list itself lives in the state directory (``engine/watch/folders.py``), shared with
``scripe-desktop watch``; the engine process's watcher re-reads it within a second, so this
dialog only edits the list and shows what the index says (files known, last activity, polling,
why files were skipped). Counting a big folder and reading the index run on workers: the GUI
thread never walks or queries. While open, the page re-reads after engine events (coalesced:
one read at a time, at most a few a second, and one more after the last event, because the
watcher writes the index just after the engine reports a file).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop.autostart import Autostart
from scripe_desktop.engine.watch import FolderError, FolderList, WatchedFolder, WatchIndex
from scripe_desktop.engine.watch.rules import IgnoreRules, walk

from . import icons, texts
from .app_settings import AppSettings
from .watch_dialogs import AddFolderDialog, RulesDialog, remembered_destination
from .watch_hooks import SCRIPE_APP_URL, connect_tray, install_window_entry
from .workers import run_task

log = logging.getLogger(__name__)
__all__ = ["SCRIPE_APP_URL", "WatchedFoldersDialog", "connect_tray", "install_window_entry"]
EVENT_READ_MS = 300  # after an engine event: soon, and many events make one read
TRAILING_READ_MS = 1500  # once more after the last one: the watcher writes the index after it

START_AT_LOGIN = "sync/startAtLogin"


class WatchedFoldersDialog(QDialog):
    """Emits ``foldersChanged`` after it added, removed or paused a folder: the tray's status
    line and icon describe the folders and would otherwise wait for the next engine event."""

    foldersChanged = Signal()

    def __init__(
        self,
        home: Path,
        projects: Any,
        *,
        qsettings: QSettings | None = None,
        autostart: Autostart | None = None,
        events: QObject | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.home = Path(home)
        self.folders = FolderList(self.home)
        self.projects = projects
        self.autostart = autostart or Autostart()
        self.qsettings = qsettings if qsettings is not None else QSettings()
        self.choice_dialog: AddFolderDialog | None = None
        self.setWindowTitle(self.tr("Watched folders"))
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("New and changed files in these folders are uploaded by themselves."))
        )
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [self.tr("Folder"), self.tr("Goes to"), self.tr("Status"), self.tr("Files"),
             self.tr("Last activity")]
        )  # fmt: skip
        self.tree.setRootIsDecorated(False)
        _fit_columns(self.tree)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree)
        row = QHBoxLayout()
        self.add_button = QPushButton(icons.icon("folder"), self.tr("&Add folder…"))
        self.remove_button = QPushButton(icons.icon("remove"), self.tr("&Remove"))
        self.pause_button = QPushButton(icons.icon("pause"), self.tr("&Pause"))
        self.destination_button = QPushButton(self.tr("Change &destination…"))
        self.skipped_button = QPushButton(self.tr("Why were files &skipped?"))
        self.rules_button = QPushButton(self.tr("&Ignore rules…"))
        for b in (self.add_button, self.remove_button, self.pause_button,
                  self.destination_button, self.rules_button, self.skipped_button):  # fmt: skip
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.start_at_login = QCheckBox(self.tr("Start Scripe Desktop when I log in"))
        self.start_at_login.setChecked(self.autostart.enabled())
        self.start_at_login.toggled.connect(self._set_start_at_login)
        layout.addWidget(self.start_at_login)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.choose_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.destination_button.clicked.connect(self.change_destination)
        self.skipped_button.clicked.connect(self.show_skipped)
        self.rules_button.clicked.connect(self.edit_rules)
        self.rules_dialog: RulesDialog | None = None
        self._message = ""
        self._polling_notes: list[str] = []
        self.reads = 0  # index reads finished (tests wait on it)
        self._reading = self._dirty = False
        self._soon = self._timer(EVENT_READ_MS)
        self._trailing = self._timer(TRAILING_READ_MS)
        bridge = events if events is not None else getattr(parent, "bridge", None)
        for name in ("itemsUpserted", "batchFinished", "conditionsChanged"):
            signal = getattr(bridge, name, None)
            if signal is not None:
                signal.connect(self.engine_event)
        self.refresh()

    # -- reading ------------------------------------------------------------------------------

    def _timer(self, ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(self.refresh)
        return timer

    def engine_event(self, _event: object = None) -> None:
        """Something moved in the engine: read again soon, and once more a little later."""
        if not self._soon.isActive():
            self._soon.start()
        self._trailing.start()

    def refresh(self) -> None:
        """Read the list and the index on a worker; a read asked for meanwhile follows it."""
        if self._reading:
            self._dirty = True
            return
        self._reading, self._dirty = True, False
        home = self.home
        run_task(lambda: _read_rows(home), self._show, self._read_failed, context=self)

    def _read_failed(self, exc: BaseException) -> None:
        """A busy or half-written index: say so plainly and read again a little later."""
        self._reading = False
        log.info("reading the watch index failed: %s", exc)
        self._say(self.tr("Couldn't read the folders' status just now; trying again."))
        self._trailing.start()

    def _show(self, rows: list[tuple[WatchedFolder, Any, bool]]) -> None:
        self._reading = False
        self.reads += 1
        names = {p.id: p.name for p in getattr(self.projects, "projects", [])}
        selected = self.selected_path()
        self.tree.clear()
        notes = []
        for f, facts, paused in rows:
            goes = (
                self.tr("Knowledge")
                if f.attach == "knowledge"
                else self.tr("Sources in {name}").format(
                    name=names.get(f.project_id or "", f.project_id)
                )
            )
            if paused:
                status = self.tr("Paused")
            elif facts.mode == "polling":
                status = self.tr("Checked regularly")
                notes.append(facts.mode_reason or "")
            else:
                status = self.tr("Watching")
            last = facts.last_upload or facts.last_scan
            item = QTreeWidgetItem(
                [f.path, goes, status, str(facts.files),
                 texts.clock_time(last) if last else self.tr("Not yet")]
            )  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, f.path)
            item.setToolTip(0, f.path)  # the cell may be elided; hovering shows all of it
            self.tree.addTopLevelItem(item)
            if f.path == selected:
                item.setSelected(True)
        self._polling_notes = [n for n in notes if n]
        self._say(self._message)
        self._update_buttons()
        if self._dirty:
            self.refresh()

    def selected_path(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _update_buttons(self) -> None:
        path = self.selected_path()
        for b in (self.remove_button, self.pause_button, self.destination_button,
                  self.rules_button, self.skipped_button):  # fmt: skip
            b.setEnabled(path is not None)
        folder = self.folders.load().find(path) if path else None
        paused = folder is not None and folder.paused
        self.pause_button.setText(self.tr("&Resume") if paused else self.tr("&Pause"))
        self.pause_button.setIcon(icons.icon("resume" if paused else "pause"))  # as "Resume all"

    # -- changing -------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder to watch"))
        if path:
            self.add_folder(path)

    def add_folder(self, path: str) -> None:
        """Count what is there (on a worker), then ask where it goes and what to upload."""
        folder = Path(path).resolve()
        rules = IgnoreRules()

        def count() -> list[tuple[str, Any]]:
            return [(rel, st) for rel, st in walk(folder, rules) if st.size]

        run_task(count, lambda files: self._ask(str(folder), files), self._failed, context=self)

    def _ask(self, path: str, files: list[tuple[str, Any]]) -> None:
        size = sum(st.size for _rel, st in files)
        projects = getattr(self.projects, "projects", [])
        dialog = AddFolderDialog(
            path, projects, existing=(len(files), size), parent=self,
            default=remembered_destination(AppSettings(self.qsettings).destination, projects),
        )  # fmt: skip
        dialog.accepted.connect(lambda: self._add(path, files, dialog))
        self.choice_dialog = dialog
        dialog.open()

    def _add(self, path: str, files: list[tuple[str, Any]], dialog: AddFolderDialog) -> None:
        attach, project = dialog.choice()
        folder = WatchedFolder(path, attach, project)
        try:
            if self.folders.load().find(path):
                raise FolderError(self.tr("“{path}” is already watched.").format(path=path))
            if dialog.only_new.isChecked():  # known before the watcher sees the folder
                index = WatchIndex(self.home)
                index.baseline(path, files)
                index.close()
            self.folders.add(folder)
        except (FolderError, ValueError) as exc:
            self._failed(exc)
            return
        if self.qsettings.value(START_AT_LOGIN) is None:  # on by default once a folder exists
            self.start_at_login.setChecked(True)
        self.foldersChanged.emit()
        self.refresh()

    def remove_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        self.folders.remove(path)
        index = WatchIndex(self.home)
        index.drop_folder(path)
        index.close()
        self.foldersChanged.emit()
        self.refresh()
        self._say(
            self.tr("No longer watching “{path}”. Nothing was deleted in Scripe.").format(path=path)
        )

    def toggle_pause(self) -> None:
        path = self.selected_path()
        folder = self.folders.load().find(path) if path else None
        if folder is not None:
            self.folders.edit(folder.path, paused=not folder.paused)
            self.foldersChanged.emit()
            self.refresh()

    def change_destination(self) -> None:
        path = self.selected_path()
        folder = self.folders.load().find(path) if path else None
        if folder is None:
            return
        dialog = AddFolderDialog(
            folder.path, getattr(self.projects, "projects", []), existing=None,
            current=folder, parent=self,
        )  # fmt: skip

        def save() -> None:
            attach, project = dialog.choice()
            self.folders.edit(folder.path, attach=attach, project_id=project)
            self.refresh()

        dialog.accepted.connect(save)
        self.choice_dialog = dialog
        dialog.open()

    def edit_rules(self) -> None:
        path = self.selected_path()
        folder = self.folders.load().find(path) if path else None
        if folder is None:
            return
        dialog = RulesDialog(folder, parent=self)

        def save() -> None:
            assert dialog.result_rules is not None
            ignore, hidden = dialog.result_rules
            self.folders.edit(folder.path, ignore=ignore, include_hidden=hidden)
            self.refresh()

        dialog.accepted.connect(save)
        self.rules_dialog = dialog
        dialog.open()

    def show_skipped(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        index = WatchIndex(self.home, readonly=True)
        skipped = index.facts(path).skipped
        index.close()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Skipped files"), "", parent=self)
        if skipped:
            box.setText(texts.plural(self.tr("%n file(s) were not uploaded.", "", len(skipped)),
                                     len(skipped)))  # fmt: skip
            box.setDetailedText("\n".join(f"{rel}: {reason}" for rel, reason in skipped))
        else:
            box.setText(self.tr("No file in this folder was skipped."))
        self.skipped_box = box
        box.open()

    def _set_start_at_login(self, on: bool) -> None:
        self.qsettings.setValue(START_AT_LOGIN, on)
        try:
            self.autostart.set_enabled(on)
        except OSError as exc:
            self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self._say(str(exc))

    def _say(self, message: str) -> None:
        """The last thing done or refused, above why folders are polled: a re-read keeps it."""
        self._message = message
        self.note.setText("\n".join(n for n in [message, *self._polling_notes] if n))


def _fit_columns(tree: QTreeWidget) -> None:
    """The path gets the room and is elided in the middle: two folders under one parent keep
    their own names visible; the other columns are as wide as what they say."""
    tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, tree.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def _read_rows(home: Path) -> list[tuple[WatchedFolder, Any, bool]]:
    """Worker thread: each folder with what the index knows of it, and whether it is paused."""
    settings = FolderList(home).load()
    index = WatchIndex(home, readonly=True)
    try:
        return [(f, index.facts(f.path), f.paused or settings.paused()) for f in settings.folders]
    finally:
        index.close()
