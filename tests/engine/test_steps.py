"""Steps return outcomes: mint, PUT, attach and a job poll hand back what they met, judged by
the one classifier, instead of raising it; nothing is applied to the item until the worker does.

The engine runs with "Pause all" so no worker takes the file; the test drives the steps itself
against the sandbox, whose faults script what each request meets.
"""

from __future__ import annotations

from pathlib import Path

from scripe_desktop.engine import ItemState, Target
from scripe_desktop.engine.events import ConditionKind, Reason
from scripe_desktop.engine.failures import Outcome, Verdict
from scripe_desktop.engine.store import ItemRow, new_idempotency_key
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .conftest import KNOWLEDGE, wait_for


def _held_row(tmp_path: Path, make_engine):
    engine, _ = make_engine()
    engine.pause_all()  # no worker takes it: the test runs the steps
    f = write(tmp_path, "step.txt", text_bytes(50, tag="steps"))
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    engine.wait_scanned(10)
    wait_for(lambda: len(engine.batch_items(batch)) == 1, what="queued")
    [item] = engine.batch_items(batch)
    row = engine.queue.get(item.id)
    assert row is not None
    # what the upload step writes before its first request: the mint's idempotency key
    row = engine.pipeline._set(row, mint_key=new_idempotency_key("mint"))
    return engine, engine.pipeline, row


def test_mint_put_and_attach_return_outcomes_instead_of_raising(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    engine, pipe, row = _held_row(tmp_path, make_engine)
    sandbox.faults.fail_next("POST /v1/uploads", 1, 503, retry_after=7)
    busy = pipe._mint(row)
    assert isinstance(busy, Outcome)
    assert (busy.verdict, busy.code, busy.delay) == (Verdict.RETRY, Reason.BUSY, 7)
    assert engine.queue.get(row.id).attempts == row.attempts  # judged, not applied

    minted = pipe._mint(row)
    assert isinstance(minted, ItemRow) and minted.upload_url
    sandbox.faults.fail_next("PUT storage", 1, 500)
    refused = pipe._put(minted)
    assert isinstance(refused, Outcome) and refused.verdict is Verdict.RETRY
    assert engine.queue.get(row.id).bytes_sent == 0  # the bar went back to 0 for the retry

    sent = pipe._put(minted)
    assert isinstance(sent, ItemRow) and sent.put_done == 1
    sandbox.faults.fail_next("POST /v1/knowledge", 1, 402)
    capped = pipe._attach(sent)
    assert isinstance(capped, Outcome)
    assert (capped.verdict, capped.code) == (Verdict.WAIT, Reason.SPEND_CAP)
    assert capped.condition is not None and capped.condition.kind is ConditionKind.SPEND_CAP
    assert sandbox.records()["knowledge"] == []

    pipe.policy.apply(engine.queue.get(row.id), capped)  # what the worker does with it
    assert engine.queue.get(row.id).state == ItemState.WAITING.value
    assert engine.conditions.has(ConditionKind.SPEND_CAP)


def test_a_job_poll_returns_the_classifiers_outcome(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    engine, pipe, row = _held_row(tmp_path, make_engine)
    step = pipe._mint(row)
    assert isinstance(step, ItemRow)
    step = pipe._put(step)
    assert isinstance(step, ItemRow)
    assert pipe._attach(step) is None  # attached: a job to follow
    job_id = engine.queue.get(row.id).job_id
    assert job_id
    sandbox.faults.fail_next("GET /v1/jobs", 1, 429, retry_after=3)
    limited = engine.jobs._poll(row.id, job_id)
    assert isinstance(limited, Outcome)
    assert (limited.verdict, limited.code) == (Verdict.RETRY, Reason.RATE_LIMITED)
    assert engine.jobs._poll(row.id, job_id) is None  # answered: applied by the tracker
