"""Several `hcpay` commands at once, as separate processes on one remembered login (a member's
script running two commands in parallel), against a real `hcpay serve --demo` on 127.0.0.1.
They share the refresh token through the keyring (a file-backed one here, slow to read as a
Secret Service can be at first); the portal rotates it on every use and ends the login if a
used one comes back. Every command must work, and the login must survive them all."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hcpay.portal.demo import DEMO_PASSWORD
from tests.cli.helpers import Result, hcpay_process
from tests.e2e.file_keyring import DELAY, FILE
from tests.helpers.serve import running_portal

pytestmark = pytest.mark.e2e

AT_ONCE = 3


def test_commands_run_at_once_keep_the_login(tmp_path: Path) -> None:
    client_home = tmp_path / "client"
    client_home.mkdir()
    (tmp_path / "portal").mkdir()
    keyring_file = tmp_path / "keyring.json"
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.e2e.file_keyring.SlowFileKeyring",
        FILE: str(keyring_file), DELAY: "2",
        "HCPAY_INSECURE_STORAGE": "0",  # the keyring, as on a desktop
    }
    with running_portal(tmp_path / "portal", "--demo", startup_timeout=120) as url:
        def run(*args: str, stdin: str = "") -> Result:
            return hcpay_process(*args, "--portal", url, home=client_home, stdin=stdin, **env)

        login = run("login", "--username", "demo", "--password-stdin", stdin=DEMO_PASSWORD + "\n")
        assert login.code == 0, login.err
        assert "demo" in keyring_file.read_text()  # the token went to the keyring...
        assert not (client_home / "data" / "credentials.json").exists()  # ...not to a file

        with ThreadPoolExecutor(AT_ONCE) as pool:
            results = list(pool.map(lambda _: run("status", "--json"), range(AT_ONCE)))
        for result in results:
            assert result.code == 0, result.err
            assert json.loads(result.out)["member"]["first_name"] == "Dana"

        after = run("status", "--json")  # the login lives on
        assert after.code == 0, after.err
    log = (tmp_path / "portal" / "serve.stderr").read_text()
    assert "refresh token replayed" not in log
