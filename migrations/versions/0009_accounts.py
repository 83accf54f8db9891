"""accounts: passwords, disabled users, sign-in lockout, named tokens and browser sessions

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 05:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.add_column("users", sa.Column("disabled", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("users", sa.Column("failed_sign_ins", sa.Integer(), server_default="0", nullable=False))
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column("api_tokens", sa.Column("name", sa.String(length=100), server_default="", nullable=False))
    op.add_column("api_tokens", sa.Column("kind", sa.String(length=16), server_default="api", nullable=False))


def downgrade() -> None:
    op.drop_column("api_tokens", "kind")
    op.drop_column("api_tokens", "name")
    op.drop_column("users", "locked_until")
    op.drop_column("users", "failed_sign_ins")
    op.drop_column("users", "disabled")
    op.drop_column("users", "password_hash")
