"""`hcpay documents`: list (per kind, --json), get (text on stdout; a PDF to a file or a pipe,
never to a terminal), paperless; the data alone on stdout and the exit codes of exits.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect

from hcpay.commands.exits import Exit
from tests.cli.helpers import REPO, hcpay, spawn


def _documents(*extra: str) -> list[dict[str, object]]:
    listed = hcpay("documents", "list", "--json", *extra)
    assert listed.code == Exit.OK, listed.err
    assert listed.err == ""
    items: list[dict[str, object]] = listed.json()["documents"]
    return items


def _form_id() -> str:
    (form,) = _documents("--kind", "tax_form")
    return str(form["document_id"])


def test_list_per_kind_in_json_and_in_words(signed_in: Path) -> None:
    everything = _documents()
    kinds = {item["kind"] for item in everything}
    assert kinds == {"bill", "tax_form", "receipt"}
    bills = _documents("--kind", "bill")
    assert bills and all(b["kind"] == "bill" and b["kind_name"] == "Bills" for b in bills)
    (form,) = _documents("--kind", "tax_form")
    assert form["title"] == "Form 1095-A for 2025" and form["formats"] == ["pdf", "txt"]
    words = hcpay("documents", "list", "--kind", "tax_form")
    assert words.code == Exit.OK
    assert form["document_id"] in words.out and "Tax forms (Form 1095-A)" in words.out
    assert hcpay("documents", "list", "--kind", "letter").code == Exit.USAGE


def test_get_prints_text_and_saves_a_pdf(signed_in: Path, tmp_path: Path) -> None:
    form_id = _form_id()
    text = hcpay("documents", "get", form_id.lower())
    assert text.code == Exit.OK, text.err
    assert text.out.startswith("Health Connector premium payments")
    assert "Form 1095-A for 2025" in text.out and "December" in text.out
    assert text.err == ""
    target = tmp_path / "form.pdf"
    saved = hcpay("documents", "get", form_id, "--format", "pdf", "-o", str(target))
    assert saved.code == Exit.OK, saved.err
    assert saved.out == "" and str(target) in saved.err
    assert target.read_bytes().startswith(b"%PDF")
    assert target.stat().st_mode & 0o077 == 0
    again = hcpay("documents", "get", form_id, "--format", "pdf", "-o", str(target))
    assert again.code == Exit.NOT_CONFIRMED  # never replaced without --force
    piped = hcpay("documents", "get", form_id, "--format", "pdf")
    assert piped.code == Exit.OK and piped.raw.startswith(b"%PDF")  # a pipe takes the bytes
    missing = hcpay("documents", "get", "DOC-0000-0000")
    assert missing.code == Exit.REFUSED and "hcpay documents list" in missing.err
    assert missing.out == ""


def test_paperless_shows_and_sets_each_kind(signed_in: Path) -> None:
    shown = hcpay("documents", "paperless", "--json")
    assert shown.code == Exit.OK, shown.err
    assert shown.json()["paperless"] == {"bill": "email", "notice": "email",
                                          "tax_form": "email"}
    changed = hcpay("documents", "paperless", "--tax-form", "mail", "--json")
    assert changed.json()["paperless"]["tax_form"] == "mail"
    words = hcpay("documents", "paperless")
    assert "Tax forms (Form 1095-A): Paper (by mail)" in words.out
    assert "Bills: Paperless (by email)" in words.out
    assert hcpay("documents", "paperless", "--bill", "fax").code == Exit.USAGE
    hcpay("documents", "paperless", "--tax-form", "email")


def test_a_pdf_goes_down_a_pipe_with_no_terminal_at_all(signed_in: Path, tmp_path: Path) -> None:
    """`hcpay documents get ID --format pdf < /dev/null | cat > file`, as a real process."""
    form_id = _form_id()
    env = {**os.environ, "HCPAY_HOME": str(signed_in), "PYTHONPATH": str(REPO),
           "HCPAY_INSECURE_STORAGE": "1"}
    env.pop("HCPAY_PORTAL_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "hcpay", "documents", "get", form_id, "--format", "pdf"],
        stdin=subprocess.DEVNULL, capture_output=True, env=env, cwd=REPO, timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF") and done.stderr == b""


def test_a_pdf_is_never_poured_onto_a_terminal(signed_in: Path) -> None:
    child = spawn(signed_in, "documents", "get", _form_id(), "--format", "pdf")
    child.expect_exact("unreadable on a terminal")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == Exit.USAGE
    assert "%PDF" not in (child.before or "")
