"""recordings.quality: the model's next-word loss on the recorded corpus beside the corpus's unigram
model (issue 30; null for a classifier and for recordings made before)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 05:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("recordings", sa.Column("quality", postgresql.JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column("recordings", "quality")
