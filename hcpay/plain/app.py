"""Plain mode from start to end: open the portal (made by the command, so plain mode never
imports it), then the first menu and the main menu until Quit or end of input. Every failure is
said as a sentence; a traceback is never shown."""

from __future__ import annotations

import asyncio

from hcpay.connection import Connector
from hcpay.domain.i18n import N_, _
from hcpay.plain import problems
from hcpay.plain.main_menu import LANGUAGE_HINT, Finished, first_menu, main_menu
from hcpay.plain.prompter import COMMANDS_HINT, Prompter, Quit
from hcpay.plain.session import PlainSession

WELCOME = N_("hcpay, plain mode: one question at a time, in lines a screen reader can follow. "
              "Menus are numbered; type the number and press Enter.")


def run(connect: Connector, prompter: Prompter | None = None) -> int:
    p = prompter or Prompter()
    p.say(_(WELCOME))
    p.say(_(COMMANDS_HINT))
    p.say(_(LANGUAGE_HINT))
    p.say(_("Opening the portal. Working..."))
    try:
        connection = connect()
    except Exception as error:
        p.error(_("The portal could not be opened: {error} Check the settings file and that "
                  "the data folder is writable, or use --portal URL with a running `hcpay "
                  "serve`.").format(error=error))
        return 1
    if not connection.reachable:
        p.say(_("Warning: the {label} did not answer yet; hcpay will try again at "
              "each step.").format(label=connection.label))
    for warning in connection.warnings:
        p.say(_("Note: {warning}").format(warning=warning))
    p.say(_("Connected to the {label}.").format(label=connection.label))
    for login in connection.demo_logins:
        p.say(_("Demo sign-in: username {username}, password {password} "
              "({note}).").format(
                  username=login.username, password=login.password, note=_(login.note)))
    code = 0
    with asyncio.Runner() as runner:
        session = PlainSession(p, connection, runner)
        try:
            code = _loop(session)
        except KeyboardInterrupt:
            p.say("")
            p.say(_("Stopped."))
            code = 130
        except Exception as error:  # the last net: a sentence, never a traceback
            p.error(problems.describe(error))
            code = 1
        finally:
            session.close()
    p.say(_("Goodbye."))
    return code


def _loop(session: PlainSession) -> int:
    try:
        signed_in = _resume(session)
        while True:
            if signed_in or first_menu(session):
                main_menu(session)
            signed_in = False
    except (Finished, Quit):
        return 0


def _resume(session: PlainSession) -> bool:
    try:
        return session.resume()
    except Exception as error:
        session.p.error(problems.describe(error))
        return False
