"""History: a chart of billed against paid for the last 12 months (with the same in words), and
the member's payments or invoices with their status. Payments come from the portal a page at a
time, newest first, and the next page loads as the member moves down the list, so the first rows
show as fast for 10,000 payments as for 100. Enter opens a receipt; x cancels a scheduled
payment (after asking); f filters by status; e exports CSV to the documents folder."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from hcpay.domain.date_words import day_month
from hcpay.domain.i18n import N_, _, ngettext
from hcpay.domain.money import format_cents
from hcpay.facts import payments_csv
from hcpay.facts.clock import local_day
from hcpay.facts.labels import method_label
from screens import fmt
from screens.base import BaseScreen
from screens.footer import KeyFooter
from screens.history_chart import MonthsChart

if TYPE_CHECKING:
    from hcpay.api.models import Invoice, Payment

PAGE = 50
EXPORT_PAGE = 200
# Load the next page when the highlighted row is this close to the last one loaded.
AHEAD = 15

# (portal status or None for all, the words shown)
FILTERS: tuple[tuple[str | None, str], ...] = (
    (None, "all"),
    ("processing", "processing"),
    ("succeeded", "settled"),
    ("returned", "returned"),
    ("failed", "failed"),
    ("scheduled", "scheduled"),
    ("canceled", "canceled"),
)

# Short words for a failure, to fit the Status column (the receipt and guide 2 say more).
FAILURE_WORDS = {
    "insufficient_funds": "no funds", "generic_decline": "declined", "lost_card": "lost card",
    "stolen_card": "stolen card", "expired_card": "expired", "incorrect_cvc": "wrong CVC",
    "processing_error": "error",
}

# (heading, width, key) of the payment columns: wide, and under 72 columns two lines a row.
# Each width holds one space after the text, the only gap between columns (no cell padding):
# at 80 columns a "Visa ending 4242" and a "◷ Scheduled Dec 15" fit on one line.
WIDE_COLUMNS = (("Date", 13, "date"), ("Reference", 14, "reference"), ("Amount", 11, "amount"),
                ("Method", 20, "method"), ("Status", 19, "status"))
NARROW_COLUMNS = (("Date, reference", 16, "date"), ("Amount, method", 21, "amount"),
                  ("Status", 19, "status"))


def fit(text: str, width: int) -> str:
    """Words that do not fit the column go on to a second line (never cut off); a method's
    label breaks before "ending" (``Bank account`` / ``ending 6789``)."""
    if len(text) > width and " ending " in text:
        name, last4 = text.split(" ending ", 1)
        return fit(name, width) + "\nending " + last4
    if len(text) <= width or " " not in text[: width + 1]:
        return text
    cut = text.rindex(" ", 0, width + 1)
    return text[:cut] + "\n" + fit(text[cut + 1:], width)


INVOICE_STATUS = {"paid": "✓ Paid", "open": "◷ Open", "past_due": "✗ Past due", "void": "- Void"}


def method_words(payment: Payment) -> str:
    """``Visa ending 4242``, the one wording (two lines in the narrow column)."""
    return method_label(payment.method)


def status_words(payment: Payment) -> str:
    """The payment's state in words with a mark, and the date that goes with it."""
    status = payment.status
    marked = fmt.PAYMENT_STATUS.get(status, status)
    if status == "succeeded" and payment.settled_on is not None:
        return f"{marked} {day_month(payment.settled_on)}"
    if status == "processing":
        expected = payment.expected_settlement_date
        return _("{marked} to {date}").format(
            marked=marked, date=day_month(expected)) if expected else marked
    if status == "scheduled" and payment.scheduled_for is not None:
        return f"{marked} {day_month(payment.scheduled_for)}"
    if status == "failed":
        reason = payment.decline_code or payment.code or ""
        return f"{marked}: {FAILURE_WORDS.get(reason, 'declined')}"
    if status == "returned":
        return f"{marked} ({payment.return_code or 'bank'})"
    return marked


class HistoryScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    HistoryScreen #chart { padding: 0 1; }
    HistoryScreen #list-title { padding: 0 1; text-style: bold; }
    HistoryScreen #rows { height: 1fr; padding-left: 1; }
    HistoryScreen #status { padding: 0 1; }
    """
    HELP = N_(
        "Your last 12 months as a chart: for each month a left bar for what was billed and a "
        "right bar for what was paid, with a mark under it (✓ paid, ✗ missed, ½ short, ◷ not "
        "due yet); the line under the chart says the same in words, and w reads every month. "
        "Below it, your payments, newest first: more load as you move down. f changes which "
        "status is shown, i switches between payments and bills, Enter opens a receipt, x "
        "cancels a scheduled payment, e saves everything shown as CSV in your documents folder."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="history_back",
                tooltip=N_("Back to the dashboard")),
        Binding("f", "next_filter", N_("Filter"), id="history_filter",
                tooltip=N_("Show only one status: processing, settled, returned, failed, "
                           "scheduled")),
        Binding("enter", "open_receipt", N_("Receipt"), id="history_receipt"),
        Binding("x", "cancel_payment", N_("Cancel"), id="history_cancel",
                tooltip=N_("Cancel the highlighted scheduled payment (asks first)")),
        Binding("e", "export", "CSV", id="history_export",
                tooltip=N_("Save the payments shown as CSV in your documents folder")),
        Binding("i", "toggle_invoices", N_("Bills"), id="history_invoices",
                tooltip=N_("Switch between payments and bills (invoices)")),
        Binding("w", "words", N_("Words"), id="history_words",
                tooltip=N_("The chart in words, month by month")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_index = 0
        self.showing = "payments"
        self.payments: dict[str, Payment] = {}
        self.invoices: list[Invoice] = []
        self.next_cursor: str | None = None
        self.loading_more = False
        self.generation = 0
        self.resumed_at = -10.0
        self.chart_wanted = False
        self.table_narrow = False  # the rows are laid out for a narrow terminal
        self.time_zone: str | None = None  # the portal's, once read: the days of payments
        self.unread = False  # the payments could not be read (offline): not "none"
        self.today: date | None = None  # the portal's

    @property
    def narrow(self) -> bool:
        """Under 72 columns (the app's breakpoint): each row takes two lines, so that every
        column can be read without scrolling sideways."""
        return self.has_class("-narrow")

    def on_resize(self) -> None:
        # Textual calls this before its own handler sets the breakpoint class: look after it.
        self.call_later(self._fit_table)

    def _fit_table(self) -> None:
        if self.narrow == self.table_narrow:
            return
        if self.showing == "invoices":
            self.show_invoices()
            return
        table: DataTable[str] = self.query_one("#rows", DataTable)
        row = table.cursor_row
        payments = list(self.payments.values())
        self._payment_columns(table)
        self.payments.clear()
        self._add_payments(payments)
        if payments:
            table.move_cursor(row=row)

    @property
    def status_filter(self) -> str | None:
        return FILTERS[self.filter_index][0]

    def compose(self) -> ComposeResult:
        yield Header()
        yield MonthsChart(id="chart")
        yield Static(_("Payments"), id="list-title")
        table: DataTable[str] = DataTable(id="rows", cursor_type="row", zebra_stripes=False)
        yield table
        yield Static("", id="status", classes="status")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = _("History")
        self.query_one("#chart", MonthsChart).update(_("Reading your bills…"))

    def on_screen_resume(self) -> None:
        import time

        self.query_one("#rows").focus()
        # Textual may resume a screen twice as it is switched to: read the portal once.
        if time.monotonic() - self.resumed_at > 1.0:
            self.resumed_at = time.monotonic()
            self.reload()

    def reload(self) -> None:
        """Read everything again. The first page of rows goes first; the chart follows it."""
        self.chart_wanted = True
        if self.showing == "payments":
            self.start_payments()
        else:
            self.load_invoices()
            self.load_chart()

    # -- the chart ---------------------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="history-chart", name="chart")
    async def load_chart(self) -> None:
        import asyncio

        from hcpay.api.pages import every_invoice
        from hcpay.flows.history_months import last_months

        client = await self.hc.portal()
        summary, self.invoices = await asyncio.gather(
            client.summary(), every_invoice(client, "all")
        )
        from hcpay.facts.clock import today_of

        self.today, self.time_zone = today_of(summary), summary.time_zone
        self.query_one("#chart", MonthsChart).show(last_months(self.invoices, self.today))
        if self.showing == "invoices":
            self.show_invoices()

    def failed(self, action: str, error: BaseException) -> bool:
        """Offline: say so without promising that something typed is kept (nothing was), and
        never call the payments "none" when they could not be read."""
        from screens import problems

        if not problems.is_unreachable(error):
            return False
        if action == "payments":
            self.unread = True
            self._title()
        self.say(_("{typed} Press Esc, then h, to try again.").format(
            typed=problems.describe(error, typed=False)),
                 kind="error")
        return True

    def action_words(self) -> None:
        from screens.text_view import TextViewScreen

        chart = self.query_one("#chart", MonthsChart)
        if not chart.months:
            self.say(_("The chart has not loaded yet."), kind="warn")
            return
        self.app.push_screen(TextViewScreen("The last 12 months in words", chart.words()))

    # -- payments, a page at a time ----------------------------------------------------------

    def _payment_columns(self, table: DataTable[str]) -> None:
        table.clear(columns=True)
        self.table_narrow = self.narrow
        table.cell_padding = 0
        for label, width, key in NARROW_COLUMNS if self.table_narrow else WIDE_COLUMNS:
            table.add_column(label, width=width, key=key)

    def start_payments(self) -> None:
        self.generation += 1
        self.payments.clear()
        self.next_cursor = None
        table: DataTable[str] = self.query_one("#rows", DataTable)
        self._payment_columns(table)
        self._title()
        self.load_page(self.generation, None)

    @work(exclusive=True, exit_on_error=False, group="history-page", name="payments")
    async def load_page(self, generation: int, cursor: str | None) -> None:
        self.loading_more = True
        try:
            client = await self.hc.portal()
            if self.time_zone is None:  # the days of the payments are the portal's
                from hcpay.facts.clock import portal_today

                self.today, self.time_zone = await portal_today(client)
            page = await client.payments(self.status_filter, cursor=cursor, limit=PAGE)
        finally:
            self.loading_more = False
        if generation != self.generation:
            return  # the filter changed while this page was on its way
        self.unread = False
        self._add_payments(page.items)
        self.next_cursor = page.next_cursor
        self._title()
        if self.chart_wanted:
            self.chart_wanted = False
            self.load_chart()
        self._maybe_more()  # the member may already be at the end of what had loaded

    def _add_payments(self, payments: list[Payment]) -> None:
        table: DataTable[str] = self.query_one("#rows", DataTable)
        rows: list[tuple[tuple[str, ...], str]] = []
        for p in payments:
            if p.reference in self.payments:
                continue
            self.payments[p.reference] = p
            when = local_day(p.created_at, self.time_zone)
            amount = f"{format_cents(p.amount_cents):>10}"
            cells: tuple[str, ...]
            if self.table_narrow:
                cells = (f"{fmt.day(when)}\n{p.reference}",
                         f"{amount}\n{fit(method_words(p), NARROW_COLUMNS[1][1] - 1)}",
                         fit(status_words(p), NARROW_COLUMNS[2][1] - 1))
            else:
                cells = (fmt.day(when), p.reference, amount,
                         fit(method_words(p), WIDE_COLUMNS[3][1] - 1),
                         fit(status_words(p), WIDE_COLUMNS[4][1] - 1))
            rows.append((cells, p.reference))
        for cells, key in rows:
            table.add_row(*cells, key=key, height=max(cell.count("\n") + 1 for cell in cells))

    def _title(self) -> None:
        words = FILTERS[self.filter_index][1]
        if self.showing == "invoices":
            text = _("Bills: {invoices}, newest first.  i: back to payments").format(
                invoices=len(self.invoices))
        else:
            count = len(self.payments)
            more = _(", more below") if self.next_cursor else ""
            if not count and self.unread:
                shown = _("not read, the portal cannot be reached")
            elif not count and not self.loading_more and self.next_cursor is None:
                shown = "none"
            else:
                shown = _("{count} shown{more}").format(count=count, more=more)
            text = _("Payments, {words}: {shown}.  Enter: receipt  f: filter").format(
                words=words, shown=shown)
        self.query_one("#list-title", Static).update(text)

    @on(DataTable.RowHighlighted, "#rows")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._maybe_more()

    def _maybe_more(self) -> None:
        """Load the next page when the highlighted row is near the last one loaded."""
        if self.showing != "payments" or self.next_cursor is None or self.loading_more:
            return
        table: DataTable[str] = self.query_one("#rows", DataTable)
        if table.cursor_row >= table.row_count - AHEAD:
            self.loading_more = True
            self.load_page(self.generation, self.next_cursor)

    def action_next_filter(self) -> None:
        if self.showing != "payments":
            self.showing = "payments"
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        self.start_payments()
        self.say(_("Showing {filter_index} payments.").format(
            filter_index=FILTERS[self.filter_index][1]))

    def highlighted(self) -> Payment | None:
        table: DataTable[str] = self.query_one("#rows", DataTable)
        if self.showing != "payments" or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.payments.get(key) if key is not None else None

    # -- bills -------------------------------------------------------------------------------

    def action_toggle_invoices(self) -> None:
        if self.showing == "payments":
            self.showing = "invoices"
            self.show_invoices()
            self.load_invoices()
        else:
            self.showing = "payments"
            self.start_payments()

    @work(exclusive=True, exit_on_error=False, group="history-page", name="invoices")
    async def load_invoices(self) -> None:
        from hcpay.api.pages import every_invoice

        client = await self.hc.portal()
        self.invoices = await every_invoice(client, "all")
        if self.showing == "invoices":
            self.show_invoices()

    def show_invoices(self) -> None:
        table: DataTable[str] = self.query_one("#rows", DataTable)
        table.clear(columns=True)
        table.cell_padding = 1
        self.table_narrow = self.narrow
        if self.table_narrow:
            table.add_column(_("Month, policy"), width=13, key="month")
            table.add_column(_("Billed, paid"), width=12, key="billed")
            table.add_column(_("Due, status"), width=12, key="due")
            for inv in self.invoices:
                month = date.fromisoformat(inv.coverage_month + "-01")
                table.add_row(
                    f"{month:%b %Y}\n{inv.policy}",
                    f"{format_cents(inv.amount_cents):>10}\n{format_cents(inv.paid_cents):>10}",
                    f"{fmt.day(inv.due_date)}\n{INVOICE_STATUS.get(inv.status, inv.status)}",
                    key=inv.invoice_id, height=2,
                )
            self._title()
            return
        table.add_column(_("Month"), width=9, key="month")
        table.add_column(_("Policy"), width=7, key="policy")
        table.add_column(_("Billed"), width=10, key="billed")
        table.add_column(_("Paid"), width=10, key="paid")
        table.add_column(_("Due"), width=12, key="due")
        table.add_column(_("Status"), width=11, key="status")
        for inv in self.invoices:
            month = date.fromisoformat(inv.coverage_month + "-01")
            table.add_row(
                f"{month:%b %Y}", inv.policy, f"{format_cents(inv.amount_cents):>10}",
                f"{format_cents(inv.paid_cents):>10}", fmt.day(inv.due_date),
                INVOICE_STATUS.get(inv.status, inv.status), key=inv.invoice_id,
            )
        self._title()

    # -- receipt, cancel, export -------------------------------------------------------------

    def action_open_receipt(self) -> None:
        from screens.receipt import ReceiptScreen

        payment = self.highlighted()
        if payment is None:
            self.say(_("Choose a payment first (receipts are for payments, not bills)."),
                     kind="warn")
            return
        self.app.push_screen(ReceiptScreen(payment))

    @on(DataTable.RowSelected, "#rows")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_receipt()

    def action_cancel_payment(self) -> None:
        from screens.confirm import ConfirmScreen

        payment = self.highlighted()
        if payment is None or payment.status != "scheduled":
            self.say(_("Only a scheduled payment can be canceled: highlight one first "
                     "(f shows scheduled payments)."), kind="warn")
            return
        when = payment.scheduled_for
        question = (_("Cancel the payment {reference} of "
                    "{amount} scheduled for "
                    "{date}? Nothing will be charged for it.").format(
                        reference=payment.reference, amount=format_cents(payment.amount_cents),
                        date=fmt.day(when) if when else 'later'))

        def answered(yes: bool | None) -> None:
            if yes:
                self.cancel(payment.reference)
            else:
                self.say(_("Kept: the scheduled payment was not canceled."))

        self.app.push_screen(
            ConfirmScreen("Cancel a scheduled payment", question, yes=_("cancel the payment"),
                          no=_("keep it")),
            answered,
        )

    @work(exclusive=True, exit_on_error=False, group="history-cancel", name="cancel")
    async def cancel(self, reference: str) -> None:
        client = await self.hc.portal()
        self.say(_("Canceling {reference}…").format(reference=reference), kind="busy")
        await client.cancel_payment(reference)
        self.start_payments()
        self.say(_("Canceled {reference}: it will not be charged.").format(
            reference=reference), kind="ok")

    @work(exclusive=True, exit_on_error=False, group="history-export", name="export")
    async def action_export(self) -> None:
        from hcpay import documents

        client = await self.hc.portal()
        words = FILTERS[self.filter_index][1]
        self.say(_("Exporting {words} payments…").format(words=words), kind="busy")
        parts = [payments_csv.header()]
        count = 0
        cursor: str | None = None
        while True:
            page = await client.payments(self.status_filter, cursor=cursor, limit=EXPORT_PAGE)
            parts.append(payments_csv.rows(page.items))
            count += len(page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
        if self.today is None:
            from hcpay.facts.clock import portal_today

            self.today, self.time_zone = await portal_today(client)
        today = self.today.isoformat()
        suffix = "" if self.status_filter is None else f"-{words}"
        path = documents.save(f"hcpay-payments{suffix}-{today}.csv", "".join(parts))
        self.say(ngettext("Saved {count} payment as CSV: {path}",
                          "Saved {count} payments as CSV: {path}", count).format(
                              count=count, path=path), kind="ok")

    async def action_back(self) -> None:
        await self.hc.go("dashboard")

