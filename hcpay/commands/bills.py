"""``hcpay bills``: the open bills (invoices) with their ids, what is left to pay on each and
when it is due: what ``hcpay pay --invoice ID`` takes."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from hcpay.commands import exits, render, scripting
from hcpay.domain.i18n import _, ngettext

if TYPE_CHECKING:
    from hcpay.api.models import Invoice

PAGE = 200

JSON_SHAPE = """\
--json prints one object (version 1):
  {"version": 1, "member_id", "bills": [
     {"invoice_id", "policy": "health"|"dental", "coverage_month": "YYYY-MM",
      "amount_cents", "amount", "paid_cents", "paid", "left_cents", "left",
      "due_date", "status": "open"|"past_due", "binder"}, ...],
   "total_left_cents", "total_left"}
Money is integer *_cents, and the same amount as text ("$1,234.50"); dates are
ISO.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        _("Pay one with `hcpay pay --amount AMOUNT --invoice ID`.\n\n") + JSON_SHAPE + "\n"
        + render.ERROR_SHAPE + "\n" + exits.table()
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON (shape below)"))
    scripting.add_portal_arguments(parser)


async def open_bills(ctx: scripting.Context) -> list[Invoice]:
    """Every open bill (past due ones too), oldest due first: the order payments go to them."""
    found: list[Invoice] = []
    cursor: str | None = None
    while True:
        page = await ctx.client.invoices("open", cursor=cursor, limit=PAGE)
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None or not page.items:
            break
    return sorted(found, key=lambda b: (b.due_date, b.invoice_id))


def month_words(coverage_month: str) -> str:
    """``2027-01`` -> ``January 2027``."""
    try:
        year, month = (int(part) for part in coverage_month.split("-")[:2])
        return f"{date(year, month, 1):%B} {year}"
    except ValueError:
        return coverage_month


def bill_json(bill: Invoice) -> dict[str, Any]:
    return {
        "invoice_id": bill.invoice_id,
        "policy": bill.policy,
        "coverage_month": bill.coverage_month,
        "amount_cents": bill.amount_cents,
        "amount": render.money(bill.amount_cents),
        "paid_cents": bill.paid_cents,
        "paid": render.money(bill.paid_cents),
        "left_cents": bill.remaining_cents,
        "left": render.money(bill.remaining_cents),
        "due_date": render.iso(bill.due_date),
        "status": bill.status,
        "binder": bill.binder,
    }


def words(bills: list[Invoice]) -> str:
    if not bills:
        return _("You have no open bills: nothing is owed right now.")
    rows = [
        [
            b.invoice_id, f"{b.policy.title()}, {month_words(b.coverage_month)}",
            render.day(b.due_date), render.money(b.remaining_cents),
            _("past due") if b.status == "past_due" else "open",
        ]
        for b in bills
    ]
    total = sum(b.remaining_cents for b in bills)
    text = render.table(rows, [_("Invoice"), _("Coverage"), _("Due"), _("Left to pay"),
                               _("Status")])
    said = ngettext("{bills} open bill, {amount} in all.", "{bills} open bills, {amount} in all.",
                    len(bills)).format(bills=len(bills), amount=render.money(total))
    return _("{text}\n{said} Pay one with `hcpay pay --amount AMOUNT --invoice ID`.").format(
        text=text, said=said)


async def show(ctx: scripting.Context, args: argparse.Namespace) -> int:
    import asyncio

    from hcpay.facts.words import member_id_label

    bills, summary = await asyncio.gather(open_bills(ctx), ctx.client.summary())
    member_id = summary.member_id or ""
    if args.json:
        total = sum(b.remaining_cents for b in bills)
        render.write_json(ctx.out, {
            "member_id": member_id or None,
            "bills": [bill_json(b) for b in bills],
            "total_left_cents": total, "total_left": render.money(total),
        })
    else:
        label = member_id_label(member_id)
        ctx.say((f"{label} (on every bill; it pays without signing in)\n" if label else "")
                + words(bills))
    return int(exits.Exit.OK)


def run(args: argparse.Namespace) -> int:
    return scripting.run(args, "bills", lambda ctx: show(ctx, args))
