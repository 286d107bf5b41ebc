"""The one wording of a payment method, for every face and for the portal's own words
(receipts, notices, problems): ``Visa ending 4242``, ``Checking account ending 6789``, and
``Bank account ending 6789`` when the type is not known."""

from __future__ import annotations

from hcpay.domain.cards import brand_name


def method_words(kind: str, brand: str | None, last4: str, account_type: str | None = None
                 ) -> str:
    if kind == "card":
        return f"{brand_name((brand or '').lower())} ending {last4}"
    kind_words = f"{account_type.capitalize()} account" if account_type else "Bank account"
    return f"{kind_words} ending {last4}"
