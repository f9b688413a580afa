"""One non-blocking question with a yes and a no, for the table's risky actions.

Why ``open()`` and a callback: the GUI thread never waits in a nested event loop, and a test
can press Enter or Escape on the box the caller keeps in ``box``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget,
    title: str,
    text: str,
    yes: str,
    on_yes: Callable[[], None],
    *,
    no: str | None = None,
    informative: str = "",
    default_yes: bool = True,
    extra: tuple[str, Callable[[], None]] | None = None,
) -> QMessageBox:
    """Show the question; ``on_yes`` (or the extra button's callback) runs when chosen."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    if informative:
        box.setInformativeText(informative)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    extra_button = None
    if extra is not None:
        extra_button = box.addButton(extra[0], QMessageBox.ButtonRole.ActionRole)
    if no is None:
        no_button = box.addButton(QMessageBox.StandardButton.Cancel)
    else:
        no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(no_button)
    box.setDefaultButton(yes_button if default_yes else no_button)

    def done(_result: int) -> None:
        clicked = box.clickedButton()
        if clicked is yes_button:
            on_yes()
        elif extra is not None and clicked is extra_button:
            extra[1]()
        box.deleteLater()

    box.finished.connect(done)
    box.open()
    return box
