"""libmagic's database is mapped once per process, however many threads sniff, with the same
answers as a handle that loads it itself (engine memory: each mapping counted ~7 MB)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import magic
import pytest

from scripe_desktop.engine import magicdb
from scripe_desktop.engine.inspect import sniff
from tests.samples import text_bytes


def _mappings(db: str) -> int:
    real = os.path.realpath(db)  # the maps name the file, not the link to it
    return sum(
        1 for line in Path("/proc/self/maps").read_text().splitlines() if line.endswith(real)
    )


def _samples(tmp_path: Path) -> list[Path]:
    files = {
        "a.txt": text_bytes(20, tag="a"),
        "b.pdf": b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        "c.png": b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17,
        "d.json": b'{"a": [1, 2, 3]}\n',
        "e.zip": b"PK\x05\x06" + b"\x00" * 18,
        "f.html": b"<!DOCTYPE html><html><body>hi</body></html>\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return [tmp_path / n for n in files]


def test_threads_share_one_database_and_answer_as_a_handle_of_its_own(tmp_path: Path) -> None:
    [db] = magicdb._compiled_databases()  # this machine: one compiled database, no local rules
    samples = _samples(tmp_path)
    own = magic.Magic(mime=True)  # loads the database itself, as every handle did before
    expected = {p: own.from_file(str(p)) for p in samples}
    del own
    magicdb.new_magic()  # the shared copy exists from here on
    before = _mappings(db)
    answers: dict[str, dict[Path, str]] = {}
    hold, ready = threading.Event(), threading.Barrier(5)

    def sniffer(name: str) -> None:
        answers[name] = {p: sniff(p) for p in samples}  # each thread: a handle of its own
        ready.wait(10)
        hold.wait(10)

    threads = [threading.Thread(target=sniffer, args=(f"t{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    ready.wait(10)  # four live handles, each has sniffed every sample
    during = _mappings(db)
    assert before >= 1, "the shared copy is a mapping of the file"
    hold.set()
    for t in threads:
        t.join(10)
    assert all(got == expected for got in answers.values()), answers
    assert expected[samples[1]] == "application/pdf" and expected[samples[0]] == "text/plain"
    assert during == before, f"{during - before} more mappings of {db} for 4 handles"


def test_a_database_path_with_rules_of_its_own_keeps_each_handle_loading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [db] = magicdb._compiled_databases()
    local = tmp_path / "local-magic"
    local.write_text("# only comments\n\n")
    monkeypatch.setenv("MAGIC", f"{local}:{db}")
    assert magicdb._compiled_databases() == [db]  # comments only: nothing libmagic would add
    local.write_text("0\tstring\tSCRIPE\ttext/x-scripe\n")
    with pytest.raises(ValueError, match="rules of its own"):
        magicdb._compiled_databases()
    monkeypatch.setenv("MAGIC", str(tmp_path / "nothing-here"))
    with pytest.raises(ValueError, match="no compiled database"):
        magicdb._compiled_databases()
    not_compiled = tmp_path / "x.mgc"
    not_compiled.write_bytes(b"\x00" * 64)
    with pytest.raises(ValueError, match="byte order"):
        magicdb._map([str(not_compiled)])
