"""Settings: what a member looks for in one place. Two-step sign-in, said as on or off, turned on
(the secret, the otpauth URI and a QR code where it fits) or off with the password and a code
(a 6-digit code or a recovery code); the recovery codes shown once, saved to a file only the
member can read, or copied; the reminders and how they come; the calendar of due dates."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Static

from hcpay.domain import i18n
from hcpay.domain.i18n import LANGUAGES, N_, _, ngettext
from hcpay.flows import checks
from screens.base import BaseScreen
from screens.footer import KeyFooter

if TYPE_CHECKING:
    from hcpay.api.document_models import DocumentPreferences
    from hcpay.api.models import NotificationPreferences

CHANNEL_CATEGORIES = (("billing", "Bills"), ("payments", "Payments"), ("autopay", "Autopay"))


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


def two_step_words(enabled: bool | None) -> str:
    if enabled is None:
        return _("[b]Two-step sign-in[/b]: reading…")
    if enabled:
        return (_("[b]Two-step sign-in: ON[/b]. Signing in asks for a code from your "
                "authenticator app after your password. Press 0 to turn it off."))
    return (_("[b]Two-step sign-in: OFF[/b]. Only your password protects your account. "
            "Press 2 to turn it on."))


def language_words() -> str:
    """``Press l to change the language (English).``"""
    return _("Press l to change the language ({language}).").format(
        language=LANGUAGES[i18n.current_language()])


def reminder_words(prefs: NotificationPreferences) -> str:
    """``Reminders 5 days before each due date. Bills: email. Payments: email and text.``"""
    days = prefs.remind_days_before_due
    when = (_("on the due date") if days == 0 else
            ngettext("{days} day before each due date", "{days} days before each due date",
                     days).format(days=days))
    parts = [_("[b]Reminders[/b]: {when}.").format(when=when)]
    for key, label in CHANNEL_CATEGORIES:
        choice = prefs.categories.get(key)
        ways = [w for w, on_ in (("email", choice and choice.email),
                                 ("text message", choice and choice.sms)) if on_]
        parts.append(f"{label}: {' and '.join(ways) if ways else 'not sent'}.")
    return " ".join(parts) + " Press n to change them or save the calendar."


def paperless_words(documents: DocumentPreferences) -> str:
    """``Documents: Bills: Paperless (by email). ... Press b, c or f to switch.``"""
    from hcpay.facts import documents as facts

    said = " ".join(facts.delivery_line(documents, kind) + "." for kind in facts.DELIVERY_KINDS)
    return (f"Documents: {said} Press b (bills), c (coverage notices) or f (tax forms) to "
            "switch between email and paper by mail.")


class SettingsScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    SettingsScreen #settings { padding: 0 2; }
    SettingsScreen #two-step-fields { height: auto; display: none; }
    SettingsScreen #two-step-fields.-asking { display: block; }
    SettingsScreen .settings-row { height: 1; margin-top: 1; }
    SettingsScreen .settings-label { width: 26; }
    SettingsScreen .settings-row Input { width: 30; background: $boost; }
    SettingsScreen .settings-row Input:focus { background: $surface-lighten-2; text-style: bold; }
    SettingsScreen .settings-row:focus-within .settings-label { text-style: bold; }
    SettingsScreen #qr { width: auto; }
    SettingsScreen #reminders { margin-top: 1; }
    SettingsScreen #paperless { margin-top: 1; }
    SettingsScreen #status { padding: 0 2; }
    """
    HELP = N_(
        "Two-step sign-in asks for a 6-digit code from an authenticator app after your "
        "password. Press 2 to turn it on: type your password, add the secret (or scan the QR "
        "code) in your app, then type the code it shows. You get recovery codes, each good "
        "once if you lose your phone: k saves them to a file only you can read, y copies them. "
        "To turn it off, press 0 and type your password and a current code or a recovery code. "
        "n opens the reminders and the calendar of due dates. b, c and f switch bills, "
        "coverage notices and tax forms between email (paperless) and paper by mail."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("2", "turn_on", N_("Turn on two-step"), id="two_step_on"),
        Binding("0", "turn_off", N_("Turn off two-step"), id="two_step_off"),
        Binding("k", "save_codes", N_("Save recovery codes"), id="save_recovery_codes",
                tooltip=N_("Save the recovery codes to a file only you can read")),
        Binding("y", "copy_codes", N_("Copy codes"), id="copy_recovery_codes", show=False,
                tooltip=N_("Copy the recovery codes to the clipboard")),
        Binding("n", "reminders", N_("Reminders"), id="settings_reminders",
                tooltip=N_("Reminders, how they reach you, and the due dates calendar")),
        Binding("w", "access_log", N_("Who opened my account"), id="access_log",
                tooltip=N_("When a support agent opened your account, who, and why")),
        Binding("b", "paperless('bill')", N_("Bills: email or mail"), show=False,
                id="paperless_bill", tooltip=N_("Bills by email (paperless) or by mail")),
        Binding("c", "paperless('notice')", N_("Notices: email or mail"), show=False,
                id="paperless_notice", tooltip=N_("Coverage notices by email or by mail")),
        Binding("f", "paperless('tax_form')", N_("Tax forms: email or mail"), show=False,
                id="paperless_tax_form", tooltip=N_("Form 1095-A by email or by mail")),
        # not in the footer (the English screen stays as it was); F1 lists it with the keys
        Binding("l", "language", N_("Language"), id="settings_language", show=False,
                tooltip=N_("The language hcpay speaks: English or Spanish")),
        Binding("escape", "back", N_("Back"), id="settings_back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mode: str = ""  # "start", "confirm" (after the secret is shown), "disable"
        self.enabled: bool | None = None
        self.recovery_codes: list[str] = []
        self.codes_path: str | None = None
        self.documents: DocumentPreferences | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings"):
            yield Static(two_step_words(None), id="two-step-intro")
            # the fields and what to do come before the QR code, so they are on screen at
            # 80x24 without scrolling
            with Vertical(id="two-step-fields"):
                with Horizontal(classes="settings-row", id="password-row"):
                    yield Static(_("Your password"), classes="settings-label")
                    yield Input(placeholder="password", id="password", password=True,
                                compact=True)
                with Horizontal(classes="settings-row", id="otp-row"):
                    yield Static(_("Code"), classes="settings-label", id="otp-label")
                    # a 6-digit code, or (to turn it off) a recovery code: letters too
                    yield Input(placeholder=_("6-digit code"), id="otp", compact=True,
                                restrict=r"[0-9A-Za-z -]*", max_length=20)
            yield Static("", id="secret")
            yield Static("", id="qr")
            yield Static("", id="reminders")
            yield Static("", id="paperless", markup=False)
        yield Static("", id="status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Settings")
        self.load()

    @work(exclusive=True, exit_on_error=False, group="settings", name="settings")
    async def load(self) -> None:
        import asyncio

        client = await self.hc.portal()
        me, prefs, documents = await asyncio.gather(
            client.me(), client.notification_preferences(), client.document_preferences()
        )
        self.show(me.two_step_enabled, prefs)
        self.show_paperless(documents)

    def show_paperless(self, documents: DocumentPreferences) -> None:
        self.documents = documents
        self.query_one("#paperless", Static).update(paperless_words(documents))

    @work(exclusive=True, exit_on_error=False, group="paperless", name="paperless")
    async def action_paperless(self, kind: str) -> None:
        from hcpay.facts import documents as facts

        if self.documents is None:
            return
        now = facts.delivery_of(self.documents, kind)
        other = "mail" if now == "email" else "email"
        client = await self.hc.portal()
        self.show_paperless(await client.set_document_preferences(paperless={kind: other}))
        self.say(f"{facts.kind_name(kind)} now: {facts.delivery_words(other)}.", kind="ok")

    def show(self, enabled: bool, prefs: NotificationPreferences) -> None:
        self.enabled = enabled
        self.query_one("#two-step-intro", Static).update(two_step_words(enabled))
        self.query_one("#reminders", Static).update(reminder_words(prefs))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input) and action != "back":
            return False  # in a field, digits and letters are what is typed
        if action == "turn_on":
            return self.enabled is not True
        if action == "turn_off":
            return self.enabled is not False
        if action in {"save_codes", "copy_codes"}:
            return bool(self.recovery_codes)
        return True

    def _ask(self, mode: str, text: str) -> None:
        self.mode = mode
        self.query_one("#two-step-fields").add_class("-asking")
        password = self.query_one("#password", Input)
        otp = self.query_one("#otp", Input)
        self.query_one("#otp-row").display = mode != "start"
        self.query_one("#otp-label", Static).update(
            _("Code or recovery code") if mode == "disable" else _("Code from your app")
        )
        otp.value = ""
        if mode == "confirm":
            otp.focus()
        else:
            password.value = ""
            password.focus()
        self.say(text, kind="info")
        self.refresh_bindings()

    def _done_asking(self) -> None:
        self.mode = ""
        self.query_one("#two-step-fields").remove_class("-asking")
        self.query_one("#password", Input).value = ""  # the password is not kept
        self.query_one("#otp", Input).value = ""
        self.query_one("#settings").focus()
        self.refresh_bindings()

    def action_turn_on(self) -> None:
        self.query_one("#secret", Static).update("")
        self.query_one("#qr", Static).update("")
        self._ask("start", _("Type your password, then Enter, to start turning two-step on."))

    def action_turn_off(self) -> None:
        self.query_one("#secret", Static).update("")
        self.query_one("#qr", Static).update("")
        self._ask("disable", _("Type your password, Tab, then a current code from your app or a "
                  "recovery code, then Enter, to turn two-step off."))

    @on(Input.Submitted, "#password")
    def _password(self, event: Input.Submitted) -> None:
        if not event.value:
            self.say(_("Type your password first."), kind="error")
            return
        if self.mode == "start":
            self.start(event.value)
        else:
            self.query_one("#otp", Input).focus()

    @on(Input.Submitted, "#otp")
    def _code(self, event: Input.Submitted) -> None:
        password = self.query_one("#password", Input).value
        if not password:
            self.say(_("Type your password first."), kind="error")
            self.query_one("#password", Input).focus()
            return
        if self.mode == "disable":
            problem = checks.otp_code(event.value, {})
            code = event.value.strip()
        else:
            problem = checks.six_digit_code(event.value, {})
            code = checks.digits(event.value)
        if problem:
            self.say(problem, kind="error")
            return
        self.send_code(code, password)

    @work(exclusive=True, exit_on_error=False, name="start_two_step")
    async def start(self, password: str) -> None:
        client = await self.hc.portal()
        setup = await client.start_two_step(password=password)
        secret = " ".join(setup.secret[i:i + 4] for i in range(0, len(setup.secret), 4))
        self.query_one("#secret", Static).update(
            _("Add this secret to your authenticator app: [b]{secret}[/b]\n"
            "or open this link on the device with the app:\n{otpauth_uri}").format(
                secret=secret, otpauth_uri=setup.otpauth_uri)
        )
        text, width, _height = qr_text(setup.otpauth_uri)
        qr = self.query_one("#qr", Static)
        if width <= self.size.width - 4:
            qr.update(text)
        else:
            qr.update(_("(Widen the window to at least {width} columns to see a QR code.)").format(
                width=width + 4))
        self._ask("confirm", _("Type the code your app shows now, then Enter, to finish turning "
                  "it on."))

    @work(exclusive=True, exit_on_error=False, name="two_step_code")
    async def send_code(self, code: str, password: str) -> None:
        client = await self.hc.portal()
        if self.mode == "confirm":
            result = await client.confirm_two_step(code, password=password)
            self.recovery_codes = list(result.recovery_codes)
            self.query_one("#secret", Static).update(
                _("Recovery codes (each works once if you lose your phone; they are shown only "
                "now: press k to save them to a file, y to copy them):\n")
                + "  ".join(self.recovery_codes)
            )
            self.query_one("#qr", Static).update("")
            self.enabled = True
            self.say(_("Two-step sign-in is on."), kind="ok")
        else:
            await client.disable_two_step(code, password=password)
            self.enabled = False
            self.say(_("Two-step sign-in is off."), kind="ok")
        self.query_one("#two-step-intro", Static).update(two_step_words(self.enabled))
        self._done_asking()

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors
        from screens import problems

        if action not in {"start_two_step", "two_step_code"}:
            return False
        if isinstance(error, errors.PortalError) and not isinstance(
            error, errors.PortalUnreachable
        ) and not problems.is_session_over(error):
            # a wrong password or code: said, the fields kept for another try
            about = {*error.field_messages(), *error.detail.lower().split()}
            wrong = "password" if "password" in about else "otp"
            self.say(error.detail, kind="error")
            field = self.query_one(f"#{wrong}", Input)
            field.value = ""
            field.focus()
            return True
        return False

    def action_save_codes(self) -> None:
        from hcpay import documents

        if not self.recovery_codes:
            return
        text = (
            _("hcpay two-step sign-in recovery codes\n\n"
            "Each code signs you in once instead of a code from your authenticator app.\n"
            "Keep this file somewhere safe; anyone with a code and your password can sign in.\n\n")
            + "\n".join(self.recovery_codes) + "\n"
        )
        path = documents.save("hcpay-recovery-codes.txt", text)
        self.codes_path = str(path)
        self.say(_("Recovery codes saved (only you can read the file): {path}").format(
            path=path), kind="ok")

    def action_copy_codes(self) -> None:
        if self.recovery_codes:
            self.app.copy_to_clipboard("\n".join(self.recovery_codes))
            self.say(_("Recovery codes copied to the clipboard."), kind="ok")

    async def action_back(self) -> None:
        if self.mode:
            self._done_asking()
            self.say(_("Nothing was changed."))
            return
        await self.hc.go("dashboard")

    async def action_reminders(self) -> None:
        await self.hc.go("notifications")

    def action_language(self) -> None:
        """The next language (there are two): said at once, kept in config.toml, and sent to
        the portal for what it sends (notices, reminders, documents)."""
        order = list(LANGUAGES)
        chosen = order[(order.index(i18n.current_language()) + 1) % len(order)]
        i18n.set_language(chosen)
        self.save_language(chosen)

    @work(exclusive=True, exit_on_error=False, group="language", name="language")
    async def save_language(self, language: str) -> None:
        import asyncio

        from hcpay.config import update_config

        self.app.sub_title = _("Pay your health-insurance premium")
        await self.recompose()
        self.on_mount()
        try:
            await asyncio.to_thread(update_config, language=language)
        except (OSError, ValueError):
            self.say(_("The language is used now, but could not be saved on this computer."),
                     kind="error")
            return
        client = await self.hc.portal()
        if await client.set_language(language):
            said = _("Language: {language}. Saved here and in your account.")
        else:
            said = _("Language: {language}. Kept on this computer only: the portal does not "
                     "keep a language yet.")
        self.say(f"{said.format(language=LANGUAGES[language])} {language_words()}", kind="ok")

    def action_access_log(self) -> None:
        from screens.access_log import AccessLogScreen

        self.app.push_screen(AccessLogScreen())
