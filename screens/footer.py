"""The footer of keys, wrapped onto more rows when they do not fit on one.

Textual's footer keeps every key on one row and scrolls the rest off the right edge, so at 60
columns (large fonts, a split terminal) "Troubleshooting" or "Quit" could not be read. This one
lays its keys out in as many columns as fit (a grid whose columns are as wide as their widest
key) when one row is not enough, and is the plain one-row footer otherwise."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from hcpay.domain.i18n import _


def columns_that_fit(widths: list[int], room: int) -> list[int]:
    """The widths of the most columns whose widest keys, side by side, fit in ``room`` cells
    (one column at least; keys fill the rows left to right)."""
    for count in range(len(widths), 0, -1):
        columns = [max(widths[c::count]) for c in range(count)]
        if sum(columns) <= room:
            return columns
    return [room]


class KeyFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):  # a binding's words, in the member's language
                widget.description = _(widget.description)
                if widget.tooltip and isinstance(widget.tooltip, str):
                    widget.tooltip = _(widget.tooltip)
            yield widget
        self.call_after_refresh(self.fit)

    def on_resize(self, event: events.Resize) -> None:
        self.fit()

    def fit(self) -> None:
        if not self.is_attached or not self.size.width:
            return
        keys = list(self.query_children(FooterKey))
        widths = [
            key.get_content_width(self.size, self.app.size) + key.styles.gutter.width
            + key.styles.margin.width
            for key in keys
        ]
        room = self.size.width
        styles = self.styles
        if not widths or sum(widths) <= room:
            if styles.layout is not None and styles.layout.name == "grid":
                styles.layout = "horizontal"
                styles.height = 1
            return
        columns = columns_that_fit(widths, room)
        styles.layout = "grid"
        styles.grid_size_columns = len(columns)
        styles.grid_columns = " ".join(map(str, columns))
        styles.height = "auto"
