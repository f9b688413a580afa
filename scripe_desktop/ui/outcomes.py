"""What came of a batch or of "Try again", said where the person looks: the batch's summary
line in the destination bar, and "Tried again: …" in the status bar.

Why apart from the window: both follow rows over time (a batch's rows leave the list, retried
files end one by one) with rules of their own, while the window only composes and wires.
"""

from __future__ import annotations

from scripe_desktop.engine.events import BatchSummary, ItemSnapshot, ItemState

from .destination_bar import DestinationBar
from .destination_flow import DestinationFlow
from .engine_bridge import EngineBridge
from .projects import ProjectsLoader
from .queue_facts import batch_summary_line
from .queue_model import QueueModel
from .retry_watch import RetryWatch
from .status_bar import QueueStatusBar


class Outcomes:
    """Summary lines per batch (``summaries``) and the outcome of the latest retry."""

    def __init__(
        self,
        model: QueueModel,
        bridge: EngineBridge,
        projects: ProjectsLoader,
        flow: DestinationFlow,
        bar: DestinationBar,
        status: QueueStatusBar,
    ) -> None:
        self.model, self.bridge, self.projects, self.flow = model, bridge, projects, flow
        self.bar, self.status = bar, status
        self.summaries: dict[int, str] = {}
        self._retry = RetryWatch()
        self._summary_batch: int | None = None  # the batch whose summary line the bar shows

    # -- batches ---------------------------------------------------------------------------

    def batch_finished(self, summary: BatchSummary) -> None:
        text = batch_summary_line(self.model, summary, self.projects.names())
        self.summaries[summary.batch_id] = text
        self.flow.release(summary.batch_id)
        if self.bar.batch_finished(summary.batch_id, text):
            self._summary_batch = summary.batch_id

    def _resay_summary(self) -> None:
        """Rows of the batch whose summary line shows left the list: it counts what is left."""
        batch = self._summary_batch
        if batch is None or not self.bar.showing_summary or not self.bar.isVisible():
            return
        counts = self.model.batch_counts(batch)
        summary = BatchSummary(batch, counts)
        text = batch_summary_line(self.model, summary, self.projects.names()) if counts else ""
        self.summaries[batch] = text
        self.bar.update_summary(text)

    # -- trying again ----------------------------------------------------------------------

    def retry(self, ids: list[int]) -> None:
        """The person asked to try ``ids`` again (the command itself goes out separately)."""
        self._retry.start(ids)
        self.status.clear_retry_outcome()

    def retry_all_failed(self) -> None:
        self.retry([item.id for item in self.model.items({ItemState.FAILED})])
        self.bridge.call("retry_failed")

    def _say(self, outcome: tuple[int, int] | None) -> None:
        if outcome is not None:
            self.status.set_retry_outcome(*outcome)

    # -- rows ------------------------------------------------------------------------------

    def rows_changed(self, items: list[ItemSnapshot]) -> None:
        """After the model and the status bar's failed count took ``items`` in."""
        self._say(self._retry.update(items))

    def rows_removed(self, ids: list[int]) -> None:
        self._say(self._retry.removed(ids))
        self._resay_summary()
        if not self._retry.active:
            self.status.clear_retry_outcome()  # the rows it spoke of may be gone
