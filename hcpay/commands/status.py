"""``hcpay status``: what you owe, when it is due, your coverage, automatic payments and
anything that needs your attention, in one request to the portal."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from hcpay.commands import render, scripting
from hcpay.domain.date_words import next_bill_day

if TYPE_CHECKING:
    from hcpay.api.models import Summary

JSON_SHAPE = """\
--json prints one object (version 1; MONEY):
  {"version": 1, "member": {"first_name", "username"},
   "balance_due_cents", "balance_due", "past_due_cents", "past_due",
   "credit_cents", "credit",
   "next_due": {"invoice_id", "due_date", "amount_cents", "amount"} | null,
   "coverage_status": "active"|"grace"|"termination_pending"|"terminated",
   "grace": {"month", "of", "ends_on"} | null,
   "autopay": {"enabled", "next_draw_date"} | null,
   "alerts": [{"code", "message"}], "as_of"}
""".replace("MONEY", render.MONEY_HELP)

COVERAGE_WORDS = {
    "active": "active",
    "grace": "in a grace period",
    "termination_pending": "termination warning",
    "terminated": "ended",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = JSON_SHAPE + "\n" + scripting.EXIT_CODES_HELP
    parser.add_argument("--json", action="store_true", help="print JSON (shape below)")
    scripting.add_portal_arguments(parser)


def summary_json(summary: Summary, first_name: str, username: str) -> dict[str, Any]:
    next_due = summary.next_due
    grace = summary.grace
    autopay = summary.autopay
    return {
        "member": {"first_name": first_name, "username": username},
        "balance_due_cents": summary.balance_due_cents,
        "balance_due": render.money(summary.balance_due_cents),
        "past_due_cents": summary.past_due_cents,
        "past_due": render.money(summary.past_due_cents),
        "credit_cents": summary.credit_cents,
        "credit": render.money(summary.credit_cents),
        "next_due": None if next_due is None else {
            "invoice_id": next_due.invoice_id,
            "due_date": next_due.due_date.isoformat(),
            "amount_cents": next_due.amount_cents,
            "amount": render.money(next_due.amount_cents),
        },
        "coverage_status": summary.coverage_status,
        "grace": None if grace is None else {
            "month": grace.month, "of": grace.of, "ends_on": render.iso(grace.ends_on),
        },
        "autopay": None if autopay is None else {
            "enabled": autopay.enabled, "next_draw_date": render.iso(autopay.next_draw_date),
        },
        "alerts": [{"code": a.code, "message": a.message} for a in summary.alerts],
        "as_of": summary.as_of.isoformat(),
    }


def summary_words(summary: Summary, first_name: str) -> list[str]:
    today = summary.as_of.date()
    lines = [f"Hello {first_name}." if first_name else ""]
    owed, past_due = summary.balance_due_cents, summary.past_due_cents
    if owed <= 0:
        lines.append("You owe nothing right now.")
    elif past_due >= owed:
        lines.append(f"You owe {render.money(owed)}, all of it past due.")
    elif past_due > 0:
        lines.append(f"You owe {render.money(owed)}; {render.money(past_due)} of it is past due.")
    else:
        lines.append(f"You owe {render.money(owed)}.")
    if summary.credit_cents > 0:
        lines.append(f"You have a credit of {render.money(summary.credit_cents)}.")
    if summary.next_due is not None:
        due = summary.next_due
        was = "was due" if due.due_date < today else "due"
        lines.append(
            f"Next bill: {render.money(due.amount_cents)} {was} {render.day(due.due_date)} "
            f"(invoice {due.invoice_id})."
        )
    elif summary.coverage_status != "terminated":
        lines.append(f"Next bill: comes {render.day(next_bill_day(today))}.")
    coverage = COVERAGE_WORDS.get(summary.coverage_status, summary.coverage_status)
    line = f"Coverage: {coverage}."
    if summary.grace is not None:
        grace = summary.grace
        ends = f"; it ends {render.day(grace.ends_on)}" if grace.ends_on else ""
        line = f"Coverage: {coverage}, month {grace.month} of {grace.of} of the grace period{ends}."
    lines.append(line)
    autopay = summary.autopay
    if autopay is not None and autopay.enabled:
        when = f", next draw {render.day(autopay.next_draw_date)}" if autopay.next_draw_date else ""
        lines.append(f"Automatic payments: on{when}.")
    else:
        lines.append("Automatic payments: off (`hcpay autopay set` turns them on).")
    for alert in summary.alerts:
        lines.append(f"! {alert.message}")
    return [line for line in lines if line]


async def show(ctx: scripting.Context, as_json: bool) -> int:
    summary = await ctx.client.summary()
    member = ctx.client.member
    first_name = member.first_name if member else ""
    if as_json:
        render.write_json(ctx.out, summary_json(summary, first_name, ctx.username))
    else:
        ctx.say("\n".join(summary_words(summary, first_name)))
    return int(scripting.Exit.OK)


def run(args: argparse.Namespace) -> int:
    return scripting.run(args, "status", lambda ctx: show(ctx, args.json))
