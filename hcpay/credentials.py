"""The refresh token in the OS keyring, and nowhere else unless the member asks.

- Service ``hcpay``, key ``<portal URL> <username>``; only the refresh token is stored, and only
  while the login lives (``hcpay logout`` and signing out remove it).
- Every keyring call runs in a daemon thread under a timeout: a locked or hanging Secret Service
  costs the app a few seconds at most, never a frozen screen or a process that cannot exit.
- With no usable keyring (``NoKeyringError``, a locked one, a timeout) the store raises
  ``CredentialsUnavailable`` with words for the member; the app then keeps the session in memory.
- ``insecure_storage=True`` (``--insecure-storage``) keeps the token in a 0600 file in the data
  dir instead, and ``INSECURE_WARNING`` is shown at every start.
- ``forget_everything()`` removes every trace: keyring entries, the insecure file, the snapshot.
- A remembered login is shared by every hcpay process on this computer (the app, each scripted
  command), and the portal ends a login when a used refresh token is sent again. ``SharedLogin``
  lets them take turns: a refresh holds ``refresh_lock()`` (a file lock in the data dir) while it
  reads the stored token, rotates it and stores the new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from hcpay import paths
from hcpay.domain.i18n import _

SERVICE = "hcpay"
DEFAULT_TIMEOUT = 3.0
INSECURE_FILE = "credentials.json"
INDEX_FILE = "remembered-logins.json"  # which keys we put in the keyring (no secrets)
LOCK_FILE = "refresh.lock"  # held while a remembered login's refresh token is rotated
# Longer than one holder can need: a keyring read and write (DEFAULT_TIMEOUT each) and one
# refresh request (the client's 10 s timeout), with room to spare.
LOCK_TIMEOUT = 30.0

INSECURE_WARNING = (
    "Insecure storage is on: your sign-in token is kept in a file on this computer "
    "({path}) instead of the system keyring. Anyone who can read your files can use it "
    "until it expires. Run `hcpay logout` to remove it, and turn insecure storage off in "
    "the settings when a keyring is available."
)

T = TypeVar("T")
Reason = Literal["missing", "locked", "timeout", "error"]


class CredentialsUnavailable(Exception):
    """The keyring cannot be used; ``str()`` says so plainly and what the member can do."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


_MESSAGES: dict[Reason, str] = {
    "missing": (
        "No system keyring was found on this computer, so hcpay cannot remember your sign-in. "
        "You stay signed in until you close hcpay. To be remembered anyway, start hcpay with "
        "--insecure-storage (keeps the token in a file only you can read)."
    ),
    "locked": (
        "The system keyring is locked, so hcpay cannot remember your sign-in. Unlock it (for "
        "example by signing in to your desktop) and sign in again; until then you stay signed "
        "in until you close hcpay."
    ),
    "timeout": (
        "The system keyring did not answer within {timeout:g} seconds, so hcpay cannot remember "
        "your sign-in this time. You stay signed in until you close hcpay. If it keeps "
        "happening, unlock or restart your keyring."
    ),
    "error": (
        "The system keyring could not be used ({detail}), so hcpay cannot remember your "
        "sign-in. You stay signed in until you close hcpay."
    ),
}


def account_key(portal_url: str, username: str) -> str:
    """The keyring's user name for one login: portal URL + username."""
    return f"{portal_url.rstrip('/')} {username}"


def _classify(exc: BaseException, timeout: float) -> CredentialsUnavailable:
    from keyring.errors import KeyringLocked, NoKeyringError

    if isinstance(exc, NoKeyringError):
        return CredentialsUnavailable("missing", _MESSAGES["missing"])
    if isinstance(exc, KeyringLocked):
        return CredentialsUnavailable("locked", _MESSAGES["locked"])
    if isinstance(exc, TimeoutError):
        return CredentialsUnavailable("timeout", _MESSAGES["timeout"].format(timeout=timeout))
    text = type(exc).__name__
    if "locked" in str(exc).lower() or "dismissed" in str(exc).lower():
        return CredentialsUnavailable("locked", _MESSAGES["locked"])
    return CredentialsUnavailable("error", _MESSAGES["error"].format(detail=text))


def call_with_timeout(fn: Callable[[], T], timeout: float) -> T:
    """Run ``fn`` in a daemon thread; give up after ``timeout`` seconds (the thread is left
    behind, and being a daemon it never keeps the process from exiting)."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="hcpay-keyring", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"keyring call took longer than {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (0600), replacing it atomically."""
    paths.write_private(path, text.encode())


def _read_json(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


class CredentialStore:
    """Where one portal's refresh tokens are kept. Sync methods for the CLI, ``a``-prefixed
    async ones for the app (both honour the timeout)."""

    def __init__(
        self,
        portal_url: str,
        *,
        insecure_storage: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        backend: object | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self.portal_url = portal_url
        self.insecure_storage = insecure_storage
        self.timeout = timeout
        self._backend = backend  # a keyring backend (tests); None: keyring's own choice
        self._data_dir = data_dir
        # Refresh tokens stored by a SharedLogin under the lock. Saving one again later (the
        # app's "keep the keyring in step" runs in the background) could put back a token
        # another process has used since: ``save`` skips them.
        self._shared_tokens: set[str] = set()

    # -- where ---------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        return self._data_dir or paths.data_dir()

    @property
    def insecure_path(self) -> Path:
        return self.data_dir / INSECURE_FILE

    @property
    def warning(self) -> str | None:
        """The text the app shows at every start while insecure storage is on."""
        if not self.insecure_storage:
            return None
        return INSECURE_WARNING.format(path=self.insecure_path)

    # -- keyring calls, each under the timeout -------------------------------------------

    def _keyring(self) -> object:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    def _call(self, op: Callable[[object], T]) -> T:
        try:
            return call_with_timeout(lambda: op(self._keyring()), self.timeout)
        except Exception as exc:
            raise _classify(exc, self.timeout) from exc

    # -- the index of keys we stored (so logout can find every one) ----------------------

    def _index(self) -> set[str]:
        return set(_read_json(self.data_dir / INDEX_FILE))

    def _set_index(self, keys: Iterable[str]) -> None:
        path = self.data_dir / INDEX_FILE
        keys = sorted(set(keys))
        if keys:
            _write_private(path, json.dumps(dict.fromkeys(keys, "keyring")))
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    # -- the member-facing operations ----------------------------------------------------

    def save(self, username: str, refresh_token: str) -> None:
        if refresh_token in self._shared_tokens:
            return  # stored under the lock already; it may have been used and replaced since
        self._save(username, refresh_token)

    def _save(self, username: str, refresh_token: str) -> None:
        key = account_key(self.portal_url, username)
        if self.insecure_storage:
            tokens = _read_json(self.insecure_path)
            tokens[key] = refresh_token
            _write_private(self.insecure_path, json.dumps(tokens))
            return
        self._call(lambda kr: kr.set_password(SERVICE, key, refresh_token))  # type: ignore[attr-defined]
        self._set_index(self._index() | {key})

    def load(self, username: str) -> str | None:
        key = account_key(self.portal_url, username)
        if self.insecure_storage:
            return _read_json(self.insecure_path).get(key)
        value = self._call(lambda kr: kr.get_password(SERVICE, key))  # type: ignore[attr-defined]
        return str(value) if value is not None else None

    def delete(self, username: str) -> None:
        key = account_key(self.portal_url, username)
        if self.insecure_storage:
            tokens = _read_json(self.insecure_path)
            if tokens.pop(key, None) is not None:
                if tokens:
                    _write_private(self.insecure_path, json.dumps(tokens))
                else:
                    self.insecure_path.unlink(missing_ok=True)
            return
        self._delete_keys([key])

    def _delete_keys(self, keys: Iterable[str]) -> list[str]:
        from keyring.errors import PasswordDeleteError

        removed: list[str] = []

        def delete_all(kr: object) -> None:
            for key in keys:
                try:
                    kr.delete_password(SERVICE, key)  # type: ignore[attr-defined]
                    removed.append(key)
                except PasswordDeleteError:
                    pass  # nothing stored under it: already clean

        self._call(delete_all)
        self._set_index(self._index() - set(keys))
        return removed

    # -- one login shared by several processes ---------------------------------------------

    @contextlib.asynccontextmanager
    async def refresh_lock(self, max_wait: float = LOCK_TIMEOUT) -> AsyncIterator[None]:
        """Held by whichever hcpay process is rotating a remembered refresh token (one lock
        for the data dir: it also keeps the token file and the index whole)."""
        from hcpay.locks import file_lock

        async with file_lock(self.data_dir / LOCK_FILE, max_wait=max_wait):
            yield

    def shared(self, username: str, *, max_wait: float = LOCK_TIMEOUT) -> SharedLogin:
        """``username``'s remembered login, as a ``PortalClient.shared_refresh``."""
        return SharedLogin(self, username, max_wait=max_wait)

    async def asave(self, username: str, refresh_token: str) -> None:
        await asyncio.to_thread(self.save, username, refresh_token)

    async def aload(self, username: str) -> str | None:
        return await asyncio.to_thread(self.load, username)

    async def adelete(self, username: str) -> None:
        await asyncio.to_thread(self.delete, username)

    def forget_everything(self, usernames: Iterable[str] = ()) -> ForgetReport:
        """Remove every trace hcpay keeps of any login: the keyring entries it made (and those
        of ``usernames`` on this portal), the insecure token file, the cached dashboard
        snapshot. A keyring that cannot be reached is reported in ``keyring_problem`` after the
        files are gone; nothing raises."""
        from hcpay import cache

        report = ForgetReport()
        if self.insecure_path.exists():
            self.insecure_path.unlink()
            report.removed.append(_("the token file {insecure_path}").format(
                insecure_path=self.insecure_path))
        if cache.clear():
            report.removed.append(_("the cached dashboard"))
        keys = self._index() | {account_key(self.portal_url, u) for u in usernames if u}
        if keys:
            try:
                for key in self._delete_keys(sorted(keys)):
                    report.removed.append(_("the keyring entry for {key}").format(key=key))
            except CredentialsUnavailable as exc:
                report.keyring_problem = exc
        return report


class SharedLogin:
    """One remembered login (portal + username) that every hcpay process here signs in from.

    Set as a ``PortalClient.shared_refresh``: the client then refreshes only while holding
    ``exclusive()``, from the token ``load()`` finds (another process may have rotated it since
    this one last looked), and hands the new one to ``save()`` before letting go. Keyring
    trouble never stops a refresh: ``load`` then answers None (the client uses the token it
    holds) and ``save`` stores what it can; the app's own saver says what went wrong.
    """

    def __init__(
        self, store: CredentialStore, username: str, *, max_wait: float = LOCK_TIMEOUT
    ) -> None:
        self.store = store
        self.username = username
        self.max_wait = max_wait

    def exclusive(self) -> contextlib.AbstractAsyncContextManager[None]:
        return self.store.refresh_lock(self.max_wait)

    async def load(self) -> str | None:
        try:
            return await self.store.aload(self.username)
        except (CredentialsUnavailable, OSError):
            return None

    async def save(self, refresh_token: str) -> None:
        try:
            await self._store(refresh_token)
        except (CredentialsUnavailable, OSError):
            # The stored token is the one just used: remove it rather than let another
            # process send it again (which would end the login for everyone).
            with contextlib.suppress(CredentialsUnavailable, OSError):
                await self.store.adelete(self.username)

    async def forget(self, refresh_token: str) -> None:
        if await self.load() == refresh_token:
            with contextlib.suppress(CredentialsUnavailable, OSError):
                await self.store.adelete(self.username)

    async def keep(
        self, refresh_token: str, *, current: Callable[[], bool] = lambda: True
    ) -> bool:
        """Store the token of a new sign-in (the app's "remember me") under the lock, so that
        no refresh in another process is half-way through around it; True when it is stored.

        Not when ``current()`` says the client has moved on from it (a newer token is kept in
        its turn; this one may be used already) or this process stored it already: putting a
        used token back would let another process send it again. Raises
        ``CredentialsUnavailable`` as ``CredentialStore.save`` does."""

        def wanted() -> bool:
            return refresh_token not in self.store._shared_tokens and current()

        if not wanted():
            return False
        try:
            async with self.exclusive():
                if not wanted():  # looked again, now that no refresh can be under way
                    return False
                await self._store(refresh_token)
        except TimeoutError:
            if not wanted():
                return False
            await self._store(refresh_token)  # a stuck holder must not lose this sign-in
        return True

    async def _store(self, refresh_token: str) -> None:
        await asyncio.to_thread(self.store._save, self.username, refresh_token)
        self.store._shared_tokens.add(refresh_token)


@dataclass
class ForgetReport:
    removed: list[str] = field(default_factory=list)
    keyring_problem: CredentialsUnavailable | None = None


_UNKNOWN = object()


class TokenKeeper:
    """Keeps the keyring in step with a ``PortalClient``'s tokens, for one member.

    Pass it as ``on_tokens_changed``. With ``remember`` on it saves each new refresh token and
    deletes it when the session ends; with it off it only makes sure nothing is left behind.
    Keyring calls run in the background (the callback is sync and must not block the event
    loop); a keyring that cannot be used is reported once through ``on_problem`` and the
    session simply stays in memory. Call ``flush()`` before exiting to let them finish.
    """

    def __init__(
        self,
        store: CredentialStore,
        username: str,
        *,
        remember: bool,
        on_problem: Callable[[CredentialsUnavailable], None] | None = None,
    ) -> None:
        self.store = store
        self.username = username
        self.remember = remember
        self.on_problem = on_problem
        self.problem: CredentialsUnavailable | None = None
        self._latest: str | None = None
        self._saved: str | object | None = _UNKNOWN  # what the keyring holds, when known
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    def __call__(self, tokens: object | None) -> None:
        refresh = getattr(tokens, "refresh_token", None) if tokens is not None else None
        self._latest = str(refresh) if refresh else None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside the app's loop (a script): just do it now
            asyncio.run(self._sync())
            return
        task = loop.create_task(self._sync())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _sync(self) -> None:
        async with self._lock:
            wanted = self._latest if self.remember else None
            if wanted == self._saved or self.problem is not None:
                return
            try:
                if wanted is None:
                    await self.store.adelete(self.username)
                else:
                    await self.store.asave(self.username, wanted)
                self._saved = wanted
            except CredentialsUnavailable as exc:
                if not self.remember:
                    self._saved = None  # only tidying up: nothing the member asked for failed
                    return
                self.problem = exc
                if self.on_problem is not None:
                    self.on_problem(exc)

    async def flush(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def restore(self) -> str | None:
        """The refresh token remembered for this member, or None (also when the keyring
        cannot be used: then ``problem`` says why)."""
        try:
            token = await self.store.aload(self.username)
        except CredentialsUnavailable as exc:
            self.problem = exc
            if self.on_problem is not None:
                self.on_problem(exc)
            return None
        self._saved = token
        return token
