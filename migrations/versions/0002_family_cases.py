"""family cases

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 16:45:51.722244
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "volunteer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("volunteer_requested_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("volunteer_need", sa.String(length=24), nullable=True),
        sa.Column("volunteer_taken_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_cases_owner_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["users.id"],
            name=op.f("fk_cases_volunteer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_volunteer_id"), ["volunteer_id"], unique=False)

    op.create_table(
        "case_invitations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "created_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "for_user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("used_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_invitations_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_case_invitations_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["for_user_id"],
            ["users.id"],
            name=op.f("fk_case_invitations_for_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["users.id"],
            name=op.f("fk_case_invitations_used_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_case_invitations_token_hash")),
    )
    with op.batch_alter_table("case_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_invitations_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_invitations_for_user_id"), ["for_user_id"], unique=False
        )

    op.create_table(
        "case_members",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("relation_enc", sa.Text(), nullable=True),
        sa.Column("tg_name_enc", sa.Text(), nullable=True),
        sa.Column("muted", sa.Boolean(), nullable=False),
        sa.Column("joined_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("left_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_members_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_case_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_members")),
        sa.UniqueConstraint("case_id", "user_id", name=op.f("uq_case_members_case_id")),
    )
    with op.batch_alter_table("case_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_members_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_members_user_id"), ["user_id"], unique=False)

    op.create_table(
        "case_persons",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("latin_name_enc", sa.Text(), nullable=False),
        sa.Column("cyrillic_name_enc", sa.Text(), nullable=True),
        sa.Column("birth_date_enc", sa.Text(), nullable=True),
        sa.Column("birth_country_enc", sa.Text(), nullable=True),
        sa.Column("a_number_enc", sa.Text(), nullable=True),
        sa.Column("a_number_index", sa.String(length=64), nullable=True),
        sa.Column("name_dob_index", sa.String(length=64), nullable=True),
        sa.Column("location_enc", sa.Text(), nullable=True),
        sa.Column("detained_on_enc", sa.Text(), nullable=True),
        sa.Column("relation_enc", sa.Text(), nullable=True),
        sa.Column("notes_enc", sa.Text(), nullable=True),
        sa.Column("is_child", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "created_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_persons_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_case_persons_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_persons")),
    )
    with op.batch_alter_table("case_persons", schema=None) as batch_op:
        batch_op.create_index("ix_case_persons_a_number_index", ["a_number_index"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_persons_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_case_persons_name_dob_index", ["name_dob_index"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "author_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("text_enc", sa.Text(), nullable=True),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_case_events_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_events_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["case_persons.id"],
            name=op.f("fk_case_events_person_id_case_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_matches",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "seeker_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "seeker_case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "seeker_person_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "invitation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("dismissed_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_matches_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["case_invitations.id"],
            name=op.f("fk_case_matches_invitation_id_case_invitations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["case_persons.id"],
            name=op.f("fk_case_matches_person_id_case_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_case_id"],
            ["cases.id"],
            name=op.f("fk_case_matches_seeker_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["users.id"],
            name=op.f("fk_case_matches_seeker_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_person_id"],
            ["case_persons.id"],
            name=op.f("fk_case_matches_seeker_person_id_case_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_matches")),
        sa.UniqueConstraint(
            "person_id", "seeker_person_id", name=op.f("uq_case_matches_person_id")
        ),
    )
    with op.batch_alter_table("case_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_matches_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_matches_seeker_id"), ["seeker_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_matches_seeker_id"))
        batch_op.drop_index(batch_op.f("ix_case_matches_case_id"))

    op.drop_table("case_matches")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    with op.batch_alter_table("case_persons", schema=None) as batch_op:
        batch_op.drop_index("ix_case_persons_name_dob_index")
        batch_op.drop_index(batch_op.f("ix_case_persons_case_id"))
        batch_op.drop_index("ix_case_persons_a_number_index")

    op.drop_table("case_persons")
    with op.batch_alter_table("case_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_members_user_id"))
        batch_op.drop_index(batch_op.f("ix_case_members_case_id"))

    op.drop_table("case_members")
    with op.batch_alter_table("case_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_invitations_for_user_id"))
        batch_op.drop_index(batch_op.f("ix_case_invitations_case_id"))

    op.drop_table("case_invitations")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_cases_owner_id"))

    op.drop_table("cases")
