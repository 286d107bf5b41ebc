"""The sandbox gateway runs on any store that fits ``GatewayStore``, not only the portal's
database: here a bare SQLAlchemy engine with just the gateway's own tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from hcpay.gateway.models import GatewayBase
from hcpay.gateway.sandbox import SandboxGateway


class FileStore:
    is_sqlite = True

    def __init__(self, path: Path) -> None:
        engine = create_engine(f"sqlite:///{path}")
        GatewayBase.metadata.create_all(engine)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session


def test_a_gateway_of_its_own_charges_once_per_key(tmp_path: Path) -> None:
    gateway = SandboxGateway(FileStore(tmp_path / "gateway.db"))
    token = gateway.tokenize_card("4242 4242 4242 4242", 12, 2039, "123").token
    saved = gateway.make_reusable(token).token
    first = gateway.charge(saved, 9_800, idempotency_key="k-1")
    again = gateway.charge(saved, 9_800, idempotency_key="k-1")
    assert first.status == "succeeded" and again == first
    assert gateway.token_info(saved) is not None
