"""Regenerate the initial migration from the models (before the first release only).

    python scripts/regen_migration.py
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hcpay.portal import migrate
from hcpay.portal.db import Database

VERSIONS = migrate.MIGRATIONS / "versions"


def main() -> None:
    for old in VERSIONS.glob("*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'empty.db'}")
        migrate.revision(db, "initial schema")
        db.dispose()
    (new,) = VERSIONS.glob("*.py")
    text = new.read_text()
    text = re.sub(r"^revision = .*$", 'revision = "0001"', text, flags=re.M)
    text = re.sub(r"Revision ID: \w+", "Revision ID: 0001", text)
    text = re.sub(r"^Create Date: .*\n", "", text, flags=re.M)
    new.unlink()
    (VERSIONS / "0001_initial_schema.py").write_text(text)
    print("wrote", VERSIONS / "0001_initial_schema.py")


if __name__ == "__main__":
    main()
