"""Sign in: username, password, remember me; a two-step code when it is on; the portal's
lockout, not-verified and rate-limit answers in plain words. Keys to create an account,
reset a password, pay without signing in and read the sandbox inbox."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Static

from hcpay.domain.i18n import N_, _, current_language
from hcpay.flows import SIGN_IN
from screens.base import BaseScreen
from screens.flow_form import FlowForm, replace_form
from screens.footer import KeyFooter
from screens.messages import KeptLoginWaits, PortalReady


class LoginScreen(BaseScreen):
    CSS_PATH = "login.tcss"
    HELP = N_(
        "Sign in with your username and password. New here? F2 creates an account. "
        "Forgot your password? F3 resets it. F5 pays a bill without signing in, with the "
        "member id on the bill and a date of birth. In the sandbox, F4 opens the inbox where "
        "verification codes and reset emails arrive."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "sign_in", N_("Sign in"), id="sign_in",
                tooltip=N_("Sign in with the username and password typed")),
        Binding("f2", "create_account", N_("Create account"), id="create_account",
                tooltip=N_("Open a new account in five steps")),
        Binding("f3", "forgot_password", N_("Forgot password"), id="forgot_password",
                tooltip=N_("Reset your password with a code sent to your email")),
        Binding("f5", "guest_payment", N_("Pay without signing in"), id="guest_payment",
                tooltip=N_("Pay a bill with the member id on it and a date of birth")),
        Binding("f4", "app.inbox", N_("Inbox"), id="login_inbox",
                tooltip=N_("Sandbox inbox: verification codes and reset emails")),
        Binding("f1", "app.help", N_("Help"), id="login_help"),
        Binding("ctrl+q", "app.quit", N_("Quit"), id="login_quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.create_values: dict[str, str] = {}
        self.reset_values: dict[str, str] = {}
        self.asking_code = False

    def compose(self) -> ComposeResult:
        if self.hc.remembered_username and "username" not in self.values:
            self.values["username"] = self.hc.remembered_username
            self.values["remember_me"] = "yes"
        yield Header()
        with Horizontal(id="login-body"):
            with Vertical(id="login-form"):
                yield Static(_("Sign in to pay your premium"), id="login-title")
                yield Static(_("Type your username and password; press Enter."),
                             id="login-hint")
                with Vertical(id="form-host"):
                    yield FlowForm(SIGN_IN.step(1), self.values)
                yield Static("", id="otp-heading")
                yield Static("", id="status", classes="status")
            with Vertical(id="login-side"):
                yield Static(_("Starting the portal…"), id="portal-status")
                yield Static("", id="demo-logins")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Sign in")
        # a language whose labels are longer than English's ("Nombre de usuario") gets a
        # wider label column (login.tcss), so no label is cut
        self.set_class(current_language() != "en", "-long-labels")
        # now, before any key typed ahead is let through (hcpay.tui.key_queue)
        self.query_one(FlowForm).focus_field()
        if self.hc.connection is not None or self.hc.connect_error:
            self.on_portal_ready(PortalReady(self.hc.connect_error))

    def on_portal_ready(self, message: PortalReady) -> None:
        if self.hc.remembered_username and not self.values.get("username"):
            self.values["username"] = self.hc.remembered_username
            self.values["remember_me"] = "yes"
            self.call_later(self._rebuild_form)
        status = self.query_one("#portal-status", Static)
        if message.error:
            status.update(_("Problem: {message}").format(message=message.error))
            return
        connection = self.hc.connection
        if connection is None:
            return
        mode = _("sandbox") if connection.sandbox else _("live")
        if connection.reachable:
            status.update(_("Connected to the {label} ({mode}).").format(
                label=connection.label, mode=mode))
        else:
            status.update(
                _("The {label} does not answer yet. Check that `hcpay serve` is "
                "running; signing in tries again.").format(label=connection.label)
            )
        if connection.demo_logins:
            lines = [_("Demo sign-ins (sandbox only):")]
            for demo in connection.demo_logins:
                lines.append(f"• {demo.username} / {demo.password}")
                lines.append(f"  {_(demo.note)}")
            lines.append(_("Remember me: the demo's accounts are made afresh at each start, so "
                         "the demo forgets you when it ends."))
            self.query_one("#demo-logins", Static).update("\n".join(lines))

    def typed_data(self) -> str | None:
        return None  # a sign-in is quickly typed again, and a password is never kept

    def on_kept_login_waits(self, message: KeptLoginWaits) -> None:
        """Offline at start with a kept login: say so, and show the figures saved last time
        with their time; the app signs in by itself once the portal answers."""
        self.say(
            _("{reason} Your login is kept on this computer: hcpay signs you in with it "
            "as soon as the portal answers (it tries every {retry_seconds:.0f} "
            "seconds), without your password. {username}").format(
                reason=message.reason, retry_seconds=message.retry_seconds,
                username=self._saved_figures(message.username)),
            kind="warn",
        )

    def _saved_figures(self, username: str) -> str:
        from hcpay import cache
        from hcpay.api.models import Summary
        from screens import fmt

        connection = self.hc.connection
        saved = cache.load(connection.portal_key, username) if connection else None
        if saved is None:
            return _("No figures are saved on this computer yet.")
        summary = Summary.model_validate(saved.data["summary"])
        due = summary.next_due
        owed = _("{amount} owed").format(amount=fmt.money(summary.balance_due_cents))
        when = _(", due {date}").format(
            date=fmt.day(due.due_date)) if due is not None and summary.balance_due_cents \
            else ""
        return _("Your figures saved {age_text} (they may have changed since): "
                 "{owed}{when}.").format(age_text=saved.age_text(), owed=owed, when=when)

    # -- signing in --------------------------------------------------------------------------

    @on(FlowForm.Submitted)
    def _submit(self) -> None:
        self.sign_in()

    def form_done(self) -> None:
        """Enter on the last field, called while that key is handled: the sign-in starts
        before the next key typed is let through (hcpay.tui.key_queue)."""
        self.sign_in()

    def _signing_in(self) -> bool:
        return any(worker.node is self and worker.name == "sign_in" and not worker.is_finished
                   for worker in self.app.workers)

    def takes_keys(self) -> bool:
        # keys typed while signing in are for the screen that comes next (the dashboard's
        # a, p, h), or for this form again if the sign-in fails: they wait for it
        return not self._signing_in()

    def key_wait_seconds(self) -> float | None:
        return 60.0 if self._signing_in() else None

    def action_sign_in(self) -> None:
        self.sign_in()

    def sign_in(self) -> None:
        step = SIGN_IN.step(2 if self.asking_code else 1)
        found = step.problems(self.values)
        if found:
            self.query_one(FlowForm).show_problems(found)
            self.say(_("Please fix what is marked with ✗."), kind="error")
            return
        self.run_sign_in()

    @work(exclusive=True, exit_on_error=False, group="sign-in", name="sign_in")
    async def run_sign_in(self) -> None:
        from hcpay.flows.actions import sign_in

        self.say(_("Signing in…"), kind="busy")
        client = await self.hc.portal()
        pair = await sign_in(client, self.values)
        await self.signed_in(pair)

    async def signed_in(self, pair: Any) -> None:
        username = self.values.get("username", "").strip()
        remember = self.values.get("remember_me") == "yes"
        self.hc.remembered_username = username if remember else ""
        self.hc.signed_in(username, pair)
        self.hc.keep_login(username, remember)
        self.values["password"] = ""
        self.values["otp"] = ""
        if self.asking_code:
            await self._ask_code(False)
        else:
            await self._rebuild_form()
        self.say("")
        await self.hc.go(self.hc.home_mode())

    async def _rebuild_form(self) -> None:
        step = SIGN_IN.step(2 if self.asking_code else 1)
        form = await replace_form(self.query_one("#form-host"), FlowForm(step, self.values))
        form.focus_field()

    async def _ask_code(self, on: bool) -> None:
        self.asking_code = on
        self.query_one("#otp-heading", Static).update(
            SIGN_IN.heading(2) + "\n" + SIGN_IN.step(2).help if on else ""
        )
        await self._rebuild_form()

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors

        if isinstance(error, errors.OtpRequired):
            self.call_later(self._ask_code, True)
            self.say(_("Two-step sign-in is on: type the code from your app."), kind="warn")
            return True
        if isinstance(error, errors.OtpInvalid):
            self.values["otp"] = ""
            self.call_later(self._rebuild_form)
            self.say(error.detail, kind="error")
            return True
        if isinstance(error, errors.NotVerified):
            self.say(
                _("This account is not verified yet. Type the code we sent when you created it "
                "(F4 opens the sandbox inbox)."), kind="warn",
            )
            self.create_values.update(
                {"username": self.values.get("username", ""),
                 "password": self.values.get("password", ""), "_step": "4"}
            )
            self.call_later(self.action_create_account)
            return True
        if isinstance(error, errors.NotSignedIn) and not isinstance(error, errors.SessionExpired):
            self.say(
                _("{detail} Check your username and password; after 5 wrong tries in a "
                "row the account is locked for 15 minutes. Forgot it? Press F3.").format(
                    detail=error.detail),
                kind="error",
            )
            return True
        return False

    # -- the other ways in -------------------------------------------------------------------

    def action_create_account(self) -> None:
        from screens.create_account import CreateAccountScreen

        self.app.push_screen(CreateAccountScreen(self.create_values))

    def action_forgot_password(self) -> None:
        from screens.forgot_password import ForgotPasswordScreen

        def done(username: str | None) -> None:
            if username:
                self.values["username"] = username
                self.values["password"] = ""
                self.call_later(self._rebuild_form)
                self.say(_("Password changed. Sign in with the new one."), kind="ok")

        self.app.push_screen(ForgotPasswordScreen(self.reset_values), done)

    def action_guest_payment(self) -> None:
        from screens.guest_payment import GuestPaymentScreen

        self.app.push_screen(GuestPaymentScreen())
