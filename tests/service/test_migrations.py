"""Alembic on a real PostgreSQL: upgrade from empty, downgrade to empty, and no drift from the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from runtime.embedded import start_postgres
from services.database import downgrade, sqlalchemy_url, upgrade
from services.database.tables import Base

TABLES = {
    "users",
    "api_tokens",
    "models",
    "corpora",
    "jobs",
    "trainings",
    "recordings",
    "word_statistics",
    "unit_statistics",
    "coclusterings",
    "alignments",
    "coclustering_scans",
    "projects",
    "project_members",
    "project_events",
    "share_links",
    "sso_sign_ins",
    "sign_in_throttles",
    "ablations",
    "recording_shards",
    "trace_words",
    "trace_units",
    "timelines",
}


def test_upgrade_downgrade_and_no_drift(tmp_path: Path) -> None:
    url = start_postgres(tmp_path / "pg")
    engine = create_engine(sqlalchemy_url(url), poolclass=NullPool)
    assert set(inspect(engine).get_table_names()) == set()

    upgrade(url)
    assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], f"the models and the migrations differ: {diff}"

    downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    upgrade(url)  # and back up again from empty
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()
