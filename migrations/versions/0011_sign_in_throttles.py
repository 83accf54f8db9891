"""sign-in throttles: failed sign-ins counted per client address and per name (known or not), in
place of the per-user lockout; single sign-ons under way carry their client address; user names
compared with more look-alikes folded (ı, ɑ, ᴀ as i, a, a)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 23:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(length=80), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_throttles_last_failure_at", "sign_in_throttles", ["last_failure_at"])
    op.drop_column("users", "locked_until")
    op.drop_column("users", "failed_sign_ins")
    op.add_column(
        "sso_sign_ins", sa.Column("client", sa.String(length=64), server_default="", nullable=False)
    )
    op.create_index("ix_sso_sign_ins_client", "sso_sign_ins", ["client"])
    _fold_names_again()


def _fold_names_again() -> None:
    """name_key now folds more look-alikes: recompute it. A name that would now clash with another
    keeps its old key (both accounts keep signing in; no new look-alike can be made)."""
    from services.domain.users import name_key

    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, name, name_key FROM users ORDER BY id")).all()
    taken = {row.name_key for row in rows}
    for row in rows:
        key = name_key(row.name)
        if key != row.name_key and key not in taken:
            connection.execute(
                sa.text("UPDATE users SET name_key = :k WHERE id = :i"), {"k": key, "i": row.id}
            )
            taken.add(key)


def downgrade() -> None:
    op.drop_index("ix_sso_sign_ins_client", "sso_sign_ins")
    op.drop_column("sso_sign_ins", "client")
    op.add_column("users", sa.Column("failed_sign_ins", sa.Integer(), server_default="0", nullable=False))
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.drop_index("ix_sign_in_throttles_last_failure_at", "sign_in_throttles")
    op.drop_table("sign_in_throttles")
