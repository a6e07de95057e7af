"""mexico: profiles, programme progress, emergency circle, crossing watches

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 21:53:45.978804
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mexico_circle",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "owner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("invited_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("joined_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["users.id"],
            name=op.f("fk_mexico_circle_member_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_mexico_circle_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mexico_circle")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_mexico_circle_token_hash")),
    )
    with op.batch_alter_table("mexico_circle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mexico_circle_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index("ix_mexico_circle_owner", ["owner_id"], unique=False)

    op.create_table(
        "mexico_profiles",
        sa.Column(
            "user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("city", sa.String(length=24), nullable=False),
        sa.Column("city_other_enc", sa.Text(), nullable=True),
        sa.Column("party_enc", sa.Text(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("helper_enc", sa.Text(), nullable=True),
        sa.Column("planned_on_enc", sa.Text(), nullable=True),
        sa.Column("locator_enc", sa.Text(), nullable=True),
        sa.Column("share", sa.JSON(), nullable=False),
        sa.Column("case_mode", sa.String(length=8), nullable=False),
        sa.Column("consent_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "step_hour", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("last_step_on", sa.Date(), nullable=True),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_mexico_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_mexico_profiles")),
    )
    op.create_table(
        "mexico_steps",
        sa.Column(
            "user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("step_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("updated_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_mexico_steps_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "step_id", name=op.f("pk_mexico_steps")),
    )
    op.create_table(
        "mexico_watches",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column(
            "revision", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("crossing_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("place_enc", sa.Text(), nullable=True),
        sa.Column(
            "interval_hours", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("checks", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "grace_minutes", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("last_checkin_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_check_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("alarm_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_mexico_watches_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_mexico_watches_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mexico_watches")),
    )
    with op.batch_alter_table("mexico_watches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mexico_watches_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mexico_watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mexico_watches_user_id"))

    op.drop_table("mexico_watches")
    op.drop_table("mexico_steps")
    op.drop_table("mexico_profiles")
    with op.batch_alter_table("mexico_circle", schema=None) as batch_op:
        batch_op.drop_index("ix_mexico_circle_owner")
        batch_op.drop_index(batch_op.f("ix_mexico_circle_member_id"))

    op.drop_table("mexico_circle")
