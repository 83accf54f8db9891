"""A shard's life in its row: claimed, heartbeat, progress summed into the job, cancel, done."""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.database.session import session_scope
from services.database.tables import Job, Recording, RecordingShard, utcnow
from services.jobs.messages import FINISHED_STATUSES
from services.jobs.running import database
from services.jobs.sharded_recording.files import MERGING, PLANNED
from services.jobs.tracking import Reporter, finish
from services.settings import Settings

MERGE_WAIT_POLL_S = 0.5  # the last shard, waiting for the others, looks this often


class ShardReporter(Reporter):
    """A shard's life in its row: start (claim), heartbeat, progress summed into the job, cancel."""

    def __init__(self, settings: Settings, job_id: int, index: int) -> None:
        super().__init__(
            database(settings),
            job_id,
            settings.progress_interval_s,
            f"shard-{job_id}-{index}",
            settings.job_heartbeat_s,
        )
        self.index, self.stale_after_s = index, settings.job_stale_after_s
        self.recording_id = 0
        self.shards = 1

    def start(self) -> bool:
        """Claim the shard; False when there is nothing to do (done, running elsewhere, job over)."""
        with session_scope(self.database_url) as session:
            job = self._locked_job(session)
            rec = session.execute(
                select(Recording).where(Recording.job_id == self.job_id)
            ).scalar_one_or_none()
            if job is None or rec is None or job.status != "running":
                return False
            if job.cancel_requested:
                finish(job, "cancelled", "cancelled on request")
                return False
            shard = session.get(RecordingShard, (rec.id, self.index), with_for_update=True)
            if shard is None or shard.status == "done":
                return False
            now = utcnow()
            fresh = (
                shard.heartbeat_at is not None
                and (now - shard.heartbeat_at).total_seconds() < self.stale_after_s
            )
            if shard.status == "running" and fresh:
                return False  # a message handed out twice
            shard.status, shard.attempts, shard.tokens_done, shard.heartbeat_at = (
                "running",
                shard.attempts + 1,
                0,
                now,
            )
            shard.worker = f"{socket.gethostname()}:{os.getpid()}"
            job.heartbeat_at = now
            self.recording_id, self.shards = rec.id, rec.planned_shards or 1
        self._heartbeat.start()
        return True

    def beat(self) -> None:
        """One heartbeat: two transactions, each holding one row lock (the worker's other transactions
        lock the job's row and its shard's in either order, so one holding both could deadlock). The
        job's row is skipped while another transaction holds it (the merge saving the statistics holds
        it for as long as that takes): the shard's beat must not wait behind it, or the shard would
        look lost to the reaper while it merges."""
        now = utcnow()
        with session_scope(self.database_url) as session:
            session.execute(self._shard().values(heartbeat_at=now))
        with session_scope(self.database_url) as session:
            free = (
                select(Job.id)
                .where(Job.id == self.job_id, Job.status == "running")
                .with_for_update(skip_locked=True)
            )
            if session.execute(free).first() is not None:
                session.execute(update(Job).where(Job.id == self.job_id).values(heartbeat_at=now))

    def _shard(self) -> Any:
        return update(RecordingShard).where(
            RecordingShard.recording_id == self.recording_id,
            RecordingShard.index == self.index,
            RecordingShard.status == "running",
        )

    def progress(self, done: int, _total: int) -> None:
        """This shard's tokens, and the job's progress summed over its shards (at most once per interval)."""
        if not self._due():
            return
        with session_scope(self.database_url) as session:
            session.execute(self._shard().values(tokens_done=done))
            self._write_job_progress(session)
            self._read_stop(session)

    def _write_job_progress(self, session: Session) -> None:
        rec = session.get_one(Recording, self.recording_id)
        read, done = session.execute(
            select(
                func.coalesce(func.sum(RecordingShard.tokens_done), 0),
                func.count().filter(RecordingShard.status == "done"),
            ).where(RecordingShard.recording_id == self.recording_id)
        ).one()
        total = max(rec.tokens or 1, 1)
        session.execute(
            update(Job)
            .where(Job.id == self.job_id, Job.status == "running")
            .values(
                progress=PLANNED + (MERGING - PLANNED) * min(1.0, int(read) / total),
                message=f"read {int(read):,} of {total:,} tokens; {done} of {rec.planned_shards} shards done",
            )
        )

    def _read_stop(self, session: Session) -> None:
        row = session.execute(
            select(Job.status, Job.cancel_requested).where(Job.id == self.job_id)
        ).one_or_none()
        self._stop = row is None or row[0] != "running" or bool(row[1])

    @property
    def last(self) -> bool:
        """The shard planned to merge the others in place (planned longer, dequeued last)."""
        return self.index == self.shards - 1

    def merges_here(self) -> bool:
        """After recording: True when this shard merges the others' partials into its own accumulator,
        because every other shard is done, or because it is the last shard and the others not done
        are recording on live workers (it waits for them). False: it stores its partial instead (a
        shard waits for a worker, or the job stopped: should_stop() says which)."""
        while True:
            with session_scope(self.database_url) as session:
                self._read_stop(session)
                others = session.execute(
                    select(RecordingShard.status, RecordingShard.heartbeat_at).where(
                        RecordingShard.recording_id == self.recording_id,
                        RecordingShard.index != self.index,
                        RecordingShard.status != "done",
                    )
                ).all()
            if self._stop:
                return False
            if not others:
                return True
            now = utcnow()
            live = all(
                status == "running" and beat is not None and (now - beat).total_seconds() < self.stale_after_s
                for status, beat in others
            )
            if not (self.last and live):
                return False
            time.sleep(MERGE_WAIT_POLL_S)

    def merging(self, shards: int) -> None:
        with session_scope(self.database_url) as session:
            session.execute(
                update(Job)
                .where(Job.id == self.job_id, Job.status == "running")
                .values(progress=MERGING, message=f"merging {shards} shards")
            )

    def done(self, partial: dict[str, object]) -> bool:
        """Mark the shard done with its stored partial; True when it was the last (send the merge)."""
        with session_scope(self.database_url) as session:
            job = self._locked_job(session)
            rec = session.get(Recording, self.recording_id)
            shard = session.get(RecordingShard, (self.recording_id, self.index))
            if job is None or rec is None or shard is None or job.status != "running":
                return False
            shard.status, shard.partial, shard.tokens_done = "done", partial, shard.tokens
            session.flush()
            rec.shards_done = session.execute(
                select(func.count()).where(
                    RecordingShard.recording_id == self.recording_id, RecordingShard.status == "done"
                )
            ).scalar_one()
            self._write_job_progress(session)
            return rec.shards_done == rec.planned_shards

    def end_job(self, status: str, error: str | None = None) -> None:
        """Fail or cancel the whole recording (the other shards stop at their next check)."""
        with session_scope(self.database_url) as session:
            job = self._locked_job(session)
            if job is not None and job.status not in FINISHED_STATUSES:
                if status == "cancelled":
                    finish(job, "cancelled", "cancelled on request")
                else:
                    finish(job, "failed", "failed", error)
