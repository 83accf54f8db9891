"""A job's life in the jobs table: queued -> running -> succeeded | failed | cancelled.

The worker writes progress at most once per interval and reads the cancel flag as often; a thread
keeps its heartbeat fresh; the final status is written in the same transaction as the results.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from services.database.session import session_scope
from services.database.tables import Job, utcnow
from services.jobs.messages import FINISHED_STATUSES as FINISHED
from services.jobs.messages import JobStatus

log = logging.getLogger(__name__)


class Heartbeat:
    """A daemon thread that calls beat() every period_s until stopped: a worker's proof of life,
    whatever its job is doing. A beat that fails (the database away a moment) is tried again at the
    next period; the reaper only acts after job_stale_after_s without one."""

    def __init__(self, name: str, period_s: float, beat: Callable[[], None]) -> None:
        self.name, self.period_s, self.beat = name, period_s, beat
        self._beating = threading.Event()

    def start(self) -> None:
        self._beating.set()
        threading.Thread(target=self._run, name=self.name, daemon=True).start()

    def stop(self) -> None:
        self._beating.clear()

    def _run(self) -> None:
        while self._beating.is_set():
            time.sleep(self.period_s)
            if not self._beating.is_set():
                return
            try:
                self.beat()
            except Exception:  # the database away a moment, say: the next beat tries again
                log.debug("%s: a heartbeat failed", self.name, exc_info=True)


class Reporter(ABC):
    """What a job's reporter and a sharded recording's shard reporter share: a heartbeat thread, and
    one clock for the database: progress is written, or the stop flag read, at most once per interval."""

    def __init__(
        self, database_url: str, job_id: int, interval_s: float, heartbeat: str, heartbeat_s: float
    ) -> None:
        self.database_url, self.job_id, self.interval_s = database_url, job_id, interval_s
        self.heartbeat_s = heartbeat_s
        self._last_write = 0.0
        self._stop = False
        self._heartbeat = Heartbeat(heartbeat, heartbeat_s, self.beat)

    @abstractmethod
    def beat(self) -> None:
        """One heartbeat (on the heartbeat's thread)."""

    @abstractmethod
    def _read_stop(self, session: Session) -> None:
        """Set _stop from the database: whether the work should stop."""

    def stop_heartbeat(self) -> None:
        self._heartbeat.stop()

    def _locked_job(self, session: Session) -> Job | None:
        """The job's row, locked until the transaction ends (None: deleted with its record)."""
        return session.execute(
            select(Job).where(Job.id == self.job_id).with_for_update()
        ).scalar_one_or_none()

    def _due(self, force: bool = False) -> bool:
        """Whether an interval has passed since the last write or read (or force): then the clock
        starts again, and the caller writes or reads."""
        now = time.monotonic()
        if not force and now - self._last_write < self.interval_s:
            return False
        self._last_write = now
        return True

    def should_stop(self) -> bool:
        """Polled by the engine between batches; reads the flag at most once per interval."""
        if self._due():
            with session_scope(self.database_url) as session:
                self._read_stop(session)
        return self._stop


class JobReporter(Reporter):
    def __init__(
        self,
        database_url: str,
        job_id: int,
        interval_s: float = 1.0,
        heartbeat_s: float = 10.0,
        stale_after_s: float = 120.0,
    ) -> None:
        super().__init__(database_url, job_id, interval_s, f"job-{job_id}-heartbeat", heartbeat_s)
        self.stale_after_s = stale_after_s

    def start(self) -> bool:
        """Mark the job running; False when there is nothing to do.

        Nothing to do: the job finished, was cancelled while queued, or runs on a worker whose
        heartbeat is fresh (a message handed out twice). A running job with a stale heartbeat lost
        its worker: it starts over here.
        """
        with session_scope(self.database_url) as session:
            job = self._locked_job(session)
            if job is None or job.status in FINISHED:
                return False
            if job.cancel_requested:
                finish(job, "cancelled", "cancelled before it started")
                return False
            now = utcnow()
            beat = job.heartbeat_at
            if (
                job.status == "running"
                and beat is not None
                and (now - beat).total_seconds() < self.stale_after_s
            ):
                return False
            job.attempts += 1
            job.status, job.progress, job.error = "running", 0.0, None
            job.message = "started" if job.attempts == 1 else f"started again (attempt {job.attempts})"
            job.started_at = job.heartbeat_at = now
        self.keep_alive()
        return True

    def keep_alive(self) -> None:
        """Keep heartbeat_at fresh while the job runs, whatever the job is doing."""
        self._heartbeat.start()

    def beat(self) -> None:
        with session_scope(self.database_url) as session:
            session.execute(
                update(Job)
                .where(Job.id == self.job_id, Job.status == "running")
                .values(heartbeat_at=utcnow())
            )

    def progress(self, fraction: float, message: str | None = None, force: bool = False) -> None:
        if not self._due(force):
            return
        values: dict[str, object] = {"progress": max(0.0, min(1.0, fraction))}
        if message is not None:
            values["message"] = message
        with session_scope(self.database_url) as session:
            session.execute(
                update(Job).where(Job.id == self.job_id, Job.status == "running").values(**values)
            )
            self._read_stop(session)

    def stop_requested_now(self) -> bool:
        """The cancel flag read now (a job whose row is gone counts as cancelled); False when the
        database cannot say."""
        try:
            with session_scope(self.database_url) as session:
                self._read_stop(session)
        except SQLAlchemyError:
            return False
        return self._stop

    def _read_stop(self, session: Session) -> None:
        flag = session.execute(select(Job.cancel_requested).where(Job.id == self.job_id)).scalar_one_or_none()
        self._stop = flag is None or bool(flag)  # a job deleted with its record stops too

    def fail(self, error: str) -> None:
        with session_scope(self.database_url) as session:
            job = session.get(Job, self.job_id)
            if job is not None and job.status not in FINISHED:
                finish(job, "failed", "failed", error)

    def cancelled(self) -> None:
        with session_scope(self.database_url) as session:
            job = session.get(Job, self.job_id)
            if job is not None and job.status not in FINISHED:
                finish(job, "cancelled", "cancelled on request")


def succeed(session: Session, job_id: int, message: str) -> None:
    """Called inside the transaction that writes the job's results."""
    job = session.get(Job, job_id)
    if job is not None:
        finish(job, "succeeded", message)


def finish(job: Job, status: JobStatus, message: str, error: str | None = None) -> None:
    job.status, job.message, job.error = status, message, error
    job.finished_at = utcnow()
    if status == "succeeded":
        job.progress = 1.0
