"""Automatic Payments' behaviour, once for every face: what is set up now read first, the seven
steps starting from it, a new card or bank account added at step 1 when the member wants one
(or has none), the warnings at their step (a fixed amount below the premium, a draw day after
the due date), and pausing, resuming or cancelling, each asked before it is done."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from hcpay.domain.i18n import N_, _
from hcpay.flows import autopay as ap
from hcpay.flows import make_payment as mp
from hcpay.flows import new_method, pay_checks
from hcpay.flows.controller import Action, Controller, Draft, Note, monthly_premium, portal_today
from hcpay.flows.model import Field, Flow, KeyHint

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import Autopay

PAUSE = KeyHint("pause", "f6", "pause", N_("pause automatic payments (the settings are kept)"),
                confirm=N_("Pause automatic payments? Nothing is drawn until they resume: on "
                "the date you give, or when you resume them here."),
                asks=ap.resume_field(None))  # the member's own has the portal's today
RESUME = KeyHint("resume", "f6", "resume", N_("resume automatic payments"),
                 confirm=N_("Resume automatic payments with the settings shown?"))
CANCEL = KeyHint("cancel_autopay", "f8", N_("turn off"),
                 N_("turn automatic payments off altogether"),
                 confirm=N_("Turn automatic payments off? Nothing more will be drawn."))
CARD_DETAILS = frozenset(mp.CARD_FIELDS)
BANK_DETAILS = frozenset(mp.BANK_FIELDS)


class AutopayController(Controller):
    base = ap.AUTOPAY

    def __init__(self, client: PortalClient | None = None, draft: Draft | None = None) -> None:
        super().__init__(client, draft)
        self.ctx: ap.AutopayContext | None = None
        self.current: Autopay | None = None

    async def load(self) -> list[Note]:
        client = self.client
        summary, methods, current, invoices, config = await asyncio.gather(
            client.summary(), client.payment_methods(), client.autopay(),
            client.invoices("all", limit=24), client.config(),
        )
        self.current = current
        self.ctx = ap.AutopayContext(
            today=portal_today(summary), methods=tuple(methods),
            premium_cents=monthly_premium(invoices.items), due_day=config.billing.due_day,
            current=current,
        )
        if current is not None:
            for name, value in ap.values_from(current, self.ctx.today).items():
                self.values.setdefault(name, value)
        await super().load()
        return [self.status()]

    def status(self) -> Note:
        methods = self.ctx.methods if self.ctx else ()
        return Note(ap.status_lines(self.current, methods))

    def flow(self) -> Flow:
        if self.ctx is None:
            return self.base
        return ap.for_member(self.ctx, self.values)

    def asks(self, spec: Field) -> bool:
        if spec.name == "fixed_amount":
            return self.values.get("amount_type") == ap.FIXED
        return True

    def check(self, name: str, value: str) -> str | None:
        if name == "fixed_amount" and not value.strip():
            return ap.fixed_amount_missing({**self.values, name: value})
        return super().check(name, value)

    def notes(self, number: int) -> list[Note]:
        if self.ctx is None:
            return []
        if number == ap.AMOUNT:
            amount = pay_checks.cents(self.values.get("fixed_amount", ""))
            fixed = self.values.get("amount_type") == ap.FIXED
            if fixed and amount is not None and amount < self.ctx.premium_cents:
                return [Note(ap.below_premium(amount, self.ctx.premium_cents), "warn")]
        if number == ap.DRAW_DAY:
            day = ap.parse_draw_day(self.values.get("draw_day", "")) or 0
            late = ap.after_due_day(day, self.ctx.due_day)
            return [Note(late, "warn")] if late else []
        return []

    def help(self, number: int) -> str:
        if number == ap.ACTIVATE and self.result is not None:
            nxt = ""
            if self.result.enabled and self.result.next_draw_date is not None:
                nxt = _(" The next draw is on {date}.").format(
                    date=pay_checks.fmt_day(self.result.next_draw_date))
            return _("✓ Saved.{nxt} A notice comes 3 days before each draw.").format(nxt=nxt)
        return super().help(number)

    # -- the calls -----------------------------------------------------------------------------

    def action(self, number: int) -> Action | None:
        if number == ap.METHOD and mp.uses_new_method(self.values):
            return self._add_method
        if number == ap.ACTIVATE:
            return self._save
        return None

    def busy(self, number: int) -> str:
        if number == ap.METHOD:
            return _("Checking and saving the new method")
        return _("Saving your automatic payments")

    async def _add_method(self) -> list[Note]:
        values = self.values
        assert self.ctx is not None
        token = await new_method.tokenize(self.client, values)
        saved = await self.client.add_payment_method(token.token,
                                                     make_default=not self.ctx.methods)
        self.ctx = ap.AutopayContext(
            today=self.ctx.today, methods=(*self.ctx.methods, saved),
            premium_cents=self.ctx.premium_cents, due_day=self.ctx.due_day, current=self.current,
        )
        self.values["method"] = saved.payment_method_id
        self.draft.forget(*mp.SECRET_FIELDS)
        return [Note(_("Saved: {saved}. Automatic payments will use it.").format(
            saved=mp.short_method_label(saved)),
                     "ok")]

    async def _save(self) -> Autopay:
        assert self.ctx is not None
        return await self.client.set_autopay(ap.settings(self.values, self.ctx.today))

    def done(self, number: int, result: Any) -> list[Note]:
        if number == ap.METHOD and isinstance(result, list):
            return result
        if number == ap.ACTIVATE:
            self.current = self.result = result
            return [Note(self.status().text, "ok")]
        return []

    # -- pause, resume, cancel -----------------------------------------------------------------

    def keys(self, number: int | None) -> tuple[KeyHint, ...]:
        if self.current is None:
            return ()
        if not self.current.enabled:
            return (RESUME, CANCEL)
        today = self.ctx.today if self.ctx else None
        return (replace(PAUSE, asks=ap.resume_field(today)), CANCEL)

    async def command(self, name: str, answer: str = "") -> list[Note]:
        assert self.ctx is not None and self.current is not None
        current = self.current
        if name == CANCEL.name:
            await self.client.delete_autopay()
            self.current = None
            if self.result is not None:
                self.result = None  # what was saved here is gone: no "next draw" is said
            return [Note(_("Automatic payments are cancelled: nothing more will be drawn. You "
                           "can set them up again here."), "ok")]
        if name in (PAUSE.name, RESUME.name):
            values = ap.values_from(current, self.ctx.today)
            self.current = await self.client.set_autopay(ap.settings(
                values, self.ctx.today, enabled=name == RESUME.name,
                paused_until=ap.resume_date(answer) if name == PAUSE.name else None))
            if self.result is not None:  # saved here before: its words follow the change
                self.result = self.current
            return [Note(self.status().text, "ok")]
        return await super().command(name)
