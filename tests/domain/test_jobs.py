"""Starting jobs: commit then send, the per-user quota, a queue that is down, and who sees a job."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from services.database.tables import Job
from services.domain import jobs, recordings
from services.domain.errors import NotFound, TooManyJobs, Unavailable
from services.domain.paging import Paging
from services.settings import Settings
from tests.domain.conftest import QueuedJobs, queued_recording, user


def test_a_job_is_committed_before_it_is_sent(db: Session, settings: Settings, workers: QueuedJobs) -> None:
    alice = user(db, "alice")
    job = queued_recording(db, alice, settings, workers)
    assert workers.sent == [("recording", job.id, True)]  # a worker taking it at once finds its row
    assert (job.status, job.owner_id) == ("queued", alice.id)


def test_the_quota_counts_queued_and_running_jobs(
    db: Session, settings: Settings, workers: QueuedJobs
) -> None:
    alice, bob = user(db, "alice"), user(db, "bob")
    first = queued_recording(db, alice, settings, workers)
    queued_recording(db, alice, settings, workers)
    with pytest.raises(TooManyJobs, match=r"you have 2 jobs queued or running \(the limit is 2\)"):
        queued_recording(db, alice, settings, workers)
    queued_recording(db, bob, settings, workers)  # the limit is per user
    first.status = "succeeded"  # a finished job frees its place
    db.commit()
    queued_recording(db, alice, settings, workers)
    assert len(workers.sent) == 4


def test_a_queue_that_is_down_leaves_no_job_waiting_forever(
    db: Session, settings: Settings, workers: QueuedJobs
) -> None:
    alice = user(db, "alice")
    workers.down = True
    with pytest.raises(Unavailable):
        queued_recording(db, alice, settings, workers)
    (job,) = db.query(Job).all()
    assert job.status == "failed" and "unreachable" in (job.error or "")


def test_another_users_job_is_not_found(db: Session, settings: Settings, workers: QueuedJobs) -> None:
    alice, bob, admin = user(db, "alice"), user(db, "bob"), user(db, "root", admin=True)
    job = queued_recording(db, alice, settings, workers)
    with pytest.raises(NotFound, match=f"job {job.id} not found"):
        jobs.get(db, bob, job.id)
    with pytest.raises(NotFound):
        jobs.cancel(db, bob, job.id)
    assert jobs.get(db, admin, job.id).id == job.id
    assert jobs.cancel(db, alice, job.id).cancel_requested


def test_lists_hold_the_users_own_records_with_their_jobs(
    db: Session, settings: Settings, workers: QueuedJobs
) -> None:
    alice, bob, admin = user(db, "alice"), user(db, "bob"), user(db, "root", admin=True)
    mine = queued_recording(db, alice, settings, workers)
    theirs = queued_recording(db, bob, settings, workers)
    paging = Paging(limit=10, offset=0)

    def listed(who: Any, status: str | None = None) -> list[int]:
        return [job.id for _rec, job in recordings.list_recordings(db, who, paging, status).items]

    assert listed(alice) == [mine.id] and listed(bob) == [theirs.id]
    assert listed(admin) == [mine.id, theirs.id]
    assert listed(alice, "running") == []
    rec, _job = recordings.list_recordings(db, alice, paging).items[0]
    with pytest.raises(NotFound):
        recordings.get(db, bob, rec.id)
