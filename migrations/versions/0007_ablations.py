"""ablations of memory chips (SPEC 9)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 21:55:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ablations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "coclustering_id",
            sa.Integer(),
            sa.ForeignKey("coclusterings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("corpus_id", sa.Integer(), sa.ForeignKey("corpora.id", ondelete="CASCADE"), nullable=False),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("params", postgresql.JSONB(), nullable=False),
        sa.Column("result", postgresql.JSONB(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("owner_id", "coclustering_id", "corpus_id"):
        op.create_index(f"ix_ablations_{column}", "ablations", [column])


def downgrade() -> None:
    op.drop_table("ablations")
