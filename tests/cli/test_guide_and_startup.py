"""`hcpay guide` prints the flows the screens show (the same step numbers and titles, read from
hcpay.flows); `hcpay --help` stays fast because the commands are imported only when used."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hcpay.commands.exits import SHORT_HELP, Exit, table
from hcpay.commands.guide import registered
from hcpay.flows import FLOWS, SIGN_IN, Field, Flow, Step
from hcpay.flows.troubleshoot_guides import GUIDES
from tests.cli.helpers import REPO, hcpay


def test_every_registered_flow_is_printed_with_the_screens_step_numbers() -> None:
    assert set(FLOWS) <= set(registered())
    for flow in registered().values():
        result = hcpay("guide", flow.name.replace("_", "-"))
        assert result.code == 0, result.err
        for step in flow.steps:
            assert flow.heading(step.number) in result.out  # "Step 2 of 5: Contact details"
            for spec in step.fields:
                assert spec.label in result.out
        headings = [line for line in result.out.splitlines() if line.startswith("Step ")]
        assert headings == [flow.heading(n) for n in range(1, flow.total + 1)]


def test_sign_in_guide_says_what_to_press() -> None:
    out = hcpay("guide", "sign-in").out
    assert "Step 1 of 2: Username and password" in out
    assert "Step 2 of 2: Two-step code" in out
    assert f"Enter on the last one: {SIGN_IN.step(1).submit_label}." in out
    assert "Space ticks or clears it" in out  # the remember-me checkbox


def test_topic_words_cover_several_flows() -> None:
    out = hcpay("guide", "account").out
    assert "Create an account" in out and "Reset your password" in out
    listing = hcpay("guide")
    assert listing.code == 0
    for flow in FLOWS.values():
        assert flow.title in listing.out


def test_troubleshoot_prints_every_troubleshooting_guide_in_the_screens_order() -> None:
    out = hcpay("guide", "troubleshoot").out
    titles = [g.flow.title for g in GUIDES]
    assert [t for t in titles if t in out] == titles
    assert sorted(titles, key=out.index) == titles
    declined = next(g for g in GUIDES if g.key == "declined").flow
    one = hcpay("guide", "declined")  # the last word of its name is enough
    assert one.code == 0
    assert one.out.startswith(declined.title)
    assert "Press Enter" not in one.out  # a guide to read, not a form to fill
    acting = next(g for g in GUIDES if g.act_key)
    shown = hcpay("guide", acting.flow.name)
    assert f"Press {acting.act_key} there to {acting.act_label.lower()}." in shown.out.replace(
        "\n", " ")


def test_an_unknown_topic_exits_1_and_lists_the_guides() -> None:
    result = hcpay("guide", "astrology")
    assert result.code == 1
    assert "no guide about 'astrology'" in result.err
    assert "sign-in" in result.err


def test_guide_json_matches_the_flow_definitions() -> None:
    data = hcpay("guide", "--json").json()
    assert data["version"] == 1
    by_name = {g["name"]: g for g in data["guides"]}
    assert set(by_name) == set(registered())
    for name, flow in registered().items():
        steps = by_name[name]["steps"]
        assert [s["heading"] for s in steps] == [flow.heading(s.number) for s in flow.steps]
        assert [len(s["fields"]) for s in steps] == [len(s.fields) for s in flow.steps]


def test_a_new_flow_shows_up_in_the_guide_without_touching_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pay = Flow(
        name="make_payment", title="Make a payment",
        steps=(
            Step(1, "Amount", fields=(Field("amount", "Amount", kind="money"),)),
            Step(2, "Choose a payment method", fields=(
                Field("method", "Method", kind="choice",
                      choices=(("saved", "A saved method"), ("card", "A new card"))),
            )),
            Step(3, "Review", submit_label="Pay now"),
        ),
    )
    monkeypatch.setitem(FLOWS, "make_payment", pay)
    out = hcpay("guide", "pay").out
    assert "Step 2 of 3: Choose a payment method" in out
    assert "A saved method, A new card" in out
    assert "Up and Down choose, then press Enter: Continue." in out
    assert "dollars and cents" in out
    assert "Press Enter: Pay now." in out


def test_help_is_fast_and_loads_neither_portal_nor_client() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from hcpay.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main(['--help'])\n"
        "loaded = [m for m in ('hcpay.portal', 'hcpay.api', 'fastapi', 'textual', 'httpx')\n"
        "          if m in sys.modules]\n"
        "print(rc, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=True)
    assert done.stdout.strip() == "0 []"


def test_each_command_has_help_with_its_exit_codes() -> None:
    short = " ".join(SHORT_HELP.split())
    top = hcpay("--help")
    assert top.code == 0 and table() in top.out  # the whole table, one code a line
    for command in ("login", "logout", "status", "bills", "history", "pay", "receipt",
                    "autopay", "config", "version"):
        result = hcpay(command, "--help")
        assert result.code == 0, command
        assert table() in result.out or short in " ".join(result.out.split()), command
    for code in Exit:
        assert f"  {int(code):<3}  " in top.out
    assert '"amount_cents"' in hcpay("history", "--help").out


def test_hcpay_alone_gets_the_parsers_own_defaults() -> None:
    """`hcpay` with no arguments skips building the parser (start-up time): what it hands the
    app must be exactly what the parser would have made of an empty command line."""
    from hcpay.cli import NO_ARGUMENTS, parse

    made = vars(parse([])[0])
    made.pop("_parser")  # which parser read it: for usage errors only
    assert made == NO_ARGUMENTS
