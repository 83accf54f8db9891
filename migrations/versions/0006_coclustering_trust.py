"""co-clustering scans, and edited co-clusterings' parent and edits (SPEC 9)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 21:20:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "coclusterings",
        sa.Column(
            "parent_id", sa.Integer(), sa.ForeignKey("coclusterings.id", ondelete="SET NULL"), nullable=True
        ),
    )
    op.add_column("coclusterings", sa.Column("edits", postgresql.JSONB(), nullable=True))
    op.create_index("ix_coclusterings_parent_id", "coclusterings", ["parent_id"])
    op.create_table(
        "coclustering_scans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "recording_id", sa.Integer(), sa.ForeignKey("recordings.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("params", postgresql.JSONB(), nullable=False),
        sa.Column("result", postgresql.JSONB(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_coclustering_scans_owner_id", "coclustering_scans", ["owner_id"])
    op.create_index("ix_coclustering_scans_recording_id", "coclustering_scans", ["recording_id"])


def downgrade() -> None:
    op.drop_table("coclustering_scans")
    op.drop_index("ix_coclusterings_parent_id", "coclusterings")
    op.drop_column("coclusterings", "edits")
    op.drop_column("coclusterings", "parent_id")
