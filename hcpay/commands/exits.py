"""The exit codes of every ``hcpay`` command: the one table a script branches on, shown in
``hcpay --help`` and in each command's help. They never change meaning; a new one gets a new
number. Standard library only: ``hcpay --help`` reads this without loading anything else."""

from __future__ import annotations

import textwrap
from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    REFUSED = 3
    NOT_SIGNED_IN = 4
    UNREACHABLE = 5
    NOT_CONFIRMED = 6
    CANCELLED = 6  # the same code: answering no is "not confirmed" (the name older code used)
    INTERRUPTED = 130


# (code, what it means, what to do), in the order of the help.
MEANINGS: tuple[tuple[Exit, str], ...] = (
    (Exit.OK, "done"),
    (Exit.ERROR, "something went wrong in hcpay or on the portal's side; try again"),
    (Exit.USAGE, "the command line is wrong: an unknown option, a bad amount, date, method or "
                 "invoice, or no terminal for the full-screen app"),
    (Exit.REFUSED, "declined or refused by the portal: a declined card or bank payment, or a "
                   "request the portal turned down (not found, not allowed, too high, locked)"),
    (Exit.NOT_SIGNED_IN, "not signed in, or the sign-in has ended: run `hcpay login`"),
    (Exit.UNREACHABLE, "the portal could not be reached; after `pay`, check `hcpay history` "
                       "before paying again"),
    (Exit.NOT_CONFIRMED, "not confirmed, nothing done: you answered no, or input is not a "
                         "terminal and --yes was not given (--allow-duplicate for a possible "
                         "duplicate payment, --force to replace a file)"),
    (Exit.INTERRUPTED, "interrupted with Ctrl+C"),
)


def table() -> str:
    """The exit codes as help text, one a line."""
    lines = ["exit codes:"]
    for code, meaning in MEANINGS:
        lines.extend(textwrap.wrap(
            meaning, width=78, initial_indent=f"  {int(code):<3}  ", subsequent_indent=" " * 7
        ))
    return "\n".join(lines)


ERROR_SHAPE = """\
With --json, a failure is one object on stdout too (and a sentence on stderr):
  {"version": 1, "error": {"code", "message", "exit_code", "reference"?,
                           "idempotency_key"?}}
"""

SHORT_HELP = (
    "Exit codes: 0 ok, 1 error, 2 usage, 3 declined or refused by the portal, 4 not signed in "
    "(run `hcpay login`), 5 portal unreachable, 6 not confirmed (add --yes), 130 interrupted."
)
