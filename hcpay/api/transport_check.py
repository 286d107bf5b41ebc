"""Which addresses the client may send a password, tokens or card numbers to (issue 11, item 9).

- The portal: ``https://``, or ``http://`` only on this computer (127.0.0.1, ::1, localhost),
  where nothing crosses a network. A portal driven in-process (an ASGI transport) or through a
  Unix socket (``unix_socket``) sends nothing over a network at all and is not checked.
- The gateway the portal's config names (card and bank numbers go there): ``https://``, or the
  portal's own loopback host over ``http://``. A plain-http answer that names another host is
  never followed: a tampered config must not send card numbers elsewhere.
- ``HCPAY_ALLOW_INSECURE_HTTP=1`` lets a test lab use ``http://`` between machines; each
  address it lets through is warned about.
"""

from __future__ import annotations

import ipaddress
import os
import warnings
from urllib.parse import urlsplit

from hcpay.api.errors import PortalError

ALLOW_INSECURE = "HCPAY_ALLOW_INSECURE_HTTP"


class InsecureTransport(PortalError):
    """An address the client will not send secrets to."""


class InsecureTransportWarning(UserWarning):
    """Plain http allowed by HCPAY_ALLOW_INSECURE_HTTP: everything sent can be read on the way."""


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _insecure_allowed(url: str) -> bool:
    if os.environ.get(ALLOW_INSECURE, "") not in ("1", "true", "yes"):
        return False
    warnings.warn(
        f"{ALLOW_INSECURE} is set: sending passwords and card numbers to {url} over plain "
        "http, readable by anyone on the network. Use this only in a test lab.",
        InsecureTransportWarning, stacklevel=3,
    )
    return True


def portal_refusal(base_url: str) -> InsecureTransport | None:
    """Why the client must not talk to the portal at ``base_url`` over the network (or None)."""
    parts = urlsplit(base_url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return None
    if parts.scheme == "http" and _insecure_allowed(base_url):
        return None
    return InsecureTransport(
        f"The portal address {base_url} is not safe to sign in to: use an https:// address "
        "(plain http:// is only for a portal on this computer, such as http://127.0.0.1:8000).",
        code="insecure_portal_url",
    )


def checked_gateway(gateway: str, base_url: str) -> str:
    """``gateway`` when card numbers may go there from the portal at ``base_url``; else raises."""
    parts, portal = urlsplit(gateway), urlsplit(base_url)
    if parts.scheme == "https" and parts.hostname:
        return gateway
    same_loopback_host = (
        is_loopback_host(parts.hostname) and parts.hostname == portal.hostname
    )
    if parts.scheme == "http" and (same_loopback_host or _insecure_allowed(gateway)):
        return gateway
    raise InsecureTransport(
        "The portal named a card gateway that is not safe to send card numbers to (it must be "
        "an https:// address). Nothing was sent. Check the portal address you use, and call "
        "support.",
        code="insecure_gateway_url",
    )
