"""One job runner in its own process: at the start time it is given, run the January 31 tax-form
job on the portal's database (URL, schema and key from the environment) and print how many
forms it made. Two of these at once must make each member's form once between them."""

from __future__ import annotations

import os
import sys
import time
from datetime import date, datetime, timedelta

from hcpay.portal.app import build_portal
from hcpay.portal.documents.tax_forms import run_tax_forms
from hcpay.portal.jobs import JobContext
from hcpay.portal.settings import PortalSettings


def main() -> None:
    day = date.fromisoformat(sys.argv[1])
    start_at = float(sys.argv[2])
    settings = PortalSettings(database_url=os.environ["CONC_DATABASE_URL"],
                              ssn_key=os.environ["CONC_SSN_KEY"])
    portal = build_portal(settings, schema=os.environ.get("CONC_SCHEMA") or None)
    now = portal.clock.start_of_day(day) + timedelta(hours=12)
    time.sleep(max(0.0, start_at - time.time()))
    made = run_tax_forms(portal.settings, JobContext(portal.db, portal.clock, day, now))
    print(made, datetime.now().isoformat())
    portal.db.dispose()


if __name__ == "__main__":
    main()
