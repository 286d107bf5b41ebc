"""The menus: the first one (sign in, create an account, forgot password, pay without signing
in, quit) and, once signed in, the main menu of sections. A session that ends on the portal
(30 idle minutes, or signed out elsewhere) is said in a sentence and leads back to the first
menu."""

from __future__ import annotations

from collections.abc import Callable

from hcpay.plain import (
    autopay,
    create_account,
    dashboard,
    documents,
    forgot_password,
    guest_payment,
    history,
    make_payment,
    problems,
    sign_in,
    troubleshooting,
    wallet,
)
from hcpay.plain.prompter import BACK_TO_MENU, Cancel, Quit
from hcpay.plain.session import PlainSession

SECTIONS: list[tuple[str, Callable[[PlainSession], object]]] = [
    ("Account summary", dashboard.run),
    ("Make a payment", make_payment.run),
    ("Automatic payments", autopay.run),
    ("History", history.run),
    ("Troubleshooting", troubleshooting.run),
    ("Wallet: saved cards and bank accounts", wallet.run),
    ("Documents: bills, notices, tax forms and receipts", documents.run),
]


class Finished(Exception):
    """The person chose Quit."""


def first_menu(session: PlainSession) -> bool:
    """Until signed in; True when signed in (raises Finished for Quit)."""
    p = session.p
    options = ["Sign in", "Create an account", "Forgot password", "Pay without signing in",
               "Quit"]
    while True:
        p.say("")
        choice = p.choose("First menu.", options, default=0, place="top")
        try:
            if choice == 0 and sign_in.run(session):
                return True
            if choice == 1 and create_account.run(session):
                return True
            if choice == 2:
                forgot_password.run(session)
            if choice == 3:
                guest_payment.run(session)
            if choice == 4:
                raise Finished
        except Cancel as left:
            p.say("Back to the first menu." if str(left) == BACK_TO_MENU
                  else "Canceled. Back to the first menu.")
        except (Finished, Quit):
            raise
        except Exception as error:  # the portal down, say: said, then the menu again
            p.error(problems.describe(error))


def main_menu(session: PlainSession) -> None:
    """Signed in: the sections until Sign out (raises Finished for Quit)."""
    p = session.p
    _section(session, dashboard.run)
    options = [name for name, _ in SECTIONS] + ["Sign out", "Quit"]
    while True:
        p.say("")
        choice = p.choose("Main menu.", options, default=0, place="top")
        if choice == len(SECTIONS):
            session.sign_out()
            p.say("You are signed out.")
            return
        if choice == len(SECTIONS) + 1:
            raise Finished
        if not _section(session, SECTIONS[choice][1]):
            return


def _section(session: PlainSession, section: Callable[[PlainSession], object]) -> bool:
    """Run one section; False when the login has ended on the portal."""
    p = session.p
    try:
        section(session)
    except Cancel as left:
        p.say("Back to the main menu." if str(left) == BACK_TO_MENU
              else "Canceled. Back to the main menu.")
    except Quit:
        raise
    except Exception as error:
        if problems.is_session_over(error):
            p.error(f"{problems.describe(error)} Nothing you did before this was lost.")
            session.signed_out_by_portal()
            return False
        p.error(problems.describe(error))
    return True
