"""Where a request comes from: the client address the rate limits count by (the socket's, unless
``hcpay serve --trusted-proxy`` names a proxy whose forwarded address is then used)."""

from __future__ import annotations

from starlette.requests import Request


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
