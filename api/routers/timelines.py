"""/timelines: a model's checkpoints recorded over a corpus, co-clustered, and their chips followed
from one checkpoint to the next (issue 34)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import AppSettings, CurrentUser, Db, Pages, SharedFilter, Workers, page_of
from api.requests import StrictJsonRoute
from api.schemas.fields import ERRORS, IdFilter, IdPath, Page
from api.schemas.jobs import Accepted
from api.schemas.recordings import RecordingCreate
from api.schemas.timelines import TimelineCreate, TimelineOut
from services.database.tables import Job, Timeline
from services.domain import timelines

router = APIRouter(route_class=StrictJsonRoute, tags=["timelines"], responses=ERRORS)
# each checkpoint is recorded as POST /recordings would with its defaults (max_tokens: the timeline's)
RECORDING = RecordingCreate.model_validate({"model_id": 1, "corpus_id": 1}).model_dump(
    exclude={"model_id", "corpus_id", "project_id"}
)


def timeline_out(row: Timeline, job: Job) -> TimelineOut:
    return TimelineOut.model_validate(timelines.describe(row, job))


@router.post(
    "/models/{model_id}/timelines",
    status_code=202,
    response_model=Accepted,
    tags=["models"],
    summary="Follow the chips across a model's checkpoints: record, co-cluster and link each",
)
def create_timeline(
    model_id: IdPath, body: TimelineCreate, db: Db, user: CurrentUser, settings: AppSettings, workers: Workers
) -> Accepted:
    row, job = timelines.create(db, user, model_id, body.model_dump(), dict(RECORDING), settings, workers)
    return Accepted.model_validate({"id": row.id, "status": job.status, "job_id": job.id})


@router.get("/timelines", response_model=Page[TimelineOut])
def list_timelines(
    db: Db, user: CurrentUser, paging: Pages, shared: SharedFilter, model_id: IdFilter = None
) -> dict[str, Any]:
    return page_of(timelines.list_timelines(db, user, paging, model_id, shared), timeline_out)


@router.get("/timelines/{timeline_id}", response_model=TimelineOut)
def get_timeline(timeline_id: IdPath, db: Db, user: CurrentUser) -> TimelineOut:
    return timeline_out(*timelines.get(db, user, timeline_id))


@router.delete(
    "/timelines/{timeline_id}", status_code=204, summary="Delete a timeline (the recordings it made stay)"
)
def delete_timeline(timeline_id: IdPath, db: Db, user: CurrentUser) -> None:
    timelines.delete(db, user, timeline_id)
