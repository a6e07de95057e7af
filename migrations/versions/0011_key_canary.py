"""key canary: a value encrypted with the keys at first start, checked at every start

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04 15:05:06.212172
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "key_canary",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("token_enc", sa.Text(), nullable=False),
        sa.Column("blind_index", sa.String(length=64), nullable=False),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_canary")),
    )


def downgrade() -> None:
    op.drop_table("key_canary")
