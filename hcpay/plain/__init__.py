"""Plain mode: every flow as line-by-line questions for screen-reader users (GitHub CLI's
accessible prompter is the model). ``hcpay --plain``, ``hcpay demo --plain``, or
``HCPAY_ACCESSIBLE=1``, ``ACCESSIBLE=1`` or ``accessible = true`` in config.toml.

Plain mode writes lines of text and nothing else: no cursor movement, no screen clearing, no
alternate screen and no colour. Colour is off by design, whatever NO_COLOR or FORCE_COLOR say:
a screen reader does not read it, and status is always said in words. No escape sequence at all
is written (text from elsewhere is cleaned of control characters first), and the tests in
tests/plain fail on any ESC byte in the output.

It never imports Textual, Rich, the portal or the screens; the command opens the portal (the
embedded one like the TUI, or ``--portal URL``) and hands plain mode the connection.
"""

from __future__ import annotations

import os

_TRUE = {"1", "true", "yes", "on", "t", "y"}


def wanted(flag: bool) -> bool:
    """Plain mode was asked for: ``--plain``, ``ACCESSIBLE``/``HCPAY_ACCESSIBLE`` or the config
    file's ``accessible`` (a broken config file is left for the app to report)."""
    if flag or os.environ.get("ACCESSIBLE", "").strip().lower() in _TRUE:
        return True
    from hcpay.config import ConfigError, startup_settings

    try:
        return startup_settings().accessible
    except ConfigError:
        return os.environ.get("HCPAY_ACCESSIBLE", "").strip().lower() in _TRUE
