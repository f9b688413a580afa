"""Where the Scripe API key lives: the operating system's keyring, and nowhere else.

Why a wrapper over ``keyring``: the library happily falls back to backends that either store
nothing (``null``), raise on every call (``fail``) or write the secret to a plain-text file
(``keyrings.alt``). The app must tell the user which of those happened instead of silently
"saving" a key it will not find again, and must never write the key to disk in clear.
Every error raised here is a :class:`CredentialError` whose message never contains the key.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from scripe_desktop.contract import is_valid_key_format

SERVICE_NAME = "Scripe Desktop"
DEFAULT_USERNAME = "api-key"
ENV_VAR = "SCRIPE_API_KEY"

SOURCE_ENVIRONMENT = "environment"
SOURCE_KEYRING = "keyring"
SOURCE_NONE = "none"

_REDACTED = "[redacted]"
_NO_KEYRING = "No system keyring is available (is a Secret Service such as gnome-keyring running?)."


class CredentialError(Exception):
    """Base of every credential problem; messages are safe to show (they hold no secret)."""


class NoKeyringError(CredentialError):
    """No secure keyring: none at all, one that stores nothing, or one that stores plain text."""


class KeyringLockedError(CredentialError):
    """The keyring exists but is locked (or could not be unlocked/opened)."""


class CredentialStoreError(CredentialError):
    """Any other keyring failure; the original is chained only when it holds no secret."""


class MalformedKeyError(CredentialError, ValueError):
    """The text given is not a Scripe API key (the message never repeats it)."""


class MemoryKeyring(KeyringBackend):
    """In-memory backend: for tests and the "keep for this session only" mode.

    Why a negative priority: keyring registers every backend class it sees, so a positive one
    could be auto-selected (or chained) as the *default* keyring and lose keys at exit.
    Below ``fail`` (0) it can only be used when injected on purpose.
    """

    priority = -10  # type: ignore[assignment]  # keyring declares a classproperty

    def __init__(self) -> None:
        super().__init__()
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self._secrets[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("No such password") from None

    def __repr__(self) -> str:  # never show the secrets
        return f"<MemoryKeyring with {len(self._secrets)} item(s)>"


def backend_label(backend: KeyringBackend) -> str:
    """``module.Class`` of a backend, for messages and logs."""
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def _is_plaintext(backend: KeyringBackend) -> bool:
    """keyrings.alt backends (plain-text or prompt-on-terminal files) and anything named so."""
    cls = type(backend)
    module = cls.__module__ or ""
    return (
        module == "keyrings.alt"
        or module.startswith("keyrings.alt.")
        or "plaintext" in cls.__name__.lower()
    )


def refusal_reason(backend: KeyringBackend) -> str | None:
    """Why this backend must not hold the API key, or None when it is acceptable.

    Why by class (not by trying it): the ``null`` backend accepts a write and stores nothing,
    and a plain-text backend "works" perfectly; only their identity gives them away.
    """
    label = backend_label(backend)
    if _is_plaintext(backend):
        return (
            f"The keyring backend {label} keeps secrets in a plain file; "
            "refusing to store the API key there."
        )
    if isinstance(backend, MemoryKeyring):
        return None
    if isinstance(backend, fail.Keyring):
        return _NO_KEYRING
    if isinstance(backend, null.Keyring):
        return f"The keyring backend {label} stores nothing; refusing to use it."
    if isinstance(backend, chainer.ChainerBackend):
        for inner in backend.backends:
            reason = refusal_reason(inner)
            if reason is not None:
                return reason
        return None
    try:
        # keyring's contract: an unusable backend raises RuntimeError from ``priority``.
        type(backend).priority  # noqa: B018
    except Exception:
        return f"The keyring backend {label} is not usable on this system."
    return None


def _scrub(text: str, secret: str | None) -> str:
    if secret:
        return text.replace(secret, _REDACTED)
    return text


def _mentions(exc: BaseException, secret: str | None) -> bool:
    """Whether the secret shows anywhere in an exception (message, args, or its own chain)."""
    if not secret:
        return False
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if secret in str(current) or any(secret in repr(a) for a in current.args):
            return True
        current = current.__cause__ or current.__context__
    return False


class CredentialStore:
    """Load, save and delete the API key in a secure keyring (never a plain-text fallback)."""

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        service: str = SERVICE_NAME,
        username: str = DEFAULT_USERNAME,
    ) -> None:
        self._backend = backend
        self.service = service
        self.username = username

    @property
    def backend(self) -> KeyringBackend:
        """The backend in use; the default one is looked up lazily so construction never fails."""
        if self._backend is None:
            try:
                self._backend = keyring.get_keyring()
            except Exception as exc:  # a broken PYTHON_KEYRING_BACKEND or keyringrc.cfg
                raise NoKeyringError(
                    f"The configured keyring backend could not be loaded ({type(exc).__name__})."
                ) from exc
        return self._backend

    def check(self) -> None:
        """Raise :class:`NoKeyringError` when the backend may not hold the key."""
        reason = refusal_reason(self.backend)
        if reason is not None:
            raise NoKeyringError(reason)

    def is_available(self) -> bool:
        """True when :meth:`check` passes (for greying out "remember the key" in the UI)."""
        try:
            self.check()
        except NoKeyringError:
            return False
        return True

    def load(self) -> str | None:
        """The stored key (trimmed), or None when none is stored."""
        self.check()
        with self._translate("read"):
            value = self.backend.get_password(self.service, self.username)
        if value is None:
            return None
        return value.strip() or None

    def save(self, key: str) -> None:
        """Store the key after trimming and checking its format; read it back to be sure."""
        key = key.strip()
        if not is_valid_key_format(key):
            raise MalformedKeyError(
                "That is not a Scripe API key (expected scripe_sk_live_… or scripe_sk_test_…)."
            )
        self.check()
        with self._translate("save", key):
            self.backend.set_password(self.service, self.username, key)
            stored = self.backend.get_password(self.service, self.username)
        if stored != key:
            raise CredentialStoreError(
                f"The keyring ({backend_label(self.backend)}) accepted the API key "
                "but did not keep it."
            )

    def delete(self) -> None:
        """Remove the stored key; removing a key that is not there is not an error."""
        self.check()
        with self._translate("delete"):
            if self.backend.get_password(self.service, self.username) is None:
                return
            try:
                self.backend.delete_password(self.service, self.username)
            except keyring.errors.PasswordDeleteError:
                # Gone in between (another process): fine. Still there: a real failure.
                if self.backend.get_password(self.service, self.username) is not None:
                    raise

    @contextmanager
    def _translate(self, action: str, secret: str | None = None) -> Iterator[None]:
        """Map keyring's errors to ours, keeping the secret out of every message and cause."""
        try:
            yield
        except CredentialError:
            raise
        except keyring.errors.NoKeyringError as exc:
            raise NoKeyringError(_NO_KEYRING) from self._safe_cause(exc, secret)
        except (keyring.errors.KeyringLocked, keyring.errors.InitError) as exc:
            raise KeyringLockedError(
                f"The system keyring is locked or could not be opened, so the API key could "
                f"not be {_PAST[action]}. Unlock it and try again."
            ) from self._safe_cause(exc, secret)
        except Exception as exc:
            detail = _scrub(str(exc), secret)
            suffix = f": {detail}" if detail else ""
            raise CredentialStoreError(
                f"Could not {action} the API key in the system keyring "
                f"({type(exc).__name__}{suffix})."
            ) from self._safe_cause(exc, secret)

    @staticmethod
    def _safe_cause(exc: BaseException, secret: str | None) -> BaseException | None:
        """Chain the original only if it cannot leak the secret through a traceback."""
        return None if _mentions(exc, secret) else exc

    def __repr__(self) -> str:
        return f"CredentialStore(service={self.service!r}, username={self.username!r})"


_PAST = {"read": "read", "save": "saved", "delete": "deleted"}


def resolve_api_key(
    store: CredentialStore | None, env: Mapping[str, str] = os.environ
) -> tuple[str | None, str]:
    """The key to use and where it came from: ``SCRIPE_API_KEY`` beats the keyring.

    Why the environment wins: CI and scripted runs must not depend on (or touch) a keyring.
    An empty or blank variable counts as unset. A malformed one raises
    :class:`MalformedKeyError` rather than being silently ignored. Keyring errors
    (:class:`CredentialError`) propagate so the caller can say *why* there is no key.
    """
    from_env = env.get(ENV_VAR, "").strip()
    if from_env:
        if not is_valid_key_format(from_env):
            raise MalformedKeyError(
                f"{ENV_VAR} is set but does not hold a Scripe API key "
                "(expected scripe_sk_live_… or scripe_sk_test_…)."
            )
        return from_env, SOURCE_ENVIRONMENT
    if store is None:
        return None, SOURCE_NONE
    key = store.load()
    if key is None:
        return None, SOURCE_NONE
    return key, SOURCE_KEYRING
