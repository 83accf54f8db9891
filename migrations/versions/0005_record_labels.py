"""readable labels of recordings and co-clusterings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 20:10:00
"""

import sqlalchemy as sa
from alembic import op

from services.domain.labels import coclustering_label, recording_label

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("recordings", sa.Column("label", sa.String(length=500), nullable=True))
    op.add_column("coclusterings", sa.Column("label", sa.String(length=500), nullable=True))
    connection = op.get_bind()
    recordings = connection.execute(
        sa.text(
            "SELECT r.id, m.name, c.name, r.options FROM recordings r "
            "JOIN models m ON m.id = r.model_id JOIN corpora c ON c.id = r.corpus_id"
        )
    ).all()
    labels = {}
    for rec_id, model, corpus, options in recordings:
        labels[rec_id] = recording_label(model, corpus, options or {})
        update = sa.text("UPDATE recordings SET label = :label WHERE id = :id")
        connection.execute(update, {"label": labels[rec_id], "id": rec_id})
    for co_id, rec_id, params in connection.execute(
        sa.text("SELECT id, recording_id, params FROM coclusterings")
    ).all():
        label = coclustering_label(labels.get(rec_id, f"recording {rec_id}"), params or {})
        connection.execute(
            sa.text("UPDATE coclusterings SET label = :label WHERE id = :id"), {"label": label, "id": co_id}
        )
    op.alter_column("recordings", "label", nullable=False)
    op.alter_column("coclusterings", "label", nullable=False)


def downgrade() -> None:
    op.drop_column("coclusterings", "label")
    op.drop_column("recordings", "label")
