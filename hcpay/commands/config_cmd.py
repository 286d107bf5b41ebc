"""``hcpay config ...``: where the settings live, and what they are."""

from __future__ import annotations

import argparse
import sys

from hcpay.domain.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    sub.add_parser("path", help=_("print the settings file's path"))
    sub.add_parser("show", help=_("print the settings in effect (file and HCPAY_* variables)"))


def run(args: argparse.Namespace) -> int:
    from hcpay.config import ConfigError, config_path, load_settings

    if args.config_command == "path":
        print(config_path())
        return 0
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(_("hcpay config: {value}").format(value=exc), file=sys.stderr)
        return 1
    import tomli_w

    print(f"# {config_path()} with HCPAY_* overrides")
    print(tomli_w.dumps(settings.model_dump(exclude_none=True)), end="")
    return 0
