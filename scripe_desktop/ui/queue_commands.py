"""What the queue table's per-file actions do: the ones that ask first (pausing a file whose
bytes are going out, removing unfinished files, sending a failed copy again) and the ones that
open or copy.

Why apart from the view: the view is about showing rows and offering actions (menus, keys,
which entries are enabled); what each action then does, and the questions it asks on the way,
read better on their own. A mixin of ``QueueView``: it uses the view's selection and
``_emit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QUrl
from PySide6.QtGui import QGuiApplication

from scripe_desktop.engine.events import ItemSnapshot, ItemState
from scripe_desktop.engine.lifecycle import Action, allows

from .confirm import ask
from .links import open_link
from .queue_model import OpenUrlRole
from .texts import plural

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QTableView

    _Base = QTableView
else:
    _Base = object


class QueueCommands(_Base):
    """Per-file actions of the queue table (mixed into ``QueueView``)."""

    confirm_box: QMessageBox | None

    if TYPE_CHECKING:  # the view's own

        def selected_items(self) -> list[ItemSnapshot]: ...

        def _emit(self, method: str, ids: list[int]) -> None: ...

    def pause(self) -> None:
        """Pausing a file mid-upload throws its bytes away (a presigned PUT cannot resume)."""
        items = [i for i in self.selected_items() if allows(i.state, Action.PAUSE)]
        ids = [i.id for i in items]
        sending = [i for i in items if i.state is ItemState.UPLOADING and i.bytes_sent > 0]
        if not sending:
            self._emit("pause", ids)
            return
        text = (
            self.tr("Pause “{name}”?").format(name=sending[0].name)
            if len(sending) == 1
            else plural(self.tr("Pause %n uploading file(s)?", "", len(sending)), len(sending))
        )
        self.confirm_box = ask(
            self,
            self.tr("Pause upload"),
            text,
            self.tr("&Pause"),
            lambda: self._emit("pause", ids),
            no=self.tr("&Keep uploading"),
            informative=self.tr(
                "An upload can't continue where it stopped: when you resume, the file is sent "
                "again from the beginning."
            ),
        )

    def remove(self) -> None:
        items = self.selected_items()
        ids = [i.id for i in items]
        unfinished = [i for i in items if not i.state.finished]
        if not unfinished:
            self._emit("remove", ids)
            return
        n = len(unfinished)
        self.confirm_box = ask(
            self,
            self.tr("Remove from list"),
            plural(self.tr("Remove %n unfinished file(s) from the list?", "", n), n),
            self.tr("&Remove"),
            lambda: self._emit("remove", ids),
            informative=self.tr(
                "They stop uploading and are not added to Scripe. The files on your computer "
                "are not touched."
            ),
            default_yes=False,
        )

    def retry(self) -> None:
        items = [i for i in self.selected_items() if allows(i.state, Action.RETRY)]
        ids = [i.id for i in items]
        failed_in_scripe = [i for i in items if i.job_status == "FAILED"]
        if not failed_in_scripe:
            self._emit("retry", ids)
            return
        self.confirm_box = ask(
            self,
            self.tr("Try again"),
            self.tr("Send the file to Scripe again?"),
            self.tr("&Try again"),
            lambda: self._emit("retry", ids),
            informative=self.tr(
                "Scripe could not process the copy it received. That failed copy stays in "
                "Scripe; trying again sends a new one."
            ),
        )

    # -- per-item helpers ------------------------------------------------------------------

    def open_in_scripe(self) -> None:
        indexes = self.selectionModel().selectedRows(0)
        if len(indexes) == 1:
            self._open_index(indexes[0])

    def _open_index(self, index: QModelIndex) -> None:
        url = index.siblingAtColumn(0).data(OpenUrlRole)
        if url:
            open_link(url, self.window())  # says so, with the address, when it can't

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.siblingAtColumn(0).data(OpenUrlRole):
            self._open_index(index)

    def open_location(self) -> None:
        items = self.selected_items()
        if len(items) == 1:
            folder = Path(items[0].path).parent
            open_link(QUrl.fromLocalFile(str(folder)), self.window())

    def copy_result(self) -> None:
        ids = [i.result_id for i in self.selected_items() if i.result_id]
        if ids:
            QGuiApplication.clipboard().setText("\n".join(ids))
