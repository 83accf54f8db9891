"""user names compared by a normalised key

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 19:10:00
"""

import sqlalchemy as sa
from alembic import op

from services.domain.users import name_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("name_key", sa.String(length=400), nullable=True))
    connection = op.get_bind()
    seen: set[str] = set()
    for user_id, name in connection.execute(sa.text("SELECT id, name FROM users ORDER BY id")).all():
        key = name_key(name)
        if key in seen:  # look-alikes made before this check: both kept, the later one told apart by id
            key = f"{key}#{user_id}"
        seen.add(key)
        connection.execute(
            sa.text("UPDATE users SET name_key = :key WHERE id = :id"), {"key": key, "id": user_id}
        )
    op.alter_column("users", "name_key", nullable=False)
    op.create_unique_constraint("users_name_key_key", "users", ["name_key"])


def downgrade() -> None:
    op.drop_constraint("users_name_key_key", "users", type_="unique")
    op.drop_column("users", "name_key")
