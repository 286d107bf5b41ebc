"""The scripted commands as separate processes against a real `python -m hcpay serve --demo`
on 127.0.0.1, chosen with --portal URL (before or after the command name)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hcpay.portal.demo import DEMO_PASSWORD
from tests.cli.helpers import hcpay_process
from tests.helpers.serve import running_portal

pytestmark = pytest.mark.e2e


def test_login_pay_history_receipt_over_http(tmp_path: Path) -> None:
    client_home = tmp_path / "client"
    client_home.mkdir()
    (tmp_path / "portal").mkdir()
    # a busy machine (the whole suite under xdist) can take more than 30 s to start it
    with running_portal(tmp_path / "portal", "--demo", startup_timeout=120) as url:
        def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
            result = hcpay_process(*args, home=client_home, stdin=stdin)
            return result.code, result.out, result.err

        code, _, err = run("status", "--portal", url)
        assert code == 4 and f"hcpay login --portal {url}" in err

        code, out, err = run("login", "--portal", url, "--username", "demo",
                             "--password-stdin", stdin=DEMO_PASSWORD + "\n")
        assert code == 0, err
        assert f"on the portal at {url}" in out

        code, out, err = run("--portal", url, "status", "--json")
        assert code == 0, err
        assert json.loads(out)["member"]["first_name"] == "Dana"

        code, out, err = run("pay", "--portal", url, "--amount", "21.50", "--yes", "--json")
        assert code == 0, err
        reference = json.loads(out)["payment"]["reference"]

        code, out, err = run("history", "--portal", url, "--json", "--limit", "3")
        assert code == 0, err
        assert json.loads(out)["payments"][0]["reference"] == reference
        assert json.loads(out)["payments"][0]["amount_cents"] == 2150

        code, out, err = run("pay", "--portal", url, "--amount", "1")  # a pipe: no prompt
        assert code == 6 and "--yes" in err  # 6: not confirmed

        pdf = tmp_path / "receipt.pdf"
        code, _, err = run("receipt", reference, "--portal", url, "--pdf", str(pdf))
        assert code == 0, err
        assert pdf.read_bytes().startswith(b"%PDF")

        code, out, err = run("logout", "--portal", url)
        assert code == 0, err
        code, _, err = run("status", "--portal", url)
        assert code == 4

    code, _, err = run("status", "--portal", url)  # the portal has stopped
    assert code in (1, 4)
    assert "Traceback" not in err
