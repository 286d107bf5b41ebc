"""Demo data (product-rules.md): seeded on an empty sandbox database by `hcpay demo` and
`hcpay serve --demo`. Each part of the portal adds its share of the demo here."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from hcpay.portal.context import Portal
from hcpay.portal.demo_billing import seed_demo_billing
from hcpay.portal.models import Member
from hcpay.portal.services import passwords
from hcpay.portal.services.agents import add_agent, make_member

DEMO_PASSWORD = "Demo-Pass-2026!"
AGENT_PASSWORD = "Agent-Pass-2026!"
# The demo member's id, the same in every sandbox (Crockford base32 like every member id), so
# a guest payment can be shown with the member id from its bill.
DEMO_MEMBER_ID = "M-DEM0-2026"
DEMO_BIRTH_DATE = date(1984, 3, 14)
# Sandbox only: printed in product-rules.md so that a test or a person can sign in as the agent.
AGENT_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def seed_demo(portal: Portal) -> dict[str, str]:
    """Seed the demo accounts unless the database already has members, for the sandbox clock's
    today (moved forward to ``settings.demo_date`` first, when that is set and ahead).

    Returns username -> member_id of what it made (empty, hence false, when it made nothing);
    their billing (a year of history for demo, grace month 2 for pastdue) comes from
    ``seed_demo_billing``.
    """
    if not portal.settings.sandbox:
        raise RuntimeError("demo data exists only in sandbox mode")
    with portal.db.read() as session:
        if session.execute(select(func.count()).select_from(Member)).scalar_one():
            return {}
    _move_to_demo_date(portal)
    # hashing is slow: make the rows first, write them in one short transaction; the
    # passwords are published, so their hashes are kept from the first start
    demo_hash = passwords.demo_hash(DEMO_PASSWORD, portal.settings)
    agent_hash = passwords.demo_hash(AGENT_PASSWORD, portal.settings)
    demo = make_member(
        portal, username="demo", password=DEMO_PASSWORD, email="demo@example.com",
        first_name="Dana", last_name="Rivera", date_of_birth=DEMO_BIRTH_DATE,
        ssn="555-12-4242", phone="+16175550142", subsidized=True, password_hash=demo_hash,
    )
    demo.member_id = DEMO_MEMBER_ID  # printed on its bills: a guest payment can be shown
    pastdue = make_member(
        portal, username="pastdue", password=DEMO_PASSWORD, email="pastdue@example.com",
        first_name="Paul", last_name="Okafor", date_of_birth=date(1979, 11, 2),
        ssn="555-34-6789", phone="+16175550177", subsidized=True, password_hash=demo_hash,
    )
    agent = make_member(
        portal, username="agent", password=AGENT_PASSWORD, email="agent@example.com",
        first_name="Alex", last_name="Morgan", role="agent", password_hash=agent_hash,
    )
    with portal.db.write() as session:
        if session.execute(select(func.count()).select_from(Member)).scalar_one():
            return {}  # another process seeded meanwhile
        session.add_all([demo, pastdue])
        add_agent(session, portal, agent, AGENT_TOTP_SECRET)
    made = {m.username: m.member_id for m in (demo, pastdue, agent)}
    seed_demo_billing(portal, made)
    return made


def _move_to_demo_date(portal: Portal) -> None:
    """``settings.demo_date``, when it is ahead: 9 a.m. that day, as the sandbox clock's
    ``set`` does."""
    day = portal.settings.demo_date
    if day is not None and day > portal.clock.today():
        portal.clock.move_to(portal.clock.start_of_day(day) + timedelta(hours=9))
