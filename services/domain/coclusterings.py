"""Co-clusterings of a recording's units x words: memory chips, word clouds and their edges (SPEC 4)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import Coclustering, Job, Recording
from services.domain import jobs
from services.domain.access import Caller, check_visible, owned, visible
from services.domain.errors import Invalid, NotFinished
from services.domain.labels import coclustering_label
from services.domain.paging import PageOf, Paging, page
from services.domain.ports import Forget, Workers
from services.recording import as_channels, find_channel
from services.settings import Settings


def describe(co: Coclustering, job: Job) -> dict[str, Any]:
    """A co-clustering as the API answers it: its parameters, and its result once finished."""
    return {
        "id": co.id,
        **jobs.progress_fields(job),
        "recording_id": co.recording_id,
        "label": co.label,
        **co.params,
        "error": job.error,
        **(co.result or {}),
        "owner_id": co.owner_id,
        "created_at": co.created_at,
    }


def create(
    db: Session, user: Caller, recording_id: int, params: dict[str, Any], settings: Settings, workers: Workers
) -> tuple[Coclustering, Job]:
    """params: POST /recordings/{id}/coclusterings' body; layer None is the top layer. The same
    request as one queued, running or finished gets that one back, not a second copy of it."""
    rec = owned(db, Recording, recording_id, user, "recording")
    job = db.get_one(Job, rec.job_id)
    if job.status != "succeeded":
        raise NotFinished(f"recording {rec.id} has no statistics yet (status {job.status})")
    channels = as_channels(rec.channels or [])
    layer = max(c.layer for c in channels) if params.get("layer") is None else params["layer"]
    find_channel(channels, layer, params["state"], f"recording {rec.id}")
    if params["n_clusters"] > rec.hidden_size:
        raise Invalid(f"n_clusters={params['n_clusters']} is more than the {rec.hidden_size} units")
    params = {**params, "layer": layer}
    same = db.execute(
        select(Coclustering, Job)
        .join(Job, Job.id == Coclustering.job_id)
        .where(
            Coclustering.recording_id == rec.id,
            Coclustering.owner_id == user.id,
            Coclustering.params == params,
            Job.status.in_(("queued", "running", "succeeded")),
        )
        .order_by(Coclustering.id)
        .limit(1)
    ).first()
    if same is not None:
        return same[0], same[1]
    label = coclustering_label(rec.label, params)
    return jobs.start(
        db,
        user,
        "coclustering",
        lambda job: Coclustering(
            owner_id=user.id, recording_id=rec.id, job_id=job.id, params=params, label=label
        ),
        settings,
        workers,
    )


def list_coclusterings(
    db: Session, user: Caller, paging: Paging, status: str | None = None, recording_id: int | None = None
) -> PageOf[Any]:
    query = visible(select(Coclustering, Job).join(Job, Job.id == Coclustering.job_id), Coclustering, user)
    if status is not None:
        query = query.where(Job.status == status)
    if recording_id is not None:
        query = query.where(Coclustering.recording_id == recording_id)
    return page(db, query.order_by(Coclustering.id), paging)


def get(db: Session, user: Caller, coclustering_id: int) -> tuple[Coclustering, Job]:
    co = owned(db, Coclustering, coclustering_id, user, "co-clustering")
    return co, db.get_one(Job, co.job_id)


def read(db: Session, user: Caller, coclustering_id: int) -> tuple[int, dict[str, Any]]:
    """(owner id, the co-clustering as the API answers it)."""
    co, job = get(db, user, coclustering_id)
    return co.owner_id, describe(co, job)


def delete(db: Session, user: Caller, coclustering_id: int, forget: Forget) -> None:
    co = owned(db, Coclustering, coclustering_id, user, "co-clustering")
    forget("coclustering", [co.id])
    jobs.cancel_jobs(db, [co.job_id])
    db.delete(co)
    db.commit()


def check_reader(user: Caller, owner_id: int, coclustering_id: int) -> None:
    """NotFound unless the user may read a co-clustering of this owner (a result kept from before)."""
    check_visible(user, owner_id, "co-clustering", coclustering_id)
