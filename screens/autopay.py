"""Automatic Payments: hcpay.flows.autopay's seven steps in the shared wizard, starting from
what is set up now (hcpay.flows.autopay_controller); F6 pauses or resumes, F8 turns them off,
each pressed twice (the controller says what it asks)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from hcpay.domain.i18n import N_
from hcpay.flows.autopay_controller import CANCEL, PAUSE, AutopayController
from screens.wizard import WizardScreen


class AutopayScreen(WizardScreen):
    SIGNED_IN = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(PAUSE.key, f"key('{PAUSE.key}')", N_("Pause/resume"), id="autopay_pause",
                tooltip=N_("Pause automatic payments (the settings are kept), or resume them")),
        Binding(CANCEL.key, f"key('{CANCEL.key}')", N_("Cancel autopay"), id="autopay_cancel",
                tooltip=N_("Turn automatic payments off altogether (press twice)")),
    ]
    HELP = N_(
        "Set up or change automatic payments: method, amount, how often, the day, the start. "
        "Enter accepts each step; Esc goes back. F6 twice pauses or resumes them; F8 twice "
        "cancels them."
    )

    def __init__(self) -> None:
        self.autopay = AutopayController()
        super().__init__(self.autopay)
