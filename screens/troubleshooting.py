"""Troubleshooting: the guides of hcpay.flows.troubleshoot_guides, each looking at the member's
real account first ("What we see"), then its numbered steps, the step that fits marked with ▶.
1-6 (or Up/Down and Enter) choose a guide; r does the guide's one action (send a reset code,
request a payment plan after asking, get a support code)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, ListItem, ListView, Static

from hcpay.domain.i18n import N_, _
from hcpay.flows.troubleshoot_guides import GUIDES
from screens.base import BaseScreen
from screens.footer import KeyFooter

if TYPE_CHECKING:
    from hcpay.flows.troubleshoot import Finding, Guide


class TroubleshootingScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    TroubleshootingScreen #guides { width: 25; border-right: vkey $foreground 30%; }
    TroubleshootingScreen #guides > ListItem.-highlight { text-style: bold reverse; }
    TroubleshootingScreen #pane { width: 1fr; padding: 0 1; }
    TroubleshootingScreen #guide-title { text-style: bold; }
    TroubleshootingScreen #found { border: round $foreground 40%; padding: 0 1; height: auto; }
    TroubleshootingScreen #guide-input { width: 40; }
    TroubleshootingScreen #guide-input.-hidden { display: none; }
    TroubleshootingScreen #status { padding: 0 1; }
    """
    HELP = N_(
        "Step-by-step help that looks at your own account first. Choose a guide with its number "
        "(1-6) or with Up, Down and Enter. 'What we see' says what the portal shows for you; "
        "the steps below are the same numbered steps a support agent reads, and ▶ marks the one "
        "that fits. r does the guide's action where it has one (send a reset code, request a "
        "payment plan, get a support code). n opens notifications and reminders."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="trouble_back",
                tooltip=N_("Back to the dashboard")),
        Binding("r", "act", N_("Do it"), id="trouble_act",
                tooltip=N_("The guide's action: reset code, payment plan or support code")),
        Binding("l", "look", N_("Look again"), id="trouble_look", show=False,
                tooltip=N_("Read your account again")),
        Binding("n", "notifications", N_("Notifications"), id="trouble_notifications",
                tooltip=N_("Notices, reminder settings, due dates calendar")),
        *[Binding(str(i), f"choose({i - 1})", g.title, show=False, id=f"trouble_guide_{i}")
          for i, g in enumerate(GUIDES, start=1)],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0
        self.values: dict[str, dict[str, str]] = {g.key: {} for g in GUIDES}
        self.findings: dict[str, Finding] = {}
        self.last_error_code: str | None = None
        self.steps_text = ""

    @property
    def guide(self) -> Guide:
        return GUIDES[self.index]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="trouble-body"):
            yield ListView(
                *[ListItem(Static(f"{i} {g.title}"), name=g.key)
                  for i, g in enumerate(GUIDES, start=1)],
                id="guides",
            )
            with VerticalScroll(id="pane"):
                yield Static("", id="guide-title")
                yield Static(_("Looking at your account…"), id="found")
                yield Input(id="guide-input", classes="-hidden")
                yield Static("", id="steps")
        yield Static("", id="status", classes="status")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = _("Troubleshooting")
        self.query_one("#guides", ListView).focus()

    def on_screen_resume(self) -> None:
        self.show_guide()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Digits and letters typed into the field are text, not keys.
        if isinstance(self.focused, Input) and action in {"choose", "act", "look",
                                                          "notifications"}:
            return False
        if action == "act":
            return self.guide.act is not None
        return True

    # -- choosing a guide --------------------------------------------------------------------

    def action_choose(self, index: int) -> None:
        self.query_one("#guides", ListView).index = index
        self.index = index
        self.show_guide()

    @on(ListView.Highlighted, "#guides")
    def _highlighted(self, event: ListView.Highlighted) -> None:
        index = self.query_one("#guides", ListView).index
        if index is not None and index != self.index:
            self.index = index
            self.show_guide()

    @on(ListView.Selected, "#guides")
    def _selected(self, event: ListView.Selected) -> None:
        if self.guide.inputs:
            self.query_one("#guide-input", Input).focus()

    def show_guide(self) -> None:
        guide = self.guide
        number = self.index + 1
        self.query_one("#guide-title", Static).update(
            _("Guide {number} of {GUIDES}: {guide}").format(
                number=number, GUIDES=len(GUIDES), guide=guide.title)
        )
        field = self.query_one("#guide-input", Input)
        if guide.inputs:
            spec = guide.inputs[0]
            field.set_class(False, "-hidden")
            field.placeholder = spec.placeholder or spec.label
            field.tooltip = spec.help
            field.value = self.values[guide.key].get(spec.name, spec.default)
            field.border_title = spec.label
        else:
            field.set_class(True, "-hidden")
        found = self.findings.get(guide.key)
        self._render_steps(found.step if found else None)
        self.refresh_bindings()
        self.say(f"r: {guide.act_label}." if guide.act else "")
        self.look(guide)

    def _render_steps(self, current: int | None) -> None:
        from rich.table import Table
        from rich.text import Text

        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=4, no_wrap=True)
        grid.add_column(ratio=1)
        grid.title = _("Steps")
        grid.title_justify = "left"
        lines = []
        for step in self.guide.flow.steps:
            here = step.number == current
            lines.append(f"{'▶' if here else ' '} {step.number}. {step.title}. {step.help}")
            line = Text(f"{step.title}.", style="bold" if here else "underline")
            line.append(f" {step.help}")
            grid.add_row(f"{'▶' if here else ' '}{step.number:>2}.", line)
        self.steps_text = "\n".join(lines)  # the same, as plain lines
        self.query_one("#steps", Static).update(grid)

    def _show_finding(self, guide: Guide, found: Finding) -> None:
        self.findings[guide.key] = found
        if found.error_code:
            self.last_error_code = found.error_code
        if guide is not self.guide:
            return
        heading = _("What we see on your account") + ("" if found.ok else _(" (needs attention)"))
        box = self.query_one("#found", Static)
        box.border_title = heading
        box.update(found.text)
        self._render_steps(found.step)

    # -- looking and acting ------------------------------------------------------------------

    def _inputs(self, guide: Guide) -> dict[str, str]:
        values = dict(self.values[guide.key])
        if guide.inputs and guide is self.guide:
            values[guide.inputs[0].name] = self.query_one("#guide-input", Input).value
            self.values[guide.key][guide.inputs[0].name] = values[guide.inputs[0].name]
        return values

    @work(exclusive=True, exit_on_error=False, group="trouble-look", name="look")
    async def look(self, guide: Guide) -> None:
        client = await self.hc.portal()
        values = self._inputs(guide)
        if guide.key not in self.findings:
            self.query_one("#found", Static).update(_("Looking at your account…"))
        self._show_finding(guide, await guide.look(client, values))

    def action_look(self) -> None:
        self.look(self.guide)

    @on(Input.Submitted, "#guide-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.guide.key == "not_showing":
            self.look(self.guide)
        elif self.guide.act is not None:
            self.action_act()

    def action_act(self) -> None:
        guide = self.guide
        if guide.act is None:
            return
        if guide.terms is not None:
            self.ask_consent(guide)
            return
        self.act(guide)

    @work(exclusive=True, exit_on_error=False, group="trouble-act", name="terms")
    async def ask_consent(self, guide: Guide) -> None:
        """The action's terms first (each installment, its day, the method, the first drawn
        today), then the question."""
        from screens.confirm import ConfirmScreen

        assert guide.terms is not None
        client = await self.hc.portal()
        terms = await guide.terms(client, self._inputs(guide))
        if not terms.ok:
            self._show_finding(guide, terms)
            self.say(terms.lines[0], kind="warn")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(guide)
            else:
                self.say(_("Nothing was done."))

        self.app.push_screen(ConfirmScreen(guide.act_label, terms.text + "\n\n" + guide.consent,
                                           yes="agree", no=_("not now")), answered)

    @work(exclusive=True, exit_on_error=False, group="trouble-act", name="act")
    async def act(self, guide: Guide) -> None:
        assert guide.act is not None
        client = await self.hc.portal()
        values = self._inputs(guide)
        values.update({"_screen": "troubleshooting", "_step": str(self.index + 1),
                       "_last_error_code": self.last_error_code or ""})
        self.say(f"{guide.act_label}…", kind="busy")
        found = await guide.act(client, values)
        self._show_finding(guide, found)
        self.say(_("{act_label}: done.").format(
            act_label=guide.act_label) if found.ok else found.lines[0],
                 kind="ok" if found.ok else "warn")

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors

        if isinstance(error, errors.PortalError) and error.code:
            self.last_error_code = error.code
        return False

    async def action_notifications(self) -> None:
        await self.hc.go("notifications")

    async def action_back(self) -> None:
        await self.hc.go("dashboard")
