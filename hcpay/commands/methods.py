"""``hcpay methods list|add|default|remove``: the saved cards and bank accounts.

``add`` asks for the card or bank details, at the terminal (numbers not echoed) or one a line
from stdin, and never takes them as flags: a number on the command line stays in the shell's
history and in the process list. The details go to the payment processor only; the portal keeps
the token and the last 4 digits."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from hcpay.commands import exits, render, scripting
from hcpay.commands.pay import choose_method
from hcpay.commands.scripting import CommandFailed
from hcpay.domain.i18n import N_, _

if TYPE_CHECKING:
    from hcpay.api.models import PaymentMethod
    from hcpay.flows.model import Field

JSON_SHAPE = """\
--json prints one object (version 1):
  {"version": 1, "methods": [{"payment_method_id", "kind": "card"|"bank_account", "brand",
   "last4", "exp_month", "exp_year", "account_type", "words", "is_default"}]}
"""

ADD_HELP = """\
The details are asked one a line: at a terminal the numbers are not shown as you type;
from a pipe, one answer a line in this order:
  card: card number, expiry (MM/YY), security code, name on card (may be empty)
  bank: routing number, account number, checking or savings, name on the account
They are never taken from the command line (it stays in your shell history)."""

# what a secret field asks with getpass at a terminal (never echoed)
HIDDEN = {"card_number", "card_cvc", "account_number"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = JSON_SHAPE + "\n" + scripting.EXIT_CODES_HELP
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("your saved cards and bank accounts"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    add = actions.add_parser(
        "add", help=_("save a card (or, with --bank, a bank account)"),
        description=_("Save a card or bank account; its details are asked, never given as flags."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("--bank", action="store_true", help=_("a bank account instead of a card"))
    add.add_argument("--default", action="store_true", help=_("make it your default method"))
    add.add_argument("--json", action="store_true", help=_("print the saved method as JSON"))
    default = actions.add_parser("default", help=_("make a saved method your default"))
    default.add_argument("method", metavar="ID", help=_("payment method id or last 4 digits"))
    remove = actions.add_parser("remove", help=_("remove a saved method"))
    remove.add_argument("method", metavar="ID", help=_("payment method id or last 4 digits"))
    remove.add_argument("--yes", "-y", action="store_true", help=_("do not ask for confirmation"))
    for sub in (listing, add, default, remove):
        sub.epilog = (ADD_HELP + "\n\n" if sub is add else "") + scripting.EXIT_CODES_HELP
        scripting.add_portal_arguments(sub)


def method_json(method: PaymentMethod) -> dict[str, Any]:
    return {
        "payment_method_id": method.payment_method_id,
        "kind": method.kind,
        "brand": method.brand,
        "last4": method.last4,
        "exp_month": method.exp_month,
        "exp_year": method.exp_year,
        "account_type": method.account_type,
        "words": render.method_words(method),
        "is_default": method.is_default,
    }


def line(method: PaymentMethod) -> str:
    from hcpay.flows import wallet

    return f"{method.payment_method_id}  {wallet.label(method)}"


async def list_methods(ctx: scripting.Context, args: argparse.Namespace) -> int:
    methods = await ctx.client.payment_methods()
    if args.json:
        render.write_json(ctx.out, {"methods": [method_json(m) for m in methods]})
    elif methods:
        ctx.say("\n".join(line(m) for m in methods))
    else:
        ctx.say(_("No cards or bank accounts are saved. `hcpay methods add` saves one."))
    return int(scripting.Exit.OK)


def answer_field(field: Field, values: dict[str, str], terminal: bool, *,
                 nothing: str = N_("Nothing was saved."),
                 see: str = "hcpay methods add --help") -> str:
    """One field's answer: asked at the terminal until it is right, or the next line of stdin
    (a wrong one stops the command, saying which and why)."""
    nothing = _(nothing)
    label = field.label
    if field.kind == "choice":
        label += " (" + _(" or ").join(value for value, _unused in field.choices) + ")"
    while True:
        if terminal:
            prompt = f"{label}: "
            if field.name in HIDDEN:
                text = getpass.getpass(_("{label} (typing is not shown): ").format(label=label),
                                       stream=sys.stderr)
            else:
                print(prompt, end="", file=sys.stderr, flush=True)
                text = sys.stdin.readline()
        else:
            text = sys.stdin.readline()
            if not text:
                raise CommandFailed(_("No {field} on stdin: give one answer a line (see "
                                      "`{see}`).").format(field=field.label.lower(), see=see))
        text = text.strip().lower() if field.kind == "choice" else text.strip()
        if not text:
            text = field.default
        problem = field.problem(text, {**values, field.name: text})
        if problem is None:
            return text
        if not terminal:
            raise CommandFailed(f"{field.label}: {problem} {nothing}")
        print(problem, file=sys.stderr)


async def add_method(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.flows import make_payment as mp
    from hcpay.flows import wallet
    from hcpay.flows.controller import portal_today

    values = {
        "method": mp.NEW_BANK if args.bank else mp.NEW_CARD,
        wallet.MAKE_DEFAULT: "yes" if args.default else "no",
    }
    flow = wallet.for_member(portal_today(await ctx.client.summary()), values)
    terminal = scripting.stdin_is_terminal()
    if terminal:
        ctx.note("The details go only to the payment processor; the portal keeps the last 4.")
    for field in flow.step(wallet.DETAILS).fields:
        values[field.name] = answer_field(field, values, terminal)
    try:
        saved = await wallet.save_new_method(ctx.client, values)
    finally:
        wallet.forget_numbers(values)
    if args.json:
        render.write_json(ctx.out, {"method": method_json(saved)})
    else:
        ctx.say(_("{saved} Its id: {payment_method_id}.").format(
            saved=wallet.saved_words(saved), payment_method_id=saved.payment_method_id))
    return int(scripting.Exit.OK)


async def make_default(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.flows import wallet

    method = choose_method(await ctx.client.payment_methods(), args.method)
    saved = await ctx.client.set_default_payment_method(method.payment_method_id)
    ctx.say(wallet.default_words(saved))
    return int(scripting.Exit.OK)


async def remove(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.api import errors
    from hcpay.flows import wallet

    method = choose_method(await ctx.client.payment_methods(), args.method)
    scripting.confirm(_("Remove {method}?").format(method=wallet.label(method)), yes=args.yes)
    try:
        await ctx.client.delete_payment_method(method.payment_method_id)
    except errors.Conflict as exc:
        raise CommandFailed(f"Not removed. {exc.detail}", exits.Exit.REFUSED,
                            error=exc.code) from exc
    ctx.say(wallet.removed_words(method))
    return int(scripting.Exit.OK)


def run(args: argparse.Namespace) -> int:
    bodies = {"list": list_methods, "add": add_method, "default": make_default, "remove": remove}
    body = bodies[args.action]
    return scripting.run(args, _("methods {action}").format(
        action=args.action), lambda ctx: body(ctx, args))
