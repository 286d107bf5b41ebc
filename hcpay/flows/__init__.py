"""The wizards as data (steps, fields, checks), one source for the TUI, the plain mode and the
printed guide. No Textual and no I/O here; the actions that end a step live in ``actions``."""

from hcpay.flows.create_account import CREATE_ACCOUNT
from hcpay.flows.forgot_password import FORGOT_PASSWORD
from hcpay.flows.make_payment import MAKE_PAYMENT
from hcpay.flows.model import Field, FieldKind, Flow, Step
from hcpay.flows.sign_in import SIGN_IN

FLOWS: dict[str, Flow] = {f.name: f for f in (
    CREATE_ACCOUNT, FORGOT_PASSWORD, SIGN_IN, MAKE_PAYMENT,
)}

__all__ = [
    "CREATE_ACCOUNT", "FLOWS", "FORGOT_PASSWORD", "MAKE_PAYMENT", "SIGN_IN", "Field", "FieldKind",
    "Flow", "Step",
]
