"""The signed-in session's clock: the portal ends a login after so many idle seconds and after so
many seconds in all (portal-api.md); the app warns shortly before either. Pure: no Textual."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

AGENT_IDLE_SECONDS = 15 * 60  # portal-api.md: an agent's login ends after 15 idle minutes


@dataclass
class SessionPolicy:
    """The portal's session limits (portal-api.md): a login ends after this many idle seconds
    and after this many seconds in all; the app warns ``warn_seconds`` before either."""

    idle_seconds: float = 30 * 60
    absolute_seconds: float = 12 * 3600
    warn_seconds: float = 90

    def for_role(self, role: str) -> SessionPolicy:
        """An agent's login ends after 15 idle minutes: warn and ask again on that clock."""
        if role != "agent":
            return self
        return replace(self, idle_seconds=min(self.idle_seconds, AGENT_IDLE_SECONDS))


class SessionClock:
    def __init__(self, policy: SessionPolicy, monotonic: Callable[[], float] = time.monotonic
                 ) -> None:
        self.member_policy = policy
        self.policy = policy
        self.monotonic = monotonic
        self.signed_in_at: float | None = None
        self.last_activity: float | None = None
        self.warned = False
        self.ended = False

    def start(self, role: str) -> None:
        self.policy = self.member_policy.for_role(role)
        now = self.monotonic()
        self.signed_in_at = now
        self.last_activity = now
        self.warned = False
        self.ended = False

    def stop(self) -> None:
        self.signed_in_at = None
        self.last_activity = None
        self.ended = False

    @property
    def running(self) -> bool:
        return self.signed_in_at is not None

    def touch(self) -> None:
        """A signed-in call just succeeded: the portal's idle clock starts again."""
        if self.signed_in_at is not None:
            self.last_activity = self.monotonic()
            self.warned = False

    def left(self) -> float | None:
        """Seconds until the portal ends this login (idle or absolute), None when signed out."""
        if self.signed_in_at is None or self.last_activity is None:
            return None
        now = self.monotonic()
        idle_left = self.policy.idle_seconds - (now - self.last_activity)
        total_left = self.policy.absolute_seconds - (now - self.signed_in_at)
        return min(idle_left, total_left)

    def absolute_limit_near(self) -> bool:
        """Whether the 12-hour limit comes before the idle one (no staying signed in then)."""
        if self.signed_in_at is None or self.last_activity is None:
            return False
        now = self.monotonic()
        return self.policy.absolute_seconds - (now - self.signed_in_at) <= (
            self.policy.idle_seconds - (now - self.last_activity)
        )

    def due(self) -> Literal["warn", "end"] | None:
        """What the app must do now: warn once shortly before the end, or end the login."""
        left = self.left()
        if left is None or self.ended:
            return None
        if left <= 0:
            return "end"
        if left <= self.policy.warn_seconds and not self.warned:
            self.warned = True
            return "warn"
        return None
