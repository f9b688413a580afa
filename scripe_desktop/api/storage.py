"""The PUT of a file's bytes to a presigned storage URL.

A separate httpx client on purpose: storage must never see the API key or any Scripe header.
The body is a generator of 1 MiB reads with an explicit Content-Length (about twice as fast as
handing httpx the file, which reads 64 KiB at a time; without the length httpx would send chunked
encoding, which S3 refuses with 501).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from .errors import Cancelled, NetworkError, StorageError, StorageStalled, StorageUnreachable
from .network import direct_client, http_client, is_allowed_url, is_loopback_host

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024

ProgressFn = Callable[[int], None]  # bytes sent so far in this attempt
ChunkGate = Callable[[int], None]  # called before each chunk: may sleep (rate limit) or raise


class FileChangedError(Exception):
    """The file is not the size it was when it was inspected; its bytes must not be sent."""


def _check_storage_url(url: str) -> None:
    if not is_allowed_url(url):
        raise ValueError("storage URL must be https")


class StorageClient:
    """Streams files to presigned PUT URLs. Thread-safe; one per engine."""

    def __init__(self, *, stall_timeout: float = 60.0, connect_timeout: float = 15.0) -> None:
        # The read/write timeout is a stall timer: it resets whenever bytes move, so a 500 MB
        # upload on a slow line never hits a wall-clock limit.
        options = {
            "timeout": httpx.Timeout(stall_timeout, connect=connect_timeout),
            "verify": True,
            "follow_redirects": False,
            "headers": {"User-Agent": "ScripeDesktop-storage"},
        }
        self._http = http_client(None, **options)
        self._direct = direct_client(**options)  # loopback (the sandbox): never via a proxy

    def close(self) -> None:
        self._http.close()
        self._direct.close()

    def _client_for(self, url: str) -> httpx.Client:
        host = urlsplit(url).hostname or ""
        return self._direct if is_loopback_host(host) else self._http

    def put_file(
        self,
        url: str,
        path: Path,
        content_type: str,
        size: int,
        *,
        progress: ProgressFn | None = None,
        gate: ChunkGate | None = None,
        on_chunk: Callable[[bytes], None] | None = None,
    ) -> None:
        """PUT the whole file. Raises StorageError, NetworkError, Cancelled, FileChangedError.

        ``on_chunk`` sees every chunk sent (to hash the file while it goes out, read once).
        """
        _check_storage_url(url)
        headers = {"Content-Type": content_type, "Content-Length": str(size)}
        body = self._chunks(path, size, progress, gate, on_chunk)
        try:
            resp = self._client_for(url).put(url, content=body, headers=headers)
        except (Cancelled, FileChangedError):
            raise
        except (httpx.ConnectTimeout, httpx.ConnectError) as exc:
            raise StorageUnreachable(f"storage unreachable: {type(exc).__name__}: {exc}") from exc
        except httpx.TimeoutException as exc:  # connected, then nothing moved for the stall time
            raise StorageStalled(f"storage PUT stalled: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, Cancelled | FileChangedError):
                raise cause from None
            raise NetworkError(f"storage PUT interrupted: {type(exc).__name__}: {exc}") from exc
        finally:
            body.close()  # closes the file now, not whenever the generator is collected
        if resp.status_code >= 300:
            err = StorageError.from_response(resp.status_code, resp.text)
            log.warning("storage PUT refused: %s", err)
            raise err

    @staticmethod
    def _chunks(
        path: Path,
        size: int,
        progress: ProgressFn | None,
        gate: ChunkGate | None,
        on_chunk: Callable[[bytes], None] | None,
    ) -> Iterator[bytes]:
        sent = 0
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size != size:
                raise FileChangedError(f"{path.name} changed size since it was checked")
            while sent < size:
                want = min(CHUNK, size - sent)
                if gate:
                    gate(want)
                chunk = fh.read(want)
                if len(chunk) != want:
                    raise FileChangedError(f"{path.name} got shorter while it was being sent")
                sent += want
                if on_chunk:
                    on_chunk(chunk)
                yield chunk
                if progress:
                    progress(sent)
