"""Co-clusterings of a recording's units x words: memory chips, word clouds and their edges (SPEC 4)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from api.cache import ResultCache
from api.deps import AppSettings, CurrentUser, Db, owned, visible
from api.queueing import start_job
from api.routers.lifecycle import Paging, cancel_jobs, forget_results, page
from api.schemas import ERRORS, Accepted, CoclusteringCreate, CoclusteringOut, Page, Status
from services.database.tables import Coclustering, Job, Recording

router = APIRouter(tags=["coclusterings"], responses=ERRORS)


def coclustering_out(co: Coclustering, job: Job) -> CoclusteringOut:
    return CoclusteringOut(
        id=co.id,
        status=job.status,  # type: ignore[arg-type]
        progress=job.progress,
        job_id=job.id,
        recording_id=co.recording_id,
        error=job.error,
        owner_id=co.owner_id,
        created_at=co.created_at,
        **co.params,
        **(co.result or {}),
    )


@router.post(
    "/recordings/{recording_id}/coclusterings",
    status_code=202,
    response_model=Accepted,
    tags=["recordings"],
    summary="Co-cluster the units and words of one layer and state",
)
def create_coclustering(
    recording_id: int,
    body: CoclusteringCreate,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    request: Request,
) -> Accepted:
    rec = owned(db, Recording, recording_id, user, "recording")
    job = db.get_one(Job, rec.job_id)
    if job.status != "succeeded":
        raise HTTPException(409, f"recording {rec.id} has no statistics yet (status {job.status})")
    channels = [tuple(c) for c in rec.channels or []]
    layer = max(int(c[0]) for c in channels) if body.layer is None else body.layer
    if (layer, body.state) not in channels:
        names = ", ".join(f"{c[0]}/{c[1]}" for c in channels)
        raise HTTPException(
            422, f"no layer {layer} state {body.state!r} in recording {rec.id} (it has {names})"
        )
    if body.n_clusters > rec.hidden_size:
        raise HTTPException(422, f"n_clusters={body.n_clusters} is more than the {rec.hidden_size} units")
    params = {**body.model_dump(), "layer": layer}
    co, co_job = start_job(
        db,
        request.app.state.celery,
        settings,
        user,
        "coclustering",
        lambda job: Coclustering(owner_id=user.id, recording_id=rec.id, job_id=job.id, params=params),
    )
    return Accepted(id=co.id, status="queued", job_id=co_job.id)


@router.get("/coclusterings", response_model=Page[CoclusteringOut])
def list_coclusterings(
    db: Db,
    user: CurrentUser,
    paging: Annotated[Paging, Depends()],
    status: Status | None = None,
    recording_id: int | None = None,
) -> dict[str, Any]:
    query = visible(select(Coclustering, Job).join(Job, Job.id == Coclustering.job_id), Coclustering, user)
    if status is not None:
        query = query.where(Job.status == status)
    if recording_id is not None:
        query = query.where(Coclustering.recording_id == recording_id)
    return page(db, query.order_by(Coclustering.id), paging, coclustering_out)


@router.get("/coclusterings/{coclustering_id}", response_model=CoclusteringOut, response_class=Response)
async def get_coclustering(coclustering_id: int, db: Db, user: CurrentUser, request: Request) -> Response:
    cache: ResultCache = request.app.state.cache
    hit = cache.get(("coclustering", coclustering_id))
    if hit is None:
        owner, status, body = await run_in_threadpool(_read_coclustering, db, coclustering_id, user)
        if status == "succeeded":  # finished: it never changes again
            cache.put(("coclustering", coclustering_id), "coclustering", coclustering_id, owner, body)
    elif not (user.is_admin or hit[0] == user.id):
        raise HTTPException(404, f"co-clustering {coclustering_id} not found")
    else:
        body = hit[1]
    return Response(body, media_type="application/json")


def _read_coclustering(db: Db, coclustering_id: int, user: Any) -> tuple[int, str, bytes]:
    co = owned(db, Coclustering, coclustering_id, user, "co-clustering")
    job = db.get_one(Job, co.job_id)
    return co.owner_id, job.status, coclustering_out(co, job).model_dump_json().encode()


@router.delete("/coclusterings/{coclustering_id}", status_code=204)
def delete_coclustering(coclustering_id: int, db: Db, user: CurrentUser, request: Request) -> None:
    co = owned(db, Coclustering, coclustering_id, user, "co-clustering")
    forget_results(request, [], [co.id])
    cancel_jobs(db, [co.job_id])
    db.delete(co)
    db.commit()
