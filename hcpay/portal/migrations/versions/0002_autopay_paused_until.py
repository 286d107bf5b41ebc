"""automatic payments paused until a day

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('autopay', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_until', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_autopay_paused_until'), ['paused_until'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('autopay', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_autopay_paused_until'))
        batch_op.drop_column('paused_until')
