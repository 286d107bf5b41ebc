"""``hcpay documents``: the member's bills, coverage notices, tax forms and receipts.

``list`` shows them (``--kind``, ``--json``); ``get ID`` prints one as text, or writes it as a
PDF to a file (``-o FILE``) or a pipe, never onto a terminal; ``paperless`` shows or sets email
or mail for each kind."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hcpay import paths
from hcpay.commands import exits, receipt, render, scripting
from hcpay.commands.scripting import CommandFailed
from hcpay.domain.i18n import _
from hcpay.facts import documents as facts

if TYPE_CHECKING:
    from hcpay.api.document_models import DocumentItem, DocumentPreferences

LIST_JSON = """\
--json prints one object (version 1):
  {"version": 1, "documents": [{"document_id", "kind": "bill"|"notice"|"tax_form"|"receipt",
    "kind_name", "title", "period", "created_at", "formats": ["pdf", "txt"]}, ...]}
"""
PAPERLESS_JSON = """\
--json prints one object (version 1):
  {"version": 1, "paperless": {"bill"|"notice"|"tax_form": "email"|"mail"}, "language"}
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = scripting.EXIT_CODES_HELP
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("your documents, newest first"),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    listing.add_argument("--kind", choices=facts.KINDS, help=_("only this kind"))
    listing.add_argument("--json", action="store_true", help=_("print JSON (shape below)"))
    listing.epilog = LIST_JSON + "\n" + render.ERROR_SHAPE + "\n" + exits.table()
    get = actions.add_parser(
        "get", help=_("print a document, or save it (-o FILE)"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_("Print a document as text, or save it. A PDF goes to a file (-o FILE) "
                      "or a pipe, never to a terminal."),
    )
    get.add_argument("document_id", metavar="ID", help=_("the document's id from `list`"))
    get.add_argument("--format", choices=("txt", "pdf"), default="txt",
                     help=_("text (the default) or PDF"))
    get.add_argument("-o", "--output", metavar="FILE", type=Path,
                     help=_("save to FILE instead of printing (- for stdout)"))
    get.add_argument("--force", "-f", action="store_true",
                     help=_("replace FILE when it exists already"))
    get.epilog = exits.table()
    paperless = actions.add_parser(
        "paperless", help=_("show or set email or mail for each kind of document"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for kind in facts.DELIVERY_KINDS:
        paperless.add_argument(f"--{kind.replace('_', '-')}", dest=kind,
                               choices=facts.DELIVERIES,
                               help=_("{kind}: email or mail").format(
                                   kind=facts.kind_name(kind).lower()))
    paperless.add_argument("--json", action="store_true", help=_("print JSON (shape below)"))
    paperless.epilog = PAPERLESS_JSON + "\n" + exits.table()
    for sub in (listing, get, paperless):
        scripting.add_portal_arguments(sub)


def item_json(item: DocumentItem) -> dict[str, Any]:
    return {
        "document_id": item.document_id, "kind": item.kind,
        "kind_name": facts.kind_name(item.kind), "title": item.title, "period": item.period,
        "created_at": render.iso(item.created_at), "formats": item.formats,
    }


def words(items: list[DocumentItem], kind: str | None) -> str:
    if not items:
        return facts.none_of_kind(kind)
    rows = [[i.document_id, facts.kind_name(i.kind), i.title, facts.made_on(i)] for i in items]
    text = render.table(rows, [_("Id"), _("Kind"), _("Title"), _("Made on")])
    return text + "\n" + _("Save one with `hcpay documents get ID --format pdf -o FILE`.")


async def list_documents(ctx: scripting.Context, args: argparse.Namespace) -> int:
    items = await ctx.client.all_documents(args.kind)
    if args.json:
        render.write_json(ctx.out, {"documents": [item_json(i) for i in items]})
    else:
        ctx.say(words(items, args.kind))
    return int(exits.Exit.OK)


async def get_document(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.api import NotFound

    fmt: Literal["txt", "pdf"] = args.format
    target: Path | None = args.output
    document_id = args.document_id.strip().upper()
    if target is None and fmt == "pdf" and ctx.out.isatty():
        raise scripting.usage(
            _("A PDF is unreadable on a terminal: save it with -o FILE, or send it to a file "
              "(`> form.pdf`) or a program.")
        )
    receipt.check_target(target, fmt, args.force, ctx.out)
    try:
        content = await ctx.client.document(document_id, fmt)
    except NotFound as exc:
        raise CommandFailed(
            _("No document {document_id} on your account. `hcpay documents list` shows your "
              "documents and their ids.").format(document_id=document_id),
            exits.Exit.REFUSED, error=exc.code,
        ) from exc
    if target is None or target == receipt.STDOUT:
        if fmt == "txt" and not content.endswith(b"\n"):
            content += b"\n"
        receipt.write_stdout(ctx.out, content)
        return int(exits.Exit.OK)
    try:
        await asyncio.to_thread(paths.write_private, target, content)
    except OSError as exc:
        raise CommandFailed(_("Could not save {target}: {reason}.").format(
            target=target, reason=exc.strerror or exc)) from exc
    ctx.note(facts.saved_words(document_id, str(target)))
    return int(exits.Exit.OK)


def preferences_words(preferences: DocumentPreferences) -> str:
    return "\n".join(facts.delivery_line(preferences, kind) for kind in facts.DELIVERY_KINDS)


async def paperless(ctx: scripting.Context, args: argparse.Namespace) -> int:
    changes: dict[str, str] = {
        k: getattr(args, k) for k in facts.DELIVERY_KINDS if getattr(args, k)
    }
    if changes:
        preferences = await ctx.client.set_document_preferences(paperless=changes)
    else:
        preferences = await ctx.client.document_preferences()
    if args.json:
        render.write_json(ctx.out, preferences.model_dump(mode="json"))
    else:
        ctx.say(preferences_words(preferences))
    return int(exits.Exit.OK)


def run(args: argparse.Namespace) -> int:
    bodies = {"list": list_documents, "get": get_document, "paperless": paperless}
    body = bodies[args.action]
    return scripting.run(args, f"documents {args.action}", lambda ctx: body(ctx, args))
