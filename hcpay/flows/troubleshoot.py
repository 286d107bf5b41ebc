"""The troubleshooting guides as data: each is a Flow of numbered steps (the words an agent
reads out) plus a ``look`` that reads the member's real state from the portal and says what it
found, and optionally an ``act`` that does the guide's one action (send a reset code, request a
payment plan, make a support code). The TUI's Troubleshooting screen, the agent's guide pane and
``hcpay guide troubleshoot`` all read these, so step numbers match everywhere. No Textual here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hcpay.flows.model import Field, Flow

if TYPE_CHECKING:
    from hcpay.api import PortalClient


@dataclass(frozen=True)
class Finding:
    """What a guide found on the member's account, in sentences, and where to go on."""

    lines: tuple[str, ...]
    step: int | None = None  # the step that fits what was found
    error_code: str | None = None  # for a support code: the last problem the member had
    ok: bool = True  # False when something on the account needs the member's attention

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


Look = Callable[["PortalClient", Mapping[str, str]], Awaitable[Finding]]


@dataclass(frozen=True)
class Guide:
    key: str
    flow: Flow
    look: Look
    # The guide's one action: a call that changes something (asks first on screen).
    act: Look | None = None
    act_label: str = ""
    act_key: str = ""
    # Fields the member fills to look (a reference) or to act (the installments).
    inputs: tuple[Field, ...] = field(default=())
    # An action the member agrees to (a payment plan): its terms, said first, then this
    # question. An action with no terms (a support code, a reset code) is simply done.
    terms: Look | None = None
    consent: str = ""

    @property
    def title(self) -> str:
        return self.flow.title


def numbered_steps(flow: Flow) -> list[str]:
    """"1. Title: help" lines, the same numbers on every face."""
    return [f"{step.number}. {step.title}. {step.help}".rstrip() for step in flow.steps]
