"""Whole-queue states that mean what they say: pause all, the daily limit, a revoked key,
a stalled PUT; and one classifier for the pipeline and the job tracker.

Checked in the sandbox's records (which requests were made, where files were attached).
"""

from __future__ import annotations

from pathlib import Path

from scripe_desktop import reason_words
from scripe_desktop.api import ApiError, NetworkError, ProtocolError, StorageStalled
from scripe_desktop.engine import EngineConfig, ItemState, Target
from scripe_desktop.engine.conditions import Conditions
from scripe_desktop.engine.events import ConditionKind, ConditionsChanged, ItemChanged, Reason
from scripe_desktop.engine.failures import Verdict, classify
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .conftest import KNOWLEDGE, SOURCE, clear_of_midnight, wait_for, workers_idle


def api_calls(sb: Sandbox, method: str, prefix: str) -> list[dict]:
    return [
        r
        for r in sb.records()["api_requests"]
        if r["method"] == method and r["path"].startswith(prefix)
    ]


def test_pause_all_holds_new_drops_and_retries_until_resume_even_after_a_restart(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    home = tmp_path / "home"
    bad = write(tmp_path, "refused.txt", text_bytes(10, tag="r"))
    sandbox.faults.fail_next("POST /v1/knowledge", 1, 422)
    engine, _ = make_engine(home=home)
    b0 = engine.add_paths([bad], Target(KNOWLEDGE))
    wait_for(lambda: [i.state for i in engine.batch_items(b0)] == [ItemState.FAILED], what="fail")
    engine.pause_all()
    new = write(tmp_path, "new.txt", text_bytes(10, tag="n"))
    b1 = engine.add_paths([new], Target(KNOWLEDGE))
    engine.wait_scanned(10)
    engine.retry([engine.batch_items(b0)[0].id])
    items = engine.batch_items(b0) + engine.batch_items(b1)
    assert [i.state for i in items] == [ItemState.PAUSED, ItemState.PAUSED]
    assert all(i.reason_code == Reason.PAUSED_ALL for i in items)
    assert engine.totals().paused
    engine.shutdown()

    engine, _ = make_engine(home=home)
    assert engine.totals().paused
    later = write(tmp_path, "later.txt", text_bytes(10, tag="l"))
    b2 = engine.add_paths([later], Target(KNOWLEDGE))
    engine.wait_scanned(10)
    assert [i.state for i in engine.batch_items(b2)] == [ItemState.PAUSED]
    assert len(api_calls(sandbox, "POST", "/v1/uploads")) == 1  # only the refused file's
    engine.resume_all()
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.items()), what="all done")
    names = sorted(a["name"] for a in sandbox.records()["knowledge"])
    assert names == ["later.txt", "new.txt", "refused.txt"]


def test_daily_limit_is_rechecked_within_minutes_and_try_now_and_restarts_keep_the_reason(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    home = tmp_path / "home"
    sandbox.set_spend(cap_cents=0)
    a = write(tmp_path, "a.txt", text_bytes(10, tag="a"))
    engine, _ = make_engine(home=home)
    batch = engine.add_paths([a], Target(KNOWLEDGE))
    engine.wait_scanned(10)
    wait_for(lambda: engine.batch_items(batch)[0].reason_code == Reason.SPEND_CAP, what="capped")
    item = engine.batch_items(batch)[0]
    now = sandbox.clock.now()
    assert item.state is ItemState.WAITING
    assert now < item.reason_data["retry_at"] <= now + 181
    assert item.reason_data["until"] >= item.reason_data["retry_at"]
    engine.shutdown()

    engine, _ = make_engine(home=home)  # after a restart: same reason, same time, banner
    again = engine.item(item.id)
    assert again.reason_code == Reason.SPEND_CAP
    assert again.next_attempt_at == item.next_attempt_at
    assert ConditionKind.SPEND_CAP in {c.kind for c in engine.conditions_now()}
    sandbox.set_spend(cap_cents=None)  # lifted in Scripe
    sandbox.clock.advance(181)  # the re-check, minutes later (not at 00:00 UTC)
    wait_for(lambda: engine.item(item.id).state is ItemState.DONE, what="attached after recheck")

    b = write(tmp_path, "b.txt", text_bytes(10, tag="b"))
    sandbox.set_spend(cap_cents=0)
    b2 = engine.add_paths([b], Target(KNOWLEDGE))
    engine.wait_scanned(10)
    wait_for(lambda: engine.batch_items(b2)[0].reason_code == Reason.SPEND_CAP, what="capped")
    sandbox.set_spend(cap_cents=None)
    engine.try_now()
    wait_for(lambda: engine.batch_items(b2)[0].state is ItemState.DONE, what="try now")
    assert sorted(k["name"] for k in sandbox.records()["knowledge"]) == ["a.txt", "b.txt"]


def test_the_daily_limit_recheck_sends_one_request_for_the_whole_queue(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    files = [write(tmp_path, f"q{i}.txt", text_bytes(10, tag=f"q{i}")) for i in range(8)]
    clear_of_midnight(sandbox)  # its clock steps (2 x 181 s) must not reach the daily reset
    sandbox.set_spend(cap_cents=0)
    engine, _ = make_engine(concurrency=4)
    batch = engine.add_paths(files, Target(KNOWLEDGE))
    engine.wait_scanned(10)

    def all_capped() -> bool:
        items = engine.batch_items(batch)
        return len(items) == 8 and all(i.reason_code == Reason.SPEND_CAP for i in items)

    wait_for(lambda: all_capped() and workers_idle(engine), what="all waiting out the limit")
    before = len(api_calls(sandbox, "POST", "/v1/knowledge"))
    assert 1 <= before <= 4  # the first discovery: at most the attaches already under way

    def recheck_at() -> float:
        [c] = [c for c in engine.conditions_now() if c.kind is ConditionKind.SPEND_CAP]
        return c.retry_at or 0.0

    first = recheck_at()
    sandbox.clock.advance(181)  # the re-check is due, the limit still reached
    wait_for(lambda: recheck_at() > first and workers_idle(engine), what="re-checked")
    assert len(api_calls(sandbox, "POST", "/v1/knowledge")) == before + 1  # one, not eight
    assert all_capped()

    engine.try_now()  # "Try now" is a re-check too: one request
    wait_for(lambda: recheck_at() > sandbox.clock.now() and workers_idle(engine), what="tried")
    assert len(api_calls(sandbox, "POST", "/v1/knowledge")) == before + 2

    sandbox.set_spend(cap_cents=None)  # lifted: the next re-check gets through, then all go
    sandbox.clock.advance(181)
    engine.try_now()  # the automatic re-check is proven above; here: once through, all go
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.batch_items(batch)), what="all")
    assert len(sandbox.records()["knowledge"]) == 8


def test_a_rejected_key_lets_puts_finish_and_holds_every_attach_until_a_new_key(
    tmp_path: Path, sandbox: Sandbox, project_id: str, make_engine
) -> None:
    files = [write(tmp_path, f"{n}.txt", text_bytes(20, tag=n)) for n in "abc"]
    sandbox.faults.fail_next("POST /v1/sources", 1, 401, code="key_revoked")
    hold = sandbox.faults.hold("PUT storage", count=2)
    engine, _ = make_engine(concurrency=3)
    batch = engine.add_paths(files, Target(SOURCE, project_id))
    assert hold.wait_held(2)
    wait_for(
        lambda: ConditionKind.KEY_NEEDED in {c.kind for c in engine.conditions_now()},
        what="key needed",
    )
    hold.release()  # the two PUTs in flight finish their bytes...
    wait_for(lambda: sum(u["received"] for u in sandbox.records()["uploads"]) == 3, what="bytes in")
    wait_for(
        lambda: all(i.reason_code == Reason.KEY_NEEDED for i in engine.batch_items(batch)),
        what="all held for the key",
    )
    assert len(api_calls(sandbox, "POST", "/v1/sources")) == 1  # ...and nothing else attaches
    engine.set_api_key(sandbox.issue_key())
    wait_for(lambda: all(i.state is ItemState.DONE for i in engine.batch_items(batch)), what="done")
    assert len(sandbox.records()["sources"]) == 3


def test_a_put_with_no_byte_accepted_is_retried_after_the_stall_timeout(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    assert EngineConfig().stall_timeout == 30.0
    f = write(tmp_path, "frozen.txt", text_bytes(20, tag="f"))
    hold = sandbox.faults.hold("PUT storage")  # the server takes the request, reads nothing
    engine, events = make_engine(stall_timeout=1.0)
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    assert hold.wait_held(1)
    wait_for(lambda: engine.batch_items(batch)[0].state is ItemState.DONE, what="retried PUT")
    rec = sandbox.records()
    assert [k["name"] for k in rec["knowledge"]] == ["frozen.txt"]
    hold.release()
    # Scripe answered while the storage was frozen: a stall (slow storage), never "offline"
    assert api_calls(sandbox, "GET", "/v1/health"), "the engine asked whether Scripe answers"
    codes = {e.item.reason_code for e in events.of(ItemChanged)}
    assert Reason.STORAGE_STALLED.value in codes and Reason.OFFLINE.value not in codes
    seen = {c.kind for ev in events.of(ConditionsChanged) for c in ev.conditions}
    assert ConditionKind.OFFLINE not in seen


def test_a_stall_is_worded_as_slow_storage_only_when_scripe_answers() -> None:
    conds = Conditions(lambda e: None, lambda: 0.0)
    stalled = StorageStalled("storage PUT stalled: WriteTimeout")
    assert classify(stalled, "x", 1, 0.0, conds).code is Reason.OFFLINE  # not asked: offline
    stalled.api_answers = False
    assert classify(stalled, "x", 1, 0.0, conds).code is Reason.OFFLINE
    stalled.api_answers = True
    outcome = classify(stalled, "x", 1, 0.0, conds)
    assert (outcome.verdict, outcome.code, outcome.condition) == (
        Verdict.RETRY,
        Reason.STORAGE_STALLED,
        None,
    )
    data = {"retry_at": 3600.0 * 10}
    cli = reason_words.describe(Reason.STORAGE_STALLED.value, data, "a.txt") or ""
    assert cli.startswith("Uploading stalled (the storage service is slow)")
    assert "connection" not in cli
    from scripe_desktop.ui import reasons  # the window's words, through tr()

    gui = reasons.describe(Reason.STORAGE_STALLED.value, data, "a.txt") or ""
    assert gui.startswith("Uploading stalled (the storage service is slow)")


def test_one_classifier_malformed_reply_is_busy_and_429_while_polling_is_rate_limited(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    conds = Conditions(lambda e: None, lambda: 0.0)
    assert classify(ProtocolError("not JSON"), "x", 1, 0.0, conds).code is Reason.BUSY
    assert classify(NetworkError("refused"), "x", 1, 0.0, conds).code is Reason.OFFLINE
    limited = classify(ApiError(429, "rate_limited", "slow", retry_after=2), "x", 1, 0.0, conds)
    assert (limited.verdict, limited.code) == (Verdict.RETRY, Reason.RATE_LIMITED)

    f = write(tmp_path, "poll.txt", text_bytes(10, tag="p"))
    sandbox.faults.fail_next("GET /v1/jobs", 1, 429, retry_after=1)
    engine, rec = make_engine()
    batch = engine.add_paths([f], Target(KNOWLEDGE))
    engine.wait_scanned(10)
    wait_for(lambda: engine.batch_items(batch)[0].state is ItemState.DONE, what="done")
    seen = {c.kind for ev in rec.of(ConditionsChanged) for c in ev.conditions}
    assert ConditionKind.RATE_LIMITED in seen
