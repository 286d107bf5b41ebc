"""Bring the database to the models' schema at start, and (for developers) generate a migration
from the models.

A new SQLite database (every ``hcpay demo`` start makes one) gets the models' tables with
``metadata.create_all`` and is stamped at ``HEAD``, and a database already at ``HEAD`` is left
as it is: neither loads Alembic (about a quarter of a second before the embedded portal is
ready). Anything else, and every PostgreSQL database, runs the migrations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from hcpay.portal.db import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision in migrations/versions (a test holds it to Alembic's own head).
HEAD = "0002"
VERSION_TABLE = "alembic_version"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(db: Database) -> None:
    if db.is_sqlite:
        with db.engine.begin() as connection:
            if _current(connection) == HEAD:
                return
            if not inspect(connection).get_table_names():
                create_at_head(connection)
                return
    _alembic_upgrade(db)


def _current(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    row = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return str(row[0]) if row else None


def create_at_head(connection: Connection) -> None:
    """An empty database: the models' tables, stamped at ``HEAD`` (what the migrations would
    make, as tests/portal/test_migrate_fast.py checks)."""
    from hcpay.gateway.models import GatewayBase
    from hcpay.portal.models import Base

    for metadata in (Base.metadata, GatewayBase.metadata):
        metadata.create_all(connection)
    connection.execute(text(
        f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL, "
        f"CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))"))
    connection.execute(text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:v)"),
                       {"v": HEAD})


def _alembic_upgrade(db: Database) -> None:
    from alembic import command

    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def check(db: Database) -> None:
    """Raise if the models have changes that no migration holds."""
    from alembic import command

    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)


def revision(db: Database, message: str) -> None:
    from alembic import command

    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


def alembic_head() -> str | None:
    """The head revision as Alembic reads it from migrations/versions."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()
