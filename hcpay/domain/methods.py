"""The one wording of a payment method, for every face and for the portal's own words
(receipts, notices, problems): ``Visa ending 4242``, ``Checking account ending 6789``, and
``Bank account ending 6789`` when the type is not known; in the reader's language."""

from __future__ import annotations

from hcpay.domain.cards import brand_name
from hcpay.domain.i18n import _


def method_words(kind: str, brand: str | None, last4: str, account_type: str | None = None
                 ) -> str:
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
