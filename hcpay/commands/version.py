"""``hcpay version``: the same line as ``hcpay --version`` (and ``-V``)."""

from __future__ import annotations

import argparse
import sys

from hcpay import __version__


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help='print {"version": 1, "hcpay": ...}')


def run(args: argparse.Namespace) -> int:
    if args.json:
        from hcpay.commands.render import write_json

        write_json(sys.stdout, {"hcpay": __version__})
    else:
        print(f"hcpay {__version__}")
    return 0
