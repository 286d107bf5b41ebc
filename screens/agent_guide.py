"""The guide pane: every flow's numbered steps with what the member sees at each, from the same
definitions the member's screens use (hcpay/flows), so "press p, then Enter on step 2" is
something an agent can read out. Up/Down picks a flow; Tab moves to the steps to scroll them."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from hcpay.domain.i18n import N_
from hcpay.flows import Flow
from hcpay.flows.catalog import all_flows, flow_named
from screens.base import BaseScreen
from screens.footer import KeyFooter

# How a member reaches each flow, in the keys they press.
HOW_TO_OPEN = {
    "sign_in": "It is the first screen hcpay shows.",
    "create_account": "On the sign-in screen, press F2.",
    "forgot_password": "On the sign-in screen, press F3.",
    "make_payment": "On the dashboard, press p.",
    "autopay": "On the dashboard, press a.",
    "history": "On the dashboard, press h.",
}


def how_to_open(flow: Flow) -> str:
    if flow.name in HOW_TO_OPEN:
        return HOW_TO_OPEN[flow.name]
    if flow.name.startswith("troubleshoot"):
        return f"On the dashboard, press t, then choose \u201c{flow.title}\u201d."
    return "Ask the member which screen they are on (its name is in the top bar)."


def guide_text(flow: Flow) -> str:
    lines = [f"[b]{flow.title}[/b] ({flow.total} steps)", how_to_open(flow)]
    if flow.help:
        lines.append(flow.help)
    lines.append("On every step, Enter goes on and Esc goes back one step; nothing typed is lost.")
    for step in flow.steps:
        lines += ["", f"[b]{flow.heading(step.number)}[/b]"]
        for field in step.fields:
            default = f" (default: {field.default})" if field.default else ""
            optional = "" if field.required or field.kind == "checkbox" else " (optional)"
            lines.append(f"  • {field.label}{optional}{default}")
            if field.kind == "choice" and field.choices:
                lines.append("      choices: " + ", ".join(label for _, label in field.choices))
        if step.help:
            lines.append(f"  {step.help}")
        if step.fields:
            lines.append(f"  Then Enter: {step.submit_label}.")
    return "\n".join(lines)


class AgentGuideScreen(BaseScreen):
    DEFAULT_CSS = """
    AgentGuideScreen #flows { height: auto; max-height: 7; margin: 0 1; }
    AgentGuideScreen #guide { padding: 0 1; border-left: blank; }
    AgentGuideScreen #guide:focus { border-left: outer $accent; }
    """
    HELP = N_(
        "The numbered steps of each flow, the same numbers the member sees on their screen. "
        "Up and Down pick a flow; Tab moves to the steps, where the arrow keys scroll. "
        "Esc goes back."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="guide_back", tooltip="Back to where you were"),
        Binding("f1", "app.help", "Help", id="guide_help"),
    ]

    def __init__(self, flow_name: str | None = None) -> None:
        super().__init__()
        self.flows = all_flows()
        wanted = flow_named(flow_name) if flow_name else None
        self.start = self.flows.index(wanted) if wanted in self.flows else 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(*[Option(f"{f.title} ({f.total} steps)", id=f.name)
                           for f in self.flows], id="flows")
        with VerticalScroll(id="guide", can_focus=True):
            yield Static("", id="guide-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Guide: the member's steps"
        flows = self.query_one("#flows", OptionList)
        flows.highlighted = self.start
        flows.focus()
        self.show(self.flows[self.start])

    @on(OptionList.OptionHighlighted, "#flows")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show(self.flows[event.option_index])

    @on(OptionList.OptionSelected, "#flows")
    def _selected(self) -> None:
        self.query_one("#guide").focus()

    def show(self, flow: Flow) -> None:
        self.query_one("#guide-text", Static).update(guide_text(flow))
        self.query_one("#guide").scroll_home(animate=False)

    def action_back(self) -> None:
        self.dismiss(None)
