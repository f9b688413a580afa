"""The Watched folders dialog, and the few hooks that reach it from the window and the tray.

The list itself lives in the state directory (``engine/watch/folders.py``), shared with
``scripe-desktop watch``; the engine process's watcher re-reads it within a second, so this
dialog only edits the list and shows what the index says (files known, last activity, polling,
why files were skipped). Counting a big folder runs on a worker: the GUI thread never walks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop.autostart import Autostart
from scripe_desktop.engine.watch import FolderError, FolderList, WatchedFolder, WatchIndex
from scripe_desktop.engine.watch.rules import IgnoreRules, walk

from . import icons, texts
from .links import open_link, web_app_home
from .workers import run_task

START_AT_LOGIN = "sync/startAtLogin"


def connect_tray(app: Any) -> None:
    """The tray entries that open parts of the window (the controller owns the rest)."""
    tray, window = app.tray, app.window

    def add_files() -> None:
        window.bring_to_front()
        window.add_files_action.trigger()

    def settings() -> None:
        window.bring_to_front()
        app.open_settings()

    tray.addFilesRequested.connect(add_files)
    # The web app of the API in use: the sandbox's own pages in sandbox mode (ui/links.py).
    tray.openScripeRequested.connect(lambda: open_link(web_app_home(app.api_base)))
    tray.watchedFoldersRequested.connect(app.open_watched_folders)
    tray.settingsRequested.connect(settings)


def install_window_entry(window: QWidget, open_dialog: Any) -> QAction:
    """A "Watched folders…" toolbar entry, added from here so the window's code stays its own."""
    action = QAction(icons.icon("folder"), window.tr("Watched folders…"), window)
    action.setShortcut("Ctrl+Shift+W")
    action.triggered.connect(lambda _checked=False: open_dialog())
    bar = window.findChild(QToolBar, "mainToolBar")
    if bar is not None:
        after = getattr(window, "add_folder_action", None)
        actions = bar.actions()
        pos = actions.index(after) + 1 if after in actions else len(actions)
        bar.insertAction(actions[pos] if pos < len(actions) else None, action)
    window.addAction(action)
    window.watched_folders_action = action  # type: ignore[attr-defined]
    return action


class AddFolderDialog(QDialog):
    """Where a folder's files go and, for a new folder, whether those already there go too."""

    def __init__(
        self,
        path: str,
        projects: list[Any],
        *,
        existing: tuple[int, int] | None,
        current: WatchedFolder | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Watch a folder") if current is None else self.tr("Destination")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Files saved into “{path}” go to:").format(path=path)))
        self.destination = QComboBox()
        self.destination.addItem(self.tr("Knowledge (whole workspace)"), "knowledge:")
        for p in projects:
            self.destination.addItem(
                self.tr("Sources in {name}").format(name=p.name), f"source:{p.id}"
            )
        if current is not None:
            i = self.destination.findData(f"{current.attach}:{current.project_id or ''}")
            self.destination.setCurrentIndex(max(0, i))
        layout.addWidget(self.destination)
        self.upload_existing = QRadioButton()
        self.only_new = QRadioButton(self.tr("Only new files"))
        if existing is not None:
            n, size = existing
            self.upload_existing.setText(
                texts.plural(self.tr("Also upload the %n file(s) already here", "", n), n)
                + f" ({texts.human_bytes(size)})"
            )
            self.upload_existing.setChecked(True)
            layout.addWidget(self.upload_existing)
            layout.addWidget(self.only_new)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Watch this folder") if current is None else self.tr("Save"))
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

    def choice(self) -> tuple[str, str | None]:
        attach, _, project = str(self.destination.currentData()).partition(":")
        return attach, project or None


class WatchedFoldersDialog(QDialog):
    def __init__(
        self,
        home: Path,
        projects: Any,
        *,
        qsettings: QSettings | None = None,
        autostart: Autostart | None = None,
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
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree)
        row = QHBoxLayout()
        self.add_button = QPushButton(icons.icon("folder"), self.tr("&Add folder…"))
        self.remove_button = QPushButton(icons.icon("remove"), self.tr("&Remove"))
        self.pause_button = QPushButton(icons.icon("pause"), self.tr("&Pause"))
        self.destination_button = QPushButton(self.tr("Change &destination…"))
        self.skipped_button = QPushButton(self.tr("Why were files &skipped?"))
        for b in (self.add_button, self.remove_button, self.pause_button,
                  self.destination_button, self.skipped_button):  # fmt: skip
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
        self.refresh()

    # -- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        settings = self.folders.load()
        index = WatchIndex(self.home, readonly=True)
        names = {p.id: p.name for p in getattr(self.projects, "projects", [])}
        selected = self.selected_path()
        self.tree.clear()
        notes = []
        try:
            for f in settings.folders:
                facts = index.facts(f.path)
                goes = (
                    self.tr("Knowledge")
                    if f.attach == "knowledge"
                    else self.tr("Sources in {name}").format(
                        name=names.get(f.project_id or "", f.project_id)
                    )
                )
                if f.paused or settings.paused():
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
                self.tree.addTopLevelItem(item)
                if f.path == selected:
                    item.setSelected(True)
        finally:
            index.close()
        self.note.setText("\n".join(n for n in notes if n))
        self._update_buttons()

    def selected_path(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _update_buttons(self) -> None:
        path = self.selected_path()
        for b in (self.remove_button, self.pause_button, self.destination_button,
                  self.skipped_button):  # fmt: skip
            b.setEnabled(path is not None)
        folder = self.folders.load().find(path) if path else None
        self.pause_button.setText(
            self.tr("&Resume") if folder is not None and folder.paused else self.tr("&Pause")
        )

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
        dialog = AddFolderDialog(
            path, getattr(self.projects, "projects", []), existing=(len(files), size), parent=self
        )
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
        self.refresh()

    def remove_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        self.folders.remove(path)
        index = WatchIndex(self.home)
        index.drop_folder(path)
        index.close()
        self.refresh()
        self.note.setText(
            self.tr("No longer watching “{path}”. Nothing was deleted in Scripe.").format(path=path)
        )

    def toggle_pause(self) -> None:
        path = self.selected_path()
        folder = self.folders.load().find(path) if path else None
        if folder is not None:
            self.folders.edit(folder.path, paused=not folder.paused)
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
        self.note.setText(str(exc))
