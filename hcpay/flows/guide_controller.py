"""A troubleshooting guide walked step by step, the same on every face: what the guide sees on
the member's account first (its ``look``), then its numbered steps, with the one that fits
what was seen said at that step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.domain.i18n import _
from hcpay.flows.controller import Controller, Draft, Note

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.flows.model import Flow
    from hcpay.flows.troubleshoot import Finding, Guide


class GuideController(Controller):
    def __init__(self, client: PortalClient | None, guide: Guide,
                 draft: Draft | None = None) -> None:
        super().__init__(client, draft)
        self.guide = guide
        self.finding: Finding | None = None

    def flow(self) -> Flow:
        return self.guide.flow

    async def load(self) -> list[Note]:
        self.finding = await self.guide.look(self.client, self.values)
        await super().load()
        return [Note(_("What we see: ") + " ".join(self.finding.lines),
                     "info" if self.finding.ok else "warn")]

    def notes(self, number: int) -> list[Note]:
        if self.finding is not None and self.finding.step == number:
            return [Note(_("This is the step that fits what we see."), "ok")]
        return []
