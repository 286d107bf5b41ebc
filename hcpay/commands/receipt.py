"""``hcpay receipt REF``: a payment's receipt, printed, or saved as PDF or text."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Literal, TextIO

from hcpay import paths
from hcpay.commands import exits, scripting
from hcpay.commands.scripting import CommandFailed
from hcpay.domain.i18n import _

STDOUT = Path("-")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        _("Without --pdf or --txt the receipt is printed as text. FILE `-` is standard\n"
        "output: `hcpay receipt REF --pdf - > r.pdf`. An existing file is kept unless\n"
        "--force is given.\n\n") + exits.table()
    )
    parser.add_argument("reference", metavar="REF",
                        help=_("the payment's reference, HCP-XXXX-XXXX"))
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--pdf", metavar="FILE", type=Path, help=_("save the receipt as a PDF file (- for stdout)")
    )
    where.add_argument(
        "--txt", metavar="FILE", type=Path, help=_("save the receipt as a text file (- for stdout)")
    )
    parser.add_argument(
        "--force", "-f", action="store_true", help=_("replace FILE when it exists already")
    )
    scripting.add_portal_arguments(parser)


def normalise_reference(text: str) -> str:
    """``hcp 7k2m 9qx4`` or ``HCP7K2M9QX4`` -> ``HCP-7K2M-9QX4`` (as it is read aloud)."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) == 11 and raw.startswith("HCP"):
        return f"{raw[:3]}-{raw[3:7]}-{raw[7:]}"
    return text.strip()


def check_target(target: Path | None, kind: str, force: bool, out: TextIO) -> None:
    """Before asking the portal: where the receipt goes can take it (nothing is overwritten
    without --force, and no PDF bytes are poured onto a terminal)."""
    if target is None:
        return
    if target == STDOUT:
        if kind == "pdf" and out.isatty():
            raise scripting.usage(
                "--pdf -: standard output is a terminal, where a PDF is unreadable; send it "
                "to a file (`> receipt.pdf`) or a program."
            )
        return
    if not target.parent.exists():
        raise scripting.usage(f"The folder {target.parent} does not exist; nothing was saved.")
    if target.is_dir():
        raise scripting.usage(f"{target} is a folder; name a file in it.")
    if target.exists() and not force:
        raise CommandFailed(
            f"{target} exists already; nothing was saved. Add --force to replace it.",
            exits.Exit.NOT_CONFIRMED,
        )


def write_stdout(out: TextIO, content: bytes) -> None:
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a text-only stream (in-process callers)
        out.write(content.decode("utf-8", errors="replace"))
        return
    buffer.write(content)
    buffer.flush()


async def save(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.api import NotFound

    reference = normalise_reference(args.reference)
    target: Path | None = args.pdf or args.txt
    kind: Literal["txt", "pdf"] = "pdf" if args.pdf else "txt"
    check_target(target, kind, args.force, ctx.out)
    try:
        content = await ctx.client.receipt(reference, kind)
    except NotFound as exc:
        raise CommandFailed(
            f"No payment {reference} on your account. `hcpay history` lists your payments "
            "and their references.", exits.Exit.REFUSED, error=exc.code,
        ) from exc
    if target is None or target == STDOUT:
        if kind == "txt" and not content.endswith(b"\n"):
            content += b"\n"
        write_stdout(ctx.out, content)
        return int(exits.Exit.OK)
    try:
        await asyncio.to_thread(paths.write_private, target, content)
    except OSError as exc:
        raise CommandFailed(f"Could not save {target}: {exc.strerror or exc}.") from exc
    ctx.note(f"Saved the receipt for {reference} to {target}.")
    return int(exits.Exit.OK)


def run(args: argparse.Namespace) -> int:
    return scripting.run(args, "receipt", lambda ctx: save(ctx, args))
