"""'Pause all' when some files are nearly uploaded: let them finish first, or pause now.

Why ask: a presigned PUT cannot resume, so pausing a file at 95 % throws its bytes away. The
choice "Let them finish" pauses everything else at once and the rest of the queue as soon as
those files are done.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from scripe_desktop.engine.events import ItemState
from scripe_desktop.engine.lifecycle import Action, allows

from . import texts
from .confirm import ask
from .queue_facts import nearly_done
from .queue_model import QueueModel
from .texts import tr


class PauseAllFlow:
    """Holds the files allowed to finish; ``check()`` after each change pauses the rest."""

    def __init__(self, model: QueueModel, bridge: object) -> None:
        self.model = model
        self.bridge = bridge
        self.finishing: set[int] = set()

    def ask(self, parent: QWidget) -> QMessageBox | None:
        """Pause at once, or ask when some files are nearly done (returns the open box)."""
        nearly = nearly_done(self.model)
        if not nearly:
            self.bridge.call("pause_all")  # type: ignore[attr-defined]
            return None
        n = len(nearly)
        keep = {i.id for i in nearly}
        return ask(
            parent,
            tr("Pause all uploads"),
            texts.plural(tr("%n file(s) are nearly uploaded. Let them finish first?", "", n), n),
            tr("&Let them finish"),
            lambda: self._pause_all_but(keep),
            extra=(tr("&Pause all now"), lambda: self.bridge.call("pause_all")),  # type: ignore[attr-defined]
            informative=tr(
                "A file paused while uploading is sent again from the beginning when you "
                "resume. Files that are nearly done can finish first; everything else pauses now."
            ),
        )

    def _pause_all_but(self, keep: set[int]) -> None:
        pausable = [s for s in ItemState if allows(s, Action.PAUSE)]
        others = [n for n in self.model.ids(pausable) if n not in keep]
        if others:
            self.bridge.call("pause", others)  # type: ignore[attr-defined]
        self.finishing = set(keep)

    def check(self) -> None:
        """Once every file allowed to finish has finished, pause the whole queue."""
        if self.finishing and all(
            (i := self.model.item_by_id(n)) is None or i.state.finished for n in self.finishing
        ):
            self.finishing.clear()
            self.bridge.call("pause_all")  # type: ignore[attr-defined]
