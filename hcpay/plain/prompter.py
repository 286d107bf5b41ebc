"""Line-by-line input and output for plain mode: what a screen reader can follow.

Everything goes to plain stdout as whole lines; nothing moves the cursor, clears the screen or
changes colour (no escape sequence is ever written: text that arrives from elsewhere, a name or a
portal message, has its control characters removed first). Every prompt says what to type:

- a menu is numbered and asks "Enter a number between 1 and 4";
- a default is named in the prompt ("press Enter for 98.00") and taken with Enter;
- a secret (a password, a security code) is read without echo through ``getpass``;
- an error is a sentence that starts with "Error:";
- "Working..." is said once before anything slow, instead of a spinner.

At a question a person can type ``help`` (the question's help again), ``back`` (the step before,
where there is one) or ``cancel`` (leave what they are doing); end of input (Ctrl+D) quits.
"""

from __future__ import annotations

import getpass
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from hcpay.domain.i18n import N_, _

# Symbols the TUI uses beside words, said here as words (or dropped where the words already say
# it): a screen reader reads "bullet bullet bullet bullet" or nothing at all for them.
_SYMBOLS = (
    ("•••• ", N_("ending in ")),
    ("✓ ", ""), ("✗ ", N_("Problem: ")), ("⚠ ", N_("Warning: ")), ("◷ ", ""), ("… ", ""),
    ("▶ ", ""), ("✓", ""), ("✗", ""), ("⚠", ""), ("…", "..."),
)
# Every C0 control but newline and tab, DEL and the C1 controls (ESC, CSI) are never written.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"(?<=\S) {2,}")  # columns lined up for the eye are one space to the ear

COMMANDS_HINT = N_(
    "At any question, type help to hear more about it, back to return to the step before, "
    "or cancel to leave. Press Ctrl+D to quit hcpay."
)
# The command words in every language hcpay speaks (a member may type either).
HELP_WORDS = ("help", "?", "ayuda")
CANCEL_WORDS = ("cancel", "cancelar")
BACK_WORDS = ("back", "atrás", "atras")
YES_WORDS = ("y", "yes", "s", "sí", "si")
NO_WORDS = ("n", "no")


class Quit(Exception):
    """The person ended the session (end of input, Ctrl+D)."""


class Back(Exception):
    """The person typed ``back``: return to the step before."""


BACK_TO_MENU = "back"  # a Cancel that went back by the word back: nothing was canceled


class Cancel(Exception):
    """The person typed ``cancel``: leave what they are doing, back to the menu."""


def words(text: str) -> str:
    """Text as it is written out: symbols as words, no control characters."""
    for symbol, said in _SYMBOLS:
        text = text.replace(symbol, _(said))
    return _SPACES.sub(" ", _CONTROL.sub("", text))


class Prompter:
    """Questions and answers on two text streams (the terminal by default)."""

    def __init__(
        self,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        *,
        read_secret: Callable[[str], str] | None = None,
    ) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self._read_secret = read_secret

    # -- output --------------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.stdout.write(words(text) + "\n")
        self.stdout.flush()

    def lines(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.say(line)

    def error(self, text: str) -> None:
        self.say(_("Error: {text}").format(text=text))

    def working(self, text: str = "") -> None:
        self.say(text or _("Working..."))

    # -- input ---------------------------------------------------------------------------------

    def _readline(self, prompt: str) -> str:
        self.stdout.write(words(prompt))
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:  # end of input
            self.stdout.write("\n")
            raise Quit
        return line.rstrip("\r\n")

    def _command(self, text: str, help_text: str, allow_back: bool,
                 extra: Mapping[str, Callable[[], None]], *, menu: str = "") -> bool:
        """Act on a command word; True when the text was one (and the question is asked again).
        In a menu (``menu`` names it: "sub", or "top" for the first and main menus) ``back``
        leaves a submenu for the menu above, and says where it is in a top menu."""
        word = text.strip().lower()
        if word in HELP_WORDS:
            self.say(help_text or _("No more help for this question.") + " " + _(COMMANDS_HINT))
            return True
        if word in CANCEL_WORDS:
            raise Cancel
        if word in BACK_WORDS:
            if allow_back:
                raise Back
            if menu == "sub":
                raise Cancel(BACK_TO_MENU)
            if menu == "top":
                self.say(_("This is the top menu; there is nothing before it. Type a number."))
            else:
                self.say(_("This is the first step; there is none before it. Type cancel to "
                           "leave."))
            return True
        if word in extra:
            extra[word]()
            return True
        return False

    def ask(
        self,
        label: str,
        *,
        default: str = "",
        help_text: str = "",
        allow_back: bool = False,
        extra: Mapping[str, Callable[[], None]] | None = None,
    ) -> str:
        """One line of text; Enter alone takes ``default`` (named in the prompt)."""
        prompt = (_("{label} (press Enter for {default}): ").format(label=label, default=default)
                  if default else f"{label}: ")
        while True:
            text = self._readline(prompt)
            if self._command(text, help_text, allow_back, extra or {}):
                continue
            return text.strip() or default

    def secret(
        self,
        label: str,
        *,
        help_text: str = "",
        allow_back: bool = False,
        extra: Mapping[str, Callable[[], None]] | None = None,
    ) -> str:
        """A secret read without echo (typing is not shown, and not said). help, back and
        cancel work here too (no password, code or card number is one of those words)."""
        prompt = words(_("{label} (typing is not shown): ").format(label=label))
        while True:
            text = self._read_hidden(prompt)
            if self._command(text, help_text, allow_back, extra or {}):
                continue
            return text

    def _read_hidden(self, prompt: str) -> str:
        if self._read_secret is not None:
            return self._read_secret(prompt)
        if self.stdin is sys.stdin and sys.stdin.isatty():
            try:
                return getpass.getpass(prompt)
            except EOFError:
                self.stdout.write("\n")
                raise Quit from None
        return self._readline(prompt)  # not a terminal (piped input): nothing to echo

    def pause(self, what: str, *, allow_back: bool = False, help_text: str = "",
              extra: Mapping[str, Callable[[], None]] | None = None) -> None:
        """Wait for Enter: "Press Enter to pay $98.00 now"."""
        said = (_("Press Enter to {what}, or type back for the step before: ") if allow_back
                else _("Press Enter to {what}: ")).format(what=what)
        while True:
            text = self._readline(said)
            if self._command(text, help_text, allow_back, extra or {}):
                continue
            return

    def choose(
        self,
        question: str,
        options: Sequence[str],
        *,
        default: int | None = None,
        help_text: str = "",
        allow_back: bool = False,
        extra: Mapping[str, Callable[[], None]] | None = None,
        place: str = "sub",
    ) -> int:
        """A numbered menu; answers the 0-based index chosen. ``default`` is 0-based too.
        ``place``: "sub" (``back`` goes to the menu above), "top" (there is none) or "step" (a
        flow's question: ``back`` is the step before, when ``allow_back``)."""
        count = len(options)
        self.say(question)
        for number, option in enumerate(options, start=1):
            self.say(f"{number}. {option}")
        ask = (_("Enter a number between 1 and {count}").format(count=count) if count > 1
               else _("Enter 1"))
        if default is not None:
            ask += _(", or press Enter for {number}").format(number=default + 1)
        while True:
            text = self._readline(ask + ": ").strip()
            if self._command(text, help_text, allow_back, extra or {},
                             menu="" if place == "step" else place):
                continue
            if not text and default is not None:
                return default
            if text.isdigit() and 1 <= int(text) <= count:
                return int(text) - 1
            for index, option in enumerate(options):  # the words of an option work too
                if text and text.lower() == option.lower():
                    return index
            self.error(f"{ask.split(',')[0]}.")

    def confirm(self, question: str, *, default: bool = False, allow_back: bool = False,
                help_text: str = "") -> bool:
        """A yes-or-no question; Enter alone takes ``default``."""
        said = _("yes") if default else _("no")
        prompt = _("{question} Enter y for yes or n for no, or press Enter for {said}: ").format(
            question=question, said=said)
        while True:
            text = self._readline(prompt).strip().lower()
            if self._command(text, help_text, allow_back, {}):
                continue
            if not text:
                return default
            if text in YES_WORDS:
                return True
            if text in NO_WORDS:
                return False
            self.error(_("Enter y for yes or n for no."))
