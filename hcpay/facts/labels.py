"""The one wording of a payment method: ``Visa ending 4242``, ``Checking account ending 6789``
(``Bank account ending 6789`` when the type is not known). Every face says it so."""

from __future__ import annotations

from typing import Protocol

from hcpay.domain.methods import method_words


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
    """The wording itself lives in the domain, so that the portal says it the same way."""
    return method_words(kind, brand, last4, account_type)
