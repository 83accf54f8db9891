"""Finding jobs whose worker was lost (killed, machine gone): queue them again, or fail them.

A running job's worker writes its heartbeat every few seconds; one silent for longer than
`job_stale_after_s` lost its worker. Every batch worker runs this now and then; row locks
(SKIP LOCKED) keep two workers from taking the same job.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update

from services.database.session import session_scope
from services.database.tables import Job, Recording, RecordingShard, utcnow
from services.jobs.messages import JobKind, SendJob, SendPart
from services.jobs.tracking import finish

log = logging.getLogger(__name__)
# A heartbeat that says no worker has the job: running, it is queued again at the next pass (a stack
# that knows its workers are gone, mark_all_lost); queued, its message may be lost and it is sent
# (a job restored from a backup: Redis is not backed up).
UNSENT = datetime(1970, 1, 1, tzinfo=UTC)


def reap(database_url: str, send_again: SendJob, stale_after_s: float, max_attempts: int) -> list[int]:
    """Queue again (or fail) every running job with a stale heartbeat, and send every queued job
    marked UNSENT; returns the ids sent.

    send_again(kind, job_id) hands a job to the workers (the worker's queue does it)."""
    cutoff = utcnow() - timedelta(seconds=stale_after_s)
    again: list[tuple[int, JobKind]] = []
    with session_scope(database_url) as session:
        unsent = session.execute(
            update(Job)
            .where(Job.status == "queued", Job.heartbeat_at == UNSENT)
            .values(heartbeat_at=None)
            .returning(Job.id, Job.kind)
        ).all()
        again.extend((job_id, kind) for job_id, kind in unsent)
        lost = session.execute(
            select(Job)
            .where(
                Job.status == "running",
                or_(Job.heartbeat_at < cutoff, Job.heartbeat_at.is_(None) & (Job.started_at < cutoff)),
                # a sharded recording's shards are watched one by one (services.jobs.sharded_recording)
                Job.id.not_in(
                    select(Recording.job_id).where(
                        Recording.planned_shards > 1, Recording.shards_done < Recording.planned_shards
                    )
                ),
            )
            .with_for_update(skip_locked=True)
        ).scalars()
        for job in lost:
            gave_up = (
                f"its worker stopped {job.attempts} times while running it (killed for memory, or the "
                "machine went away?); try a smaller max_tokens or batch, or ask an administrator"
            )
            if run_again(job, job.attempts, max_attempts, gave_up):
                job.status, job.message, job.progress, job.heartbeat_at = (
                    "queued",
                    "queued again: its worker stopped responding",
                    0.0,
                    None,
                )
                again.append((job.id, job.kind))
    for job_id, kind in again:  # after the commit: the worker that takes it must see it queued
        send_again(kind, job_id)
        log.warning("job %s sent to the workers again (its worker was lost, or it was restored)", job_id)
    return [job_id for job_id, _ in again]


def mark_all_lost(database_url: str) -> int:
    """Every running job and shard lost its worker: called by a stack that knows no worker of an
    earlier one can be alive (`rnnvis serve` on its own database). Their heartbeats are made stale,
    so the first reaper pass of the new workers queues them again at once instead of after
    job_stale_after_s. Returns how many there were."""
    lost = UNSENT
    with session_scope(database_url) as session:
        jobs = session.execute(
            update(Job).where(Job.status == "running").values(heartbeat_at=lost).returning(Job.id)
        ).all()
        shards = session.execute(
            update(RecordingShard)
            .where(RecordingShard.status == "running")
            .values(heartbeat_at=lost)
            .returning(RecordingShard.index)
        ).all()
    return len(jobs) + len(shards)


def reap_shards(
    database_url: str, send: SendPart, stale_after_s: float, max_attempts: int
) -> list[tuple[int, int]]:
    """Queue again every running shard whose heartbeat stopped (or fail its job after max_attempts);
    the recording's other shards are kept. Returns (job_id, index) of the shards sent again."""
    cutoff = utcnow() - timedelta(seconds=stale_after_s)
    again: list[tuple[int, int]] = []
    with session_scope(database_url) as session:
        lost = session.execute(
            select(RecordingShard, Job)
            .join(Recording, Recording.id == RecordingShard.recording_id)
            .join(Job, Job.id == Recording.job_id)
            .where(
                RecordingShard.status == "running",
                RecordingShard.heartbeat_at < cutoff,
                Job.status == "running",
            )
            # both rows, or neither: a shard's job row is held while its last shard merges (job, then
            # shard); waiting for it while holding the shard's row would deadlock with that merge
            .with_for_update(skip_locked=True, of=[RecordingShard, Job])
        ).all()
        for shard, job in lost:
            gave_up = (
                f"the worker recording shard {shard.index} stopped {shard.attempts} times (killed for "
                "memory, or the machine went away?); try more shards or a smaller batch"
            )
            if run_again(job, shard.attempts, max_attempts, gave_up):
                shard.status, shard.tokens_done = "queued", 0
                job.message = f"shard {shard.index} lost its worker; queued again"
                again.append((job.id, shard.index))
    for job_id, index in again:
        send("shard", job_id, index)
        log.warning("shard %s of job %s lost its worker; queued again", index, job_id)
    return again


def run_again(job: Job, attempts: int, max_attempts: int, gave_up: str) -> bool:
    """The one decision for work whose worker was lost (a job, or one shard of it): cancelled when
    its user asked, failed with the words gave_up after max_attempts, else True: run it again."""
    if job.cancel_requested:
        finish(job, "cancelled", "cancelled (its worker had stopped)")
        return False
    if attempts >= max_attempts:
        finish(job, "failed", "failed", gave_up)
        return False
    return True
