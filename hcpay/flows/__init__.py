"""The wizards as data (steps, fields, checks), one source for the TUI, the plain mode and the
printed guide. No Textual and no I/O here; the actions that end a step live in ``actions``.

Each flow is imported when first asked for (PEP 562), so the sign-in screen, drawn before
anything else, does not pay for the payment and autopay flows.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from hcpay.flows.model import Field, FieldKind, Flow, Step

if TYPE_CHECKING:
    from hcpay.flows.autopay import AUTOPAY
    from hcpay.flows.create_account import CREATE_ACCOUNT
    from hcpay.flows.forgot_password import FORGOT_PASSWORD
    from hcpay.flows.guest_payment import GUEST_PAYMENT
    from hcpay.flows.make_payment import MAKE_PAYMENT
    from hcpay.flows.sign_in import SIGN_IN

    FLOWS: dict[str, Flow]

_MODULES = {
    "CREATE_ACCOUNT": "create_account",
    "FORGOT_PASSWORD": "forgot_password",
    "SIGN_IN": "sign_in",
    "MAKE_PAYMENT": "make_payment",
    "AUTOPAY": "autopay",
    "GUEST_PAYMENT": "guest_payment",
}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value = getattr(importlib.import_module(f"hcpay.flows.{_MODULES[name]}"), name)
    elif name == "FLOWS":
        flows = [__getattr__(n) for n in _MODULES]
        value = {f.name: f for f in flows}
    else:
        raise AttributeError(f"module 'hcpay.flows' has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "AUTOPAY", "CREATE_ACCOUNT", "FLOWS", "FORGOT_PASSWORD", "GUEST_PAYMENT", "MAKE_PAYMENT",
    "SIGN_IN", "Field", "FieldKind", "Flow", "Step",
]
