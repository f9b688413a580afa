"""The few hooks that reach the Watched folders page from the window and the tray, added from
here so the window's and the controller's code stay their own."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QWidget

from . import icons
from .links import SCRIPE_APP_URL, open_link, web_app_home  # noqa: F401 (SCRIPE_APP_URL: re-exported)


def connect_tray(app: Any) -> None:
    """The tray entries that open parts of the window (the controller owns the rest)."""
    tray, window = app.tray, app.window

    def add_files() -> None:
        window.bring_to_front()
        window.add_files_action.trigger()

    def settings() -> None:
        window.bring_to_front()
        app.open_settings()

    watch_failures(tray, window)
    from .keep_in_sync import install  # "Keep this folder in sync" on a batch summary

    install(app)
    tray.addFilesRequested.connect(add_files)
    # The web app of the API in use: the sandbox's own pages in sandbox mode, and a plain
    # message with the address when no browser opens (ui/links.py).
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


def watch_failures(tray: Any, window: Any) -> None:
    """Failed files turn the icon to "needs attention" (the first one's reason in the status
    line) until they are retried or removed. The count is O(1); the reason is looked up only
    when the menu opens."""
    from scripe_desktop.engine.events import ItemState

    from .reasons import item_reason

    model = window.model
    last = [0]

    def count() -> int:
        return model.count(ItemState.FAILED)

    def reason() -> str | None:
        failed = model.ids({ItemState.FAILED})
        item = model.item_by_id(failed[0]) if failed else None
        return item_reason(item) if item else None  # the window's words, as the row says

    def changed(_items: object = None) -> None:
        if count() != last[0]:
            last[0] = count()
            tray.update_state()

    tray.failed_count, tray.failure_reason = count, reason
    for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
        signal.connect(changed)
