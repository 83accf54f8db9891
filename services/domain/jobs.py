"""Jobs: every long piece of work (training, recording, co-clustering) with its status and progress.

A job is written and committed before its task is sent, so a worker never sees an uncommitted id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.database.tables import Job, utcnow
from services.domain import sharing
from services.domain.access import Caller, filtered, is_own, owned, record, visible
from services.domain.errors import Conflict, NotFound, TooManyJobs, Unavailable
from services.domain.paging import PageOf, Paging, Shared, page
from services.domain.ports import JobKind, Workers
from services.jobs.messages import ACTIVE_STATUSES, FINISHED_STATUSES
from services.settings import Settings

Row = TypeVar("Row")
QUOTA_LOCK = 0x5251  # first key of the per-user advisory lock around the active-jobs count


def describe(job: Job) -> dict[str, Any]:
    """A job as the API answers it."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
        "error": job.error,
        "cancel_requested": job.cancel_requested,
        "attempts": job.attempts,
        "owner_id": job.owner_id,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


def describe_record(row: Any, job: Job, fields: dict[str, Any]) -> dict[str, Any]:
    """A record a job makes (a recording, a co-clustering, a scan, an ablation, a training) as the
    API answers it: its id and its job's progress, its own fields, then its owner and creation time.
    The order is kept: a JSON export writes the keys as they come."""
    return {
        "id": row.id,
        "status": job.status,
        "progress": job.progress,
        "job_id": job.id,
        **fields,
        "owner_id": row.owner_id,
        "project_id": row.project_id,
        "created_at": row.created_at,
    }


def existing(
    db: Session, table: Any, user: Caller, params: dict[str, Any], **of: int
) -> tuple[Any, Job] | None:
    """The user's record of `table` (a co-clustering, a scan, an ablation) with exactly these params
    on the same inputs (`of`: recording_id=..., or coclustering_id=... and corpus_id=...), queued,
    running or finished: the same request answers it instead of a second copy."""
    found = db.execute(
        select(table, Job)
        .join(Job, Job.id == table.job_id)
        .where(
            *(getattr(table, column) == value for column, value in of.items()),
            table.owner_id == user.id,
            table.params == params,
            Job.status.in_((*ACTIVE_STATUSES, "succeeded")),
        )
        .order_by(table.id)
        .limit(1)
    ).first()
    return (found[0], found[1]) if found is not None else None


def start(
    db: Session,
    user: Caller,
    kind: JobKind,
    make_record: Callable[[Job], Row],
    settings: Settings,
    workers: Workers,
) -> tuple[Row, Job]:
    """Queue a job and its record (made by make_record), within the user's active-jobs limit.

    The count and the insert hold the user's quota lock (released at commit): without it, requests
    arriving together all count the same number and all pass."""
    db.execute(select(func.pg_advisory_xact_lock(QUOTA_LOCK, user.id)))
    active = db.execute(
        select(func.count()).select_from(Job).where(Job.owner_id == user.id, Job.status.in_(ACTIVE_STATUSES))
    ).scalar_one()
    if active >= settings.max_active_jobs:
        raise TooManyJobs(
            f"you have {active} jobs queued or running (the limit is {settings.max_active_jobs}); "
            "wait for one to finish or cancel one"
        )
    job = Job(owner_id=user.id, kind=kind, status="queued", progress=0.0, message="waiting for a worker")
    db.add(job)
    db.flush()
    record = make_record(job)
    db.add(record)
    db.commit()
    try:
        workers.run(kind, job.id)
    except Unavailable as exc:  # leave no job that will never run
        cause = exc.__cause__ or exc
        job.status, job.error, job.finished_at = "failed", f"the job queue is unreachable: {cause}", utcnow()
        db.commit()
        raise
    return record, job


def list_jobs(
    db: Session, user: Caller, paging: Paging, status: str | None = None, kind: str | None = None
) -> PageOf[Any]:
    query = visible(select(Job), Job, user)
    if status is not None:
        query = query.where(Job.status == status)
    if kind is not None:
        query = query.where(Job.kind == kind)
    return page(db, query.order_by(Job.id.desc()), paging)


def get(db: Session, user: Caller, job_id: int) -> Job:
    return owned(db, Job, job_id, user, "job")


def cancel(db: Session, user: Caller, job_id: int) -> Job:
    """Cancel a queued job at once, or ask a running one to stop at its next check."""
    job = db.execute(select(Job).where(Job.id == job_id).with_for_update()).scalar_one_or_none()
    if job is None or not is_own(user, job.owner_id):
        raise NotFound(f"job {job_id} not found")
    if job.status in FINISHED_STATUSES:
        raise Conflict(f"job {job.id} has already {'been ' if job.status == 'cancelled' else ''}{job.status}")
    job.cancel_requested = True
    if job.status == "queued":  # no worker holds it: it ends now, and the worker skips it
        job.status, job.message, job.finished_at = "cancelled", "cancelled before it started", utcnow()
    else:
        job.message = "cancelling"
    db.commit()
    return job


def cancel_jobs(db: Session, job_ids: Iterable[int]) -> None:
    """Jobs whose records are being deleted: queued ones end now, running ones stop at their next check."""
    ids = list(job_ids)
    if not ids:
        return
    db.execute(
        update(Job)
        .where(Job.id.in_(ids), Job.status == "queued")
        .values(status="cancelled", message="its record was deleted", finished_at=utcnow())
    )
    db.execute(
        update(Job).where(Job.id.in_(ids), Job.status.in_(ACTIVE_STATUSES)).values(cancel_requested=True)
    )


# The records a job makes (a recording, a co-clustering, a scan, an ablation, a training): listed,
# read and deleted together with their job, by the one rule each.


def list_with_jobs(
    db: Session,
    user: Caller,
    table: Any,
    paging: Paging,
    status: str | None = None,
    shared: Shared | None = None,
    **columns: int | None,
) -> PageOf[Any]:
    """(record, job) pairs the user may see, oldest first; status, the project and owner filters
    and each column given filter."""
    query = visible(select(table, Job).join(Job, Job.id == table.job_id), table, user)
    query = filtered(query, table, shared)
    if status is not None:
        query = query.where(Job.status == status)
    for column, value in columns.items():
        if value is not None:
            query = query.where(getattr(table, column) == value)
    return page(db, query.order_by(table.id), paging)


def with_job(db: Session, user: Caller, table: type[Row], record_id: int, what: str) -> tuple[Row, Job]:
    """The record and its job; NotFound unless the user may see it."""
    row = record(db, table, record_id, user, what)
    return row, db.get_one(Job, cast(Any, row).job_id)


def delete_with_job(db: Session, user: Caller, table: type[Row], record_id: int, what: str) -> Row:
    """Delete the record (its job stops: cancelled if still running) and commit; returns it."""
    row = record(db, table, record_id, user, what, "manage")
    sharing.check_no_dependents(db, row, what)
    sharing.deleted(db, user, row)
    cancel_jobs(db, [cast(Any, row).job_id])
    db.delete(row)
    db.commit()
    return row
