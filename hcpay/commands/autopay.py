"""``hcpay autopay show|set|off``: automatic payments. ``set`` changes only what you name and
keeps the rest (a first ``set`` starts from: your default method, the full balance, monthly,
on the due date, from today)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from hcpay.commands import exits, render, scripting
from hcpay.commands.pay import choose_method, parse_day
from hcpay.domain.i18n import _

if TYPE_CHECKING:
    from hcpay.api.models import Autopay, PaymentMethod, Summary

JSON_SHAPE = """\
--json (show and set) prints one object (version 1; MONEY):
  {"version": 1, "autopay": {"enabled", "payment_method_id", "method",
   "amount": {"type": "full_balance"|"fixed", "amount_cents", "amount"},
   "frequency": "monthly"|"quarterly", "draw_day": 1..28 | "due_date",
   "start_date", "end_date", "next_draw_date"} | null, "warnings": [...]}
""".replace("MONEY", render.MONEY_HELP)


def draw_day(text: str) -> int | str:
    word = text.strip().lower().replace("-", "_")
    if word in {"due_date", "due"}:
        return "due_date"
    if word.isdigit() and 1 <= int(word) <= 28:
        return int(word)
    raise argparse.ArgumentTypeError(f"{text!r}: give a day from 1 to 28, or due_date")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = JSON_SHAPE + "\n" + render.ERROR_SHAPE + "\n" + exits.table()
    scripting.add_portal_arguments(parser)  # `hcpay autopay --portal URL show` works too
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("your automatic payments and the next draw"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    setter = actions.add_parser(
        "set", help=_("turn automatic payments on or change them"),
        description=_("Turn automatic payments on, or change what you name (the rest is kept)."),
    )
    setter.add_argument("--method", metavar="ID", help=_("payment method id or last 4 digits"))
    setter.add_argument(
        "--amount", metavar="full|123.45",
        help=_("`full` (the whole balance each time) or a fixed amount"),
    )
    setter.add_argument("--frequency", choices=("monthly", "quarterly"))
    setter.add_argument(
        "--day", type=draw_day, metavar="1..28|due_date", help=_("the day of the month to draw")
    )
    setter.add_argument(
        "--start", metavar="YYYY-MM-DD", help=_("first possible draw (default today)")
    )
    setter.add_argument(
        "--end", metavar="YYYY-MM-DD|none", help=_("last possible draw (none: keep going)")
    )
    setter.add_argument("--yes", "-y", action="store_true", help=_("do not ask for confirmation"))
    setter.add_argument("--json", action="store_true", help=_("print JSON"))
    off = actions.add_parser("off", help=_("stop automatic payments"))
    off.add_argument("--yes", "-y", action="store_true", help=_("do not ask for confirmation"))
    for sub in (show, setter, off):
        sub.epilog = scripting.EXIT_CODES_HELP
        scripting.add_portal_arguments(sub)


def amount_json(autopay: Autopay) -> dict[str, Any]:
    cents = autopay.amount.amount_cents
    return {
        "type": autopay.amount.type,
        "amount_cents": cents,
        "amount": render.money(cents) if cents is not None else None,
    }


def autopay_json(autopay: Autopay | None, method: PaymentMethod | None) -> dict[str, Any] | None:
    if autopay is None:
        return None
    return {
        "enabled": autopay.enabled,
        "payment_method_id": autopay.payment_method_id,
        "method": render.method_words(method) or None,
        "amount": amount_json(autopay),
        "frequency": autopay.frequency,
        "draw_day": autopay.draw_day,
        "start_date": render.iso(autopay.start_date),
        "end_date": render.iso(autopay.end_date),
        "next_draw_date": render.iso(autopay.next_draw_date),
    }


def describe(autopay: Autopay | None, method: PaymentMethod | None,
             summary: Summary | None = None) -> list[str]:
    """``summary``: what is owed, to say when the next draw takes nothing."""
    from hcpay.facts.account import draw_takes_nothing

    if autopay is None or not autopay.enabled:
        return [_("Automatic payments are off. `hcpay autopay set` turns them on.")]
    if autopay.amount.type == "fixed" and autopay.amount.amount_cents is not None:
        amount = render.money(autopay.amount.amount_cents)
    else:
        amount = _("the full balance")
    day = _("on the due date") if autopay.draw_day == "due_date" else _("on day {draw_day}").format(
        draw_day=autopay.draw_day)
    lines = [
        _("Automatic payments are on: {amount}, {frequency}, {day}, from your "
        "{payment_method_id}.").format(
            amount=amount, frequency=autopay.frequency, day=day,
            payment_method_id=render.method_words(method) or autopay.payment_method_id),
        _("Started {date}").format(date=render.day(autopay.start_date))
        + (f", ends {render.day(autopay.end_date)}." if autopay.end_date else _("; no end date.")),
    ]
    if autopay.next_draw_date and summary is not None and draw_takes_nothing(
            summary, autopay.next_draw_date):
        lines.append(_("Next draw {date}: nothing is owed, so it takes nothing.").format(
            date=render.day(autopay.next_draw_date)))
    elif autopay.next_draw_date:
        lines.append(_("Next draw: {date}.").format(date=render.day(autopay.next_draw_date)))
    return lines


def warnings(
    autopay: Autopay, method: PaymentMethod | None, summary: Summary | None
) -> list[str]:
    found: list[str] = []
    fixed = autopay.amount.amount_cents if autopay.amount.type == "fixed" else None
    bill = summary.next_due if summary is not None else None
    if fixed is not None and bill is not None and fixed < bill.amount_cents:
        found.append(
            _("The fixed amount {amount} is less than your next bill "
            "({amount2}); the rest stays unpaid.").format(
                amount=render.money(fixed), amount2=render.money(bill.amount_cents))
        )
    draw = autopay.next_draw_date
    expiry = (method.exp_year, method.exp_month) if method is not None else (None, None)
    if (
        method is not None and expiry[0] and expiry[1] and draw is not None
        and expiry < (draw.year, draw.month)
    ):
        found.append(
            _("Your {method} expires {exp_month:02d}/"
            "{exp_year} before the next draw on {date}; update it or "
            "choose another method.").format(
                method=render.method_words(method), exp_month=method.exp_month,
                exp_year=method.exp_year, date=render.day(draw))
        )
    return found


def _method(methods: list[PaymentMethod], method_id: str | None) -> PaymentMethod | None:
    return next((m for m in methods if m.payment_method_id == method_id), None)


async def show(ctx: scripting.Context, args: argparse.Namespace) -> int:
    autopay = await ctx.client.autopay()
    methods = await ctx.client.payment_methods() if autopay is not None else []
    method = _method(methods, autopay.payment_method_id) if autopay else None
    if args.json:
        notes = warnings(autopay, method, await ctx.client.summary()) if autopay else []
        render.write_json(ctx.out, {"autopay": autopay_json(autopay, method), "warnings": notes})
    elif autopay is None or not autopay.enabled:
        ctx.say("\n".join(describe(autopay, method)))
    else:
        summary = await ctx.client.summary()
        ctx.say("\n".join(describe(autopay, method, summary)))
        for note in warnings(autopay, method, summary):
            ctx.say(f"! {note}")
    return int(scripting.Exit.OK)


def _amount(text: str | None, current: Autopay | None) -> Any:
    from hcpay.api.models import AutopayAmount
    from hcpay.domain.money import AmountError, parse_amount

    if text is None:
        return current.amount if current else AutopayAmount(type="full_balance")
    if text.strip().lower() in {"full", "full_balance", "balance"}:
        return AutopayAmount(type="full_balance")
    try:
        return AutopayAmount(type="fixed", amount_cents=parse_amount(text))
    except AmountError as exc:
        raise scripting.usage(f"--amount {text}: {exc.message} Or use `full`.") from exc


async def set_autopay(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.api.models import AutopaySettings

    current = await ctx.client.autopay()
    methods = await ctx.client.payment_methods()
    if args.method is None and current is not None:
        method = _method(methods, current.payment_method_id) or choose_method(methods, None)
    else:
        method = choose_method(methods, args.method)
    start = parse_day(args.start, "--start") if args.start else None
    end: date | None
    if args.end is not None and args.end.strip().lower() in {"none", "never", ""}:
        end = None
    elif args.end is not None:
        end = parse_day(args.end, "--end")
    else:
        end = current.end_date if current else None
    wanted = AutopaySettings(
        enabled=True,
        payment_method_id=method.payment_method_id,
        amount=_amount(args.amount, current),
        frequency=args.frequency or (current.frequency if current else "monthly"),
        draw_day=args.day if args.day is not None else (
            current.draw_day if current else "due_date"
        ),
        start_date=start or (current.start_date if current else None),
        end_date=end,
    )
    from hcpay.facts.clock import today_of

    summary = await ctx.client.summary()
    preview = describe(
        _preview(wanted, today_of(summary)), method
    )[0].replace("Automatic payments are on:", _("Automatic payments:"))
    ctx.note(preview)  # on the terminal, never in the data
    scripting.confirm(_("Save these automatic payments?"), yes=args.yes)
    saved = await ctx.client.set_autopay(wanted)
    notes = warnings(saved, method, summary)
    if args.json:
        render.write_json(ctx.out, {"autopay": autopay_json(saved, method), "warnings": notes})
    else:
        ctx.say("\n".join([_("Saved."), *describe(saved, method, summary)]))
        for note in notes:
            ctx.say(f"! {note}")
    return int(scripting.Exit.OK)


def _preview(wanted: Any, today: date) -> Autopay:
    from hcpay.api.models import Autopay

    return Autopay.model_validate(
        {**wanted.model_dump(), "start_date": wanted.start_date or today}
    )


async def turn_off(ctx: scripting.Context, args: argparse.Namespace) -> int:
    current = await ctx.client.autopay()
    if current is None:
        ctx.say(_("Automatic payments are already off."))
        return int(scripting.Exit.OK)
    scripting.confirm(_("Stop automatic payments?"), yes=args.yes)
    await ctx.client.delete_autopay()
    ctx.say(_("Automatic payments are off. Nothing more will be drawn automatically; pay with "
            "`hcpay pay` or in the app."))
    return int(scripting.Exit.OK)


def run(args: argparse.Namespace) -> int:
    bodies = {"show": show, "set": set_autopay, "off": turn_off}
    body = bodies[args.action]
    return scripting.run(args, _("autopay {action}").format(
        action=args.action), lambda ctx: body(ctx, args))
