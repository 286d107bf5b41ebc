"""The dashboard: what is owed and when, coverage (with grace warnings), automatic payments,
recent payments and alerts, from one call (GET /api/v1/me/summary). Offline, the last snapshot
is shown marked with its time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.widgets import Header, Static

from hcpay.domain.date_words import day_month_column
from hcpay.domain.i18n import N_, _
from hcpay.facts import words
from screens import fmt, problems
from screens.base import BaseScreen
from screens.footer import KeyFooter
from screens.history_chart import MonthsChart

if TYPE_CHECKING:
    from hcpay.api.models import PaymentMethod, PaymentPlan, Summary
    from hcpay.facts.account import AccountFacts


# The panels: four short lines each, the facts' own words with a mark (never colour alone).


def due_text(facts: AccountFacts) -> str:
    lines = [_("[b]{amount}[/b] owed now").format(amount=fmt.money(facts.balance_due_cents))]
    if facts.credit_cents > 0:
        lines.append(_("Credit {amount} for your next bill").format(
            amount=fmt.money(facts.credit_cents)))
    plan, bill = facts.plan, facts.next_bill
    if plan is not None and plan.next is not None:
        nxt = plan.next
        lines.append(_("Plan: {amount} on {date}").format(
            amount=fmt.money(nxt.amount_cents), date=fmt.day(nxt.due_date)))
        lines.append(_("installment {number} of {of}").format(number=nxt.number, of=nxt.of))
    elif bill is not None and bill.overdue:
        lines.append(_("⚠ {amount} was due {date}").format(
            amount=fmt.money(bill.amount_cents), date=fmt.day(bill.due_date)))
        lines.append(fmt.days_left(bill.due_date, facts.today))
    elif bill is not None:
        lines.append(_("Next: {amount} due {date}").format(
            amount=fmt.money(bill.amount_cents), date=fmt.day(bill.due_date)))
        lines.append(fmt.days_left(bill.due_date, facts.today))
    elif facts.next_bill_comes is not None:
        lines.append(_("Nothing due. Next bill {date}.").format(
            date=fmt.day(facts.next_bill_comes)))
    else:
        lines.append(_("Nothing due next."))
    return "\n".join(lines)


def coverage_text(facts: AccountFacts) -> str:
    coverage = facts.coverage
    lines = [f"{words.coverage_mark(coverage)} {words.coverage_word(coverage)}"]
    if coverage.in_grace:
        lines.append(_("Month {grace_month} of {grace_of} of your grace period.").format(
            grace_month=coverage.grace_month, grace_of=coverage.grace_of))
        if coverage.grace_ends_on is not None:
            lines.append(_("Pay by {date} to keep it.").format(
                date=fmt.day(coverage.grace_ends_on)))
        else:
            lines.append(_("Pay the past-due amount to keep it."))
    elif coverage.state == "terminated":
        if coverage.terminated_on is not None:
            lines[0] += f" {fmt.day(coverage.terminated_on)}"
        lines.append(words.reinstatement_sentence(coverage))
    elif coverage.pending and facts.next_bill is not None:
        lines.append(_("Pay {amount} to start it.").format(
            amount=fmt.money(facts.next_bill.amount_cents)))
    return "\n".join(lines)


def autopay_text(facts: AccountFacts) -> str:
    autopay = facts.autopay
    if autopay.state == "off":
        return "- Off. Press a to set it up."
    mark = words.AUTOPAY_MARKS[autopay.state]
    lines = [f"{mark} {words.autopay_word(autopay)}"]
    if autopay.state == "paused" and autopay.resumes_on is not None:
        lines[0] = f"{mark} {words.paused_words(autopay.resumes_on, fmt.day)}"
    elif autopay.state == "paused":
        lines[0] += ": nothing is drawn"
        lines.append(_("until you resume it (a)."))
    verb = _("Set to pay") if autopay.state == "paused" else _("Pays")
    lines.append(f"{verb} {words.autopay_amount(autopay)}")
    if autopay.method:
        lines.append(_("from {method}").format(method=autopay.method))
    if autopay.next_draw is not None and autopay.draws_nothing:
        lines.append(_("Next draw {date}: nothing owed").format(date=fmt.day(autopay.next_draw)))
    elif autopay.next_draw is not None:
        lines.append(_("Next draw {date}").format(date=fmt.day(autopay.next_draw)))
    return "\n".join(lines[:4])


def payments_text(facts: AccountFacts) -> str:
    from hcpay.facts.clock import local_day

    if not facts.recent_payments:
        return _("No payments yet.")
    lines = []
    for payment in facts.recent_payments[:3]:
        status = fmt.PAYMENT_STATUS.get(payment.status, payment.status)
        when = payment.scheduled_for or local_day(payment.created_at, facts.time_zone)
        lines.append(f"{day_month_column(when)} {fmt.money(payment.amount_cents):>10} {status}")
    return "\n".join(lines)


class DashboardScreen(BaseScreen):
    CSS_PATH = "dashboard.tcss"
    SIGNED_IN = True
    HELP = N_(
        "Your account at a glance: the amount due and its due date, your coverage, automatic "
        "payments, recent payments and alerts. The keys at the bottom open each section."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "section('payment')", N_("Make a Payment"), id="make_payment",
                tooltip=N_("Pay now by card or bank account")),
        Binding("a", "section('autopay')", N_("Automatic Payments"), id="autopay",
                tooltip=N_("Set up or change automatic payments")),
        Binding("h", "section('history')", N_("History"), id="history",
                tooltip=N_("Payments, invoices and receipts")),
        Binding("d", "section('documents')", N_("Documents"), id="documents",
                tooltip=N_("Bills, coverage notices, tax forms and receipts")),
        Binding("t", "section('troubleshooting')", N_("Troubleshooting"), id="troubleshooting",
                tooltip=N_("Step-by-step help with common problems")),
        Binding("w", "section('wallet')", N_("Wallet"), show=False, id="wallet",
                tooltip=N_("Saved cards and bank accounts: add, make default, remove")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?", id="dashboard_help"),
        Binding("q", "app.quit", N_("Quit"), id="dashboard_quit"),
        Binding("s", "settings", N_("Settings"), show=False, id="settings",
                tooltip=N_("Two-step sign-in and other settings")),
        Binding("r", "refresh", N_("Refresh"), show=False, id="refresh",
                tooltip=N_("Read the figures from the portal again")),
        Binding("o", "sign_out", N_("Sign out"), show=False, id="sign_out", tooltip=N_("Sign out")),
        Binding("n", "section('notifications')", N_("Notifications"), show=False,
                id="notifications", tooltip=N_("Notices, reminder settings, due dates calendar")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: Summary | None = None
        self.facts: AccountFacts | None = None
        self.offline_since: datetime | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dash"):
            yield Static("", id="greeting")
            yield Static("", id="banner")
            with Grid(id="panels"):
                yield Static("Loading…", id="due", classes="panel")
                yield Static("", id="coverage", classes="panel")
                yield Static("", id="autopay", classes="panel")
                yield Static("", id="payments", classes="panel")
            yield MonthsChart(compact=True, id="months")
            yield Static("", id="alerts")
            # the footer holds six keys at 80 columns; a seventh would wrap it onto two rows
            yield Static(_("More keys: w Wallet  s Settings  n Notices  r Refresh  o Sign out  "
                         "F4 Inbox"), id="more-keys")
            yield Static("", id="status", classes="status")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = _("Dashboard")
        for panel, title in (("due", _("Amount due")), ("coverage", _("Coverage")),
                             ("autopay", _("Automatic payments")),
                             ("payments", _("Recent payments"))):
            self.query_one(f"#{panel}").border_title = title

    def on_screen_resume(self) -> None:
        if self.summary is None:
            name = self.hc.first_name
            self.query_one("#greeting", Static).update(f"Hello{', ' + name if name else ''}.")
        self.load()

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False, group="dashboard", name="summary")
    async def load(self) -> None:
        from hcpay import cache
        from hcpay.facts import account

        client = await self.hc.portal()
        self.say(_("Reading your account…"), kind="busy")
        read = await account.load(client)
        self.offline_since = None
        self.show(read.summary, plans=read.plans, methods=read.methods)
        self.say("")
        connection = self.hc.connection
        if connection is not None and self.hc.username:
            data = {"summary": read.summary.model_dump(mode="json"),
                    "first_name": self.hc.first_name,
                    "plans": [plan.model_dump(mode="json") for plan in read.plans],
                    "methods": [method.model_dump(mode="json") for method in read.methods]}
            cache.save(connection.portal_key, self.hc.username, data)

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors

        if action != "summary":
            return False
        if isinstance(error, errors.NotFound):
            for panel in ("due", "coverage", "autopay", "payments"):
                self.query_one(f"#{panel}", Static).update(_("Not available yet."))
            self.query_one("#banner", Static).update(
                _("⚠ Not available: this portal does not give account figures yet (GET "
                "/api/v1/me/summary answered 404). Nothing is wrong with your account; for your "
                "balance, call Member Services at 1-877-623-6765.")
            )
            self.say("")
            return True
        if problems.is_unreachable(error):
            self.show_offline(problems.describe(error, typed=False))
            return True
        return False

    def show_offline(self, reason: str) -> None:
        from hcpay import cache
        from hcpay.api.models import PaymentMethod, PaymentPlan, Summary

        connection = self.hc.connection
        saved = cache.load(connection.portal_key if connection else "embedded",
                           self.hc.username) if self.hc.username else None
        if saved is None:
            self.query_one("#banner", Static).update(
                _("⚠ Offline. {reason} No earlier figures are saved on this computer.").format(
                    reason=reason)
            )
            return
        self.offline_since = saved.taken_at
        self.query_one("#banner", Static).update(
            _("⚠ Offline: the portal cannot be reached. Showing your last figures, "
            "{age_text}; they may be out of date. Press r to try again.").format(
                age_text=saved.age_text())
        )
        plans = [PaymentPlan.model_validate(p) for p in saved.data.get("plans") or []]
        methods = [PaymentMethod.model_validate(m) for m in saved.data.get("methods") or []]
        self.show(Summary.model_validate(saved.data["summary"]), plans=plans, methods=methods,
                  first_name=str(saved.data.get("first_name", "")))

    def show(self, summary: Summary, first_name: str | None = None,
             plans: Sequence[PaymentPlan] = (), methods: Sequence[PaymentMethod] = ()) -> None:
        """Show one summary (with the member's payment plans, not in the summary, and saved
        methods, which name autopay's). Offline, the saved summary's own "today" is used."""
        from hcpay.facts.account import AccountFacts

        self.summary = summary
        facts = AccountFacts.from_summary(summary, plans, methods)
        self.facts = facts
        name = first_name if first_name is not None else self.hc.first_name
        from hcpay.facts.words import member_id_label

        member = member_id_label(facts.member_id)
        self.query_one("#greeting", Static).update(
            _("Hello{name}. Figures as of {date}.").format(
                name=', ' + name if name else '', date=fmt.day(facts.today))
            + (f" {member}." if member else "")
        )
        if self.offline_since is None:
            self.query_one("#banner", Static).update("")
            self.query_one(MonthsChart).load(facts.today)
        self.query_one("#due", Static).update(due_text(facts))
        self.query_one("#coverage", Static).update(coverage_text(facts))
        self.query_one("#autopay", Static).update(autopay_text(facts))
        self.query_one("#payments", Static).update(payments_text(facts))
        alerts = [f"⚠ {a.message}" for a in facts.alerts]
        self.query_one("#alerts", Static).update(
            _("Alerts:\n") + "\n".join(alerts) if alerts else _("No alerts.")
        )

    async def action_section(self, section: str) -> None:
        if section == "payment":
            from screens.make_payment import MakePaymentScreen

            self.app.push_screen(MakePaymentScreen())
            return
        if section == "wallet":
            from screens.wallet import WalletScreen

            self.app.push_screen(WalletScreen())
            return
        if section == "documents":
            from screens.documents import DocumentsScreen

            self.app.push_screen(DocumentsScreen())
            return
        if section == "autopay":
            from screens.autopay import AutopayScreen

            self.app.push_screen(AutopayScreen())
            return
        await self.hc.go(section)

    async def action_settings(self) -> None:
        await self.hc.go("settings")

    async def action_sign_out(self) -> None:
        await self.hc.sign_out()

