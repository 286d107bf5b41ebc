"""Every troubleshooting guide, in the order the screen and ``hcpay guide`` number them."""

from __future__ import annotations

from hcpay.flows import (
    faq_missed_payments,
    troubleshoot_declined,
    troubleshoot_login,
    troubleshoot_missed,
    troubleshoot_not_showing,
    troubleshoot_support,
)
from hcpay.flows.troubleshoot import Guide

GUIDES: tuple[Guide, ...] = (
    troubleshoot_login.GUIDE,
    troubleshoot_declined.GUIDE,
    troubleshoot_not_showing.GUIDE,
    troubleshoot_missed.GUIDE,
    troubleshoot_support.GUIDE,
    faq_missed_payments.GUIDE,
)
BY_KEY: dict[str, Guide] = {g.key: g for g in GUIDES}
