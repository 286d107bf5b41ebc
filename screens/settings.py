"""Settings: turn two-step sign-in on (the secret, the otpauth URI and a QR code where it fits)
and off."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, Static

from hcpay.flows import checks
from screens.base import BaseScreen
from screens.footer import KeyFooter


def qr_text(data: str) -> tuple[str, int, int]:
    """A QR code drawn with half blocks (two rows of modules a line): text, width, height."""
    import segno

    code = segno.make(data, error="m")
    rows = [list(row) for row in code.matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        # dark modules are drawn as spaces on a light line, so it scans in any theme
        line = "".join(
            {(0, 0): "█", (1, 0): "▄", (0, 1): "▀", (1, 1): " "}[(bool(t), bool(b))]
            for t, b in zip(top, bottom, strict=True)
        )
        lines.append(line)
    return "\n".join(lines), len(rows[0]), len(lines)


class SettingsScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    SettingsScreen #settings { padding: 0 2; }
    SettingsScreen #otp { width: 30; }
    SettingsScreen #password { width: 40; }
    SettingsScreen #qr { width: auto; }
    """
    HELP = (
        "Two-step sign-in asks for a 6-digit code from an authenticator app after your "
        "password. Press 2 to turn it on (your password first): add the secret (or scan the QR "
        "code) in your app, then type the code it shows. To turn it off, press 0 and type your "
        "password and a current code."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("2", "turn_on", "Turn on two-step", id="two_step_on"),
        Binding("0", "turn_off", "Turn off two-step", id="two_step_off"),
        Binding("w", "access_log", "Who opened my account", id="access_log",
                tooltip="When a support agent opened your account, who, and why"),
        Binding("escape", "back", "Back", id="settings_back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # "start" and "disable" while the password is asked, "confirm" after turning on,
        # "disable_code" while the code to turn off is asked
        self.mode: str = ""
        self._password = ""  # asked again for each change; forgotten when it is done

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings"):
            yield Static("[b]Two-step sign-in[/b]\nPress 2 to turn it on, 0 to turn it off.",
                         id="two-step-intro")
            yield Static("", id="secret")
            yield Input(placeholder="Your password", id="password", password=True,
                        max_length=1024, disabled=True)
            # the code field and what to do come before the QR code, so they are on screen
            # at 80x24 without scrolling
            yield Input(placeholder="6-digit code", id="otp", restrict=r"[0-9 ]*",
                        max_length=7, disabled=True)
            yield Static("", id="status", classes="status")
            yield Static("", id="qr")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Settings"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # 2 and 0 are digits a member types in the code field: there they are not keys
        return not (action in {"turn_on", "turn_off"} and isinstance(self.focused, Input))

    def action_turn_on(self) -> None:
        self.mode = "start"
        self._ask_password("Type your password, then Enter, to turn two-step on.")

    def _ask_password(self, text: str) -> None:
        self._ask("#password", text)

    @on(Input.Submitted, "#password")
    def _password_given(self, event: Input.Submitted) -> None:
        if not event.value:
            self.say("Type your password, then Enter.", kind="error")
            return
        self._password = event.value
        field = self.query_one("#password", Input)
        field.value = ""
        field.disabled = True
        if self.mode == "start":
            self.start_two_step()
        else:
            self.mode = "disable_code"
            self._ask_code("Type a current code from your app, then Enter, to turn two-step off.")

    @work(exclusive=True, exit_on_error=False, name="start_two_step")
    async def start_two_step(self) -> None:
        client = await self.hc.portal()
        setup = await client.start_two_step(self._password)
        secret = " ".join(setup.secret[i:i + 4] for i in range(0, len(setup.secret), 4))
        self.query_one("#secret", Static).update(
            f"Add this secret to your authenticator app: [b]{secret}[/b]\n"
            f"or open this link on the device with the app:\n{setup.otpauth_uri}"
        )
        text, width, _height = qr_text(setup.otpauth_uri)
        qr = self.query_one("#qr", Static)
        if width <= self.size.width - 4:
            qr.update(text)
        else:
            qr.update(f"(Widen the window to at least {width + 4} columns to see a QR code.)")
        self.mode = "confirm"
        self._ask_code("Type the code your app shows now, then Enter, to finish turning it on.")

    def action_turn_off(self) -> None:
        self.mode = "disable"
        self.query_one("#secret", Static).update("")
        self.query_one("#qr", Static).update("")
        self._ask_password("Type your password, then Enter, to turn two-step off.")

    def _ask_code(self, text: str) -> None:
        self._ask("#otp", text)

    def _ask(self, field_id: str, text: str) -> None:
        field = self.query_one(field_id, Input)
        field.disabled = False
        field.value = ""
        field.focus()
        self.say(text, kind="info")

    @on(Input.Submitted, "#otp")
    def _code(self, event: Input.Submitted) -> None:
        problem = checks.six_digit_code(event.value, {})
        if problem:
            self.say(problem, kind="error")
            return
        self.send_code(checks.digits(event.value))

    @work(exclusive=True, exit_on_error=False, name="two_step_code")
    async def send_code(self, code: str) -> None:
        client = await self.hc.portal()
        otp = self.query_one("#otp", Input)
        if self.mode == "confirm":
            result = await client.confirm_two_step(code, self._password)
            codes = "  ".join(result.recovery_codes)
            self.query_one("#secret", Static).update(
                "Recovery codes (each works once if you lose your phone; keep them safe):\n"
                + codes
            )
            self.query_one("#qr", Static).update("")
            self.say("Two-step sign-in is on.", kind="ok")
        else:
            await client.disable_two_step(code, self._password)
            self.say("Two-step sign-in is off.", kind="ok")
        self._password = ""
        otp.value = ""
        otp.disabled = True
        self.mode = ""

    async def action_back(self) -> None:
        await self.hc.go("dashboard")

    def action_access_log(self) -> None:
        from screens.access_log import AccessLogScreen

        self.app.push_screen(AccessLogScreen())
