"""/jobs: every long piece of work, with status, progress, message and error; cancel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select

from api.deps import CurrentUser, Db, owned, visible
from api.routers.lifecycle import Paging, page
from api.schemas import ERRORS, JobOut, Page, Status
from services.database.tables import Job, utcnow

router = APIRouter(tags=["jobs"], responses=ERRORS)


def job_out(job: Job) -> JobOut:
    return JobOut.model_validate(job, from_attributes=True)


@router.get("/jobs", response_model=Page[JobOut])
def list_jobs(
    db: Db,
    user: CurrentUser,
    paging: Annotated[Paging, Depends()],
    status: Status | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    query = visible(select(Job), Job, user)
    if status is not None:
        query = query.where(Job.status == status)
    if kind is not None:
        query = query.where(Job.kind == kind)
    return page(db, query.order_by(Job.id.desc()), paging, job_out)


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(job_id: int, db: Db, user: CurrentUser) -> JobOut:
    return job_out(owned(db, Job, job_id, user, "job"))


@router.post("/jobs/{job_id}/cancel", response_model=JobOut, summary="Cancel a queued or running job")
def cancel_job(job_id: int, db: Db, user: CurrentUser) -> JobOut:
    job = db.execute(select(Job).where(Job.id == job_id).with_for_update()).scalar_one_or_none()
    if job is None or not (user.is_admin or job.owner_id == user.id):
        raise HTTPException(404, f"job {job_id} not found")
    if job.status in ("succeeded", "failed", "cancelled"):
        raise HTTPException(
            409, f"job {job.id} has already {'been ' if job.status == 'cancelled' else ''}{job.status}"
        )
    job.cancel_requested = True
    if job.status == "queued":  # no worker holds it: it ends now, and the worker skips it
        job.status, job.message, job.finished_at = "cancelled", "cancelled before it started", utcnow()
    else:
        job.message = "cancelling"
    db.commit()
    return job_out(job)
