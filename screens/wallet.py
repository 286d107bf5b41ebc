"""Wallet: the cards and bank accounts saved for payments. Add one (a card or a bank account: the
numbers go to the payment processor only), make one the default, remove one; the portal's
answer (a method automatic payments use cannot be removed) is said in its words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, ListItem, ListView, Static

from hcpay.domain.i18n import N_, _
from hcpay.flows import make_payment as mp
from hcpay.flows import wallet
from hcpay.flows.controller import DONE
from screens import problems
from screens.base import BaseScreen
from screens.footer import KeyFooter
from screens.wizard import WizardScreen

if TYPE_CHECKING:

    from hcpay.api.models import PaymentMethod


class AddMethodScreen(WizardScreen):
    """The two steps of ``hcpay.flows.wallet``: a card or a bank account, then its details."""

    SIGNED_IN = True
    HELP = N_(
        "Add a card or bank account in two steps. Up and Down choose, Enter goes on; Esc goes "
        "back a step. The numbers go only to the payment processor; the portal keeps a token "
        "and the last 4 digits."
    )

    def __init__(self) -> None:
        super().__init__(wallet.WalletController())

    async def step_done(self, number: int, result: Any) -> None:
        """Once saved, straight back to the wallet: it lists the new method and says it was
        saved (the controller's note, said there rather than held here until Enter)."""
        if self.controller.next_step(number) == DONE:
            self.controller.done(number, result)
            await self.finished(self.controller.finished_value())
            return
        await super().step_done(number, result)


class WalletScreen(BaseScreen):
    SIGNED_IN = True
    DEFAULT_CSS = """
    WalletScreen #wallet-body { padding: 0 2; }
    WalletScreen #wallet-intro { margin-bottom: 1; }
    WalletScreen #methods { height: auto; max-height: 10; border: round $foreground 40%; }
    WalletScreen #methods > ListItem.-highlight { text-style: bold reverse; }
    WalletScreen #status { padding: 0 2; }
    """
    HELP = N_(
        "The cards and bank accounts saved for your payments. Up and Down choose one; a adds a "
        "card or bank account, d makes the chosen one your default (Make a Payment offers it "
        "first), Delete or x removes it. A method that automatic payments use cannot be "
        "removed: choose another for automatic payments first."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", N_("Add card or account"), id="wallet_add"),
        Binding("d", "make_default", N_("Make default"), id="wallet_default"),
        Binding("x,delete", "remove", N_("Remove"), key_display="x", id="wallet_remove"),
        Binding("escape", "back", N_("Back"), id="wallet_back",
                tooltip=N_("Back to the dashboard")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.methods: list[PaymentMethod] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="wallet-body"):
            yield Static(_("Saved cards and bank accounts"), id="wallet-intro")
            yield ListView(id="methods")
        yield Static("", id="status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Wallet")
        self.query_one("#methods", ListView).focus()
        self.load()

    @property
    def chosen(self) -> PaymentMethod | None:
        index = self.query_one("#methods", ListView).index
        if index is None or not 0 <= index < len(self.methods):
            return None
        return self.methods[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"make_default", "remove"}:
            return True if self.methods else None  # shown greyed out while the list is empty
        return True

    @work(exclusive=True, exit_on_error=False, group="wallet", name="wallet")
    async def load(self, keep: str | None = None, said: str = "") -> None:
        client = await self.hc.portal()
        self.say(_("Reading your saved cards and bank accounts…"), kind="busy")
        await self.show(await client.payment_methods(), keep)
        self.say(said, kind="ok" if said else "info")

    async def show(self, methods: list[PaymentMethod], keep: str | None = None) -> None:
        """List ``methods``, the one with id ``keep`` (else the first) chosen."""
        self.methods = methods
        listing = self.query_one("#methods", ListView)
        await listing.clear()
        for line in wallet.lines(methods):
            await listing.append(ListItem(Static(line, markup=False)))
        ids = [m.payment_method_id for m in methods]
        if methods:
            listing.index = ids.index(keep) if keep in ids else 0
        count = len(methods)
        self.query_one("#wallet-intro", Static).update(
            _("Saved cards and bank accounts: {count}. Press a to add one.").format(
                count=count) if count
            else _("Press a to add a card or bank account.")
        )
        self.refresh_bindings()

    def action_add(self) -> None:
        def added(method: PaymentMethod | None) -> None:
            if method is not None:
                self.load(keep=method.payment_method_id, said=wallet.saved_words(method))

        self.app.push_screen(AddMethodScreen(), added)

    def action_make_default(self) -> None:
        method = self.chosen
        if method is None:
            self.say(_("No card or bank account is saved yet: press a to add one."), kind="error")
            return
        if method.is_default:
            self.say(_("{method} is already your default.").format(
                method=mp.short_method_label(method)))
            return
        self.make_default(method)

    @work(exclusive=True, exit_on_error=False, group="wallet-change", name="make_default")
    async def make_default(self, method: PaymentMethod) -> None:
        client = await self.hc.portal()
        saved = await client.set_default_payment_method(method.payment_method_id)
        self.load(keep=saved.payment_method_id, said=wallet.default_words(saved))

    def action_remove(self) -> None:
        from screens.confirm import ConfirmScreen

        method = self.chosen
        if method is None:
            self.say(_("No card or bank account is saved yet: press a to add one."), kind="error")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_method(method)
            else:
                self.say(_("Kept; nothing was removed."))

        self.app.push_screen(ConfirmScreen(
            "Remove this payment method?",
            _("{method} will no longer be offered for payments. Payments already "
            "made or scheduled with it are not changed.").format(method=wallet.label(method)),
            yes=_("remove it"), no=_("keep it"),
        ), answered)

    @work(exclusive=True, exit_on_error=False, group="wallet-change", name="remove_method")
    async def remove_method(self, method: PaymentMethod) -> None:
        client = await self.hc.portal()
        await client.delete_payment_method(method.payment_method_id)
        self.load(said=wallet.removed_words(method))

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors

        if problems.is_session_over(error):
            return False
        if action == "remove_method" and isinstance(error, errors.Conflict):
            # the portal's words: automatic payments use it, and what to do first
            self.say(_("Not removed. {detail}").format(detail=error.detail), kind="error")
            return True
        return False

    async def action_back(self) -> None:
        self.dismiss(None)
