"""single sign-on: an OpenID Connect identity linked to a user, and sign-ins under way

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 08:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("sso_issuer", sa.String(length=500), nullable=True))
    op.add_column("users", sa.Column("sso_subject", sa.String(length=255), nullable=True))
    op.create_unique_constraint("uq_users_sso_identity", "users", ["sso_issuer", "sso_subject"])
    op.create_table(
        "sso_sign_ins",
        sa.Column("state", sa.String(length=64), primary_key=True),
        sa.Column("browser_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sso_sign_ins_created_at", "sso_sign_ins", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_sso_sign_ins_created_at", table_name="sso_sign_ins")
    op.drop_table("sso_sign_ins")
    op.drop_constraint("uq_users_sso_identity", "users", type_="unique")
    op.drop_column("users", "sso_subject")
    op.drop_column("users", "sso_issuer")
