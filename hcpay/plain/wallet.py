"""Wallet, line by line: the saved cards and bank accounts said one a line, then a numbered
menu: add one (the two steps of ``hcpay.flows.wallet``, the numbers going to the payment
processor only), make one the default, remove one. The portal's refusal to remove a method that
automatic payments use is said in its words."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from hcpay.domain.i18n import _
from hcpay.flows import wallet
from hcpay.plain import problems
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import PaymentMethod


def _read(session: PlainSession) -> list[PaymentMethod]:
    return session.call(session.client.payment_methods,
                        working=_("Reading your saved cards and bank accounts. Working..."))


def _pick(session: PlainSession, methods: list[PaymentMethod], question: str) -> PaymentMethod:
    labels = [wallet.label(m) for m in methods]
    return methods[session.p.choose(question, labels, default=None)]


def run(session: PlainSession) -> Any:
    p = session.p
    while True:
        methods = _read(session)
        p.say("")
        p.say(_("Wallet: {methods} saved.").format(
            methods=len(methods)) if methods else _("Wallet."))
        p.lines(wallet.lines(methods))
        options = [_("Add a card or bank account")]
        if methods:
            options += [_("Make one the default"), _("Remove one")]
        options.append(_("Back to the main menu"))
        choice = p.choose(_("What would you like to do?"), options, default=len(options) - 1)
        if choice == len(options) - 1:
            return None
        if choice == 0:
            FlowRunner(session, wallet.WalletController()).run()  # says what was saved
        elif choice == 1:
            method = _pick(session, methods, _("Which one should be your default?"))
            made = session.call(partial(session.client.set_default_payment_method,
                                        method.payment_method_id))
            p.say(wallet.default_words(made))
        else:
            _remove(session, _pick(session, methods, _("Which one should be removed?")))


def _remove(session: PlainSession, method: PaymentMethod) -> None:
    from hcpay.api import errors

    p = session.p
    if not p.confirm(_("Remove {method}? Payments already made or scheduled with "
                     "it are not changed.").format(method=wallet.label(method)), default=False):
        p.say(_("Kept; nothing was removed."))
        return
    try:
        session.call(partial(session.client.delete_payment_method, method.payment_method_id))
    except errors.Conflict as error:
        p.error(_("Not removed. {detail}").format(detail=error.detail))
        return
    except errors.PortalError as error:
        if problems.is_session_over(error):
            raise
        p.error(problems.describe(error))
        return
    p.say(wallet.removed_words(method))
