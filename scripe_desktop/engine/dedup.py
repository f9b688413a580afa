"""The one owner of the ``attached`` table: which content went to which destination.

Why one owner: the pipeline claims content before attaching, failures and cancelled jobs give
the claim back, finished jobs record their result; when each did it on its own, a retarget
could leave a claim under the old destination and skip a file at the new one.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from .events import ItemState

if TYPE_CHECKING:
    from .queue import QueueState
    from .store import ItemRow


class Claim(enum.Enum):
    OWN = "own"  # this item attaches it (the claim is recorded)
    DUPLICATE = "duplicate"  # another item already attached the same content here
    TWIN_PENDING = "twin_pending"  # another item is attaching it now: wait for its outcome


class DuplicateTable:
    def __init__(self, queue: QueueState) -> None:
        self._queue = queue

    def may_exist(self, size: int, target_key: str) -> bool:
        """Cheap pre-check: is hashing before the upload worth it?"""
        return self._queue.store.attached_size_exists(size, target_key)

    def claim(self, row: ItemRow, target_key: str) -> tuple[Claim, ItemRow | None]:
        """Under the queue lock, so that a retarget and a claim happen in one order."""
        queue = self._queue
        with queue.lock:
            if queue.batches[row.batch_id].force:
                return Claim.OWN, None
            owner = queue.store.find_attached(row.sha256 or "", row.size, target_key)
            if owner is None:
                queue.store.record_attached(row.sha256 or "", row.size, target_key, row.id)
                return Claim.OWN, None
            if owner == row.id:
                return Claim.OWN, None
            first = queue.rows.get(owner)
            if first is not None and first.state != ItemState.DONE:
                return Claim.TWIN_PENDING, first
            return Claim.DUPLICATE, first

    def owns(self, row: ItemRow, target_key: str) -> bool:
        """This finished row holds the record that its content is attached to the target: a
        new drop of the same unchanged file is that file, already in Scripe."""
        if not row.sha256:
            return False
        return self._queue.store.find_attached(row.sha256, row.size, target_key) == row.id

    def release(self, item_id: int) -> None:
        """Nothing was attached after all (failed, cancelled, removed, moved elsewhere)."""
        self._queue.store.forget_attached(item_id)

    def confirm(self, item_id: int, result_id: str) -> None:
        self._queue.store.set_attached_result(item_id, result_id)
