"""Plain http only to this computer, never through a proxy; unusable proxies explained (issue 11
items 10 and 11)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripe_desktop.api import ProxySettingsError, ScripeClient, StorageClient, check_base_url
from scripe_desktop.api.network import is_loopback_host
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    sb = Sandbox(data_dir=tmp_path / "sb", job_duration=0.2).start()
    yield sb
    sb.stop()


class FakeProxy:
    """A listening socket that records every byte a client sends it, then hangs up."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.received = b""
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(1)
            with contextlib.suppress(OSError):
                self.received += conn.recv(65536)
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.attacker.example",
        "http://127.0.0.1.attacker.example:8765",
        "http://localhost.attacker.example",
        "http://127.0.0.1@attacker.example",
        "http://[::ffff:8.8.8.8]",
        "http://0.0.0.0:8765",
        "http://10.0.0.1",
    ],
)
def test_plain_http_to_anything_but_loopback_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        check_base_url(url)
    with pytest.raises(ValueError):
        StorageClient().put_file(url + "/b/k", Path(__file__), "text/plain", 1)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765", "http://127.1.2.3:1", "http://[::1]:8765", "http://localhost:1"],
)
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    assert check_base_url(url) == url


def test_localhost_counts_only_when_it_resolves_to_loopback(monkeypatch) -> None:
    real = socket.getaddrinfo
    assert is_loopback_host("localhost")

    def hostile(host, *a, **kw):  # a resolver that sends "localhost" elsewhere
        if host == "localhost":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 0))]
        return real(host, *a, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", hostile)
    assert not is_loopback_host("localhost")
    with pytest.raises(ValueError):
        check_base_url("http://localhost:8765")


def test_loopback_never_goes_through_a_proxy(
    tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = FakeProxy()
    try:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
            monkeypatch.setenv(name, proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        f = write(tmp_path, "a.txt", text_bytes())
        with ScripeClient(sandbox.api_key, sandbox.base_url) as client:
            assert client.workspace_me().workspace.name
            up = client.mint_upload("text/plain", f.stat().st_size, "mint-proxy-1")
        storage = StorageClient()
        try:
            storage.put_file(up.upload_url, f, "text/plain", f.stat().st_size)
        finally:
            storage.close()
        assert proxy.received == b""
        rec = sandbox.records()
        assert [u["received"] for u in rec["uploads"]] == [True]
    finally:
        proxy.close()


@pytest.mark.parametrize(
    "value", ["http://user:secret@proxy:notaport", "ftp://user:secret@proxy:21", "::garbage"]
)
def test_an_unusable_proxy_setting_is_a_plain_message(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", value)
    key = "scripe_sk_test_" + "a" * 20
    with pytest.raises(ProxySettingsError) as info:
        ScripeClient(key, "https://api.scripe.io")
    message = str(info.value)
    assert "HTTPS_PROXY" in message and "Fix or unset it" in message
    assert "secret" not in message
    with pytest.raises(ProxySettingsError):
        StorageClient()


def test_a_socks_proxy_is_supported(monkeypatch: pytest.MonkeyPatch) -> None:
    """socksio ships with the app, so a SOCKS setting builds a working client."""
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:9")
    key = "scripe_sk_test_" + "a" * 20
    ScripeClient(key, "https://api.scripe.io").close()
    StorageClient().close()
