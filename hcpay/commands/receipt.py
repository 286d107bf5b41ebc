"""``hcpay receipt REF``: a payment's receipt, printed, or saved as PDF or text."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Literal

from hcpay import paths
from hcpay.commands import scripting
from hcpay.commands.scripting import CommandFailed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Without --pdf or --txt the receipt is printed as text. " + scripting.EXIT_CODES_HELP
    )
    parser.add_argument("reference", metavar="REF", help="the payment's reference, HCP-XXXX-XXXX")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--pdf", metavar="FILE", type=Path, help="save the receipt as a PDF file")
    where.add_argument("--txt", metavar="FILE", type=Path, help="save the receipt as a text file")
    scripting.add_portal_arguments(parser)


def normalise_reference(text: str) -> str:
    """``hcp 7k2m 9qx4`` or ``HCP7K2M9QX4`` -> ``HCP-7K2M-9QX4`` (as it is read aloud)."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) == 11 and raw.startswith("HCP"):
        return f"{raw[:3]}-{raw[3:7]}-{raw[7:]}"
    return text.strip()


async def save(ctx: scripting.Context, args: argparse.Namespace) -> int:
    from hcpay.api import NotFound

    reference = normalise_reference(args.reference)
    target: Path | None = args.pdf or args.txt
    kind: Literal["txt", "pdf"] = "pdf" if args.pdf else "txt"
    if target is not None and not target.parent.exists():
        raise CommandFailed(f"The folder {target.parent} does not exist; nothing was saved.")
    try:
        content = await ctx.client.receipt(reference, kind)
    except NotFound as exc:
        raise CommandFailed(
            f"No payment {reference} on your account. `hcpay history` lists your payments "
            "and their references."
        ) from exc
    if target is None:
        ctx.out.write(content.decode("utf-8", errors="replace"))
        if not content.endswith(b"\n"):
            ctx.out.write("\n")
        return int(scripting.Exit.OK)
    try:
        await asyncio.to_thread(paths.write_private, target, content)
    except OSError as exc:
        raise CommandFailed(f"Could not save {target}: {exc.strerror or exc}.") from exc
    ctx.note(f"Saved the receipt for {reference} to {target}.")
    return int(scripting.Exit.OK)


def run(args: argparse.Namespace) -> int:
    return scripting.run(args, "receipt", lambda ctx: save(ctx, args))
