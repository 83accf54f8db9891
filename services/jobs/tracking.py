"""A job's life in the jobs table: queued -> running -> succeeded | failed | cancelled.

The worker writes progress at most once per interval and reads the cancel flag as often; the final
status is written in the same transaction as the job's results.
"""

from __future__ import annotations

import time

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.database.session import session_scope
from services.database.tables import Job, utcnow

FINISHED = ("succeeded", "failed", "cancelled")


class JobCancelled(Exception):
    """The job's user asked to cancel it."""


class JobReporter:
    def __init__(self, database_url: str, job_id: int, interval_s: float = 1.0) -> None:
        self.database_url, self.job_id, self.interval_s = database_url, job_id, interval_s
        self._last_write = 0.0
        self._cancel = False

    def start(self) -> bool:
        """Mark the job running; False when there is nothing to do (finished, or cancelled while queued)."""
        with session_scope(self.database_url) as session:
            job = session.execute(
                select(Job).where(Job.id == self.job_id).with_for_update()
            ).scalar_one_or_none()
            if job is None or job.status in FINISHED:
                return False
            if job.cancel_requested:
                _finish(job, "cancelled", "cancelled before it started")
                return False
            # a job found running was handed out again after its worker was lost: start it over
            job.attempts += 1
            job.status, job.progress, job.error = "running", 0.0, None
            job.message = "started" if job.attempts == 1 else f"started again (attempt {job.attempts})"
            job.started_at = utcnow()
            return True

    def progress(self, fraction: float, message: str | None = None, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_write < self.interval_s:
            return
        self._last_write = now
        values: dict[str, object] = {"progress": max(0.0, min(1.0, fraction))}
        if message is not None:
            values["message"] = message
        with session_scope(self.database_url) as session:
            session.execute(
                update(Job).where(Job.id == self.job_id, Job.status == "running").values(**values)
            )
            self._cancel = bool(
                session.execute(
                    select(Job.cancel_requested).where(Job.id == self.job_id)
                ).scalar_one_or_none()
            )

    def should_stop(self) -> bool:
        """Polled by the engine between batches; reads the flag at most once per interval."""
        self.progress_check()
        return self._cancel

    def progress_check(self) -> None:
        now = time.monotonic()
        if now - self._last_write >= self.interval_s:
            self._last_write = now
            with session_scope(self.database_url) as session:
                self._cancel = bool(
                    session.execute(
                        select(Job.cancel_requested).where(Job.id == self.job_id)
                    ).scalar_one_or_none()
                )

    def fail(self, error: str) -> None:
        with session_scope(self.database_url) as session:
            job = session.get(Job, self.job_id)
            if job is not None and job.status not in FINISHED:
                _finish(job, "failed", "failed", error)

    def cancelled(self) -> None:
        with session_scope(self.database_url) as session:
            job = session.get(Job, self.job_id)
            if job is not None and job.status not in FINISHED:
                _finish(job, "cancelled", "cancelled on request")


def succeed(session: Session, job_id: int, message: str) -> None:
    """Called inside the transaction that writes the job's results."""
    job = session.get(Job, job_id)
    if job is not None:
        _finish(job, "succeeded", message)


def _finish(job: Job, status: str, message: str, error: str | None = None) -> None:
    job.status, job.message, job.error = status, message, error
    job.finished_at = utcnow()
    if status == "succeeded":
        job.progress = 1.0
