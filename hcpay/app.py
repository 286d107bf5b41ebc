"""The Textual app: the parts in ``hcpay.tui`` put together, and what screens may ask of it
(``screens.services.AppServices``, which it provides).

Start-up is kept cheap: the first frame is painted before anything slow; the portal (FastAPI and
the database, ~0.5 s) is opened in a thread after it, and hcpay.api is imported only then.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from hcpay.domain.i18n import N_, _
from hcpay.tui import sections
from hcpay.tui.cursor import CursorPlacement
from hcpay.tui.inbox_poller import InboxPoller, announcement
from hcpay.tui.key_queue import KeyQueue
from hcpay.tui.portal_link import PortalLink
from hcpay.tui.quitting import in_a_list, question, what_is_lost
from hcpay.tui.remember_me import RememberMe
from hcpay.tui.session_clock import AGENT_IDLE_SECONDS, SessionClock, SessionPolicy
from screens.messages import InboxChanged, KeptLoginWaits, PortalReady
from screens.themes import theme_name

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import OutboxMessage, TokenPair
    from hcpay.connection import Connection, Connector
    from screens.services import AppServices

__all__ = ["AGENT_IDLE_SECONDS", "HcpayApp", "SessionPolicy"]
# A kept login the portal did not answer for is tried again this often.
KEPT_LOGIN_RETRY_SECONDS = 10.0


class HcpayApp(App[None]):
    TITLE = "hcpay"
    SUB_TITLE = N_("Pay your health-insurance premium")
    # The sign-in screen's own file is read with the app's, so that showing it first does not
    # parse the whole stylesheet again (LoginScreen keeps its CSS_PATH; Textual reads it once).
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "../screens/login.tcss"]
    # The first screen comes from get_default_screen, which Textual mounts without re-parsing
    # every rule (a MODES screen costs two full re-parses, ~20 ms, before the first frame);
    # "signin" is added as a mode in on_mount.
    MODES: ClassVar[dict[str, Any]] = sections.MODES
    DEFAULT_MODE = sections.SIGN_IN
    # Below 72 columns screens get the class "-narrow" (app.tcss stacks side panels under the
    # form), so every screen stays readable at 60 columns.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        # Work on every screen; each screen's footer shows the ones that matter there.
        Binding("f1", "help", N_("Help"), show=False, id="help",
                tooltip=N_("Explain this screen and its keys")),
        Binding("question_mark", "help", N_("Help"), show=False, id="help_question"),
        Binding("f4", "inbox", N_("Inbox"), show=False, id="inbox",
                tooltip=N_("Sandbox inbox: the emails and texts the portal 'sent'")),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, id="quit", tooltip=N_("Leave hcpay")),
        Binding("q", "quit", N_("Quit"), show=False, id="quit_q"),
        # Esc always goes back: screens bind it themselves; this catches any that do not.
        Binding("escape", "back", N_("Back"), show=False, id="app_back"),
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
        self.theme_given = bool(theme)
        if theme and theme in self.available_themes:
            self.theme = theme
        self.role = "member"
        self.remembered_username = username or ""
        self.username = ""
        self.first_name = ""
        self.link = PortalLink(connector)
        self.clock = SessionClock(session_policy or SessionPolicy(), monotonic)
        self.remember_me = RememberMe(self._say_keyring_problem, self._keyring_call)
        self.poller = InboxPoller(inbox_poll_seconds)
        self.sections = sections.Sections(self)
        self.keys = KeyQueue(self, super().on_event)
        self.cursor = CursorPlacement(self, blink=cursor_blink, terminal_cursor=terminal_cursor)

    # -- start-up: paint first, then open the portal ----------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return sections.login_screen()

    def on_mount(self) -> None:
        self.sub_title = _(self.SUB_TITLE)  # in the member's language
        self.add_mode(sections.SIGN_IN, sections.login_screen)
        if self.gc_paused:
            self.call_after_refresh(gc.enable)
        # Open the portal once the first frame is on the terminal: its imports (FastAPI,
        # SQLAlchemy) hold the interpreter for about half a second, even in a thread.
        self.call_after_refresh(self._open_portal)
        self.call_after_refresh(self.cursor.show_terminal_cursor)
        self.set_interval(5, self.check_session, name="session-check")

    def _open_portal(self) -> None:
        self.run_worker(self.link.open(self._portal_opened), name="connect", group="connect",
                        exclusive=True, exit_on_error=False)
        # while the portal opens in its thread (the next screens are needed only after it)
        self.call_later(sections.preload)

    def _portal_opened(self, connection: Connection | None, error: str | None) -> None:
        if connection is None:
            self.sections.tell_every_screen(lambda: PortalReady(error))
            return
        theme = theme_name(connection.theme)
        if theme and not self.theme_given and theme in self.available_themes:
            self.theme = theme
        self.remember_me.attach(connection.remembered, connection.client)
        if self.remember_me.kept_username:
            self.remembered_username = self.remember_me.kept_username
        for warning in connection.warnings:
            self.notify(warning, title=_("Note"), severity="warning", timeout=15)
        self.sections.tell_every_screen(PortalReady)
        if connection.sandbox:
            self.poll_inbox()
        self.resume_login()

    # -- the portal ------------------------------------------------------------------------

    @property
    def connection(self) -> Connection | None:
        return self.link.connection

    @property
    def connect_error(self) -> str | None:
        return self.link.error

    async def portal(self) -> PortalClient:
        return await self.link.client()

    @property
    def client(self) -> PortalClient | None:
        return self.connection.client if self.connection else None

    @property
    def sandbox(self) -> bool:
        return bool(self.connection and self.connection.sandbox)

    # -- remember me -----------------------------------------------------------------------

    def _keyring_call(self, call: Any) -> None:
        self.run_worker(call, group="keyring", exit_on_error=False)

    def _say_keyring_problem(self, problem: str) -> None:
        self.notify(problem, title=_("The keyring could not keep your login"),
                    severity="warning", timeout=15)

    def keep_login(self, username: str, remember: bool) -> None:
        self._keyring_call(self.remember_me.after_sign_in(username, remember, self.client))

    @work(exclusive=True, group="resume", exit_on_error=False)
    async def resume_login(self) -> None:
        """Signed in last time with "remember me": carry on without the password."""
        pair = await self.remember_me.resume(await self.portal())
        if self.clock.running:
            return
        if pair is None:
            reason = self.remember_me.waits_for_portal
            if reason is not None:  # kept, but the portal did not answer: try again soon
                self.sections.tell_every_screen(lambda: KeptLoginWaits(
                    self.remember_me.kept_username, reason, KEPT_LOGIN_RETRY_SECONDS))
                self.set_timer(KEPT_LOGIN_RETRY_SECONDS, self.resume_login)
            return
        self.signed_in(self.remember_me.kept_username, pair)
        await self.go(self.home_mode())

    # -- the signed-in session -------------------------------------------------------------

    def signed_in(self, username: str, pair: TokenPair) -> None:
        self.username = self.remember_me.username = username
        self.first_name = pair.member.first_name if pair.member else ""
        self.role = pair.member.role if pair.member else "member"
        self.clock.start(self.role)

    @property
    def session_policy(self) -> SessionPolicy:
        return self.clock.policy

    def home_mode(self) -> str:
        return "agent" if self.role == "agent" else "dashboard"

    def touch(self) -> None:
        self.clock.touch()

    def session_left(self) -> float | None:
        return self.clock.left()

    def absolute_limit_near(self) -> bool:
        return self.clock.absolute_limit_near()

    def check_session(self) -> None:
        due = self.clock.due()
        if due == "end":
            self.end_session()
        elif due == "warn":
            from screens.session_warning import SessionWarningScreen

            self.push_screen(SessionWarningScreen(int(self.clock.left() or 0)))

    def end_session(self, reason: str = "") -> None:
        """The portal ended (or will have ended) the login: ask for the password again in a
        modal over whatever is on screen, so nothing typed is lost."""
        if self.clock.ended or not self.clock.running:
            return
        self.clock.ended = True
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
        self.notify(_("You are still signed in."), title=_("Session extended"), timeout=4)

    async def sign_out(self) -> None:
        client = self.client
        await self.remember_me.signed_out()
        self.clock.stop()
        if client is not None:
            try:
                await client.logout()
            except Exception:  # the portal ends an idle login by itself anyway
                self.log.warning("sign-out call failed")
        self.role = "member"
        # The next person starts with fresh screens: nothing of this login's account stays.
        await self.sections.reset()

    # -- sandbox inbox ---------------------------------------------------------------------

    @property
    def inbox(self) -> list[OutboxMessage]:
        return self.poller.messages

    @work(exclusive=True, group="inbox", name="inbox", exit_on_error=False)
    async def poll_inbox(self) -> None:
        try:
            await self.poller.run(self.portal, self._inbox_arrived)
        except Exception:  # the poller never takes the app down; it starts again later
            self.set_timer(self.poller.seconds * 5, self.poll_inbox)

    def _inbox_arrived(self, new: list[OutboxMessage], announce: bool) -> None:
        self.sections.tell_every_screen(lambda: InboxChanged(new))
        if announce:
            self.notify(announcement(new[-1]), title=_("New message in the sandbox inbox"),
                        timeout=8)

    # -- sections --------------------------------------------------------------------------

    async def go(self, mode: str) -> None:
        await self.sections.go(mode)

    async def go_back(self) -> None:
        await self.sections.back()

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
        """Esc where the screen has no Esc of its own: close a pushed screen, or go back the
        way the member came; on a home screen (sign-in, dashboard, console) there is no back."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif self.current_mode not in sections.HOMES:
            await self.go_back()

    async def action_quit(self) -> None:
        """Leave at once, unless a wizard holds typed work or the key came from a list."""
        from screens.confirm import ConfirmScreen

        if isinstance(self.screen, ConfirmScreen):
            return
        lost = what_is_lost(self.sections.screens())
        if not lost and not in_a_list(self.focused):
            await self.leave()
            return

        async def answered(leave: bool | None) -> None:
            if leave:
                await self.leave()

        self.push_screen(ConfirmScreen("Quit hcpay?", question(lost), yes="quit",
                                       no="stay"), answered)

    async def leave(self) -> None:
        await self.link.close()
        self.exit()

    async def on_unmount(self) -> None:
        """However the app ends (Ctrl+C, an error, a test's end): the portal ends with it, and
        one still starting is not waited for."""
        await self.link.close()

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.focused))

    # -- keys and focus --------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Every key typed waits its turn in the key queue (hcpay.tui.key_queue)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.keys.hold(event)
        else:
            await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.cursor.focused(event)


def _provides_services(app: HcpayApp) -> AppServices:
    return app  # mypy checks here that the App gives screens all they may ask for
