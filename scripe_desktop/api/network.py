"""Which addresses may see plain http, and how HTTP clients treat proxies.

Plain http is allowed only to this computer (the sandbox): an IP literal in 127.0.0.0/8 or
``::1``, or exactly ``localhost`` when it resolves to loopback addresses only. A string prefix
test ("starts with 127.") would let ``http://127.attacker.example`` through, and a hostile DNS
answer would then carry the key in clear text.

Loopback traffic never goes through a proxy (the proxy would see the key in clear text). A proxy
setting that cannot be used (malformed, unknown scheme) is a plain configuration error.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Any
from urllib.parse import urlsplit

import httpx

PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY")


class ProxySettingsError(ValueError):
    """A proxy environment variable cannot be used; its value is never echoed (it may hold a
    password)."""


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1, or exactly ``localhost`` resolving only to loopback."""
    host = host.strip().lower().strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    if host != "localhost":
        return False
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(_loopback_ip(a) for a in addresses)


def _loopback_ip(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def is_allowed_url(url: str) -> bool:
    """https anywhere; http only to loopback (see the module docstring)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return True
    return parts.scheme == "http" and bool(host) and is_loopback_host(host)


def http_client(url_for_policy: str | None, **kwargs: Any) -> httpx.Client:
    """An httpx client that bypasses proxies for loopback and explains unusable proxy settings.

    ``url_for_policy``: the one host this client talks to (the API base), or None for a client
    that talks to many hosts (storage); callers with many hosts pick :func:`direct_client` for
    loopback URLs themselves.
    """
    if url_for_policy is not None and _is_loopback_url(url_for_policy):
        return direct_client(**kwargs)
    try:
        return httpx.Client(trust_env=True, **kwargs)
    except ImportError as exc:  # socks:// without socksio (installed with the app)
        raise ProxySettingsError(_proxy_message("uses a kind of proxy this app can't use")) from exc
    except (ValueError, httpx.InvalidURL) as exc:
        raise ProxySettingsError(_proxy_message("is not a valid proxy address")) from exc


def direct_client(**kwargs: Any) -> httpx.Client:
    """No proxy, no environment: for loopback addresses only."""
    return httpx.Client(trust_env=False, **kwargs)


def _is_loopback_url(url: str) -> bool:
    host = urlsplit(url.strip()).hostname or ""
    return bool(host) and is_loopback_host(host)


def _proxy_message(problem: str) -> str:
    names = [n for n in PROXY_VARIABLES if os.environ.get(n) or os.environ.get(n.lower())]
    which = " or ".join(names) or "of this computer"
    return f"The proxy setting {which} {problem}. Fix or unset it, then try again."
