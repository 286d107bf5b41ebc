"""Plain mode from start to end: open the portal (made by the command, so plain mode never
imports it), then the first menu and the main menu until Quit or end of input. Every failure is
said as a sentence; a traceback is never shown."""

from __future__ import annotations

import asyncio

from hcpay.connection import Connector
from hcpay.plain import problems
from hcpay.plain.main_menu import Finished, first_menu, main_menu
from hcpay.plain.prompter import COMMANDS_HINT, Prompter, Quit
from hcpay.plain.session import PlainSession

WELCOME = ("hcpay, plain mode: one question at a time, in lines a screen reader can follow. "
           "Menus are numbered; type the number and press Enter.")


def run(connect: Connector, prompter: Prompter | None = None) -> int:
    p = prompter or Prompter()
    p.say(WELCOME)
    p.say(COMMANDS_HINT)
    p.say("Opening the portal. Working...")
    try:
        connection = connect()
    except Exception as error:
        p.error(f"The portal could not be opened: {error} Check the settings file and that the "
                "data folder is writable, or use --portal URL with a running `hcpay serve`.")
        return 1
    if not connection.reachable:
        p.say(f"Warning: the {connection.label} did not answer yet; hcpay will try again at "
              "each step.")
    for warning in connection.warnings:
        p.say(f"Note: {warning}")
    p.say(f"Connected to the {connection.label}.")
    for login in connection.demo_logins:
        p.say(f"Demo sign-in: username {login.username}, password {login.password} "
              f"({login.note}).")
    code = 0
    with asyncio.Runner() as runner:
        session = PlainSession(p, connection, runner)
        try:
            code = _loop(session)
        except KeyboardInterrupt:
            p.say("")
            p.say("Stopped.")
            code = 130
        except Exception as error:  # the last net: a sentence, never a traceback
            p.error(problems.describe(error))
            code = 1
        finally:
            session.close()
    p.say("Goodbye.")
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
