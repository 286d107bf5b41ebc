"""The chart of billed against paid for the last 12 months, drawn with Unicode blocks: a left
bar for what was billed, a right bar for what was paid, and under each month a mark (✓ paid,
✗ missed, ½ short, ◷ not due yet) so that no state is told by colour alone. The words under the
chart say the same for a screen reader. Used large on History and small on the dashboard."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import Static

from hcpay.domain.i18n import N_, _
from hcpay.flows.history_months import summary_sentence
from screens.services import services

if TYPE_CHECKING:
    from hcpay.flows.history_months import Month

LEVELS = " ▁▂▃▄▅▆▇█"


def _column(value: int, top: int, height: int, *, shade: bool = False) -> list[str]:
    """One bar, top row first: ``height`` characters tall, in eighths of a row. A shaded bar
    (billed) is drawn in ▒ to half a row, so it differs from the paid bar without colour."""
    eighths = 0 if top <= 0 else round(value * height * 8 / top)
    if value > 0 and eighths == 0:
        eighths = 1  # something billed or paid always shows
    levels = [max(0, min(8, eighths - (height - 1 - row) * 8)) for row in range(height)]
    if shade:
        return ["▒" if level >= 4 or (level and row == height - 1) else " "
                for row, level in enumerate(levels)]
    return [LEVELS[level] for level in levels]


def draw(months: list[Month], *, height: int = 4, compact: bool = False,
         per_row: int = 12) -> Text:
    """The chart as Rich text: bars ``height`` rows tall, then month names with their marks;
    ``per_row`` months side by side (6 puts the year in two halves, for a narrow terminal)."""
    top = max((max(m.billed_cents, m.paid_cents) for m in months), default=0)
    text = Text()
    for start in range(0, len(months), per_row):
        if start:
            text.append("\n")
        _draw_row(text, months[start:start + per_row], top, height, compact)
    return text


def chart_width(count: int, *, compact: bool = False) -> int:
    """Columns the chart needs for ``count`` months side by side."""
    width = 5 if compact else 6
    return max(0, count * width - 1)


def _draw_row(text: Text, months: list[Month], top: int, height: int, compact: bool) -> None:
    width = 5 if compact else 6
    bars = [(_column(m.billed_cents, top, height, shade=True),
             _column(m.paid_cents, top, height))
            for m in months]
    for row in range(height):
        for billed, paid in bars:
            text.append(billed[row] * (1 if compact else 2), style="dim")
            text.append(paid[row] * (1 if compact else 2), style="bold")
            text.append(" " * (width - (2 if compact else 4)))
        text.append("\n")
    for month in months:
        label = f"{month.label[:3]}{month.mark}" if compact else f"{month.label} {month.mark}"
        style = "bold reverse" if month.state in ("missed", "short") else ""
        text.append(label, style=style)
        text.append(" " * (width - len(label)))


LEGEND = N_("▒ billed, █ paid.  ✓ paid  ✗ missed  ½ short  ◷ not due yet")


class MonthsChart(Static):
    """The chart with its words. ``load()`` reads the invoices itself (dashboard use)."""

    DEFAULT_CSS = "MonthsChart { height: auto; }"

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.compact = compact
        self.months: list[Month] = []
        self.halves = False

    def show(self, months: list[Month]) -> None:
        self.months = months
        self.halves = self._halves()
        words = summary_sentence(months)
        per_row = 6 if self.halves else 12
        if self.compact:
            text = Text(_("Last 12 months (▒ billed, █ paid):") + "\n")
            text.append_text(draw(months, height=1, compact=True, per_row=per_row))
            text.append("\n" + words)
        else:
            # In halves the bars are shorter, so the list under the chart still has room.
            text = draw(months, height=2 if self.halves else 4, per_row=per_row)
            text.append("\n" + _(LEGEND) + "\n" + words)
        self.update(text)

    def _halves(self) -> bool:
        """Too narrow for a year side by side (the chart would wrap mid-month): two halves."""
        room = self.content_size.width
        return 0 < room < chart_width(len(self.months), compact=self.compact)

    def on_resize(self) -> None:
        if self.months and self._halves() != self.halves:
            self.show(self.months)

    def words(self) -> str:
        """Every month in words, oldest first (the chart for a screen reader)."""
        return "\n".join(m.sentence() for m in self.months)

    @work(exclusive=True, exit_on_error=False, group="months-chart")
    async def load(self, today: date) -> None:
        """Read the member's bills and draw them (the dashboard's small chart)."""
        from hcpay.api.pages import every_invoice
        from hcpay.flows.history_months import last_months

        app = services(self)
        try:
            client = await app.portal()
            invoices = await every_invoice(client, "all")
        except Exception as error:  # the dashboard's own figures say what went wrong
            self.update(_("Chart of the last 12 months: not available right now ({error}); r "
                          "reads it again.").format(error=type(error).__name__))
            return
        self.show(last_months(invoices, today))
