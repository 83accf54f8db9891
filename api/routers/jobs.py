"""/jobs: every long piece of work, with status, progress, message and error; cancel."""

from __future__ import annotations

from typing import Annotated, Any, get_args

from fastapi import APIRouter, Query

from api.deps import CurrentUser, Db, OwnedJob, Pages, page_of
from api.requests import StrictJsonRoute
from api.schemas.fields import ERRORS, IdPath, Page, StatusFilter
from api.schemas.jobs import JobOut
from services.database.tables import Job
from services.domain import jobs
from services.domain.ports import JobKind

KindFilter = Annotated[
    str | None, Query(max_length=40, description=f"only jobs of this kind: {', '.join(get_args(JobKind))}")
]

router = APIRouter(route_class=StrictJsonRoute, tags=["jobs"], responses=ERRORS)


def job_out(job: Job) -> JobOut:
    return JobOut.model_validate(jobs.describe(job))


@router.get("/jobs", response_model=Page[JobOut])
def list_jobs(
    db: Db,
    user: CurrentUser,
    paging: Pages,
    status: StatusFilter = None,
    kind: Annotated[
        str | None, Query(max_length=40, description="only jobs of this kind: recording, coclustering, ...")
    ] = None,
) -> dict[str, Any]:
    return page_of(jobs.list_jobs(db, user, paging, status, kind), job_out)


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(job: OwnedJob) -> JobOut:
    return job_out(job)


@router.post("/jobs/{job_id}/cancel", response_model=JobOut, summary="Cancel a queued or running job")
def cancel_job(job_id: IdPath, db: Db, user: CurrentUser) -> JobOut:
    return job_out(jobs.cancel(db, user, job_id))
