"""A record's life in the API, shared by the routers: uploads in (under the limits), pages of lists,
and deletes (cancelling dependent jobs, evicting cached results)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import HTTPException, Query, Request, UploadFile
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.database.tables import (
    ACTIVE_STATUSES,
    Coclustering,
    Corpus,
    Job,
    Model,
    Recording,
    User,
    utcnow,
)
from services.settings import Settings
from services.storage.artifacts import ArtifactStore, StoredFile, UploadTooLarge


class Paging:
    def __init__(
        self,
        limit: int = Query(50, ge=1, le=500, description="items per page"),
        offset: int = Query(0, ge=0),
    ) -> None:
        self.limit, self.offset = limit, offset


def page(db: Session, query: Any, paging: Paging, to_out: Any) -> dict[str, Any]:
    total = db.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = db.execute(query.limit(paging.limit).offset(paging.offset)).all()
    return {
        "items": [to_out(*row) if len(row) > 1 else to_out(row[0]) for row in rows],
        "total": total,
        "limit": paging.limit,
        "offset": paging.offset,
    }


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


def forget_results(request: Request, recording_ids: Iterable[int], coclustering_ids: Iterable[int]) -> None:
    """Evict cached results of records about to be deleted, in every API process."""
    cache = request.app.state.cache
    cache.deleted("recording", list(recording_ids))
    cache.deleted("coclustering", list(coclustering_ids))


def upload_budget(db: Session, user: User, settings: Settings) -> int:
    """Bytes this user may upload now: the per-upload limit, or what is left of the stored-bytes quota."""
    used = 0
    for table in (Model, Corpus):
        for files in db.execute(select(table.files).where(table.owner_id == user.id)).scalars():
            used += sum(int(f.get("bytes", 0)) for f in files.values())
    left = settings.max_stored_bytes - used
    if left <= 0:
        quota = settings.max_stored_bytes
        raise HTTPException(
            413, f"your uploads take {used:,} bytes of your quota of {quota:,}: delete some first"
        )
    return min(settings.max_upload_bytes, left)


def store_upload(store: ArtifactStore, folder: Any, name: str, upload: UploadFile, limit: int) -> StoredFile:
    try:
        return store.write(folder, name, upload.file, limit)
    except UploadTooLarge as exc:
        raise HTTPException(
            413, f"{exc} (the upload limit, or what is left of your stored-bytes quota)"
        ) from exc


def check_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise HTTPException(422, "name must have 1 to 200 characters")
    return name


def drop_recordings(db: Session, request: Request, recordings: Any, more_jobs: Iterable[int] = ()) -> None:
    """Before a model or corpus goes (its recordings with it, by cascade): evict their cached
    results everywhere and stop the jobs of the recordings, their co-clusterings and `more_jobs`."""
    coclusterings = select(Coclustering.id, Coclustering.job_id).where(
        Coclustering.recording_id.in_(recordings)
    )
    co_rows = db.execute(coclusterings).all()
    rec_rows = db.execute(select(Recording.id, Recording.job_id).where(Recording.id.in_(recordings))).all()
    forget_results(request, [r[0] for r in rec_rows], [c[0] for c in co_rows])
    cancel_jobs(db, [*(r[1] for r in rec_rows), *(c[1] for c in co_rows), *more_jobs])
