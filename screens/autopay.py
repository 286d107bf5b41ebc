"""Automatic Payments: the steps of hcpay.flows.autopay in the shared wizard, starting from
what is set up now; F6 pauses or resumes, F8 (twice) cancels."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import Button, Static

from hcpay.flows import autopay as ap
from hcpay.flows.pay_checks import fmt_day
from screens import problems
from screens.pay_wizard import PayWizardScreen

if TYPE_CHECKING:
    from hcpay.api.models import Autopay, Invoice

PORTAL_TZ = ZoneInfo("America/New_York")


def monthly_premium(invoices: list[Invoice]) -> int:
    """The premium of the latest coverage month billed (all policies together)."""
    if not invoices:
        return 0
    latest = max(inv.coverage_month for inv in invoices)
    return sum(inv.premium_cents or inv.amount_cents for inv in invoices
               if inv.coverage_month == latest)


class AutopayScreen(PayWizardScreen):
    SIGNED_IN = True
    LOAD_WORKER = "load_autopay"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "pause", "Pause/resume", id="autopay_pause",
                tooltip="Pause automatic payments (the settings are kept), or resume them"),
        Binding("f8", "cancel_autopay", "Cancel autopay", id="autopay_cancel",
                tooltip="Turn automatic payments off altogether (press twice)"),
    ]
    HELP = (
        "Set up or change automatic payments: method, amount, how often, the day, the start. "
        "Enter accepts each step; Esc goes back. F6 pauses or resumes them; F8 twice cancels."
    )

    def __init__(self) -> None:
        super().__init__(ap.AUTOPAY)
        for name in list(self.values):
            if name != "_step":
                del self.values[name]
        self.ctx: ap.AutopayContext | None = None
        self.current: Autopay | None = None
        self.saved = False
        self.cancel_armed = False

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    @work(exclusive=True, exit_on_error=False, group="autopay-load", name="load_autopay")
    async def load(self) -> None:
        self.say("Reading your automatic payments…", kind="busy")
        client = await self.hc.portal()
        summary, methods, current, invoices, config = await asyncio.gather(
            client.summary(), client.payment_methods(), client.autopay(),
            client.invoices("all", limit=24), client.config(),
        )
        today = summary.as_of.astimezone(PORTAL_TZ).date()
        self.current = current
        self.ctx = ap.AutopayContext(
            today=today, methods=tuple(methods), premium_cents=monthly_premium(invoices.items),
            due_day=config.billing.due_day, current=current,
        )
        self.values["_today"] = today.isoformat()
        if current is not None:
            for name, value in ap.values_from(current, today).items():
                self.values.setdefault(name, value)
        self.rebuild()
        for name, default in self.flow.defaults().items():
            if not self.values.get(name):
                self.values[name] = default
        await self.show_step(self.number)
        self.refresh_bindings()
        if not methods:
            self.say("Automatic payments need a saved card or bank account, and you have none "
                     "yet. Call Member Services to add one.", kind="warn")
        else:
            self.say(ap.status_lines(current, self.ctx.methods))

    def rebuild(self) -> None:
        if self.ctx is not None:
            self.ctx = ap.AutopayContext(
                today=self.ctx.today, methods=self.ctx.methods,
                premium_cents=self.ctx.premium_cents, due_day=self.ctx.due_day,
                current=self.current,
            )
            self.flow = ap.for_member(self.ctx, self.values)

    def action_continue(self) -> None:
        if self.ctx is None:
            self.say("Still reading your settings; one moment…", kind="busy")
            return
        if self.saved:
            self.dismiss(self.current)
            return
        super().action_continue()

    async def step_done(self, result: Any) -> None:
        if self.number == ap.ACTIVATE:
            self.current = result
            self.saved = True
            nxt = ""
            if result is not None and result.next_draw_date is not None:
                nxt = f" The next draw is on {fmt_day(result.next_draw_date)}."
            self.query_one("#step-help", Static).update(
                f"✓ Saved.{nxt} A notice comes 3 days before each draw.")
            self.say(ap.status_lines(self.current, self.ctx.methods if self.ctx else ()),
                     kind="ok")
            button = self.query_one("#continue", Button)
            button.label = "Done"
            button.remove_class("-active")
            button.focus()
            self.refresh_bindings()
            return
        await super().step_done(result)

    async def action_back(self) -> None:
        if self.saved:
            self.dismiss(self.current)
            return
        await super().action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause", "cancel_autopay"):
            return self.current is not None
        return True

    def action_pause(self) -> None:
        if self.current is not None:
            self.change("save_autopay" if not self.current.enabled else "pause_autopay")

    def action_cancel_autopay(self) -> None:
        if not self.cancel_armed:
            self.cancel_armed = True
            self.say("Press F8 again to cancel automatic payments (nothing more will be drawn); "
                     "any other step goes on as before.", kind="warn")
            return
        self.cancel_armed = False
        self.change("cancel_autopay")

    @work(exclusive=True, exit_on_error=False, group="autopay-change", name="autopay_change")
    async def change(self, action: str) -> None:
        from hcpay.flows.actions import ACTIONS

        assert self.current is not None
        values = {**self.values, **ap.values_from(self.current, self.ctx.today if self.ctx
                                                   else self.current.start_date)}
        values["_today"] = self.values["_today"]
        client = await self.hc.portal()
        result = await ACTIONS[action](client, values)
        self.current = result
        if action == "cancel_autopay":
            self.say("Automatic payments are cancelled: nothing more will be drawn. You can set "
                     "them up again here.", kind="ok")
        else:
            self.say(ap.status_lines(self.current, self.ctx.methods if self.ctx else ()),
                     kind="ok")
        self.rebuild()
        self.refresh_bindings()

    def failed(self, action: str, error: BaseException) -> bool:
        if problems.is_session_over(error):
            return False
        if action == "load_autopay":
            self.say(f"{problems.describe(error)} Press Esc to go back.", kind="error")
            return True
        if action == "autopay_change":
            self.say(problems.describe(error), kind="error")
            return True
        return super().failed(action, error)
