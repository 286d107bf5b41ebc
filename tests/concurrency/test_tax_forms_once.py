"""Each document is made once (the unique (member, kind, subject) key): two job runners in two
processes run the January 31 tax-form job on one database at the same moment, and each member
with a covered month has one Form 1095-A for the year, and one email saying it is ready."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from sqlalchemy import func, select

from hcpay.portal.models import Invoice, OutboxMessage, StoredDocument
from tests.concurrency.conftest import Stack
from tests.concurrency.people import person
from tests.helpers.serve import REPO

HERE = os.path.dirname(__file__)


def test_two_runners_at_once_make_each_form_once(stack: Stack) -> None:
    people = [person(stack, open_months=2, past_due=True) for _ in range(3)]
    portal = stack.portal
    with portal.db.read() as session:
        year = int(session.execute(select(func.min(Invoice.coverage_month)).where(
            Invoice.member_id == people[0].member_id)).scalar_one()[:4])
    env = {**os.environ, "PYTHONPATH": str(REPO),
           "CONC_DATABASE_URL": portal.settings.database_url,
           "CONC_SSN_KEY": portal.settings.ssn_key or "", "CONC_SCHEMA": portal.db.schema or ""}
    start_at = time.time() + 8  # both loaded and waiting before it
    runners = [subprocess.Popen(
        [sys.executable, os.path.join(HERE, "tax_form_runner.py"), f"{year + 1}-01-31",
         str(start_at)], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) for _ in range(2)]
    outputs = [runner.communicate(timeout=180) for runner in runners]
    for runner, (_, err) in zip(runners, outputs, strict=True):
        assert runner.returncode == 0, err.decode()
    made = sum(int(out.split()[0]) for out, _ in outputs)
    ids = [p.member_id for p in people]
    with portal.db.read() as session:
        forms = session.execute(select(StoredDocument.member_id).where(
            StoredDocument.kind == "tax_form", StoredDocument.subject == str(year),
            StoredDocument.member_id.in_(ids))).scalars().all()
        emails = session.execute(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.member_id.in_(ids),
            OutboxMessage.subject.startswith("Your tax form is ready"))).scalar_one()
    assert sorted(forms) == sorted(ids)  # one each, not two
    assert emails == len(ids)
    assert made >= len(ids)  # between them they made every form (others' members too)
