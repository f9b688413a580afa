"""CredentialStore: secure keyrings only, typed errors, and no secret in any message.

The ``keyring_real`` tests use the real Secret Service (gnome-keyring under dbus-run-session,
see .ci/run). They are skipped only when SCRIPE_REAL_KEYRING is not "1"; CI sets it, so there
they run and any problem fails them.
"""

from __future__ import annotations

import os
import traceback
import uuid
from collections.abc import Iterator
from unittest.mock import Mock

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, chainer, fail, null
from keyring.compat import properties

from scripe_desktop.credentials import (
    DEFAULT_USERNAME,
    SERVICE_NAME,
    CredentialError,
    CredentialStore,
    CredentialStoreError,
    KeyringLockedError,
    MalformedKeyError,
    MemoryKeyring,
    NoKeyringError,
    resolve_api_key,
)

KEY = "scripe_sk_test_Abc123def456GHI789"
OTHER_KEY = "scripe_sk_live_" + "ZZZZyyyy0000"  # built, so no live-looking key is committed


def _all_text(exc: BaseException) -> str:
    """Everything a user or a log could see of an error: message, repr, full traceback."""
    return "\n".join([str(exc), repr(exc), "".join(traceback.format_exception(exc))])


# Test backends. Negative priority: keyring registers every backend class it sees, and these must
# never be auto-selected as the default keyring of a later test.


class LockedKeyring(KeyringBackend):
    """What SecretService raises when the collection stays locked (a prompt was dismissed)."""

    priority = -5  # type: ignore[assignment]
    error: type[Exception] = keyring.errors.KeyringLocked

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise self.error("Failed to unlock the collection!")


class InitFailKeyring(LockedKeyring):
    error = keyring.errors.InitError


class LeakyBrokenKeyring(KeyringBackend):
    """Fails with an error that quotes the secret, as a careless backend might."""

    priority = -5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise OSError("D-Bus went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"could not store {password!r}")


class ForgetfulKeyring(KeyringBackend):
    """Accepts writes and keeps nothing, like ``null`` but under an unknown name."""

    priority = -5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        """Drops it."""


try:
    from keyrings.alt.file import PlaintextKeyring  # type: ignore[import-not-found]
except ImportError:

    class PlaintextKeyring(KeyringBackend):  # type: ignore[no-redef]
        """Stand-in named like keyrings.alt's plain-text file backend (not installed here)."""

        priority = -5  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.written: list[str] = []

        def get_password(self, service: str, username: str) -> str | None:
            return self.written[-1] if self.written else None

        def set_password(self, service: str, username: str, password: str) -> None:
            self.written.append(password)


@pytest.fixture
def store() -> CredentialStore:
    return CredentialStore(MemoryKeyring())


# --- MemoryKeyring round trips ------------------------------------------------------------


def test_save_load_delete(store: CredentialStore) -> None:
    assert store.load() is None
    store.save(KEY)
    assert store.load() == KEY
    store.delete()
    assert store.load() is None


def test_save_trims_and_replaces(store: CredentialStore) -> None:
    store.save(f"  \t{KEY}\n")
    assert store.load() == KEY
    assert store.backend.get_password("Scripe Desktop", "api-key") == KEY
    store.save(OTHER_KEY)
    assert store.load() == OTHER_KEY


def test_delete_missing_is_not_an_error(store: CredentialStore) -> None:
    store.delete()
    store.save(KEY)
    store.delete()
    store.delete()
    assert store.load() is None


@pytest.mark.parametrize(
    "bad",
    [
        *("", "   ", "sk_test_123", "scripe_sk_prod_abcdefgh", "scripe_sk_test_short"),
        f"{KEY} extra",
        "scripe_sk_test_" + "x" * 200,  # too long: malformed, yet secret material
    ],
)
def test_malformed_key_refused_without_echo(store: CredentialStore, bad: str) -> None:
    with pytest.raises(MalformedKeyError) as info:
        store.save(bad)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, CredentialError)
    if bad.strip():
        assert bad.strip()[-12:] not in _all_text(info.value)
    assert store.load() is None


def test_memory_keyring_hides_secrets_and_is_never_auto_selected() -> None:
    backend = MemoryKeyring()
    CredentialStore(backend).save(KEY)
    assert KEY not in repr(backend)
    assert KEY not in repr(CredentialStore(backend))
    assert MemoryKeyring.priority < fail.Keyring.priority
    assert MemoryKeyring.priority <= 0  # keyring's chainer only takes priority > 0


# --- refused backends ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("backend", "why"),
    [
        (fail.Keyring(), "No system keyring"),
        (null.Keyring(), "stores nothing"),
        (PlaintextKeyring(), "plain file"),
    ],
    ids=["fail", "null", "plaintext"],
)
def test_insecure_backends_refused(backend: KeyringBackend, why: str) -> None:
    store = CredentialStore(backend)
    assert not store.is_available()
    with pytest.raises(NoKeyringError, match=why):
        store.check()
    with pytest.raises(NoKeyringError):
        store.load()
    with pytest.raises(NoKeyringError, match=why) as info:
        store.save(KEY)
    assert KEY not in _all_text(info.value)
    with pytest.raises(NoKeyringError):
        store.delete()
    if isinstance(backend, PlaintextKeyring):
        assert backend.get_password(SERVICE_NAME, DEFAULT_USERNAME) is None  # never written


def test_chainer_refused_if_any_member_is() -> None:
    class Chain(chainer.ChainerBackend):
        priority = -5  # type: ignore[assignment]
        backends = (MemoryKeyring(), PlaintextKeyring())  # type: ignore[assignment]

    with pytest.raises(NoKeyringError, match="plain"):
        CredentialStore(Chain()).save(KEY)
    Chain.backends = (MemoryKeyring(),)  # type: ignore[assignment]
    assert CredentialStore(Chain()).is_available()


def test_backend_not_viable_here_refused() -> None:
    class UnusableService(ForgetfulKeyring):
        @properties.classproperty
        def priority(cls) -> float:
            raise RuntimeError("The Secret Service daemon is neither running nor activatable")

    with pytest.raises(NoKeyringError, match="not usable"):
        CredentialStore(UnusableService()).load()


def test_fail_backend_raised_error_is_mapped() -> None:
    """Even if a NoKeyringError comes out of an accepted-looking backend, it stays typed."""

    class Raising(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.NoKeyringError("no backend")

    with pytest.raises(NoKeyringError):
        CredentialStore(Raising()).load()


def test_backend_that_keeps_nothing_is_caught() -> None:
    with pytest.raises(CredentialStoreError, match="did not keep") as info:
        CredentialStore(ForgetfulKeyring()).save(KEY)
    assert KEY not in _all_text(info.value)


# --- locked and broken backends -----------------------------------------------------------


@pytest.mark.parametrize("backend_class", [LockedKeyring, InitFailKeyring])
def test_locked_keyring(backend_class: type[LockedKeyring]) -> None:
    store = CredentialStore(backend_class())
    assert store.is_available()  # present, just locked
    for call in (store.load, store.delete, lambda: store.save(KEY)):
        with pytest.raises(KeyringLockedError, match="locked") as info:
            call()
        assert KEY not in _all_text(info.value)


def test_other_errors_are_wrapped_without_secret() -> None:
    store = CredentialStore(LeakyBrokenKeyring())
    with pytest.raises(CredentialStoreError) as info:
        store.save(KEY)
    text = _all_text(info.value)
    assert KEY not in text
    assert "RuntimeError" in str(info.value)
    assert info.value.__cause__ is None  # the original quoted the key: not chained

    with pytest.raises(CredentialStoreError) as info:
        store.load()
    assert isinstance(info.value.__cause__, OSError)  # harmless original: kept for debugging
    assert "D-Bus went away" in str(info.value)


def test_failed_delete_of_existing_key_is_an_error() -> None:
    class Undeletable(MemoryKeyring):
        def delete_password(self, service: str, username: str) -> None:
            raise keyring.errors.PasswordDeleteError("permission denied")

    store = CredentialStore(Undeletable())
    store.save(KEY)
    with pytest.raises(CredentialStoreError, match="delete"):
        store.delete()


def test_default_backend_is_lazy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", Mock(side_effect=RuntimeError("bad config")))
    store = CredentialStore()  # constructing never fails
    with pytest.raises(NoKeyringError):
        store.load()


# --- resolve_api_key ----------------------------------------------------------------------


def test_resolve_prefers_environment(store: CredentialStore) -> None:
    store.save(KEY)
    env = {"SCRIPE_API_KEY": f" {OTHER_KEY}\n"}
    assert resolve_api_key(store, env) == (OTHER_KEY, "environment")
    assert resolve_api_key(None, env) == (OTHER_KEY, "environment")
    # The keyring is not even touched (a locked one would raise).
    assert resolve_api_key(CredentialStore(LockedKeyring()), env) == (OTHER_KEY, "environment")


def test_resolve_keyring(store: CredentialStore) -> None:
    store.save(KEY)
    assert resolve_api_key(store, {}) == (KEY, "keyring")
    assert resolve_api_key(store, {"SCRIPE_API_KEY": "  "}) == (KEY, "keyring")


def test_resolve_malformed_environment_not_echoed() -> None:
    bad = "scripe_sk_test_" + "q" * 300
    with pytest.raises(MalformedKeyError) as info:
        resolve_api_key(None, {"SCRIPE_API_KEY": bad})
    assert "SCRIPE_API_KEY" in str(info.value)
    assert "q" * 20 not in _all_text(info.value)


def test_resolve_propagates_keyring_errors() -> None:
    with pytest.raises(KeyringLockedError):
        resolve_api_key(CredentialStore(LockedKeyring()), {})
    with pytest.raises(NoKeyringError):
        resolve_api_key(CredentialStore(fail.Keyring()), {})


def test_resolve_none_and_process_environment(
    store: CredentialStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_api_key(store, {}) == (None, "none")
    assert resolve_api_key(None, {}) == (None, "none")
    monkeypatch.setenv("SCRIPE_API_KEY", KEY)
    assert resolve_api_key(None) == (KEY, "environment")
    monkeypatch.delenv("SCRIPE_API_KEY")
    assert resolve_api_key(None) == (None, "none")


# --- the real Secret Service --------------------------------------------------------------

needs_real_keyring = pytest.mark.skipif(
    os.environ.get("SCRIPE_REAL_KEYRING") != "1",
    reason="needs SCRIPE_REAL_KEYRING=1 and a Secret Service (see .ci/run)",
)


def _secret_service() -> KeyringBackend:
    """A fresh SecretService backend instance (no state shared with the store under test)."""
    return SecretService.Keyring()


def _lookup_directly(service: str, username: str) -> str | None:
    """Read from the Secret Service with secretstorage itself, on a fresh D-Bus connection."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        for item in collection.search_items({"service": service, "username": username}):
            return item.get_secret().decode("utf-8")
        return None
    finally:
        connection.close()


@pytest.fixture
def real_store() -> Iterator[CredentialStore]:
    """A store on the real Secret Service, under a unique username, removed afterwards."""
    store = CredentialStore(_secret_service(), username=f"test-{uuid.uuid4().hex}")
    yield store
    store.delete()


@pytest.mark.keyring_real
@needs_real_keyring
def test_real_secret_service_round_trip(real_store: CredentialStore) -> None:
    assert real_store.is_available()
    assert real_store.load() is None

    real_store.save(f" {KEY} ")
    assert real_store.load() == KEY
    # Really in the Secret Service: a fresh backend instance and secretstorage both see it.
    assert _secret_service().get_password(real_store.service, real_store.username) == KEY
    assert _lookup_directly(real_store.service, real_store.username) == KEY

    assert resolve_api_key(real_store, {}) == (KEY, "keyring")
    assert resolve_api_key(real_store, {"SCRIPE_API_KEY": OTHER_KEY}) == (OTHER_KEY, "environment")

    real_store.save(OTHER_KEY)
    assert _secret_service().get_password(real_store.service, real_store.username) == OTHER_KEY

    real_store.delete()
    assert real_store.load() is None
    assert _secret_service().get_password(real_store.service, real_store.username) is None
    assert _lookup_directly(real_store.service, real_store.username) is None
    real_store.delete()  # missing: still fine


@pytest.mark.keyring_real
@needs_real_keyring
def test_real_default_backend_is_accepted() -> None:
    """What the app gets with no injection: keyring's own choice must be a secure one."""
    store = CredentialStore(username=f"test-{uuid.uuid4().hex}")
    store.check()
    try:
        store.save(KEY)
        assert _lookup_directly(store.service, store.username) == KEY
    finally:
        store.delete()
    assert _lookup_directly(store.service, store.username) is None
