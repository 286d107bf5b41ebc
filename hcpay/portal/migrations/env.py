"""Alembic environment: run with the connection that ``hcpay.portal.migrate`` hands over."""

from __future__ import annotations

from alembic import context

from hcpay.gateway.models import GatewayBase  # the sandbox gateway's gateway_* tables
from hcpay.portal.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - always called through hcpay.portal.migrate
    raise RuntimeError("run migrations through hcpay.portal.migrate")

context.configure(
    connection=connection,
    target_metadata=[Base.metadata, GatewayBase.metadata],
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
