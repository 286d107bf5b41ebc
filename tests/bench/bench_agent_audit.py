"""What the audit trail costs an agent, and whether a long access log stays quick to page.

    python tests/bench/bench_agent_audit.py [--database-url URL] [--requests N]

Measures, on one portal (SQLite in a temp dir by default):
- an agent's member view (a write transaction: the read plus its audit row) against the
  baseline of the member's own ``GET /api/v1/me/access-log`` first page (a read), per request;
- the first page of a member's access log with 100 entries against one with 5,000.
Prints milliseconds per request and the ratios. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _timed(fn: Callable[[], object], n: int) -> float:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("HCPAY_HOME", tmp)

    from fastapi.testclient import TestClient
    from sqlalchemy import create_engine, text

    from hcpay.portal.app import create_app
    from hcpay.portal.db import normalise_url
    from hcpay.portal.models import AgentAccess
    from hcpay.portal.settings import PortalSettings
    from tests.helpers.agent_fixtures import make_person, portal_of

    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    schema = None
    if not url.startswith("sqlite"):  # a schema of its own, dropped at the end
        schema = "bench_" + secrets.token_hex(4)
        admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    app = create_app(PortalSettings(database_url=url), schema=schema)
    client = TestClient(app)
    member = make_person(app, first_name="Bench")
    busy = make_person(app, first_name="Busy")
    quiet = make_person(app, first_name="Quiet")
    agent = make_person(app, role="agent", first_name="Bench", last_name="Agent")

    portal = portal_of(app)
    now = portal.clock.now()
    with portal.db.write() as session:
        for who, count in ((busy, 5000), (quiet, 100)):
            session.add_all(
                AgentAccess(
                    agent_id=agent.member_id, member_id=who.member_id, action="view_member",
                    route="GET /api/v1/agent/members/{member_id}", target=who.member_id,
                    reason=f"bench {i}", outcome="ok", created_at=now,
                )
                for i in range(count)
            )

    def agent_view() -> None:
        res = client.get(f"/api/v1/agent/members/{member.member_id}",
                         headers=agent.agent_headers())
        assert res.status_code == 200

    def own_log(person: object) -> Callable[[], None]:
        def run() -> None:
            res = client.get("/api/v1/me/access-log", headers=person.auth)  # type: ignore[attr-defined]
            assert res.status_code == 200 and len(res.json()["items"]) == 50
        return run

    n = args.requests
    for fn in (agent_view, own_log(quiet)):  # warm up
        _timed(fn, 10)
    base = _timed(own_log(quiet), n)
    view = _timed(agent_view, n)
    big = _timed(own_log(busy), n)
    print(f"database: {url.split(':', 1)[0]}, {n} requests each, medians")
    print(f"member access-log page (100 entries), baseline: {base:.2f} ms")
    print(f"agent member view + audit row (write):         {view:.2f} ms  ratio {view / base:.2f}")
    print(f"member access-log page (5,000 entries):        {big:.2f} ms  ratio {big / base:.2f}")
    portal.db.dispose()
    if schema:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
