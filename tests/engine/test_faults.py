"""Every fault the contract names, against the sandbox: nothing is lost, nothing sent twice."""

from __future__ import annotations

import threading
from pathlib import Path

from scripe_desktop.engine import ItemState, Target
from scripe_desktop.engine.events import ConditionKind, ConditionsChanged, ItemProgress
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .conftest import KNOWLEDGE, SOURCE, attached_uploads, run_batch, sha256, wait_for


def _kinds(rec) -> set[ConditionKind]:
    return {c.kind for e in rec.of(ConditionsChanged) for c in e.conditions}


def _api_calls(sb: Sandbox, method: str, path: str) -> list[dict]:
    return [r for r in sb.records()["api_requests"] if r["method"] == method and r["path"] == path]


def test_server_errors_are_retried_with_the_same_idempotency_key(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.faults.fail_next("POST /v1/uploads", 2, 500)
    sandbox.faults.fail_next("POST /v1/sources", 1, 503)
    engine, _ = make_engine()
    [item] = run_batch(engine, [f], Target(SOURCE, project_id))
    assert item.state is ItemState.DONE
    mints = _api_calls(sandbox, "POST", "/v1/uploads")
    assert [m["status"] for m in mints] == [500, 500, 201]
    assert len({m["idempotencyKey"] for m in mints}) == 1  # one operation, one key
    attaches = _api_calls(sandbox, "POST", "/v1/sources")
    assert [a["status"] for a in attaches] == [503, 202]
    assert len({a["idempotencyKey"] for a in attaches}) == 1
    assert len(sandbox.records()["uploads"]) == 1


def test_rate_limit_waits_retry_after_and_raises_the_condition(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.faults.fail_next("POST /v1/uploads", 1, 429, retry_after=1)
    engine, rec = make_engine()
    [item] = run_batch(engine, [f], Target(SOURCE, project_id))
    assert item.state is ItemState.DONE
    assert ConditionKind.RATE_LIMITED in _kinds(rec)
    assert [m["status"] for m in _api_calls(sandbox, "POST", "/v1/uploads")] == [429, 201]


def test_connection_cut_mid_put_restarts_from_zero(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "long.txt", text_bytes(150_000))  # ~5 MB
    # The pacer allows a one-second burst (2 MB here) after idling, which a loaded machine
    # may spend in full before the PUT: the cut comes well after it, so the first attempt
    # is still paced for a while and reports progress before the connection goes.
    sandbox.faults.cut_put_after(3 * 1024 * 1024)
    engine, rec = make_engine(rate_limit_bps=2 * 1024 * 1024)  # slow enough to see progress
    [item] = run_batch(engine, [f], Target(SOURCE, project_id))
    assert item.state is ItemState.DONE
    sent = [e.bytes_sent for e in rec.of(ItemProgress) if e.item_id == item.id]
    peak_before_cut = max(sent[: sent.index(0, 1)]) if 0 in sent[1:] else 0
    assert peak_before_cut > 0, "progress must go back to 0 when the PUT restarts"
    assert sent[-1] == f.stat().st_size
    [upload] = attached_uploads(sandbox)
    assert upload["sha256"] == sha256(f)
    assert len(sandbox.records()["uploads"]) == 1  # the URL was still valid: reused


def test_expired_url_is_minted_again_with_a_new_key(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.faults.fail_next("PUT storage", 1, 503)  # first PUT fails: the URL is kept...
    engine, _ = make_engine()
    batch = engine.add_paths([f], Target(SOURCE, project_id))
    wait_for(lambda: len(sandbox.records()["storage_requests"]) >= 1, what="first PUT")
    sandbox.expire_urls()  # ...and expires before the retry
    wait_for(lambda: engine.batch_items(batch)[0].state is ItemState.DONE, what="done")
    rec = sandbox.records()
    assert len(rec["uploads"]) == 2
    mints = _api_calls(sandbox, "POST", "/v1/uploads")
    assert len({m["idempotencyKey"] for m in mints}) == 2
    [upload] = attached_uploads(sandbox)
    assert upload["sha256"] == sha256(f)
    statuses = [r["status"] for r in rec["storage_requests"]]
    assert 403 in statuses and statuses[-1] == 200


def test_revoked_key_mid_batch_pauses_everything_until_a_new_key(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    files = [write(tmp_path, f"f{i}.txt", text_bytes(tag=str(i))) for i in range(4)]
    engine, _rec = make_engine(concurrency=1)
    first_done = threading.Event()

    def revoke_after_first(event) -> None:
        item = getattr(event, "item", None)
        if item is not None and item.state is ItemState.DONE and not first_done.is_set():
            first_done.set()
            sandbox.revoke_key(sandbox.api_key)

    engine.subscribe(revoke_after_first)
    batch = engine.add_paths(files, Target(SOURCE, project_id))
    wait_for(lambda: ConditionKind.KEY_NEEDED in {c.kind for c in engine.conditions_now()})
    items = engine.batch_items(batch)
    assert not any(i.state is ItemState.FAILED for i in items)
    assert any(not i.state.finished for i in items)
    new_key = sandbox.issue_key()
    engine.set_api_key(new_key)
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.batch_items(batch)))
    assert engine.conditions_now() == ()
    assert sorted(u["sha256"] for u in attached_uploads(sandbox)) == sorted(map(sha256, files))


def test_spend_cap_pauses_attaching_until_the_reset(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    files = [write(tmp_path, f"f{i}.txt", text_bytes(tag=str(i))) for i in range(2)]
    sandbox.set_spend(100, 100)
    engine, _ = make_engine()
    batch = engine.add_paths(files, Target(SOURCE, project_id))
    wait_for(lambda: engine.conditions.has(ConditionKind.SPEND_CAP), what="spend cap")
    # uploads continue while attaching waits
    wait_for(
        lambda: (
            all(u["received"] for u in sandbox.records()["uploads"])
            and len(sandbox.records()["uploads"]) == 2
        ),
        what="uploads",
    )
    cond = next(c for c in engine.conditions_now() if c.kind is ConditionKind.SPEND_CAP)
    assert cond.until and cond.until > sandbox.clock.now()
    assert sandbox.records()["sources"] == []
    sandbox.set_spend(None)
    sandbox.clock.advance(cond.until - sandbox.clock.now() + 1)  # past 00:00 UTC
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.batch_items(batch)))
    assert len(sandbox.records()["sources"]) == 2


def test_upload_older_than_a_day_is_sent_again_before_attaching(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.set_spend(100, 100)  # hold the attach...
    engine, _ = make_engine()
    batch = engine.add_paths([f], Target(SOURCE, project_id))
    wait_for(lambda: engine.conditions.has(ConditionKind.SPEND_CAP), what="spend cap")
    sandbox.set_spend(None)
    sandbox.clock.advance(25 * 3600)  # ...for more than a day
    wait_for(lambda: engine.batch_items(batch)[0].state is ItemState.DONE, what="done")
    rec = sandbox.records()
    assert len(rec["uploads"]) == 2
    [upload] = attached_uploads(sandbox)
    assert upload["sha256"] == sha256(f)
    assert rec["uploads"][0]["attachedTo"] is None


def test_file_modified_during_upload_sends_the_new_bytes(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "draft.txt", text_bytes(60_000, tag="v1"))  # ~2 MB
    engine, _ = make_engine(rate_limit_bps=1024 * 1024)  # ~2 s to send
    batch = engine.add_paths([f], Target(SOURCE, project_id))
    engine.wait_scanned(10)
    wait_for(lambda: engine.batch_items(batch)[0].bytes_sent > 0, what="PUT started")
    f.write_bytes(text_bytes(70_000, tag="v2"))
    wait_for(lambda: engine.batch_items(batch)[0].state is ItemState.DONE, timeout=30)
    [upload] = attached_uploads(sandbox)
    assert upload["sha256"] == sha256(f)
    assert engine.batch_items(batch)[0].size == f.stat().st_size


def test_vanished_file_fails_with_a_plain_reason_and_others_go_on(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    keep = write(tmp_path, "keep.txt", text_bytes(tag="k"))
    gone = write(tmp_path, "gone.txt", text_bytes(tag="g"))
    engine, _ = make_engine()
    batch = engine.add_paths([keep, gone], Target(SOURCE, project_id), hold=True)
    engine.wait_scanned(10)
    gone.unlink()
    engine.start_batch(batch)
    wait_for(lambda: all(i.state.finished for i in engine.batch_items(batch)))
    by_name = {i.name: i for i in engine.batch_items(batch)}
    assert by_name["keep.txt"].state is ItemState.DONE
    assert by_name["gone.txt"].state is ItemState.FAILED
    assert by_name["gone.txt"].reason == "“gone.txt” was moved or deleted before it was uploaded."


def test_failed_ingestion_job_fails_the_item_and_can_be_retried(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.faults.fail_jobs_next(1)
    engine, _ = make_engine()
    [item] = run_batch(engine, [f], Target(SOURCE, project_id))
    assert item.state is ItemState.FAILED
    assert item.reason and item.reason.startswith("Scripe couldn't process “a.txt”")
    engine.retry([item.id])
    wait_for(lambda: engine.item(item.id).state is ItemState.DONE, what="retried item")
    assert len(sandbox.records()["sources"]) == 2  # the failed attach and the new one


def test_offline_waits_and_resumes_by_itself(tmp_path: Path, sandbox: Sandbox, make_engine) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    port = sandbox.port
    sandbox.stop()  # the service is unreachable: connection refused
    engine, _ = make_engine()
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    engine.wait_scanned(10)

    def waiting_offline() -> bool:  # the condition is raised just before the file is put back
        return engine.conditions.has(ConditionKind.OFFLINE) and (
            engine.batch_items(batch)[0].state is ItemState.WAITING
        )

    wait_for(waiting_offline, what="offline, with the file waiting")
    back = Sandbox(data_dir=tmp_path / "sb2", port=port, api_key=sandbox.api_key).start()
    try:
        wait_for(lambda: engine.batch_items(batch)[0].state is ItemState.DONE, timeout=45)
        assert not engine.conditions.has(ConditionKind.OFFLINE)
        assert len(back.records()["knowledge"]) == 1
    finally:
        engine.shutdown()
        back.stop()
