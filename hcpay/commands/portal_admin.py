"""``hcpay portal ...``: administration of a portal database."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from hcpay.domain.counting import counted


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: the local SQLite file)")
    sub = parser.add_subparsers(dest="portal_command", metavar="ACTION", required=True)
    sub.add_parser("run-jobs", help="run every job due up to today, once")
    agent = sub.add_parser(
        "create-agent",
        help="create a support agent (two-step sign-in on; prints its secret once)",
        description="Create a support agent. Agents must sign in with two steps: the "
        "authenticator secret, its otpauth URI and recovery codes are printed once. The password "
        "is read from HCPAY_AGENT_PASSWORD or asked for.",
    )
    agent.add_argument("--username", required=True)
    agent.add_argument("--email", required=True)
    agent.add_argument("--first-name", required=True)
    agent.add_argument("--last-name", required=True)
    reset = sub.add_parser(
        "reset-agent-two-step",
        help="give an agent a new authenticator secret (prints it once)",
    )
    reset.add_argument("--username", required=True)


def _password() -> str:
    from_env = os.environ.get("HCPAY_AGENT_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Agent password: ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("hcpay portal create-agent: the passwords differ; nothing was created.")
    return first


def _print_secret(secret: str, uri: str, codes: list[str]) -> None:
    print("Two-step sign-in is on. Add this to the agent's authenticator app now;")
    print("it is shown only once.")
    print(f"  secret:      {secret}")
    print(f"  otpauth URI: {uri}")
    print("  recovery codes (each works once):")
    for code in codes:
        print(f"    {code}")


def run(args: argparse.Namespace) -> int:
    from hcpay.portal.app import build_portal
    from hcpay.portal.security.startup_checks import StartupRefused
    from hcpay.portal.settings import PortalSettings

    overrides: dict[str, object] = {}
    if args.database_url:
        overrides["database_url"] = args.database_url
    try:
        portal = build_portal(PortalSettings(**overrides))  # type: ignore[arg-type]
    except StartupRefused as refused:
        print(f"hcpay portal: {refused}", file=sys.stderr)
        return 1
    if args.portal_command == "run-jobs":
        done = portal.jobs.run_until()
        print(f"Jobs run through {portal.clock.today().isoformat()}: {counted(done, 'item')}.")
    elif args.portal_command == "create-agent":
        return _create_agent(portal, args)
    elif args.portal_command == "reset-agent-two-step":
        return _reset_two_step(portal, args.username)
    return 0


def _create_agent(portal: object, args: argparse.Namespace) -> int:
    from sqlalchemy.exc import IntegrityError

    from hcpay.domain.password_policy import check_password
    from hcpay.portal.context import Portal
    from hcpay.portal.services import accounts, two_step
    from hcpay.portal.services.agents import add_agent, make_member

    assert isinstance(portal, Portal)
    username = args.username.strip().lower()
    if not accounts.USERNAME.match(username):
        print("hcpay portal create-agent: use 3 to 32 letters, digits, dots, dashes or "
              "underscores for the username.", file=sys.stderr)
        return 2
    password = _password()
    problems = check_password(
        password, username=username, first_name=args.first_name, last_name=args.last_name,
        email=args.email,
    )
    if problems:
        for problem in problems:
            print(f"hcpay portal create-agent: {problem.message}", file=sys.stderr)
        return 2
    agent = make_member(
        portal, username=username, password=password, email=args.email,
        first_name=args.first_name, last_name=args.last_name, role="agent",
    )
    try:
        with portal.db.write() as session:
            made = add_agent(session, portal, agent, two_step.new_secret())
    except IntegrityError:
        print("hcpay portal create-agent: that username or email already has an account.",
              file=sys.stderr)
        return 1
    print(f"Agent {username} created (member id {made.member_id}).")
    _print_secret(made.secret, made.otpauth_uri, made.recovery_codes)
    return 0


def _reset_two_step(portal: object, username: str) -> int:
    from sqlalchemy import select

    from hcpay.portal.context import Portal
    from hcpay.portal.models import Member
    from hcpay.portal.services import two_step
    from hcpay.portal.services.sign_in import end_every_login

    assert isinstance(portal, Portal)
    secret = two_step.new_secret()
    with portal.db.write() as session:
        agent = session.execute(
            select(Member).where(Member.username == username.strip().lower())
        ).scalar_one_or_none()
        if agent is None or not agent.is_agent:
            print(f"hcpay portal reset-agent-two-step: no agent named {username}.",
                  file=sys.stderr)
            return 1
        two_step.disable(agent)
        codes = two_step.enable(agent, portal.box, secret)
        end_every_login(session, agent.member_id, now=portal.clock.now(), reason="two_step_reset")
    _print_secret(secret, two_step.otpauth_uri(secret, agent.username), codes)
    return 0
