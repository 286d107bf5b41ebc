"""Messages the app sends to every screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from hcpay.api.models import OutboxMessage


class PortalReady(Message):
    """The portal connection is open (or failed to open: ``error`` says why and what to do)."""

    def __init__(self, error: str | None = None) -> None:
        self.error = error
        super().__init__()


class KeptLoginWaits(Message):
    """A login is kept from last time, but the portal did not answer when it was tried: the
    app tries again every ``retry_seconds`` and signs in with it as soon as it answers."""

    def __init__(self, username: str, reason: str, retry_seconds: float) -> None:
        self.username = username
        self.reason = reason
        self.retry_seconds = retry_seconds
        super().__init__()


class InboxChanged(Message):
    """New messages arrived in the sandbox inbox."""

    def __init__(self, new: list[OutboxMessage]) -> None:
        self.new = new
        super().__init__()
