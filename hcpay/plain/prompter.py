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

# Symbols the TUI uses beside words, said here as words (or dropped where the words already say
# it): a screen reader reads "bullet bullet bullet bullet" or nothing at all for them.
_SYMBOLS = (
    ("•••• ", "ending in "),
    ("✓ ", ""), ("✗ ", "Problem: "), ("⚠ ", "Warning: "), ("◷ ", ""), ("… ", ""),
    ("▶ ", ""), ("✓", ""), ("✗", ""), ("⚠", ""), ("…", "..."),
)
# Every C0 control but newline and tab, DEL and the C1 controls (ESC, CSI) are never written.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"(?<=\S) {2,}")  # columns lined up for the eye are one space to the ear

COMMANDS_HINT = (
    "At any question, type help to hear more about it, back to return to the step before, "
    "or cancel to leave. Press Ctrl+D to quit hcpay."
)


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
        text = text.replace(symbol, said)
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
        self.say(f"Error: {text}")

    def working(self, text: str = "Working...") -> None:
        self.say(text)

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
        if word in ("help", "?"):
            self.say(help_text or "No more help for this question. " + COMMANDS_HINT)
            return True
        if word == "cancel":
            raise Cancel
        if word == "back":
            if allow_back:
                raise Back
            if menu == "sub":
                raise Cancel(BACK_TO_MENU)
            if menu == "top":
                self.say("This is the top menu; there is nothing before it. Type a number.")
            else:
                self.say("This is the first step; there is none before it. Type cancel to leave.")
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
        prompt = f"{label} (press Enter for {default}): " if default else f"{label}: "
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
        prompt = words(f"{label} (typing is not shown): ")
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
        back = ", or type back for the step before" if allow_back else ""
        while True:
            text = self._readline(f"Press Enter to {what}{back}: ")
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
        ask = f"Enter a number between 1 and {count}" if count > 1 else "Enter 1"
        if default is not None:
            ask += f", or press Enter for {default + 1}"
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
        said = "yes" if default else "no"
        prompt = f"{question} Enter y for yes or n for no, or press Enter for {said}: "
        while True:
            text = self._readline(prompt).strip().lower()
            if self._command(text, help_text, allow_back, {}):
                continue
            if not text:
                return default
            if text in ("y", "yes"):
                return True
            if text in ("n", "no"):
                return False
            self.error("Enter y for yes or n for no.")
