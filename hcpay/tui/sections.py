"""The app's sections (Textual MODES) and the way back through them.

The member's way is a stack of sections: opening one puts it on top; opening one that is
already on the way (the dashboard from History, Notifications from the inbox opened in
Notifications) goes back to it. So Esc, again and again, always ends on the home section,
never in a loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message
    from textual.screen import Screen


def _login() -> Screen[Any]:
    from screens.login import LoginScreen

    return LoginScreen()


def _dashboard() -> Screen[Any]:
    from screens.dashboard import DashboardScreen

    return DashboardScreen()


def _inbox() -> Screen[Any]:
    from screens.inbox import SandboxInboxScreen

    return SandboxInboxScreen()


def _agent() -> Screen[Any]:
    from screens.agent_console import AgentConsoleScreen

    return AgentConsoleScreen()


def _settings() -> Screen[Any]:
    from screens.settings import SettingsScreen

    return SettingsScreen()


def _history() -> Screen[Any]:
    from screens.history import HistoryScreen

    return HistoryScreen()


def _troubleshooting() -> Screen[Any]:
    from screens.troubleshooting import TroubleshootingScreen

    return TroubleshootingScreen()


def _notifications() -> Screen[Any]:
    from screens.notifications import NotificationsScreen

    return NotificationsScreen()


SIGN_IN = "signin"
login_screen = _login
# "signin" is added once the app is mounted (see HcpayApp.on_mount).
MODES: dict[str, Callable[[], Screen[Any]]] = {
    "dashboard": _dashboard,
    "inbox": _inbox,
    "settings": _settings,
    "history": _history,
    "troubleshooting": _troubleshooting,
    "notifications": _notifications,
    "agent": _agent,
}
HOMES = (SIGN_IN, "dashboard", "agent")
# What one login has seen: made afresh for the next person.
PER_LOGIN = ("dashboard", "history", "troubleshooting", "notifications", "agent", "settings")


def preload() -> None:
    """The screens a member goes to next, loaded after the first paint, so that keys typed
    straight after F2 or p land in the new screen rather than while it is imported."""
    import screens.agent_console
    import screens.autopay
    import screens.create_account
    import screens.dashboard
    import screens.forgot_password
    import screens.inbox
    import screens.make_payment  # noqa: F401


class Way:
    """The sections the member came through, the current one on top. Pure: no Textual."""

    def __init__(self, home: str = SIGN_IN) -> None:
        self.stack = [home]

    @property
    def here(self) -> str:
        return self.stack[-1]

    def to(self, mode: str) -> None:
        if mode in self.stack:
            del self.stack[self.stack.index(mode) + 1:]
        else:
            self.stack.append(mode)

    def back(self) -> str:
        """The section before this one (the home section stays where it is)."""
        if len(self.stack) > 1:
            self.stack.pop()
        return self.here

    def start(self, home: str) -> None:
        self.stack = [home]


class Sections:
    """Switches the app's sections along the member's way."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.way = Way()

    async def go(self, mode: str) -> None:
        if mode in HOMES and mode not in self.way.stack:
            self.way.start(mode)  # signed in (or out): a new way starts at home
        else:
            self.way.to(mode)
        await self._show()

    async def back(self) -> None:
        self.way.back()
        await self._show()

    async def _show(self) -> None:
        if self.app.current_mode != self.way.here:
            await self.app.switch_mode(self.way.here)

    async def reset(self) -> None:
        """Signed out: back to the sign-in, every section of this login made afresh."""
        self.way.start(SIGN_IN)
        await self._show()
        for mode in PER_LOGIN:
            if mode in self.app._screen_stacks:  # Textual has no public "is this mode open"
                await self.app.remove_mode(mode)
                self.app.add_mode(mode, MODES[mode])

    def tell_every_screen(self, make: Callable[[], Message]) -> None:
        """Post a message to every screen of every section (each gets its own copy)."""
        for stack in self.app._screen_stacks.values():
            for screen in stack:
                screen.post_message(make())

    def screens(self) -> list[Screen[Any]]:
        """Every screen open in any section, the current one last."""
        found = [s for mode, stack in self.app._screen_stacks.items()
                 if mode != self.app.current_mode for s in stack]
        return found + list(self.app.screen_stack)
