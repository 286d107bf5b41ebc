"""The dashboard: what is owed and when, coverage (with grace warnings), automatic payments,
recent payments and alerts, from one call (GET /api/v1/me/summary). Offline, the last snapshot
is shown marked with its time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.widgets import Header, Static

from hcpay.domain.date_words import next_bill_day
from screens import fmt, problems
from screens.base import BaseScreen
from screens.footer import KeyFooter
from screens.history_chart import MonthsChart

if TYPE_CHECKING:
    from hcpay.api.models import Summary

class DashboardScreen(BaseScreen):
    CSS_PATH = "dashboard.tcss"
    SIGNED_IN = True
    HELP = (
        "Your account at a glance: the amount due and its due date, your coverage, automatic "
        "payments, recent payments and alerts. The keys at the bottom open each section."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "section('payment')", "Make a Payment", id="make_payment",
                tooltip="Pay now by card or bank account"),
        Binding("a", "section('autopay')", "Automatic Payments", id="autopay",
                tooltip="Set up or change automatic payments"),
        Binding("h", "section('history')", "History", id="history",
                tooltip="Payments, invoices and receipts"),
        Binding("t", "section('troubleshooting')", "Troubleshooting", id="troubleshooting",
                tooltip="Step-by-step help with common problems"),
        Binding("w", "section('wallet')", "Wallet", show=False, id="wallet",
                tooltip="Saved cards and bank accounts: add, make default, remove"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="dashboard_help"),
        Binding("q", "app.quit", "Quit", id="dashboard_quit"),
        Binding("s", "settings", "Settings", show=False, id="settings",
                tooltip="Two-step sign-in and other settings"),
        Binding("r", "refresh", "Refresh", show=False, id="refresh",
                tooltip="Read the figures from the portal again"),
        Binding("o", "sign_out", "Sign out", show=False, id="sign_out", tooltip="Sign out"),
        Binding("n", "section('notifications')", "Notifications", show=False,
                id="notifications", tooltip="Notices, reminder settings, due dates calendar"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: Summary | None = None
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
            yield Static("More keys: w Wallet  s Settings  n Notices  r Refresh  o Sign out  "
                         "F4 Inbox", id="more-keys")
            yield Static("", id="status", classes="status")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "Dashboard"
        for panel, title in (("due", "Amount due"), ("coverage", "Coverage"),
                             ("autopay", "Automatic payments"), ("payments", "Recent payments")):
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

        client = await self.hc.portal()
        self.say("Reading your account…", kind="busy")
        summary = await client.summary()
        self.offline_since = None
        self.show(summary)
        self.say("")
        connection = self.hc.connection
        if connection is not None and self.hc.username:
            data = {"summary": summary.model_dump(mode="json"), "first_name": self.hc.first_name}
            cache.save(connection.portal_key, self.hc.username, data)

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors

        if action != "summary":
            return False
        if isinstance(error, errors.NotFound):
            for panel in ("due", "coverage", "autopay", "payments"):
                self.query_one(f"#{panel}", Static).update("Not available yet.")
            self.query_one("#banner", Static).update(
                "⚠ Not available: this portal does not give account figures yet (GET "
                "/api/v1/me/summary answered 404). Nothing is wrong with your account; for your "
                "balance, call Member Services at 1-877-623-6765."
            )
            self.say("")
            return True
        if problems.is_unreachable(error):
            self.show_offline(problems.describe(error))
            return True
        return False

    def show_offline(self, reason: str) -> None:
        from hcpay import cache
        from hcpay.api.models import Summary

        connection = self.hc.connection
        saved = cache.load(connection.portal_key if connection else "embedded",
                           self.hc.username) if self.hc.username else None
        if saved is None:
            self.query_one("#banner", Static).update(
                f"⚠ Offline. {reason} No earlier figures are saved on this computer."
            )
            return
        self.offline_since = saved.taken_at
        self.query_one("#banner", Static).update(
            f"⚠ Offline: the portal cannot be reached. Showing your last figures, "
            f"{saved.age_text()}; they may be out of date. Press r to try again."
        )
        self.show(Summary.model_validate(saved.data["summary"]),
                  first_name=str(saved.data.get("first_name", "")))

    def show(self, summary: Summary, first_name: str | None = None) -> None:
        self.summary = summary
        name = first_name if first_name is not None else self.hc.first_name
        today: date = summary.as_of.astimezone(UTC).date()
        self.query_one("#greeting", Static).update(
            f"Hello{', ' + name if name else ''}. Figures as of {fmt.day(summary.as_of)}."
        )
        if self.offline_since is None:
            self.query_one("#banner", Static).update("")
            self.query_one(MonthsChart).load(today)
        self.query_one("#due", Static).update(self._due_text(summary, today))
        self.query_one("#coverage", Static).update(self._coverage_text(summary))
        self.query_one("#autopay", Static).update(self._autopay_text(summary))
        self.query_one("#payments", Static).update(self._payments_text(summary))
        alerts = [f"⚠ {a.message}" for a in summary.alerts]
        self.query_one("#alerts", Static).update(
            "Alerts:\n" + "\n".join(alerts) if alerts else "No alerts."
        )

    @staticmethod
    def _due_text(summary: Summary, today: date) -> str:
        lines = [f"[b]{fmt.money(summary.balance_due_cents)}[/b] owed now"]
        nxt = summary.next_due
        if nxt is not None and nxt.due_date < today:
            lines.append(f"⚠ {fmt.money(nxt.amount_cents)} was due {fmt.day(nxt.due_date)}")
            lines.append(fmt.days_left(nxt.due_date, today))
        elif nxt is not None:
            lines.append(f"Next: {fmt.money(nxt.amount_cents)} due {fmt.day(nxt.due_date)}")
            lines.append(fmt.days_left(nxt.due_date, today))
        elif summary.coverage_status != "terminated":
            lines.append(f"Nothing due. Your next bill comes {fmt.day(next_bill_day(today))}.")
        else:
            lines.append("Nothing due next.")
        return "\n".join(lines)

    @staticmethod
    def _coverage_text(summary: Summary) -> str:
        lines = [fmt.COVERAGE_STATUS.get(summary.coverage_status, summary.coverage_status)]
        grace = summary.grace
        if grace is not None:
            lines.append(f"Month {grace.month} of {grace.of} of your grace period.")
            if grace.ends_on is not None:
                lines.append(f"Pay by {fmt.day(grace.ends_on)} to keep your coverage.")
            else:
                lines.append("Pay the past-due amount to keep your coverage.")
        elif summary.coverage_status == "terminated":
            lines.append("Call Member Services about reinstatement.")
        return "\n".join(lines)

    @staticmethod
    def _autopay_text(summary: Summary) -> str:
        autopay = summary.autopay
        if autopay is None or not autopay.enabled:
            return "Off. Press a to set it up."
        lines = ["✓ On"]
        if autopay.amount is not None:
            if autopay.amount.type == "fixed" and autopay.amount.amount_cents is not None:
                lines.append(f"Pays {fmt.money(autopay.amount.amount_cents)} each time")
            else:
                lines.append("Pays the full balance")
        if autopay.next_draw_date is not None:
            lines.append(f"Next draw {fmt.day(autopay.next_draw_date)}")
        return "\n".join(lines)

    @staticmethod
    def _payments_text(summary: Summary) -> str:
        if not summary.recent_payments:
            return "No payments yet."
        lines = []
        for payment in summary.recent_payments[:3]:
            status = fmt.PAYMENT_STATUS.get(payment.status, payment.status)
            when = payment.scheduled_for or payment.created_at.date()
            lines.append(f"{when:%b} {when.day:>2} {fmt.money(payment.amount_cents):>10} {status}")
        return "\n".join(lines)

    async def action_section(self, section: str) -> None:
        if section == "payment":
            from screens.make_payment import MakePaymentScreen

            self.app.push_screen(MakePaymentScreen())
            return
        if section == "wallet":
            from screens.wallet import WalletScreen

            self.app.push_screen(WalletScreen())
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

