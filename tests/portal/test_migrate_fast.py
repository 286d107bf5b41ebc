"""A new SQLite database is made from the models and stamped (no Alembic at start): it must be
the database the migrations make, and a later start must leave it as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from hcpay.portal import migrate
from hcpay.portal.db import Database


def _schema(db: Database) -> dict[str, Any]:
    with db.engine.connect() as connection:
        found = inspect(connection)
        tables: dict[str, Any] = {}
        for name in sorted(found.get_table_names()):
            tables[name] = {
                "columns": sorted((c["name"], str(c["type"]), c["nullable"],
                                   str(c.get("default"))) for c in found.get_columns(name)),
                "pk": found.get_pk_constraint(name)["constrained_columns"],
                "fks": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                               tuple(f["referred_columns"]), str(f.get("options")))
                              for f in found.get_foreign_keys(name)),
                "unique": sorted(tuple(u["column_names"])
                                 for u in found.get_unique_constraints(name)),
                "checks": sorted(str(c["sqltext"]) for c in found.get_check_constraints(name)),
            }
        indexes = sorted(" ".join(str(row[0]).split()) for row in connection.execute(text(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")))
    return {"tables": tables, "indexes": indexes}


def test_a_new_database_made_from_the_models_is_the_migrated_one(tmp_path: Path) -> None:
    fast = Database(f"sqlite:///{tmp_path / 'fast.db'}")
    slow = Database(f"sqlite:///{tmp_path / 'slow.db'}")
    try:
        migrate.upgrade(fast)  # empty: made from the models and stamped
        migrate._alembic_upgrade(slow)  # the migrations, as an older database gets them
        assert _schema(fast) == _schema(slow)
        migrate.check(fast)  # Alembic sees it at head with nothing to change
    finally:
        fast.dispose()
        slow.dispose()


def test_head_is_alembics_head() -> None:
    assert migrate.alembic_head() == migrate.HEAD


def test_a_database_at_head_is_left_alone(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        migrate.upgrade(db)
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE marker (x INTEGER)"))
        migrate.upgrade(db)  # at head: nothing runs, the table stays
        with db.engine.connect() as connection:
            assert inspect(connection).has_table("marker")
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert [row[0] for row in version] == [migrate.HEAD]
    finally:
        db.dispose()
