"""/trainings: train a small model on an uploaded corpus; when done, the training names its model."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy import select

from api.deps import AppSettings, CurrentUser, Db, owned, visible
from api.queueing import start_job
from api.routers.lifecycle import Paging, cancel_jobs, page
from api.schemas import ERRORS, Accepted, Page, Status, TrainingCreate, TrainingOut
from services.database.tables import Corpus, Job, Training

router = APIRouter(tags=["trainings"], responses=ERRORS)


def training_out(training: Training, job: Job) -> TrainingOut:
    return TrainingOut(
        id=training.id,
        status=job.status,  # type: ignore[arg-type]
        progress=job.progress,
        job_id=job.id,
        corpus_id=training.corpus_id,
        name=training.name,
        options=training.options,
        model_id=training.model_id,
        metrics=training.metrics,
        error=job.error,
        owner_id=training.owner_id,
        created_at=training.created_at,
    )


@router.post("/trainings", status_code=202, response_model=Accepted, summary="Train a model on a corpus")
def create_training(
    body: TrainingCreate, db: Db, user: CurrentUser, settings: AppSettings, request: Request
) -> Accepted:
    corpus = owned(db, Corpus, body.corpus_id, user, "corpus")
    if body.task == "classifier" and corpus.format != "labeled":
        raise HTTPException(
            422, f"a classifier needs a labeled corpus; corpus {corpus.id} is {corpus.format}"
        )
    if body.labels is not None:
        missing = sorted(set(body.labels) - set(corpus.labels or []))
        if missing:
            raise HTTPException(422, f"labels not in corpus {corpus.id}: {', '.join(missing)}")
    options = body.model_dump(exclude={"corpus_id", "name"})
    name = body.name or f"{body.cell} {body.task.replace('_', ' ')} on {corpus.name}"
    training, job = start_job(
        db,
        request.app.state.celery,
        settings,
        user,
        "training",
        lambda job: Training(
            owner_id=user.id, corpus_id=corpus.id, job_id=job.id, name=name, options=options
        ),
    )
    return Accepted(id=training.id, status="queued", job_id=job.id)


@router.get("/trainings", response_model=Page[TrainingOut])
def list_trainings(
    db: Db, user: CurrentUser, paging: Annotated[Paging, Depends()], status: Status | None = None
) -> dict[str, Any]:
    query = visible(select(Training, Job).join(Job, Job.id == Training.job_id), Training, user)
    if status is not None:
        query = query.where(Job.status == status)
    return page(db, query.order_by(Training.id), paging, training_out)


@router.get("/trainings/{training_id}", response_model=TrainingOut)
def get_training(training_id: int, db: Db, user: CurrentUser) -> TrainingOut:
    training = owned(db, Training, training_id, user, "training")
    return training_out(training, db.get_one(Job, training.job_id))


@router.delete("/trainings/{training_id}", status_code=204, summary="Delete a training (its model stays)")
def delete_training(training_id: int, db: Db, user: CurrentUser) -> None:
    training = owned(db, Training, training_id, user, "training")
    cancel_jobs(db, [training.job_id])
    db.delete(training)
    db.commit()
