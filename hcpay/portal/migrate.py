"""Apply Alembic migrations at start, and (for developers) generate one from the models."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from hcpay.portal.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(db: Database) -> None:
    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def check(db: Database) -> None:
    """Raise if the models have changes that no migration holds."""
    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)


def revision(db: Database, message: str) -> None:
    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
