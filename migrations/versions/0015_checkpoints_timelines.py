"""Checkpoints of a model (models.checkpoint_of, models.step) and timelines of chips across them
(issue 34)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 15:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "models",
        sa.Column(
            "checkpoint_of", sa.Integer(), sa.ForeignKey("models.id", ondelete="CASCADE"), nullable=True
        ),
    )
    op.add_column("models", sa.Column("step", sa.BigInteger(), nullable=True))
    op.create_index("ix_models_checkpoint_of", "models", ["checkpoint_of"])
    op.create_table(
        "timelines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("model_id", sa.Integer(), sa.ForeignKey("models.id", ondelete="CASCADE"), nullable=False),
        sa.Column("corpus_id", sa.Integer(), sa.ForeignKey("corpora.id", ondelete="CASCADE"), nullable=False),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("params", postgresql.JSONB(), nullable=False),
        sa.Column("result", postgresql.JSONB(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("owner_id", "project_id", "model_id", "corpus_id"):
        op.create_index(f"ix_timelines_{column}", "timelines", [column])


def downgrade() -> None:
    op.drop_table("timelines")
    op.drop_index("ix_models_checkpoint_of", table_name="models")
    op.drop_column("models", "step")
    op.drop_column("models", "checkpoint_of")
