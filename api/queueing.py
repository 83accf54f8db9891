"""Creating jobs: limits first, rows committed, then the task sent (a worker never sees an uncommitted id)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from celery import Celery
from fastapi import HTTPException
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.database.tables import ACTIVE_STATUSES, Job, User, utcnow
from services.settings import Settings

Row = TypeVar("Row")
TASK_OF_KIND = {"recording": "rnnvis.record", "coclustering": "rnnvis.cocluster", "training": "rnnvis.train"}


def start_job(
    db: Session,
    celery: Celery,
    settings: Settings,
    user: User,
    kind: str,
    make_record: Callable[[Job], Row],
) -> tuple[Row, Job]:
    active = db.execute(
        select(func.count()).select_from(Job).where(Job.owner_id == user.id, Job.status.in_(ACTIVE_STATUSES))
    ).scalar_one()
    if active >= settings.max_active_jobs:
        raise HTTPException(
            429,
            f"you have {active} jobs queued or running (the limit is {settings.max_active_jobs}); "
            "wait for one to finish or cancel one",
        )
    job = Job(owner_id=user.id, kind=kind, status="queued", progress=0.0, message="waiting for a worker")
    db.add(job)
    db.flush()
    record = make_record(job)
    db.add(record)
    db.commit()
    try:
        celery.send_task(TASK_OF_KIND[kind], args=[job.id])
    except Exception as exc:  # the broker is down: say so, and leave no job that will never run
        job.status, job.error, job.finished_at = "failed", f"the job queue is unreachable: {exc}", utcnow()
        db.commit()
        raise HTTPException(503, "the job queue (Redis) is unreachable; try again later") from exc
    return record, job


def job_fields(job: Job) -> dict[str, Any]:
    return {"status": job.status, "progress": job.progress, "job_id": job.id, "error": job.error}
