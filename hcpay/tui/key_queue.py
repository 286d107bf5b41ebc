"""Keys typed ahead: every key reaches the field it was meant for, in order, however fast it
was typed, from the moment hcpay starts.

Textual hands each key to whatever has focus the moment it arrives, but a screen's bindings
(``p`` on the dashboard) run only once the key has come back up to the app, and a new screen
places its focus only once it is mounted. Keys typed in between (a fast typist, a password
manager, a script, or anyone typing while hcpay starts) went to the screen being left, or to no
field at all. So the app holds every key here and lets the next one go only when

- the one before has been dealt with all the way up: it follows the key from the widget it went
  to, parent by parent, one turn of each one's queue (first in, first out), to the app; and
- the screen on top is mounted, is not still reading what it shows (``takes_keys``), and has
  been painted since (so the focus it placed is in place); never longer than
  ``wait_seconds``, though.

Only Textual's public API is used."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

Deliver = Callable[[events.Key], Awaitable[None]]


@runtime_checkable
class ReadsFirst(Protocol):
    def takes_keys(self) -> bool:
        """False while the screen is still putting itself together."""

    def lets_through(self, key: str) -> bool:
        """True for a key the screen answers even while it takes no keys (Enter and Esc while
        a step is being sent: "please wait"), so that it is not held for the next form."""

    def key_wait_seconds(self) -> float | None:
        """How long keys may wait for it now, when longer than the queue's own bound (a step
        with the portal: its answer may take a while, and the keys belong to the next form)."""


class KeyQueue:
    def __init__(self, app: App[Any], deliver: Deliver, *, wait_seconds: float = 2.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.deliver = deliver  # hands one key to the app's own key handling
        self.wait_seconds = wait_seconds
        self.clock = clock
        self.held: deque[events.Key] = deque()
        self.in_flight: events.Key | None = None
        self._painted: Screen[Any] | None = None  # the last screen seen painted
        self._painting: Screen[Any] | None = None  # ... and the one waited for
        self._waiting_since: float | None = None
        self._looking_again = False

    async def hold(self, event: events.Key) -> None:
        if event.key == "ctrl+j":
            # Enter typed before hcpay had the terminal arrives as a line feed; nothing in
            # hcpay takes Ctrl+J, so it is Enter whenever it comes
            event = events.Key("enter", "\r")
        self.held.append(event)
        await self.send()

    async def send(self) -> None:
        while self.in_flight is None and self.held:
            if not self._screen_ready(self.held[0]):
                self._look_again_soon()
                return
            self._waiting_since = None
            event = self.held.popleft()
            target: DOMNode = self.app.focused or self.app.screen
            self.in_flight = event
            await self.deliver(event)
            if not event.is_forwarded:  # a priority binding: dealt with already
                self.in_flight = None
                continue
            self._follow(event, target)

    def _look_again_soon(self) -> None:
        if not self._looking_again:
            self._looking_again = True
            self.app.set_timer(0.02, self._looked_again, name="keys-wait")

    async def _looked_again(self) -> None:
        self._looking_again = False
        await self.send()

    def _screen_ready(self, event: events.Key) -> bool:
        try:
            screen = self.app.screen
        except Exception:  # no screen yet, or between screens
            return self._waited_enough()
        waits = isinstance(screen, ReadsFirst) and not screen.takes_keys()
        if waits and screen.is_mounted and isinstance(screen, ReadsFirst) \
                and screen.lets_through(event.key):
            return True
        if not screen.is_mounted or waits:
            self._painted = self._painting = None  # once ready, it is to be painted again
            longer = screen.key_wait_seconds() if isinstance(screen, ReadsFirst) else None
            return self._waited_enough(longer)
        if screen is not self._painted:
            # once painted, whatever it focuses after its first refresh has focus
            if screen is not self._painting:
                self._painting = screen
                self.app.call_after_refresh(self._was_painted, screen)
            return self._waited_enough()
        return True

    def _was_painted(self, screen: Screen[Any]) -> None:
        self._painted = screen

    def _waited_enough(self, longer: float | None = None) -> bool:
        now = self.clock()
        if self._waiting_since is None:
            self._waiting_since = now
        return now - self._waiting_since > max(self.wait_seconds, longer or 0)

    def _follow(self, event: events.Key, node: DOMNode) -> None:
        """Look again once ``node`` has handled the key: its queue is first in, first out, so
        by then the key is done with, or already waiting in its parent's queue."""
        if not node.call_later(self._handled_by, event, node):
            self.finished(event)

    def _handled_by(self, event: events.Key, node: DOMNode) -> None:
        if event is not self.in_flight:
            return
        parent = node.parent
        if node is self.app or parent is None or not node.is_attached:
            self.finished(event)  # up at the app (its bindings have run), or nowhere to go
        else:
            self._follow(event, parent)

    def finished(self, event: events.Key) -> None:
        if event is self.in_flight:
            self.in_flight = None
            if self.held:
                self.app.call_later(self.send)
