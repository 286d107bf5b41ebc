"""The menus: the first one (sign in, create an account, forgot password, pay without signing
in, quit) and, once signed in, the main menu of sections. A session that ends on the portal
(30 idle minutes, or signed out elsewhere) is said in a sentence and leads back to the first
menu."""

from __future__ import annotations

from collections.abc import Callable

from hcpay.domain import i18n
from hcpay.domain.i18n import LANGUAGES, N_, _
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
from hcpay.plain.prompter import BACK_TO_MENU, COMMANDS_HINT, Cancel, Quit
from hcpay.plain.session import PlainSession

SECTIONS: list[tuple[str, Callable[[PlainSession], object]]] = [
    (N_("Account summary"), dashboard.run),
    (N_("Make a payment"), make_payment.run),
    (N_("Automatic payments"), autopay.run),
    (N_("History"), history.run),
    (N_("Troubleshooting"), troubleshooting.run),
    (N_("Wallet: saved cards and bank accounts"), wallet.run),
    (N_("Documents: bills, notices, tax forms and receipts"), documents.run),
]
# Typed at either menu, in any language: the choice of language (see choose_language).
LANGUAGE_WORDS = ("language", "idioma", "lang")
LANGUAGE_HINT = N_("To hear hcpay in Spanish, type idioma at a menu. Para oír hcpay en español, "
                   "escriba idioma en un menú.")


def choose_language(session: PlainSession) -> None:
    """The language menu: said at once, kept in config.toml, and sent to the portal when signed
    in (a portal without the route keeps it on this computer only)."""
    p = session.p
    codes = list(LANGUAGES)
    choice = p.choose(_("Language."), [LANGUAGES[code] for code in codes],
                      default=codes.index(i18n.current_language()))
    chosen = i18n.set_language(codes[choice])
    try:
        from hcpay.config import update_config

        update_config(language=chosen)
    except (OSError, ValueError):
        p.error(_("The language is used now, but could not be saved on this computer."))
        return
    if session.client.member is None:
        p.say(_("Language: {language}. Saved on this computer.").format(
            language=LANGUAGES[chosen]))
        return
    try:
        kept = session.call(lambda: session.client.set_language(chosen))
    except Exception as error:  # said, the choice kept here
        p.error(problems.describe(error))
        return
    if kept:
        p.say(_("Language: {language}. Saved here and in your account.").format(
            language=LANGUAGES[chosen]))
    else:
        p.say(_("Language: {language}. Kept on this computer only: the portal does not keep a "
                "language yet.").format(language=LANGUAGES[chosen]))


def menu_help() -> str:
    return f"{_(COMMANDS_HINT)} {_(LANGUAGE_HINT)}"


class LanguageChanged(Exception):
    """The language was chosen at a menu: the menu is said again, in it."""


def _language_words(session: PlainSession) -> dict[str, Callable[[], None]]:
    def change() -> None:
        choose_language(session)
        raise LanguageChanged

    return {word: change for word in LANGUAGE_WORDS}


class Finished(Exception):
    """The person chose Quit."""


def first_menu(session: PlainSession) -> bool:
    """Until signed in; True when signed in (raises Finished for Quit)."""
    p = session.p
    while True:
        options = [_("Sign in"), _("Create an account"), _("Forgot password"),
                   _("Pay without signing in"), _("Quit")]
        p.say("")
        try:
            choice = p.choose(_("First menu."), options, default=0, place="top",
                              extra=_language_words(session), help_text=menu_help())
        except LanguageChanged:
            continue
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
            p.say(_("Back to the first menu.") if str(left) == BACK_TO_MENU
                  else _("Canceled. Back to the first menu."))
        except (Finished, Quit):
            raise
        except Exception as error:  # the portal down, say: said, then the menu again
            p.error(problems.describe(error))


def main_menu(session: PlainSession) -> None:
    """Signed in: the sections until Sign out (raises Finished for Quit)."""
    p = session.p
    _section(session, dashboard.run)
    while True:
        options = [_(name) for name, _unused in SECTIONS] + [_("Sign out"), _("Quit")]
        p.say("")
        try:
            choice = p.choose(_("Main menu."), options, default=0, place="top",
                              extra=_language_words(session), help_text=menu_help())
        except LanguageChanged:
            continue
        if choice == len(SECTIONS):
            session.sign_out()
            p.say(_("You are signed out."))
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
        p.say(_("Back to the main menu.") if str(left) == BACK_TO_MENU
              else _("Canceled. Back to the main menu."))
    except Quit:
        raise
    except Exception as error:
        if problems.is_session_over(error):
            p.error(_("{describe} Nothing you did before this was lost.").format(
                describe=problems.describe(error)))
            session.signed_out_by_portal()
            return False
        p.error(problems.describe(error))
    return True
