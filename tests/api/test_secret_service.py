"""The refresh token in a real Secret Service, as on a Linux desktop: gnome-keyring in its own
D-Bus session (headless). It survives an app restart and a whole new desktop session, and
`hcpay logout` leaves nothing behind in the keyring."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

NEEDED = ("dbus-run-session", "gnome-keyring-daemon")
# CI installs them, so there a missing binary fails the test instead of skipping it
pytestmark = pytest.mark.skipif(
    any(shutil.which(b) is None for b in NEEDED) and not os.environ.get("CI"),
    reason="needs gnome-keyring and dbus (apt-get install gnome-keyring dbus dbus-x11; "
    ".ci/run installs them)",
)

CHILD = Path(__file__).with_name("secret_service_child.py")
ROOT = Path(__file__).resolve().parents[2]
# gnome-keyring here will not create the login keyring with an empty password without a
# prompt (none can be shown headless), so the test's login keyring has this password.
KEYRING_PASSWORD = "hcpay-test-keyring"


def desktop_session(env: dict[str, str], *commands: str) -> list[str]:
    """Start D-Bus and an unlocked gnome-keyring, run ``commands`` in order, stop both:
    one desktop session. Returns each command's output (stdout), in order."""
    marker = "----hcpay-step----"
    script = "\n".join(
        [
            f"printf '%s' '{KEYRING_PASSWORD}' | "
            "gnome-keyring-daemon --unlock --components=secrets >/dev/null",
            *(f"{c} || exit $?\necho '{marker}'" for c in commands),
        ]
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [part.strip() for part in done.stdout.split(marker)[: len(commands)]]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_token_survives_restarts_and_logout_leaves_nothing(tmp_path: Path) -> None:
    portal = f"http://127.0.0.1:{closed_port()}"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / "share"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "HCPAY_HOME": str(tmp_path / "hcpay"),
        "PYTHONPATH": str(ROOT),
        "HCPAY_PORTAL_URL": portal,
        "HCPAY_USERNAME": "ana",
    }
    (tmp_path / "run").mkdir(mode=0o700)
    py = f"{sys.executable} {CHILD}"

    backend, saved, reread = desktop_session(
        env,
        f"{py} backend",
        f"{py} save {portal} ana refresh-token-1",
        f"{py} load {portal} ana",  # a new process: the app started again
    )
    assert backend == "keyring.backends.SecretService"
    assert saved == "saved"
    assert reread == "refresh-token-1"

    # a whole new desktop session (new D-Bus, new keyring daemon, same login keyring on disk)
    again, logout, count, after = desktop_session(
        env,
        f"{py} load {portal} ana",
        f"{sys.executable} -m hcpay logout",
        f"{py} count",
        f"{py} load {portal} ana",
    )
    assert again == "refresh-token-1"
    assert f"Removed the keyring entry for {portal} ana." in logout
    assert count == "0"
    assert after == "<none>"


def test_remembered_sign_in_survives_restarts_and_logout_leaves_nothing(
    tmp_path: Path,
) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / "share"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "HCPAY_HOME": str(tmp_path / "hcpay"),
        "PYTHONPATH": str(ROOT),
    }
    (tmp_path / "run").mkdir(mode=0o700)
    py = f"{sys.executable} {CHILD}"

    backend, signed_in, restarted, stored = desktop_session(
        env,
        f"{py} backend",
        f"{py} signin ana{os.getpid()}",
        f"{py} resume",  # the app started again
        f"{py} count",
    )
    assert backend == "keyring.backends.SecretService"
    assert signed_in == "signed in as Ana"
    assert restarted == "still signed in as Ana"
    assert stored == "1"  # one refresh token, rotated in place

    # a whole new desktop session (new D-Bus, new keyring daemon, same login keyring on disk)
    again, logout, left, after = desktop_session(
        env,
        f"{py} resume",
        f"{sys.executable} -m hcpay logout",
        f"{py} count",
        f"{py} resume",
    )
    assert again == "still signed in as Ana"
    assert f"Removed the keyring entry for embedded ana{os.getpid()}." in logout
    assert left == "0"
    assert after == "not signed in: no remembered username"
