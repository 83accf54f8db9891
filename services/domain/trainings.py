"""Trainings: a small model trained on an uploaded corpus; when done, the training names its model."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.database.tables import Corpus, Job, Training
from services.domain import jobs, sharing
from services.domain.access import Caller, record
from services.domain.errors import Invalid
from services.domain.labels import training_name
from services.domain.paging import PageOf, Paging, Shared
from services.domain.ports import Workers
from services.settings import Settings
from services.training import quality


def describe(training: Training, job: Job) -> dict[str, Any]:
    """A training as the API answers it."""
    fields = {
        "corpus_id": training.corpus_id,
        "name": training.name,
        "options": training.options,
        "model_id": training.model_id,
        "metrics": training.metrics,
        "warning": warning(training),
        "error": job.error,
    }
    return jobs.describe_record(training, job, fields)


def warning(training: Training) -> str | None:
    """What the training's figures say against its baseline (services.training.quality.assess)."""
    return quality.assess(training.metrics)


def summary(training: Training | None) -> dict[str, Any] | None:
    """The training that made a model, as the model's answer carries it."""
    if training is None:
        return None
    return {"id": training.id, "corpus_id": training.corpus_id, "metrics": training.metrics,
            "warning": warning(training)}  # fmt: skip


def create(
    db: Session, user: Caller, options: dict[str, Any], settings: Settings, workers: Workers
) -> tuple[Training, Job]:
    """options: POST /trainings' body (corpus_id, name and the training options)."""
    options = dict(options)
    corpus_id, name = options.pop("corpus_id"), options.pop("name", None)
    project_id = sharing.project_for_new(db, user, options.pop("project_id", None))
    corpus = record(db, Corpus, corpus_id, user, "corpus", "use")
    if options["task"] == "classifier" and corpus.format != "labeled":
        raise Invalid(f"a classifier needs a labeled corpus; corpus {corpus.id} is {corpus.format}")
    if options.get("labels") is not None:
        missing = sorted(set(options["labels"]) - set(corpus.labels or []))
        if missing:
            raise Invalid(f"labels not in corpus {corpus.id}: {', '.join(missing)}")
    name = name or training_name(corpus.name, options)
    training, job = jobs.start(
        db,
        user,
        "training",
        lambda job: Training(
            owner_id=user.id,
            project_id=project_id,
            corpus_id=corpus.id,
            job_id=job.id,
            name=name,
            options=options,
        ),
        settings,
        workers,
    )
    sharing.created(db, user, training, (corpus,))
    return training, job


def list_trainings(
    db: Session, user: Caller, paging: Paging, status: str | None = None, shared: Shared | None = None
) -> PageOf[Any]:
    return jobs.list_with_jobs(db, user, Training, paging, status, shared)


def get(db: Session, user: Caller, training_id: int) -> tuple[Training, Job]:
    return jobs.with_job(db, user, Training, training_id, "training")


def delete(db: Session, user: Caller, training_id: int) -> None:
    """Delete a training record; the model it made stays."""
    jobs.delete_with_job(db, user, Training, training_id, "training")
