"""/trainings: train a small model on an uploaded corpus; when done, the training names its model."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import AppSettings, CurrentUser, Db, OwnedTraining, Pages, SharedFilter, Workers, page_of
from api.requests import StrictJsonRoute
from api.schemas.fields import ERRORS, IdPath, Page, StatusFilter
from api.schemas.jobs import Accepted
from api.schemas.sharing import SHARE_SUMMARY, ShareChange
from api.schemas.trainings import TrainingCreate, TrainingOut
from services.database.tables import Job, Training
from services.domain import sharing, trainings

router = APIRouter(route_class=StrictJsonRoute, tags=["trainings"], responses=ERRORS)


def training_out(training: Training, job: Job) -> TrainingOut:
    return TrainingOut.model_validate(trainings.describe(training, job))


@router.post("/trainings", status_code=202, response_model=Accepted, summary="Train a model on a corpus")
def create_training(
    body: TrainingCreate, db: Db, user: CurrentUser, settings: AppSettings, workers: Workers
) -> Accepted:
    training, job = trainings.create(db, user, body.model_dump(), settings, workers)
    return Accepted(id=training.id, status="queued", job_id=job.id)


@router.get("/trainings", response_model=Page[TrainingOut])
def list_trainings(
    db: Db, user: CurrentUser, paging: Pages, shared: SharedFilter, status: StatusFilter = None
) -> dict[str, Any]:
    return page_of(trainings.list_trainings(db, user, paging, status, shared), training_out)


@router.patch(
    "/trainings/{training_id}",
    response_model=TrainingOut,
    summary=SHARE_SUMMARY,
)
def share_training(training_id: IdPath, body: ShareChange, db: Db, user: CurrentUser) -> TrainingOut:
    row = sharing.set_project(db, user, "training", training_id, body.project_id)
    return training_out(row, db.get_one(Job, row.job_id))  # unshared: maybe no longer ours to read


@router.get("/trainings/{training_id}", response_model=TrainingOut)
def get_training(training: OwnedTraining) -> TrainingOut:
    return training_out(*training)


@router.delete("/trainings/{training_id}", status_code=204, summary="Delete a training (its model stays)")
def delete_training(training_id: IdPath, db: Db, user: CurrentUser) -> None:
    trainings.delete(db, user, training_id)
