"""The one wording of a payment method: ``Visa ending 4242``, ``Checking account ending 6789``
(``Bank account ending 6789`` when the type is not known). Every face says it so."""

from __future__ import annotations

from typing import Protocol

from hcpay.domain.cards import brand_name
from hcpay.domain.i18n import _


class MethodLike(Protocol):
    """A saved method, a payment's method or a gateway token: what a label needs."""

    @property
    def kind(self) -> str: ...

    @property
    def brand(self) -> str | None: ...

    @property
    def last4(self) -> str: ...


def method_label(method: MethodLike | None) -> str:
    """``Visa ending 4242``; ``""`` for no method."""
    if method is None:
        return ""
    return label(method.kind, method.brand, method.last4,
                 getattr(method, "account_type", None))


def label(kind: str, brand: str | None, last4: str, account_type: str | None = None) -> str:
    if kind == "card":
        return _("{brand} ending {last4}").format(
            brand=brand_name((brand or "").lower()), last4=last4)
    if account_type == "checking":
        return _("Checking account ending {last4}").format(last4=last4)
    if account_type == "savings":
        return _("Savings account ending {last4}").format(last4=last4)
    if account_type:
        return _("{kind} account ending {last4}").format(kind=account_type.capitalize(),
                                                        last4=last4)
    return _("Bank account ending {last4}").format(last4=last4)
