"""Account rules in one place: the CLI refuses, before any upload, a key the window refuses,
with the same plain sentence."""

from __future__ import annotations

from pathlib import Path

from scripe_desktop.engine.account import AccountProblem, check_account, sentence
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, run_cli


def test_cli_refuses_a_free_plan_key_before_minting_with_the_windows_sentence(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    from scripe_desktop.ui.key_check import explain_code

    free = sandbox.issue_key(plan="free", workspace_name="Free")
    f = write(tmp_path, "a.txt", text_bytes(5, tag="free"))
    code, _out, err = run_cli(
        ["upload", str(f), "--attach", "knowledge"], cli_env(sandbox, tmp_path / "h", free)
    )
    assert code == 2
    assert explain_code("plan_not_eligible") in err  # word for word the window's
    assert sandbox.records()["uploads"] == []  # nothing minted, nothing sent


def test_cli_refuses_a_key_without_the_destinations_scope(tmp_path: Path, sandbox: Sandbox) -> None:
    from scripe_desktop.ui.key_check import explain_scope

    key = sandbox.issue_key(scopes=["knowledge:write"])
    f = write(tmp_path, "b.txt", text_bytes(5, tag="scope"))
    projects = ["--project", "proj_any"]
    code, _out, err = run_cli(
        ["upload", str(f), "--attach", "source", *projects], cli_env(sandbox, tmp_path / "h", key)
    )
    assert code == 2
    assert explain_scope(["sources:write"]) in err
    assert sandbox.records()["uploads"] == []
    problem = AccountProblem("scope_missing", {"required": ["sources:write"]})
    assert sentence(problem) == explain_scope(["sources:write"])


def test_rules_per_destination(sandbox: Sandbox) -> None:
    from scripe_desktop.api import ScripeClient
    from scripe_desktop.engine.events import AttachKind

    with ScripeClient(sandbox.issue_key(plan="free", workspace_name="F"), sandbox.base_url) as c:
        free = c.workspace_me()
    assert check_account(free, AttachKind.KNOWLEDGE).code == "plan_not_eligible"
    assert check_account(free, AttachKind.NONE) is None  # uploading alone needs no plan
    with ScripeClient(sandbox.issue_key(scopes=["sources:write"]), sandbox.base_url) as c:
        sources_only = c.workspace_me()
    assert check_account(sources_only, AttachKind.SOURCE) is None
    assert check_account(sources_only, AttachKind.KNOWLEDGE).data == {
        "required": ["knowledge:write"]
    }


def test_every_reason_code_has_words_in_both_front_ends() -> None:
    from scripe_desktop import reason_words
    from scripe_desktop.engine.events import Reason
    from scripe_desktop.ui import reasons

    for code in Reason:
        data = {"until": 0.0, "retry_at": 0.0, "message": "m", "code": "c"}
        assert reason_words.describe(code.value, data, "f.txt"), code
        assert reasons.describe(code.value, data, "f.txt"), code


def test_cli_upload_says_the_queue_is_paused_and_resume_ends_pause_all(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    from scripe_desktop.engine import EngineConfig, UploadEngine

    home = tmp_path / "h"
    engine = UploadEngine(EngineConfig(home=home, api_base=sandbox.base_url), sandbox.api_key)
    engine.pause_all()  # as "Pause all" in the app
    engine.shutdown()
    f = write(tmp_path, "c.txt", text_bytes(5, tag="paused"))
    env = cli_env(sandbox, home)
    code, _out, err = run_cli(["upload", str(f), "--attach", "knowledge"], env)
    assert code == 2 and "Uploads are paused" in err
    assert sandbox.records()["uploads"] == []
    code, _out, err = run_cli(["resume", "--wait"], env)
    assert code == 0, err
    code, _out, err = run_cli(["upload", str(f), "--attach", "knowledge", "--wait"], env)
    assert code == 0, err
    assert [k["name"] for k in sandbox.records()["knowledge"]] == ["c.txt"]
