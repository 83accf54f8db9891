"""Sending work to the workers.

Jobs: limits first, rows committed, then the task sent (a worker never sees an uncommitted id).
Interactive answers (evaluation, alignment): sent to their own queue and waited for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from celery import Celery
from celery.exceptions import TimeoutError as CeleryTimeout
from fastapi import HTTPException, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.database.tables import ACTIVE_STATUSES, Job, User, utcnow
from services.jobs.tracking import TASK_OF_KIND
from services.settings import Settings

Row = TypeVar("Row")


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


def ask_worker(request: Request, task: str, args: list[Any]) -> dict[str, Any]:
    """Send an interactive task and wait for its answer; its error (bad input) becomes a 422."""
    settings = request.app.state.settings
    celery = request.app.state.celery
    try:
        result = celery.send_task(task, args=args, queue="interactive")
    except Exception as exc:
        raise HTTPException(503, "the job queue (Redis) is unreachable; try again later") from exc
    try:
        answer: dict[str, Any] = result.get(timeout=settings.interactive_timeout_s)
    except CeleryTimeout as exc:
        raise HTTPException(
            503, f"no worker answered within {settings.interactive_timeout_s:.0f} s; is a worker running?"
        ) from exc
    finally:
        result.forget()
    if "error" in answer:
        raise HTTPException(422, answer["error"])
    ok: dict[str, Any] = answer["ok"]
    return ok
