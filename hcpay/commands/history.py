"""``hcpay history``: your payments, newest first, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from hcpay.commands import render, scripting
from hcpay.domain.i18n import _
from hcpay.facts.clock import local_day
from hcpay.facts.words import status_word

if TYPE_CHECKING:
    from hcpay.api.models import Payment

STATUSES = ("scheduled", "processing", "succeeded", "failed", "returned", "canceled")
# Words people use for a status, mapped to the portal's own.
STATUS_ALIASES = {"paid": "succeeded", "settled": "succeeded", "cancelled": "canceled"}
PAGE = 200  # the portal's largest page

JSON_SHAPE = """\
--json prints one object (version 1; MONEY):
  {"version": 1, "payments": [
     {"reference", "status", "amount_cents", "amount", "method", "payment_method_id",
      "created_at", "scheduled_for", "expected_settlement_date", "settled_on",
      "failure_code", "failure_message", "invoice_ids": [...], "source"}, ...],
   "more": true|false}
  status is one of: STATUSES.
--csv prints a header row, then one row a payment with the same fields (invoice_ids
separated by spaces).
""".replace("MONEY", render.MONEY_HELP).replace("STATUSES", ", ".join(STATUSES))


def status_choice(text: str) -> str:
    word = text.strip().lower()
    word = STATUS_ALIASES.get(word, word)
    if word not in STATUSES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a payment status; use one of {', '.join(STATUSES)} "
            "(paid and settled mean succeeded)"
        )
    return word


def limit_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number, 0 for every payment")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = JSON_SHAPE + "\n" + scripting.EXIT_CODES_HELP
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("print JSON (shape below)"))
    output.add_argument("--csv", action="store_true", help=_("print CSV with a header row"))
    parser.add_argument(
        "--status", type=status_choice, metavar="STATUS",
        help=_("only payments with this status ({STATUSES})").format(STATUSES=', '.join(STATUSES)),
    )
    parser.add_argument(
        "--limit", type=limit_number, default=50, metavar="N",
        help=_("at most N payments, newest first (default 50; 0 for all of them)"),
    )
    scripting.add_portal_arguments(parser)


async def fetch(
    ctx: scripting.Context, status: str | None, limit: int
) -> tuple[list[Payment], bool]:
    """Up to ``limit`` payments (0: all), paging through the portal; and whether more exist."""
    found: list[Payment] = []
    cursor: str | None = None
    while True:
        want = PAGE if limit == 0 else min(PAGE, limit - len(found))
        page = await ctx.client.payments(status=status, cursor=cursor, limit=want)
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None or not page.items:
            return found, False
        if limit and len(found) >= limit:
            return found[:limit], True


WIDTH = 80  # the table, notes included, fits an 80-column terminal


def words(payments: list[Payment], more: bool, status: str | None,
          time_zone: str | None = None) -> str:
    """A table for a person; days are the portal's (``time_zone``, its billing time zone)."""
    if not payments:
        which = f" {status_word(status).lower()}" if status else ""
        return _("No{which} payments yet.").format(which=which)
    rows, notes = [], []
    for p in payments:
        when = (p.scheduled_for if p.status == "scheduled" and p.scheduled_for
                else local_day(p.created_at, time_zone))
        note = ""
        if p.status == "processing" and p.expected_settlement_date:
            note = _("settles by {date}").format(date=render.day(p.expected_settlement_date))
        elif p.failure_message:
            note = p.failure_message
        rows.append([
            p.reference, render.day(when), render.money(p.amount_cents),
            status_word(p.status), render.method_words(p.method, short=True),
        ])
        notes.append(note)
    table = render.table(rows, [_("Reference"), _("Date"), _("Amount"), _("Status"),
                                _("Method")]).split("\n")
    lines = table[:2]
    for line, note in zip(table[2:], notes, strict=True):
        lines.append(line)
        if note:  # on a line of its own below its payment, wrapped to fit
            lines.extend(textwrap.wrap(note, WIDTH, initial_indent="  ", subsequent_indent="  "))
    text = "\n".join(lines)
    if more:
        text += "\nMore payments are older than these: add --limit 0 to see them all."
    return text


async def show(ctx: scripting.Context, args: argparse.Namespace) -> int:
    payments, more = await fetch(ctx, args.status, args.limit)
    if args.json:
        render.write_json(
            ctx.out, {"payments": [render.payment_json(p) for p in payments], "more": more}
        )
    elif args.csv:
        render.write_csv(
            ctx.out, render.PAYMENT_CSV_FIELDS, (render.payment_csv_row(p) for p in payments)
        )
    else:
        config = await ctx.client.config()
        ctx.say(words(payments, more, args.status, config.time_zone))
    return int(scripting.Exit.OK)


def run(args: argparse.Namespace) -> int:
    return scripting.run(args, "history", lambda ctx: show(ctx, args))
