"""Issue 11, "data: lost or doubled" and the item-level corner cases: each test failed on the
code before the fix. Evidence comes from the sandbox's own records."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from scripe_desktop.engine import ItemState, Target
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, json_lines, queue_rows, run_cli, start_cli
from .conftest import KNOWLEDGE, NONE, attached_uploads, sha256, wait_for


@pytest.mark.parametrize("later", ["25 h later", "with a new key"])
def test_a_lost_attach_answer_is_understood_as_attached(
    tmp_path: Path, sandbox: Sandbox, later: str
) -> None:
    f = write(tmp_path, "a.txt", text_bytes(tag=later))
    home = tmp_path / "home"
    env = cli_env(sandbox, home)
    hold = sandbox.faults.hold("POST /v1/knowledge")  # the server completes it; we are killed
    proc = start_cli(["upload", str(f), "--attach", "knowledge", "--json"], env)
    wait_for(lambda: any(r["attach_key"] for r in queue_rows(home)), what="attach in flight")
    assert hold.wait_held(1), "the attach reached the sandbox"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    hold.release()
    wait_for(lambda: len(sandbox.records()["knowledge"]) == 1, what="the lost attach to land")
    if later == "25 h later":
        sandbox.clock.advance(25 * 3600)  # the idempotent replay is gone
    else:
        sandbox.revoke_key(sandbox.api_key)  # keys are idempotency scopes: no replay either
        env = cli_env(sandbox, home, key=sandbox.issue_key())
    rc, out, err = run_cli(["resume", "--wait", "--json"], env)
    assert rc == 0, (out, err)
    [rec], summary = json_lines(out)
    assert rec["status"] == "attached" and summary["failed"] == 0
    assert "fail" not in (rec["reason"] or "").lower()
    rc, out, err = run_cli(["upload", str(f), "--attach", "knowledge", "--json"], env)
    assert rc == 0, err
    assert json_lines(out)[0][0]["status"] == "duplicate"
    assert len(sandbox.records()["knowledge"]) == 1  # never a second document


def test_a_rewrite_during_the_put_with_its_date_put_back_is_never_attached(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    old, new = text_bytes(90_000, tag="old"), text_bytes(90_000, tag="new")
    assert len(old) == len(new)
    f = write(tmp_path, "notes.txt", old)
    st = f.stat()
    engine, _ = make_engine(rate_limit_bps=1024 * 1024)
    batch = engine.add_paths([f], Target(NONE))
    engine.wait_scanned(10)
    [item] = engine.batch_items(batch)
    wait_for(lambda: (engine.item(item.id) or item).bytes_sent > 0, what="the PUT to start")
    with open(f, "r+b") as fh:  # in place, same size, then the old date back
        fh.write(new)
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    wait_for(lambda: (engine.item(item.id) or item).state.finished, timeout=60, what="done")
    assert (engine.item(item.id) or item).state is ItemState.DONE
    received = [u for u in sandbox.records()["uploads"] if u["received"]]
    done = [u for u in received if u["sha256"] == sha256(f)]
    assert len(done) == 1
    stored = sandbox.object_path(done[0]["id"])
    assert stored is not None and stored.read_bytes() == new
    assert all(u["sha256"] in (sha256(f),) or u["attachedTo"] is None for u in received)


def test_twins_without_wait_end_the_run(tmp_path: Path, sandbox: Sandbox) -> None:
    a = write(tmp_path / "drop", "a.txt", text_bytes(tag="twin"))
    write(tmp_path / "drop", "b.txt", text_bytes(tag="twin"))
    env = cli_env(sandbox, tmp_path / "home")
    rc, out, err = run_cli(["upload", str(a.parent), "--attach", "knowledge", "--json"], env, 60)
    assert rc == 0, err
    records, summary = json_lines(out)
    assert sorted(r["status"] for r in records) == ["attached", "duplicate"]
    assert summary["total"] == 2
    assert len(sandbox.records()["knowledge"]) == 1


def test_a_spend_cap_with_wait_says_why_and_agrees_with_the_exit_code(
    tmp_path: Path, sandbox: Sandbox, project_id: str
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.set_spend(10, 10)
    env = cli_env(sandbox, tmp_path / "home")
    rc, out, err = run_cli(["upload", str(f), "--project", project_id, "--json", "--wait"], env)
    assert rc == 1, (out, err)
    [rec], summary = json_lines(out)
    assert rec["status"] == "uploaded" and "not attached yet" in rec["reason"]
    assert summary["notAttached"] == 1 and summary["failed"] == 0
    rc, out, _ = run_cli(["upload", str(f), "--project", project_id, "--wait"], env)
    assert rc == 1 and "1 not attached yet" in out


def test_a_lost_upload_is_sent_again(tmp_path: Path, sandbox: Sandbox, make_engine) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.set_spend(10, 10)  # bytes go up, the attach waits
    engine, _ = make_engine()
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    engine.wait_scanned(10)
    wait_for(lambda: any(u["received"] for u in sandbox.records()["uploads"]), what="PUT")
    with sandbox.state.lock:  # Scripe lost it (a 404 upload_not_found on attach)
        sandbox.state.uploads.clear()
    sandbox.set_spend(None)
    engine.try_now()
    wait_for(lambda: all(i.state.finished for i in engine.batch_items(batch)), what="settled")
    [item] = engine.batch_items(batch)
    assert item.state is ItemState.DONE, item.reason
    assert [u["sha256"] for u in attached_uploads(sandbox)] == [sha256(f)]


def _retry_now(engine, until) -> None:
    """Ask "try now" until ``until()``: backoffs are not what these tests are about."""
    deadline = time.monotonic() + 30
    while not until() and time.monotonic() < deadline:
        engine.try_now()
        time.sleep(0.05)


def test_earlier_503s_do_not_use_up_the_budget_for_500s(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.faults.fail_next("POST /v1/uploads", 5, 503, retry_after=0)
    sandbox.faults.fail_next("POST /v1/uploads", 4, 500, retry_after=0)
    engine, _ = make_engine()
    batch = engine.add_paths([f], Target(NONE))
    engine.wait_scanned(10)
    _retry_now(engine, lambda: all(i.state.finished for i in engine.batch_items(batch)))
    [item] = engine.batch_items(batch)
    assert item.state is ItemState.DONE, item.reason


def test_a_2xx_answer_that_makes_no_sense_is_retried_a_bounded_number_of_times(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    sandbox.faults.garble_next("POST /v1/uploads", 50)  # 200, no data
    engine, _ = make_engine()
    batch = engine.add_paths([f], Target(NONE))
    engine.wait_scanned(10)
    _retry_now(engine, lambda: all(i.state.finished for i in engine.batch_items(batch)))
    [item] = engine.batch_items(batch)
    assert item.state is ItemState.FAILED
    assert "doesn't understand" in (item.reason or "")
    mints = [r for r in sandbox.records()["api_requests"] if r["path"] == "/v1/uploads"]
    assert len(mints) < 15


def test_a_file_that_keeps_changing_says_so(tmp_path: Path, sandbox: Sandbox, make_engine) -> None:
    f = write(tmp_path, "growing.txt", text_bytes(60_000))
    engine, _ = make_engine(rate_limit_bps=2 * 1024 * 1024)
    batch = engine.add_paths([f], Target(NONE))
    engine.wait_scanned(10)

    def settled() -> bool:
        with open(f, "ab") as fh:  # a log file being written all the time
            fh.write(b"another line of text\n")
        return all(i.state.finished for i in engine.batch_items(batch))

    _retry_now(engine, settled)
    [item] = engine.batch_items(batch)
    assert item.state is ItemState.FAILED
    assert "keeps changing" in (item.reason or ""), item.reason
    assert not any(u["attachedTo"] for u in sandbox.records()["uploads"])


def test_a_job_poll_429_holds_every_request(tmp_path: Path, sandbox: Sandbox, make_engine) -> None:
    f = write(tmp_path, "a.txt", text_bytes())
    g = write(tmp_path, "b.txt", text_bytes(tag="b"))
    sandbox.faults.fail_next("GET /v1/jobs", 1, 429, retry_after=3)
    engine, recorder = make_engine(concurrency=1)
    engine.add_paths([f], Target(KNOWLEDGE))
    wait_for(lambda: any(r["status"] == 429 for r in sandbox.records()["api_requests"]), what="429")
    # the sandbox logs the 429 before the engine has read it: wait for the engine to know
    wait_for(
        lambda: any(c.kind.value == "rate_limited" for c in engine.conditions_now()),
        what="the engine to hold for the 429",
    )
    at = time.monotonic()
    engine.add_paths([g], Target(KNOWLEDGE))
    wait_for(lambda: len(sandbox.records()["knowledge"]) == 2, timeout=30, what="second attach")
    requests = sandbox.records()["api_requests"]
    limited = next(i for i, r in enumerate(requests) if r["status"] == 429)
    after = [r for r in requests[limited + 1 :] if r["path"] != "/v1/workspaces/me"]
    assert time.monotonic() - at >= 2.0 or not after  # nothing went out during Retry-After
    from scripe_desktop.engine.events import ConditionKind, ConditionsChanged

    kinds = {c.kind for e in recorder.of(ConditionsChanged) for c in e.conditions}
    assert ConditionKind.RATE_LIMITED in kinds
