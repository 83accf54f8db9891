"""The use cases (services/domain) and the job runner against a real PostgreSQL (embedded, migrated
to head, one per test process), without the HTTP stack, Redis or workers: a new rule is tested here
in seconds instead of through the whole server.

The workers are the one stand-in: `QueuedJobs` fills the `Workers` port in-process and records what
would have been sent. What the queue itself does is tested in tests/service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from runtime.embedded import start_postgres, stop_postgres
from services.database.migrate import upgrade
from services.database.session import get_sessionmaker
from services.database.tables import Corpus, Job, Model, User
from services.domain import recordings
from services.domain.errors import Unavailable
from services.domain.users import create_user
from services.jobs.messages import AlignQuestion, EvaluateQuestion, JobKind, Question
from services.settings import Settings


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("domain")
    url = start_postgres(data_dir)
    upgrade(url)
    yield url
    stop_postgres(data_dir)


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:
    """A session on an empty database: every table's rows are removed after the test."""
    session = get_sessionmaker(database_url)()
    yield session
    session.rollback()
    tables = session.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
    ).scalars()
    session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    session.commit()
    session.close()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path, max_active_jobs=2)


def user(db: Session, name: str, admin: bool = False) -> User:
    made, _token = create_user(db, name, admin)
    db.commit()
    return made


def model_and_corpus(db: Session, owner: User) -> tuple[Model, Corpus]:
    """Rows only: what the use cases read of a model and a corpus (no files: no job runs here)."""
    model = Model(
        owner_id=owner.id,
        name="lm",
        cell="lstm",
        num_layers=1,
        hidden_size=8,
        embedding_size=8,
        vocab_size=10,
        task="language_model",
        config={},
        files={},
    )
    text_ = Corpus(owner_id=owner.id, name="text", format="text", num_sequences=1, num_tokens=3, files={})
    db.add_all([model, text_])
    db.commit()
    return model, text_


class QueuedJobs:
    """The Workers port in-process: records each job sent and, at that moment, whether its row was
    already committed (read on a connection of its own); `down` makes the queue unreachable."""

    def __init__(self, database_url: str) -> None:
        self.sessions = get_sessionmaker(database_url)
        self.sent: list[tuple[JobKind, int, bool]] = []
        self.down = False

    def run(self, kind: JobKind, job_id: int) -> None:
        if self.down:
            raise Unavailable("the job queue (Redis) is unreachable; try again later")
        with self.sessions() as other:
            committed = other.execute(text("SELECT 1 FROM jobs WHERE id = :id"), {"id": job_id}).first()
        self.sent.append((kind, job_id, committed is not None))

    def ask(
        self, question: Question, payload: EvaluateQuestion | AlignQuestion, caller_id: int
    ) -> dict[str, Any]:
        raise AssertionError("no interactive question in these tests")


@pytest.fixture
def workers(database_url: str) -> QueuedJobs:
    return QueuedJobs(database_url)


def queued_recording(db: Session, owner: User, settings: Settings, workers: QueuedJobs) -> Job:
    """A recording's job, queued through the use case (POST /recordings without HTTP)."""
    model, text_ = model_and_corpus(db, owner)
    _rec, job = recordings.create(db, owner, {"model_id": model.id, "corpus_id": text_.id}, settings, workers)
    return job
