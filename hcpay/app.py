"""The Textual app: top-level sections as MODES, the portal connection, the signed-in session
(idle warning, re-login), the sandbox inbox poller, help and quit.

Start-up is kept cheap: the portal (FastAPI and the database, ~0.5 s) is opened by the connector
in a thread worker after the first paint, and hcpay.api is imported only when it is needed.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from screens.messages import InboxChanged, PortalReady
from screens.themes import theme_name

if TYPE_CHECKING:
    from textual.message import Message

    from hcpay.api import PortalClient
    from hcpay.api.models import OutboxMessage, TokenPair
    from hcpay.connection import Connection, Connector
    from hcpay.remember import Remembered

THEMES = ("textual-dark", "textual-light", "ansi-dark", "ansi-light", "high-contrast")
AGENT_IDLE_SECONDS = 15 * 60  # portal-api.md: an agent's login ends after 15 idle minutes
# Keys typed into a screen that is still reading what it shows wait at most this long.
KEYS_WAIT_SECONDS = 2.0


class NotConnected(Exception):
    """The portal could not be opened or reached at start; the message says what to do."""


def _login_screen() -> Screen[Any]:
    from screens.login import LoginScreen

    return LoginScreen()


def _dashboard_screen() -> Screen[Any]:
    from screens.dashboard import DashboardScreen

    return DashboardScreen()


def _inbox_screen() -> Screen[Any]:
    from screens.inbox import SandboxInboxScreen

    return SandboxInboxScreen()


def _agent_screen() -> Screen[Any]:
    from screens.agent_console import AgentConsoleScreen

    return AgentConsoleScreen()


def _settings_screen() -> Screen[Any]:
    from screens.settings import SettingsScreen

    return SettingsScreen()


def _history_screen() -> Screen[Any]:
    from screens.history import HistoryScreen

    return HistoryScreen()


def _troubleshooting_screen() -> Screen[Any]:
    from screens.troubleshooting import TroubleshootingScreen

    return TroubleshootingScreen()


def _notifications_screen() -> Screen[Any]:
    from screens.notifications import NotificationsScreen

    return NotificationsScreen()


@dataclass
class SessionPolicy:
    """The portal's session limits (portal-api.md): a login ends after this many idle seconds
    and after this many seconds in all; the app warns ``warn_seconds`` before either."""

    idle_seconds: float = 30 * 60
    absolute_seconds: float = 12 * 3600
    warn_seconds: float = 90


class HcpayApp(App[None]):
    TITLE = "hcpay"
    SUB_TITLE = "Pay your health-insurance premium"
    # The sign-in screen's own file is read with the app's, so that showing it first does not
    # parse the whole stylesheet again (LoginScreen keeps its CSS_PATH; Textual reads it once).
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "../screens/login.tcss"]
    # "signin" is added in on_mount: the first screen comes from get_default_screen, which
    # Textual mounts without re-parsing every rule (a MODES screen costs two full re-parses,
    # ~20 ms, before the first frame). switch_mode("signin") works as before once it is added.
    MODES: ClassVar[dict[str, Any]] = {
        "dashboard": _dashboard_screen,
        "inbox": _inbox_screen,
        "settings": _settings_screen,
        "history": _history_screen,
        "troubleshooting": _troubleshooting_screen,
        "notifications": _notifications_screen,
        "agent": _agent_screen,
    }
    DEFAULT_MODE = "signin"
    # Below 72 columns screens get the class "-narrow" (app.tcss stacks side panels under the
    # form), so every screen stays readable at 60 columns.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        # Work on every screen; each screen's footer shows the ones that matter there.
        Binding("f1", "help", "Help", show=False, id="help",
                tooltip="Explain this screen and its keys"),
        Binding("question_mark", "help", "Help", show=False, id="help_question"),
        Binding("f4", "inbox", "Inbox", show=False, id="inbox",
                tooltip="Sandbox inbox: the emails and texts the portal 'sent'"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="quit", tooltip="Leave hcpay"),
        Binding("q", "quit", "Quit", show=False, id="quit_q"),
        # Esc always goes back: screens bind it themselves; this catches any that do not.
        Binding("escape", "back", "Back", show=False, id="app_back"),
    ]

    def __init__(
        self,
        connector: Connector,
        *,
        theme: str | None = None,
        username: str | None = None,
        session_policy: SessionPolicy | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        inbox_poll_seconds: float = 2.0,
        key_map: dict[str, str] | None = None,
        cursor_blink: bool = True,
        terminal_cursor: bool = False,
        gc_paused: bool = False,
    ) -> None:
        super().__init__()
        # The caller turned the garbage collector off for the start-up (hcpay.commands.tui).
        self.gc_paused = gc_paused
        from screens.themes import HIGH_CONTRAST

        self.register_theme(HIGH_CONTRAST)
        theme = theme_name(theme)
        if key_map:
            self.set_keymap(key_map)
        self.cursor_blink = cursor_blink
        self.terminal_cursor = terminal_cursor
        self.role = "member"
        self.connector = connector
        self.connection: Connection | None = None
        self.connect_error: str | None = None
        self._connected = asyncio.Event()
        self.remembered_username = username or ""
        self.username = ""
        self.first_name = ""
        self.password_for_refresh_flow = ""
        self.session_policy = session_policy or SessionPolicy()
        self.member_policy = self.session_policy
        self.monotonic = monotonic
        self.signed_in_at: float | None = None
        self.last_activity: float | None = None
        self.session_warned = False
        self.session_ended = False
        self.inbox: list[OutboxMessage] = []
        self.inbox_poll_seconds = inbox_poll_seconds
        self.previous_mode = "signin"
        self.theme_given = bool(theme)
        if theme and theme in self.available_themes:
            self.theme = theme
        self.remember = False  # "remember me" was ticked for the current login
        # Keys typed in a burst go one at a time (see on_event).
        self._keys_held: deque[events.Key] = deque()
        self._key_in_flight: events.Key | None = None
        self._keys_waiting_since: float | None = None
        self._keys_wait_timer = False

    # -- start-up: paint first, then open the portal ----------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return _login_screen()

    def on_mount(self) -> None:
        self.add_mode("signin", _login_screen)
        if self.gc_paused:
            self.call_after_refresh(gc.enable)
        # Open the portal once the first frame is on the terminal: its imports (FastAPI,
        # SQLAlchemy) hold the interpreter for about half a second, even in a thread.
        self.call_after_refresh(self.set_timer, 0.1, self._open_portal)
        self.call_after_refresh(self._show_terminal_cursor)
        self.set_interval(5, self.check_session, name="session-check")

    def _open_portal(self) -> None:
        # The screens a member goes to next load now, after the first paint, so that keys typed
        # straight after F2 land in the new screen rather than while it is being imported.
        import screens.agent_console
        import screens.autopay
        import screens.create_account
        import screens.dashboard
        import screens.forgot_password
        import screens.inbox
        import screens.make_payment  # noqa: F401

        self.run_worker(
            self.connector, thread=True, name="connect", group="connect",
            exclusive=True, exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name == "connect":
            if event.state == WorkerState.SUCCESS:
                self.connection = connection = worker.result
                self._connected.set()
                if connection is None:
                    return
                theme = theme_name(connection.theme)
                if theme and not self.theme_given and theme in self.available_themes:
                    self.theme = theme
                remembered = connection.remembered
                if remembered is not None and remembered.username:
                    self.remembered_username = remembered.username
                connection.client.on_tokens_changed = self._tokens_changed
                for warning in connection.warnings:
                    self.notify(warning, title="Note", severity="warning", timeout=15)
                self.post_to_screens(PortalReady)
                if connection.sandbox:
                    self.poll_inbox()
                self.resume_login()
            elif event.state == WorkerState.ERROR:
                self.connect_error = (
                    f"The portal could not be started: {worker.error}. "
                    "Check that the data folder is writable, or run `hcpay --portal URL` "
                    "against a running `hcpay serve`."
                )
                self._connected.set()
                self.post_to_screens(lambda: PortalReady(self.connect_error))
        elif worker.name == "inbox" and event.state == WorkerState.ERROR:
            # The poller never takes the app down; it restarts at the next chance.
            self.set_timer(self.inbox_poll_seconds * 5, self.poll_inbox)

    def post_to_screens(self, make: Callable[[], Message]) -> None:
        """Tell every screen in every section (each gets its own copy of the message)."""
        for stack in self._screen_stacks.values():
            for screen in stack:
                screen.post_message(make())

    async def portal(self) -> PortalClient:
        """The client, once the portal is open (waits for it); NotConnected if it failed."""
        await self._connected.wait()
        if self.connection is None:
            raise NotConnected(self.connect_error or "The portal is not open yet.")
        return self.connection.client

    @property
    def client(self) -> PortalClient | None:
        return self.connection.client if self.connection else None

    @property
    def sandbox(self) -> bool:
        return bool(self.connection and self.connection.sandbox)

    async def action_quit(self) -> None:
        if self.connection is not None and self.connection.close is not None:
            try:
                await asyncio.wait_for(self.connection.close(), timeout=2)
            except Exception:  # quitting must never fail
                self.log.warning("closing the portal connection failed")
        self.exit()

    # -- remember me -----------------------------------------------------------------------

    def _tokens_changed(self, pair: TokenPair | None) -> None:
        """The client rotated (or dropped) its tokens: keep the keyring in step."""
        remembered = self.connection.remembered if self.connection else None
        if remembered is None or not self.username or not (self.remember or pair is None):
            return
        self.run_worker(self._keep(remembered, pair), group="keyring", exit_on_error=False)

    async def _keep(self, remembered: Remembered, pair: TokenPair | None) -> None:
        await remembered.keep(self.username, pair)
        self._say_keyring_problems(remembered)

    def _say_keyring_problems(self, remembered: Remembered) -> None:
        while remembered.problems:
            self.notify(remembered.problems.pop(0), title="Sign-in not remembered",
                        severity="warning", timeout=15)

    @work(exclusive=True, group="resume", exit_on_error=False)
    async def resume_login(self) -> None:
        """Signed in last time with "remember me": carry on without the password."""
        remembered = self.connection.remembered if self.connection else None
        if remembered is None or not remembered.username:
            return
        client = await self.portal()
        pair = await remembered.resume(client)
        self._say_keyring_problems(remembered)
        if pair is None or self.signed_in_at is not None:
            return
        self.remember = True
        self.signed_in(remembered.username, pair)
        await self.go(self.home_mode())

    async def remember_login(self, username: str, remember: bool) -> None:
        """After a sign-in: remember the username and keep the token, or forget both."""
        self.remember = remember
        remembered = self.connection.remembered if self.connection else None
        if remembered is None:
            return
        await remembered.remember_username(username if remember else None)
        client = self.client
        await remembered.keep(username, client.tokens if remember and client else None)
        self._say_keyring_problems(remembered)

    # -- the signed-in session -------------------------------------------------------------

    def signed_in(self, username: str, pair: TokenPair) -> None:
        self.username = username
        self.first_name = pair.member.first_name if pair.member else ""
        self.role = pair.member.role if pair.member else "member"
        # An agent's login ends after 15 idle minutes: warn and ask again on that clock.
        self.session_policy = (
            replace(self.member_policy,
                    idle_seconds=min(self.member_policy.idle_seconds, AGENT_IDLE_SECONDS))
            if self.role == "agent" else self.member_policy
        )
        now = self.monotonic()
        self.signed_in_at = now
        self.last_activity = now
        self.session_warned = False
        self.session_ended = False

    def home_mode(self) -> str:
        """Where a signed-in person starts: the agent console for agents, else the dashboard."""
        return "agent" if self.role == "agent" else "dashboard"

    def touch(self) -> None:
        """A signed-in call just succeeded: the portal's idle clock starts again."""
        if self.signed_in_at is not None:
            self.last_activity = self.monotonic()
            self.session_warned = False

    def session_left(self) -> float | None:
        """Seconds until the portal ends this login (idle or absolute), None when signed out."""
        if self.signed_in_at is None or self.last_activity is None:
            return None
        now = self.monotonic()
        policy = self.session_policy
        idle_left = policy.idle_seconds - (now - self.last_activity)
        total_left = policy.absolute_seconds - (now - self.signed_in_at)
        return min(idle_left, total_left)

    def absolute_limit_near(self) -> bool:
        if self.signed_in_at is None or self.last_activity is None:
            return False
        policy = self.session_policy
        now = self.monotonic()
        return policy.absolute_seconds - (now - self.signed_in_at) <= (
            policy.idle_seconds - (now - self.last_activity)
        )

    def check_session(self) -> None:
        left = self.session_left()
        if left is None or self.session_ended:
            return
        if left <= 0:
            self.end_session()
        elif left <= self.session_policy.warn_seconds and not self.session_warned:
            self.session_warned = True
            from screens.session_warning import SessionWarningScreen

            self.push_screen(SessionWarningScreen(int(left)))

    def end_session(self, reason: str = "") -> None:
        """The portal ended (or will have ended) the login: ask for the password again in a
        modal over whatever is on screen, so nothing typed is lost."""
        if self.session_ended or self.signed_in_at is None:
            return
        self.session_ended = True
        from screens.relogin import ReloginScreen
        from screens.session_warning import SessionWarningScreen

        if isinstance(self.screen, SessionWarningScreen):
            self.screen.dismiss(False)
        self.push_screen(ReloginScreen(self.username, reason))

    @work(exclusive=True, group="session", exit_on_error=False)
    async def extend_session(self) -> None:
        client = await self.portal()
        await client.refresh()
        self.touch()
        self.notify("You are still signed in.", title="Session extended", timeout=4)

    async def sign_out(self) -> None:
        client = self.client
        remembered = self.connection.remembered if self.connection else None
        if remembered is not None and self.username:
            await remembered.keep(self.username, None)  # the username stays remembered
        self.remember = False
        self.signed_in_at = None
        self.last_activity = None
        self.session_ended = False
        if client is not None:
            try:
                await client.logout()
            except Exception:  # the portal ends an idle login by itself anyway
                self.log.warning("sign-out call failed")
        await self.switch_mode("signin")
        self.role = "member"
        # The next person starts with fresh screens: nothing of this login's account stays.
        for mode in ("dashboard", "history", "troubleshooting", "notifications", "agent"):
            if mode in self._screen_stacks:
                await self.remove_mode(mode)
                self.add_mode(mode, self.MODES[mode])

    # -- sandbox inbox ---------------------------------------------------------------------

    @work(exclusive=True, group="inbox", name="inbox", exit_on_error=False)
    async def poll_inbox(self) -> None:
        client = await self.portal()
        first = True
        while True:
            after = self.inbox[-1].id if self.inbox else 0
            new = await client.sandbox_outbox(after_id=after)
            if new:
                self.inbox.extend(new)
                self.post_to_screens(partial(InboxChanged, new))
                if not first:
                    latest = new[-1]
                    self.notify(
                        f"To {latest.to}: {latest.subject or latest.body[:40]}. Press F4 to read.",
                        title="New message in the sandbox inbox", timeout=8,
                    )
            first = False
            await asyncio.sleep(self.inbox_poll_seconds)

    # -- sections --------------------------------------------------------------------------

    async def go(self, mode: str) -> None:
        if self.current_mode != mode:
            self.previous_mode = self.current_mode
            await self.switch_mode(mode)

    async def go_back(self) -> None:
        await self.go(self.previous_mode if self.previous_mode != self.current_mode else "signin")

    async def action_inbox(self) -> None:
        if self.current_mode == "inbox":
            await self.go_back()
        else:
            await self.go("inbox")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "inbox":
            return self.connection is None or self.connection.sandbox
        return True

    async def action_back(self) -> None:
        """Esc where the screen has no Esc of its own: close a pushed screen, or go back to
        the section before; on a home screen (sign-in, dashboard, console) there is no back."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif self.current_mode not in ("signin", "dashboard", "agent"):
            await self.go_back()

    # -- keys typed in a burst ---------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys go to the screen one at a time, each once the one before has been dealt with.

        Textual hands every key to the focused widget as soon as it arrives, but a screen's
        bindings (``p`` on the dashboard) only run once the key has come back up to the app.
        Keys typed within that moment, a script or a fast typist after ``p``, were already
        with the dashboard: lost, or taken by the widget there. So a key waits here until the
        one before it has gone all the way (or a widget kept it), and until a screen that key
        pushed is mounted and has put its focus where the next keys belong."""
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        if event.is_forwarded:  # a key coming back up: the screen's bindings run now
            await super().on_event(event)
            if event is self._key_in_flight:
                self._key_finished(event)
            return
        self._keys_held.append(event)
        await self._send_keys()

    async def _send_keys(self) -> None:
        while self._key_in_flight is None and self._keys_held:
            if not self._screen_ready():
                if not self._keys_wait_timer:  # look again shortly
                    self._keys_wait_timer = True
                    self.set_timer(0.02, self._keys_wait_over, name="keys-wait")
                return
            self._keys_waiting_since = None
            event = self._keys_held.popleft()
            target: MessagePump = self.focused or self.screen
            self._key_in_flight = event
            await super().on_event(event)
            if not event.is_forwarded:  # an app-wide (priority) key, done with already
                self._key_in_flight = None
                continue
            self._follow_key(event, target)
            # Never wait long: a key that went missing does not hold the next ones.
            self.set_timer(0.5, partial(self._key_finished, event), name="key-timeout")

    async def _keys_wait_over(self) -> None:
        self._keys_wait_timer = False
        await self._send_keys()

    def _screen_ready(self) -> bool:
        """The screen is mounted (its on_mount has placed the focus) and not still reading
        what it shows (``takes_keys``); never more than two seconds of waiting, though."""
        try:
            screen = self.screen
            takes_keys = getattr(screen, "takes_keys", None)
            ready = screen.is_mounted and (takes_keys is None or takes_keys())
        except Exception:  # no screen yet, or between screens
            ready = False
        if ready:
            return True
        now = time.monotonic()
        if self._keys_waiting_since is None:
            self._keys_waiting_since = now
        return now - self._keys_waiting_since > KEYS_WAIT_SECONDS

    def _follow_key(self, event: events.Key, node: MessagePump) -> None:
        """Look again once ``node`` has handled the key (its queue is first in, first out)."""
        if not node.call_later(self._key_handled, event, node):
            self._key_finished(event)

    def _key_handled(self, event: events.Key, node: MessagePump) -> None:
        if event is not self._key_in_flight:
            return
        parent = node._parent
        if event._stop_propagation or parent is None or not node.is_attached:
            self._key_finished(event)  # a widget kept the key (an input took the letter)
        elif parent is not self:
            self._follow_key(event, parent)  # it went on up to the parent
        # else it is on its way back to the app, whose bindings see it in on_event

    def _key_finished(self, event: events.Key) -> None:
        if event is self._key_in_flight:
            self._key_in_flight = None
            if self._keys_held:
                self.call_later(self._send_keys)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The terminal cursor follows focus (a braille display or magnifier tracks it): an
        input places it at its caret; anything else at its top-left corner."""
        from textual.widgets import Input

        widget = event.widget
        if isinstance(widget, Input):
            if not self.cursor_blink:
                widget.cursor_blink = False
            return
        # after the next refresh: a widget focused as it mounts has not been laid out yet
        self.call_after_refresh(self._place_cursor_on, widget)

    def _place_cursor_on(self, widget: Widget) -> None:
        if self.focused is widget:
            self.cursor_position = widget.content_region.offset

    def _show_terminal_cursor(self) -> None:
        driver = self._driver
        if self.terminal_cursor and driver is not None and not self.is_headless:
            driver.write("\x1b[?25h")

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.focused))

