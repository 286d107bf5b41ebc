"""``hcpay status``: what you owe, when it is due, your coverage, automatic payments and
anything that needs your attention, in one request to the portal."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from hcpay.commands import render, scripting
from hcpay.domain.i18n import _
from hcpay.facts import words

if TYPE_CHECKING:
    from hcpay.facts.account import AccountFacts

JSON_SHAPE = """\
--json prints one object (version 1; MONEY):
  {"version": 1, "member": {"first_name", "username"}, "today", "time_zone",
   "balance_due_cents", "balance_due", "past_due_cents", "past_due",
   "credit_cents", "credit",
   "next_due": {"invoice_id", "due_date", "amount_cents", "amount", "days_left"} | null,
   "next_bill_comes": date | null,
   "coverage_status": "active"|"grace"|"termination_pending"|"terminated",
   "coverage": {"state": "pending"|"active"|"grace"|"termination_pending"|"terminated",
                "words", "starts_on_payment", "kept_by_plan", "terminated_on",
                "reinstatement": {"amount_cents", "amount", "deadline"} | null},
   "grace": {"month", "of", "ends_on"} | null,
   "payment_plan": {"plan_id", "total_cents", "total", "left_cents", "left",
                    "next_installment": {"number", "of", "amount_cents", "amount",
                                         "due_date"} | null} | null,
   "autopay": {"state": "on"|"paused", "enabled", "next_draw_date",
               "fixed_amount_cents", "method"} | null (null: off, none set up),
   "alerts": [{"code", "message"}], "as_of"}
""".replace("MONEY", render.MONEY_HELP)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = JSON_SHAPE + "\n" + scripting.EXIT_CODES_HELP
    parser.add_argument("--json", action="store_true", help=_("print JSON (shape below)"))
    scripting.add_portal_arguments(parser)


def summary_json(facts: AccountFacts, first_name: str, username: str) -> dict[str, Any]:
    bill, plan, coverage, autopay = facts.next_bill, facts.plan, facts.coverage, facts.autopay
    again = coverage.reinstatement
    nxt = plan.next if plan is not None else None
    return {
        "member": {"first_name": first_name, "username": username},
        "today": facts.today.isoformat(),
        "time_zone": facts.time_zone,
        **render.money_fields("balance_due", facts.balance_due_cents),
        **render.money_fields("past_due", facts.past_due_cents),
        **render.money_fields("credit", facts.credit_cents),
        "next_due": None if bill is None else {
            "invoice_id": bill.invoice_id,
            "due_date": bill.due_date.isoformat(),
            **render.money_fields("amount", bill.amount_cents),
            "days_left": bill.days_left,
        },
        "next_bill_comes": render.iso(facts.next_bill_comes),
        "coverage_status": "active" if coverage.pending else coverage.state,
        "coverage": {
            "state": coverage.state,
            "words": words.coverage_word(coverage),
            "starts_on_payment": coverage.pending,
            "kept_by_plan": coverage.kept_by_plan,
            "terminated_on": render.iso(coverage.terminated_on),
            "reinstatement": None if again is None else {
                **render.money_fields("amount", again.amount_cents),
                "deadline": again.deadline.isoformat(),
            },
        },
        "grace": None if not coverage.in_grace else {
            "month": coverage.grace_month, "of": coverage.grace_of,
            "ends_on": render.iso(coverage.grace_ends_on),
        },
        "payment_plan": None if plan is None else {
            "plan_id": plan.plan_id,
            **render.money_fields("total", plan.total_cents),
            **render.money_fields("left", plan.left_cents),
            "next_installment": None if nxt is None else {
                "number": nxt.number, "of": nxt.of,
                **render.money_fields("amount", nxt.amount_cents),
                "due_date": nxt.due_date.isoformat(),
            },
        },
        "autopay": None if autopay.state == "off" else {
            "state": autopay.state, "enabled": autopay.state == "on",
            "next_draw_date": render.iso(autopay.next_draw),
            "fixed_amount_cents": autopay.fixed_cents, "method": autopay.method or None,
        },
        "alerts": [{"code": a.code, "message": a.message} for a in facts.alerts],
        "as_of": facts.as_of.isoformat(),
    }


def summary_words(facts: AccountFacts, first_name: str) -> list[str]:
    lines = [_("Hello {first_name}.").format(first_name=first_name) if first_name else ""]
    lines.extend(words.account_sentences(facts))
    if facts.autopay.state == "off":
        lines.append(_("(`hcpay autopay set` turns them on.)"))
    for alert in facts.alerts:
        lines.append(f"! {alert.message}")
    return [line for line in lines if line]


async def show(ctx: scripting.Context, as_json: bool) -> int:
    from hcpay.facts import account

    facts = (await account.load(ctx.client)).facts
    member = ctx.client.member
    first_name = member.first_name if member else ""
    if as_json:
        render.write_json(ctx.out, summary_json(facts, first_name, ctx.username))
    else:
        ctx.say("\n".join(summary_words(facts, first_name)))
    return int(scripting.Exit.OK)


def run(args: argparse.Namespace) -> int:
    return scripting.run(args, "status", lambda ctx: show(ctx, args.json))
