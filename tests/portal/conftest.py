"""Portal tests use cheap argon2 parameters and no rate limit in the way (see
tests/helpers/accounts.py); the defaults stay strong and are tested where they matter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from hcpay.portal.app import create_app
from tests.conftest import DatabaseTarget
from tests.helpers.accounts import FAST_PORTAL_SETTINGS


@pytest.fixture(scope="module")
def portal_app(database: DatabaseTarget) -> Iterator[FastAPI]:
    app = create_app(database.settings(**FAST_PORTAL_SETTINGS), schema=database.schema)
    yield app
    app.state.portal.db.dispose()
