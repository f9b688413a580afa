"""A queue that outlives its storage address: the local sandbox started again on another port.

What a person saw: quit the app in sandbox mode mid-upload, start it again, and the files sat
at "Waiting for a connection" for ~13 minutes (until their URLs expired) under an "offline"
banner, while Scripe answered and new drops uploaded. Now a PUT refused while Scripe answers
mints a new URL on the next try (worded "the storage service could not be reached", never
"offline"), and a sandbox with the same test key comes back with the same workspace and
projects, so a file bound for a project still lands there.
"""

from __future__ import annotations

import signal
from pathlib import Path

import httpx

from scripe_desktop.api import NetworkError, StorageUnreachable
from scripe_desktop.engine.conditions import Conditions
from scripe_desktop.engine.events import Reason
from scripe_desktop.engine.failures import Verdict, classify
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, json_lines, queue_rows, run_cli, start_cli
from .conftest import wait_for

KEY = "scripe_sk_test_restartedsandbox01"


def projects(sb: Sandbox) -> list[tuple[str, str]]:
    resp = httpx.get(
        sb.base_url + "/v1/projects",
        headers={"Authorization": f"Bearer {KEY}", "Scripe-Api-Version": "2026-08-01"},
    )
    return [(p["id"], p["name"]) for p in resp.json()["data"]]


def test_uploads_cut_off_by_a_sandbox_restart_go_to_the_new_one_at_once(tmp_path: Path) -> None:
    first = Sandbox(api_key=KEY, data_dir=tmp_path / "a", job_duration=0.2).start()
    second = None
    try:
        project_id, project_name = projects(first)[0]
        drop = tmp_path / "drop"
        for i in range(3):
            write(drop, f"talk{i}.txt", text_bytes(40_000, tag=f"t{i}"))
        home = tmp_path / "home"
        args = ["upload", str(drop), "--project", project_id, "--json", "--concurrency", "3"]
        proc = start_cli([*args, "--limit-rate", "256K"], cli_env(first, home))
        wait_for(
            lambda: sum(bool(r["upload_url"]) for r in queue_rows(home)) == 3,
            timeout=30,
            what="every file minted",
        )
        wait_for(lambda: any(r["bytesReceived"] for r in first.storage_in_flight()), what="PUT")
        proc.send_signal(signal.SIGKILL)  # the app quit mid-upload
        proc.wait(10)
        first.stop()  # ...and its sandbox with it

        second = Sandbox(api_key=KEY, data_dir=tmp_path / "b", job_duration=0.2).start()
        assert second.base_url != first.base_url
        assert projects(second)[0] == (project_id, project_name)  # the same world comes back
        # Waiting for the old URLs to expire would take 15 minutes: far past this timeout.
        rc, out, err = run_cli(["resume", "--wait", "--json"], cli_env(second, home), 90)
        assert rc == 0, err
        _, summary = json_lines(out)
        assert summary["failed"] == 0
        sources = second.records()["sources"]
        assert sorted((s["name"], s["projectId"]) for s in sources) == [
            (f"talk{i}.txt", project_id) for i in range(3)
        ]
        assert "storage_unreachable" in err  # the old address was tried once...
        assert "offline" not in err and "Waiting for a connection" not in err  # ...not "offline"
    finally:
        for sb in (first, second):
            if sb is not None:
                sb.stop()


def test_a_refused_put_is_offline_only_when_scripe_does_not_answer() -> None:
    conds = Conditions(lambda e: None, lambda: 0.0)
    assert classify(NetworkError("cut mid-PUT"), "x", 1, 0.0, conds).code is Reason.OFFLINE
    refused = StorageUnreachable("storage unreachable: ConnectError")
    assert classify(refused, "x", 1, 0.0, conds).code is Reason.OFFLINE  # not asked
    refused.api_answers = True
    outcome = classify(refused, "x", 1, 0.0, conds)
    assert (outcome.verdict, outcome.code, outcome.condition) == (
        Verdict.RETRY,
        Reason.STORAGE_UNREACHABLE,
        None,
    )
    from scripe_desktop import reason_words
    from scripe_desktop.ui import reasons  # the window's words, through tr()

    data = {"retry_at": 3600.0 * 10}
    for words in (reason_words.describe, reasons.describe):
        text = words(Reason.STORAGE_UNREACHABLE.value, data, "a.txt") or ""
        assert text.startswith("The storage service could not be reached")
