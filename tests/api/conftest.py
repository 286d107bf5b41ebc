"""Fixtures for the client core: a PortalClient talking to the real portal app in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from hcpay.api import PortalClient, RetryPolicy

PORTAL_URL = "http://portal.test"


@pytest.fixture
async def portal(portal_app: FastAPI) -> AsyncIterator[PortalClient]:
    """A PortalClient on the module's real portal (ASGITransport: no sockets, same code)."""
    transport = httpx.ASGITransport(app=portal_app)
    async with PortalClient(
        PORTAL_URL, transport=transport, retry=RetryPolicy(backoff=0.0)
    ) as client:
        yield client
