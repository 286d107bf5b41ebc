"""Whole lists from paged answers: the portal answers a list ``limit`` items at a time with a
``next_cursor`` (portal-api.md), and a caller that shows or decides on every item (all open
bills before a payment, every bill in History) follows the cursors to the last page rather than
showing the first page as if it were everything."""

from __future__ import annotations

from typing import Literal

from hcpay.api.client import PortalClient
from hcpay.api.errors import UnexpectedAnswer
from hcpay.api.models import Invoice

PAGE = 200  # the most the portal gives in one page


async def every_invoice(
    client: PortalClient, status: Literal["open", "paid", "all"] = "open"
) -> list[Invoice]:
    """Every bill with ``status``, newest coverage month first, from as many pages as it takes."""
    found: list[Invoice] = []
    seen: set[str] = set()
    cursor: str | None = None
    while True:
        page = await client.invoices(status, cursor=cursor, limit=PAGE)
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return found
        if cursor in seen or not page.items:
            raise UnexpectedAnswer(code="paging_loop")  # a cursor that leads back, or nowhere
        seen.add(cursor)
