"""A person's own ignore patterns and the hidden-files setting, through the CLI that scripts
use and the shared folder list the window edits: an ignored file is never uploaded (the
sandbox's records say so), and lifting a rule lets it go up on the next pass."""

from __future__ import annotations

from pathlib import Path

from scripe_desktop.engine.watch import FolderList
from scripe_desktop.sandbox import Sandbox
from tests.engine.cli_helpers import cli_env, run_cli
from tests.samples import text_bytes

from .conftest import names, wait_for, wait_names


def _fill(folder: Path) -> None:
    (folder / "drafts").mkdir()
    for rel in ("keep.txt", "scratch-1.txt", "drafts/plan.txt", ".secret.txt"):
        (folder / rel).write_bytes(text_bytes(20, tag=rel))


def test_cli_patterns_and_hidden_setting_keep_files_out_until_lifted(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    env = cli_env(sandbox, tmp_path / "home")
    folder = tmp_path / "inbox"
    folder.mkdir()
    _fill(folder)
    rc, out, err = run_cli(
        ["watch", "add", str(folder), "--attach", "knowledge",
         "--ignore", "scratch-*", "--ignore", "drafts/"],
        env,
    )  # fmt: skip
    assert rc == 0, err
    assert "1 file(s) already there" in out  # counted with the folder's own rules
    rc, _, err = run_cli(["sync", "--once", "--settle", "0.2"], env)
    assert rc == 0, err
    assert names(sandbox) == {"keep.txt": 1}

    rc, out, err = run_cli(
        ["watch", "rules", str(folder), "--unignore", "scratch-*", "--hidden", "include"], env
    )
    assert rc == 0, err
    assert "drafts/" in out and "scratch-*" not in out and "Hidden files are uploaded" in out
    saved = FolderList(tmp_path / "home").load().folders[0]
    assert saved.ignore == ("drafts/",) and saved.include_hidden
    rc, _, err = run_cli(["sync", "--once", "--settle", "0.2"], env)
    assert rc == 0, err
    assert names(sandbox) == {"keep.txt": 1, "scratch-1.txt": 1, ".secret.txt": 1}


def test_a_pattern_that_cannot_be_read_is_refused_in_plain_words(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    env = cli_env(sandbox, tmp_path / "home")
    folder = tmp_path / "inbox"
    folder.mkdir()
    rc, _, err = run_cli(["watch", "add", str(folder), "--attach", "knowledge",
                          "--ignore", "!"], env)  # fmt: skip
    assert rc == 2 and "not a pattern" in err
    assert FolderList(tmp_path / "home").load().folders == ()


def test_a_rule_added_while_sync_runs_stops_a_file_that_is_still_settling(
    watched: Path, sandbox: Sandbox, make_syncer
) -> None:
    """The window and ``watch rules`` change the shared list; a running watcher applies it,
    including to files already waiting for their settle time."""
    syncer = make_syncer(watched, settle=3.0)
    assert syncer.wait_idle(20)
    (watched / "raw-take.txt").write_bytes(text_bytes(20, tag="raw"))
    (watched / "final.txt").write_bytes(text_bytes(20, tag="final"))
    wait_for(lambda: len(syncer.settler) == 2, 10, "both files waiting to settle")
    FolderList(syncer.folder_list.home).edit(str(watched), ignore=("raw-*",))
    wait_names(sandbox, {"final.txt": 1})
    assert syncer.wait_idle(20)
    assert (str(watched), "rules changed") in syncer.rescans
    assert names(sandbox) == {"final.txt": 1}
