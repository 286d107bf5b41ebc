"""What every route needs, made once per portal app and kept on ``app.state.portal``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from hcpay.gateway.processor import Processor
from hcpay.portal.clock import Clock
from hcpay.portal.db import Database
from hcpay.portal.group_commit import GroupCommit
from hcpay.portal.jobs import JobRunner
from hcpay.portal.security.secrets_box import SecretBox
from hcpay.portal.settings import PortalSettings


@dataclass
class Portal:
    settings: PortalSettings
    db: Database
    clock: Clock
    box: SecretBox
    jobs: JobRunner
    gateway: Processor  # the sandbox gateway in sandbox mode (see hcpay.gateway)
    # new payments charged now share their write transactions (payments.create)
    new_charges: GroupCommit[Any, Any] = field(default_factory=GroupCommit, repr=False)


def get_portal(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal
