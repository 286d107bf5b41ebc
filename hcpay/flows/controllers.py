"""Every flow of the catalog with its controller, found by the flow's name, so a face (and the
test that drives every flow through both faces) opens any of them the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.flows.controller import Controller


def controller_for(name: str, client: PortalClient) -> Controller:
    from hcpay.flows import account_controllers as acc
    from hcpay.flows.autopay_controller import AutopayController
    from hcpay.flows.guest_payment_controller import GuestPaymentController
    from hcpay.flows.guide_controller import GuideController
    from hcpay.flows.make_payment_controller import MakePaymentController
    from hcpay.flows.troubleshoot_guides import GUIDES
    from hcpay.flows.wallet import WalletController

    wizards: dict[str, type[Controller]] = {
        "make_payment": MakePaymentController, "autopay": AutopayController,
        "create_account": acc.CreateAccountController,
        "forgot_password": acc.ForgotPasswordController, "sign_in": acc.SignInController,
        "add_payment_method": WalletController, "guest_payment": GuestPaymentController,
    }
    if name in wizards:
        return wizards[name](client)
    for guide in GUIDES:
        if guide.flow.name == name:
            return GuideController(client, guide)
    raise KeyError(name)
