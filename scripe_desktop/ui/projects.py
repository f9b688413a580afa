"""Loading the project list (``GET /v1/projects``) in the background for the destination picker."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from scripe_desktop.api import ApiError, NetworkError, Project, ScripeClient

from .key_check import explain_api_error, explain_code
from .workers import run_task

log = logging.getLogger(__name__)


def fetch_projects(api_key: str, api_base: str) -> list[Project]:
    """Blocking: every project, sorted by name (call on a worker)."""
    with ScripeClient(api_key, api_base) as client:
        return sorted(client.list_projects(page_size=200), key=lambda p: p.name.casefold())


class ProjectsLoader(QObject):
    """Emits ``loaded(projects)`` or ``failed(sentence)``; keeps the last good list."""

    loaded = Signal(list)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.projects: list[Project] = []
        self._generation = 0

    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.projects}

    def load(self, api_key: str | None, api_base: str) -> None:
        if not api_key:
            return
        self._generation += 1
        generation = self._generation
        run_task(
            lambda: fetch_projects(api_key, api_base),
            lambda projects: self._done(generation, projects),
            lambda exc: self._failed(generation, exc),
            context=self,
        )

    def _done(self, generation: int, projects: list[Project]) -> None:
        if generation == self._generation:  # an older, slower answer must not win
            self.projects = list(projects)
            self.loaded.emit(self.projects)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("could not load projects: %s", exc)
        if isinstance(exc, ApiError):
            self.failed.emit(explain_api_error(exc))
        elif isinstance(exc, NetworkError):
            self.failed.emit(explain_code("offline"))
        else:
            self.failed.emit(explain_code("unknown", str(exc)))
