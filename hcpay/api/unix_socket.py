"""A portal on this computer reached through a Unix socket (the embedded portal in its own
process, ``hcpay.embedded_process``). Nothing sent this way crosses a network, so the client's
transport check (``transport_check``) lets it through as it does an in-process portal."""

from __future__ import annotations

import httpx


class UnixSocketTransport(httpx.AsyncHTTPTransport):
    def __init__(self, path: str) -> None:
        super().__init__(uds=path)
