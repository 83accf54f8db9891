"""trace_words and trace_units: a recording's trace and half-lives (issue 33, SPEC 13)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trace_words",
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("layer", sa.SmallInteger(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("word_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("word", sa.Text(), nullable=False),
        sa.Column("counts", sa.LargeBinary(), nullable=False),
        sa.Column("trace", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["recording_id"], ["recordings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("recording_id", "layer", "state", "word_id"),
    )
    op.create_index("ix_trace_words_word", "trace_words", ["recording_id", "layer", "state", "word"])
    op.create_table(
        "trace_units",
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("layer", sa.SmallInteger(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("half_life", sa.Float(), nullable=True),
        sa.Column("words", sa.LargeBinary(), nullable=False),
        sa.Column("curves", sa.LargeBinary(), nullable=False),
        sa.Column("mean", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["recording_id"], ["recordings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("recording_id", "layer", "state", "unit"),
    )


def downgrade() -> None:
    op.drop_table("trace_units")
    op.drop_index("ix_trace_words_word", table_name="trace_words")
    op.drop_table("trace_words")
