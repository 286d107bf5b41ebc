"""The wallet: the cards and bank accounts a member keeps for payments and automatic payments.

Adding one is a flow of two steps (a card or a bank account, then its details: the same fields,
checks and gateway call as a new method in Make a Payment). The numbers go to the payment
processor only, which answers a token; the portal keeps the token and what is safe to show. What
every face says about a saved method is here once, so the screen, the plain mode and
``hcpay methods`` say the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from hcpay.domain.i18n import N_, _
from hcpay.flows import make_payment, new_method
from hcpay.flows.controller import Action, Controller, Draft, Note, portal_today
from hcpay.flows.model import Field, Flow, Step

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import PaymentMethod

KIND, DETAILS = 1, 2
MAKE_DEFAULT = "make_default"

_KIND_STEP = Step(
    KIND, N_("Card or bank account"),
    fields=(
        Field("method", N_("Add"), kind="choice", default=make_payment.NEW_CARD,
              choices=((make_payment.NEW_CARD, N_("A card")),
                       (make_payment.NEW_BANK, N_("A bank account"))),
              help=N_("A card or a bank account. Its numbers go only to the payment processor; "
              "the portal keeps a token and the last 4 digits.")),
        Field(MAKE_DEFAULT, N_("Make it my default method"), kind="choice", default="no",
              choices=(("no", N_("No, keep my default as it is")),
                       ("yes", N_("Yes, use it first from now on"))),
              help=N_("Your default method is offered first when you pay and for automatic "
              "payments.")),
    ),
    help=N_("A saved method pays in two keys from Make a Payment and can pay automatic payments. "
    "Your first saved method becomes your default."),
)



def _details(step: Step, values: Mapping[str, str]) -> Step:
    """Make a Payment's step for a new card or bank account, as the wallet's step 2."""
    bank = values.get("method") == make_payment.NEW_BANK
    fields = tuple(f for f in step.fields if f.name != make_payment.SAVE)  # saved anyway
    return replace(step, number=DETAILS, fields=fields,
                   title=_("New bank account details") if bank else _("New card details"),
                   submit_label=_("Save account") if bank else _("Save card"))


ADD_METHOD = Flow(
    name="add_payment_method",
    title=N_("Add a card or bank account"),
    help=N_("Save a card or bank account for later payments. The numbers go only to the payment "
    "processor; the portal keeps a token and the last 4 digits."),
    steps=(_KIND_STEP, _details(make_payment.MAKE_PAYMENT.step(make_payment.DETAILS), {})),
)


def for_member(today: date, values: Mapping[str, str]) -> Flow:
    """The flow as chosen so far: step 2 asks for a card or a bank account (the same fields
    and checks as in Make a Payment), the expiry checked against the portal's today."""
    context = make_payment.PayContext(today=today, due_cents=0)
    paying = make_payment.for_member(context, values)
    return replace(ADD_METHOD, steps=(
        _KIND_STEP, _details(paying.step(make_payment.DETAILS), values),
    ))


async def save_new_method(client: PortalClient, values: Mapping[str, str]) -> PaymentMethod:
    """The details to the gateway (a token back), then the token to the portal's wallet."""
    token = await new_method.tokenize(client, values)
    return await client.add_payment_method(token.token,
                                           make_default=values.get(MAKE_DEFAULT) == "yes")


def forget_numbers(values: dict[str, str]) -> None:
    """Drop what must not outlive its one trip to the gateway."""
    for name in make_payment.SECRET_FIELDS:
        values.pop(name, None)


class WalletController(Controller):
    """Adding a card or bank account: the details to the gateway (a token back), then the token
    to the portal's wallet. The numbers are forgotten once sent, whatever the answer."""

    base = ADD_METHOD

    def __init__(self, client: PortalClient | None = None, draft: Draft | None = None) -> None:
        super().__init__(client, draft)
        self.today: date | None = None

    async def load(self) -> list[Note]:
        self.today = portal_today(await self.client.summary())
        return await super().load()

    def flow(self) -> Flow:
        return self.base if self.today is None else for_member(self.today, self.values)

    def action(self, number: int) -> Action | None:
        return self._save if number == DETAILS else None

    def busy(self, number: int) -> str:
        return _("Checking and saving the new method")

    async def _save(self) -> PaymentMethod:
        try:
            return await save_new_method(self.client, self.values)
        finally:
            self.draft.forget(*make_payment.SECRET_FIELDS)

    def done(self, number: int, result: Any) -> list[Note]:
        if number == DETAILS:
            self.result = result
            return [Note(saved_words(result), "ok")]
        return []

    def error_fields(self, error: Any) -> dict[str, str]:
        fields: dict[str, str] = {}
        for item in error.errors:
            fields.setdefault(make_payment.ERROR_FIELDS.get(item.field, item.field), item.message)
        return fields


# -- what the faces say ---------------------------------------------------------------------


def label(method: PaymentMethod) -> str:
    """``Visa ending 4242, expires 12/30 (default)``."""
    return make_payment.method_label(method)


def lines(methods: list[PaymentMethod]) -> list[str]:
    if not methods:
        return [_("No cards or bank accounts are saved yet. Add one to pay in two keys and to "
                "set up automatic payments.")]
    return [f"{number}. {label(m)}" for number, m in enumerate(methods, start=1)]


def saved_words(method: PaymentMethod) -> str:
    default = _(" It is your default method.") if method.is_default else ""
    return _("Saved: {method}.{default}").format(
        method=make_payment.short_method_label(method), default=default)


def default_words(method: PaymentMethod) -> str:
    return _("{method} is now your default method.").format(
        method=make_payment.short_method_label(method))


def removed_words(method: PaymentMethod) -> str:
    text = _("Removed: {method}.").format(method=make_payment.short_method_label(method))
    if method.is_default:
        text += " You have no default method now; choose one, or the next one you add is it."
    return text

