"""Inspection: real files, real libmagic, the caps table shared with the sandbox."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from scripe_desktop.contract import FAMILIES, MB, TypeFamily
from scripe_desktop.engine.inspect import inspect_file, walk
from tests.samples import EXPECTED_TYPES, docx_bytes, png_bytes, sparse_file, write, write_samples


def test_each_family_is_sniffed_from_the_file(tmp_path: Path) -> None:
    for name, path in write_samples(tmp_path).items():
        found = inspect_file(path)
        assert found.ok, found.skip_reason
        assert found.content_type == EXPECTED_TYPES[name]
        assert found.size == path.stat().st_size


def test_text_subtypes_are_sent_as_text_plain(tmp_path: Path) -> None:
    csv = write(tmp_path, "t.csv", b"name,age,city\nann,31,paris\nbob,42,rome\ncy,5,oslo\n")
    found = inspect_file(csv)
    assert found.detected == "text/csv"
    assert found.content_type == "text/plain"


def test_unsupported_type_names_what_was_detected(tmp_path: Path) -> None:
    found = inspect_file(write(tmp_path, "data.txt", b'{"a": 1, "b": [1, 2, 3]}\n'))
    assert not found.ok
    assert "“data.txt” is JSON data" in (found.skip_reason or "")
    assert "doesn't accept" in (found.skip_reason or "")


def test_empty_file_is_skipped(tmp_path: Path) -> None:
    found = inspect_file(write(tmp_path, "empty.pdf", b""))
    assert found.skip_reason == "“empty.pdf” is empty."


def _file_of_size(folder: Path, family: str, size: int) -> Path:
    """A real file of the family, exactly ``size`` bytes long."""
    heads = {
        "audio": b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 413,
        "video": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",
        "image": png_bytes(),
        "pdf": b"%PDF-1.4\n",
    }
    path = folder / f"{family}-{size}"
    if family in heads:
        return sparse_file(path, size, heads[family])
    if family == "text":
        line = b"plain words in a long note\n"
        with open(path, "wb") as fh:
            fh.write(line * (size // len(line)) + b"x" * (size % len(line)))
        return path

    # Word: a real .docx whose last member (stored, not compressed) pads it to the exact size
    def build(pad: int) -> int:
        with zipfile.ZipFile(path, "w") as z, zipfile.ZipFile(io.BytesIO(docx_bytes())) as src:
            for info in src.infolist():
                z.writestr(info, src.read(info))
            z.writestr("word/media/pad.bin", b"\0" * pad, zipfile.ZIP_STORED)
        return path.stat().st_size

    build(size - build(0))
    return path


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_cap_is_applied_per_family(tmp_path: Path, family: TypeFamily) -> None:
    at_cap = inspect_file(_file_of_size(tmp_path, family.name, family.cap_bytes))
    over = inspect_file(_file_of_size(tmp_path, family.name, family.cap_bytes + 1))
    assert at_cap.ok, at_cap.skip_reason
    assert at_cap.size == family.cap_bytes
    assert not over.ok
    limit = f"{family.cap_bytes // MB} MB"
    # cap + 1 byte: the sentence shows the excess, never "too large (500 MB): the limit is 500 MB"
    assert f"is too large ({limit} and 1 byte): the limit for " in (over.skip_reason or "")
    assert (over.skip_reason or "").endswith(f" is {limit}.")
    assert " a audio" not in (over.skip_reason or "") and " a image" not in (over.skip_reason or "")


def test_vanished_file(tmp_path: Path) -> None:
    found = inspect_file(tmp_path / "gone.txt")
    assert found.skip_reason == "“gone.txt” was moved or deleted before it could be added."


def test_walk_skips_system_temp_and_hidden_files_with_reasons(tmp_path: Path) -> None:
    root = tmp_path / "drop"
    keep = [write(root, "a.txt", b"x\n"), write(root, "sub/deeper/b.txt", b"y\n")]
    for name in (
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "~$report.docx",
        "movie.part",
        "file.crdownload",
        "x.tmp",
        ".hidden.txt",
    ):
        write(root, name, b"junk\n")
    write(root, ".git/config", b"[core]\n")
    found = dict(walk([root]))
    assert {p for p, r in found.items() if r is None} == set(keep)
    reasons = {p.name: r for p, r in found.items() if r}
    assert reasons[".DS_Store"] == "“.DS_Store” is a system file."
    assert reasons["Thumbs.db"] == "“Thumbs.db” is a system file."
    assert reasons["~$report.docx"] == "“~$report.docx” is a temporary or unfinished file."
    assert reasons["movie.part"].endswith("temporary or unfinished file.")
    assert reasons[".hidden.txt"] == "“.hidden.txt” is a hidden file."
    assert reasons[".git"] == "“.git” is a hidden folder."
    assert "config" not in reasons  # nothing inside a skipped folder is walked


def test_walk_survives_link_loops_and_refuses_links_out_of_the_tree(tmp_path: Path) -> None:
    root = tmp_path / "drop"
    write(root, "a/one.txt", b"1\n")
    outside = write(tmp_path, "secret/outside.txt", b"2\n")
    os.symlink(root, root / "a" / "loop")  # a loop back to the top
    os.symlink(outside, root / "link-out.txt")
    os.symlink(root / "a" / "one.txt", root / "link-in.txt")
    os.symlink(tmp_path / "nowhere", root / "broken.txt")
    found = list(walk([root]))
    assert len(found) < 20  # terminated
    by_name = {p.name: r for p, r in found}
    assert by_name["one.txt"] is None
    assert by_name["link-in.txt"] is None
    assert "outside the dropped folder" in by_name["link-out.txt"]
    assert by_name["broken.txt"] == "“broken.txt” is a broken link."


def test_explicit_files_are_never_filtered_by_name(tmp_path: Path) -> None:
    hidden = write(tmp_path, ".notes.txt", b"chosen on purpose\n")
    assert list(walk([hidden])) == [(hidden, None)]


def test_unreadable_file_is_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    secret = write(folder, "locked.txt", b"private words\n")
    secret.chmod(0)
    expected = "“locked.txt” can't be read: permission denied."
    if os.geteuid() != 0:
        assert inspect_file(secret).skip_reason == expected
        return
    # root reads everything: look at the file as an ordinary user, in a forked child
    for p in (tmp_path, folder):
        p.chmod(0o755)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: drop to "nobody", inspect, report, exit without pytest's cleanup
        try:
            os.setgid(65534)
            os.setuid(65534)
            os.write(write_end, (inspect_file(secret).skip_reason or "").encode())
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    with os.fdopen(read_end) as fh:
        assert fh.read() == expected


def test_a_missing_type_database_fails_loudly(tmp_path: Path) -> None:
    import subprocess
    import sys

    empty = tmp_path / "empty.mgc"
    code = (
        "from scripe_desktop.engine.inspect import check_type_database, TypeDatabaseError\n"
        "try:\n    check_type_database()\n"
        "except TypeDatabaseError as e:\n    print('refused:', e)\n"
        "else:\n    print('accepted')\n"
    )
    # a database that recognises nothing, as a frozen app without magic.mgc would have
    empty.write_text("0 string NOTHING_MATCHES nothing\n")
    env = {**os.environ, "MAGIC": str(empty)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.startswith("refused: Scripe Desktop can't recognise file types"), out
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "accepted"
