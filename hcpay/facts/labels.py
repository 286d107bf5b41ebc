"""The one wording of a payment method: ``Visa ending 4242``, ``Checking account ending 6789``
(``Bank account ending 6789`` when the type is not known). Every face says it so."""

from __future__ import annotations

from typing import Protocol

from hcpay.domain.cards import brand_name


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
        return f"{brand_name((brand or '').lower())} ending {last4}"
    kind_words = f"{account_type.capitalize()} account" if account_type else "Bank account"
    return f"{kind_words} ending {last4}"
