"""Projects, their members and audit events; project_id on every shared resource; share links
(SPEC 12, issue 32)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 09:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SHARED_TABLES = (
    "models",
    "corpora",
    "recordings",
    "coclusterings",
    "coclustering_scans",
    "ablations",
    "trainings",
)


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "project_members",
        sa.Column(
            "project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_project_members_user_id", "project_members", ["user_id"])
    op.create_table(
        "project_events",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("resource_id", sa.Integer(), nullable=True),
        sa.Column("resource", sa.String(500), nullable=False, server_default=""),
        sa.Column("detail", postgresql.JSONB(), nullable=True),
    )
    op.create_index("ix_project_events_project_id", "project_events", ["project_id", "id"])
    for table in SHARED_TABLES:
        op.add_column(
            table,
            sa.Column(
                "project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="SET NULL"), nullable=True
            ),
        )
        op.create_index(f"ix_{table}_project_id", table, ["project_id"])
    op.create_table(
        "share_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_share_links_owner_id", "share_links", ["owner_id"])


def downgrade() -> None:
    op.drop_table("share_links")
    for table in SHARED_TABLES:
        op.drop_index(f"ix_{table}_project_id", table)
        op.drop_column(table, "project_id")
    op.drop_table("project_events")
    op.drop_table("project_members")
    op.drop_table("projects")
