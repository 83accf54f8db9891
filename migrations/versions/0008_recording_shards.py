"""sharded recordings (SPEC 10)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 02:40:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("recordings", sa.Column("shards", sa.Integer(), nullable=True))
    op.add_column("recordings", sa.Column("shards_done", sa.Integer(), server_default="0", nullable=False))
    op.add_column("recordings", sa.Column("shard_plan", postgresql.JSONB(), nullable=True))
    op.create_table(
        "recording_shards",
        sa.Column(
            "recording_id",
            sa.Integer(),
            sa.ForeignKey("recordings.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("index", sa.Integer(), primary_key=True),
        sa.Column("first_sequence", sa.BigInteger(), nullable=False),
        sa.Column("skip_batches", sa.Integer(), nullable=False),
        sa.Column("num_batches", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("tokens_done", sa.BigInteger(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worker", sa.String(300), nullable=True),
        sa.Column("partial", postgresql.JSONB(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("recording_shards")
    op.drop_column("recordings", "shard_plan")
    op.drop_column("recordings", "shards_done")
    op.drop_column("recordings", "shards")
