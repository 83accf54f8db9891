"""Co-clusterings of a recording's units x words: memory chips, word clouds and their edges (SPEC 4)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.answers import NOT_MODIFIED, finished_answer, finished_model
from api.deps import AppSettings, Caches, CurrentUser, Db, Pages, SharedFilter, Workers, page_of
from api.requests import StrictJsonRoute
from api.schemas.coclusterings import ChipHalfLivesOut, CoclusteringCreate, CoclusteringEdits, CoclusteringOut
from api.schemas.fields import ERRORS, IdFilter, IdPath, Page, StatusFilter
from api.schemas.jobs import Accepted
from api.schemas.sharing import SHARE_SUMMARY, ShareChange
from services.database.tables import Coclustering, Job
from services.domain import coclusterings, sharing, traces
from services.domain.access import is_own

router = APIRouter(route_class=StrictJsonRoute, tags=["coclusterings"], responses=ERRORS)


def coclustering_out(co: Coclustering, job: Job) -> CoclusteringOut:
    return CoclusteringOut.model_validate(coclusterings.describe(co, job))


@router.post(
    "/recordings/{recording_id}/coclusterings",
    status_code=202,
    response_model=Accepted,
    tags=["recordings"],
    summary="Co-cluster the units and words of one layer and state",
    description="The same request as one of yours that is queued, running or finished answers that one "
    "(its id and status) instead of starting a copy.",
)
def create_coclustering(
    recording_id: IdPath,
    body: CoclusteringCreate,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    workers: Workers,
) -> Accepted:
    co, job = coclusterings.create(db, user, recording_id, body.model_dump(), settings, workers)
    return Accepted.model_validate({"id": co.id, "status": job.status, "job_id": job.id})


@router.get("/coclusterings", response_model=Page[CoclusteringOut])
def list_coclusterings(
    db: Db,
    user: CurrentUser,
    paging: Pages,
    shared: SharedFilter,
    status: StatusFilter = None,
    recording_id: IdFilter = None,
) -> dict[str, Any]:
    found = coclusterings.list_coclusterings(db, user, paging, status, recording_id, shared)
    return page_of(found, coclustering_out)


@router.patch(
    "/coclusterings/{coclustering_id}",
    response_model=CoclusteringOut,
    summary=SHARE_SUMMARY,
)
def share_coclustering(
    coclustering_id: IdPath, body: ShareChange, db: Db, user: CurrentUser, caches: Caches
) -> CoclusteringOut:
    row = sharing.set_project(db, user, "coclustering", coclustering_id, body.project_id)
    caches.changed("coclustering", [row.id])  # its kept answer carries its project_id
    return coclustering_out(row, db.get_one(Job, row.job_id))  # unshared: maybe no longer ours to read


@router.get(
    "/coclusterings/{coclustering_id}",
    response_model=CoclusteringOut,
    response_class=JSONResponse,  # the schema's media type; the route answers its kept bytes itself
    responses=NOT_MODIFIED,
)
async def get_coclustering(
    coclustering_id: IdPath, db: Db, user: CurrentUser, caches: Caches, request: Request
) -> Response:
    key = ("coclustering", coclustering_id)
    answer = caches.results.get(key)
    if answer is not None:
        if not is_own(user, answer.owner):  # shared with the caller: ask its project
            await run_in_threadpool(coclusterings.check_reader, db, user, answer.owner, coclustering_id)
        return finished_answer(request, answer.body, answer.etag)
    owner, found = await run_in_threadpool(coclusterings.read, db, user, coclustering_id)
    body = CoclusteringOut.model_validate(found).model_dump_json().encode()
    if found["status"] != "succeeded":  # still changing: no ETag, not kept
        return Response(body, media_type="application/json")
    answer = caches.answer(key, "coclustering", coclustering_id, owner, body)
    return finished_answer(request, answer.body, answer.etag)


@router.get(
    "/coclusterings/{coclustering_id}/half-lives",
    response_model=ChipHalfLivesOut,
    responses=NOT_MODIFIED,
    summary="Each memory chip's half-life: the median of its units' (SPEC 13)",
)
def chip_half_lives(coclustering_id: IdPath, db: Db, user: CurrentUser, request: Request) -> Response:
    found = traces.chip_half_lives(db, user, coclustering_id)
    return finished_model(request, ChipHalfLivesOut.model_validate(found))


@router.delete("/coclusterings/{coclustering_id}", status_code=204)
def delete_coclustering(coclustering_id: IdPath, db: Db, user: CurrentUser, caches: Caches) -> None:
    coclusterings.delete(db, user, coclustering_id, caches.forget)


@router.post(
    "/coclusterings/{coclustering_id}/edits",
    status_code=201,
    response_model=CoclusteringOut,
    summary="Edit a co-clustering: move words or units, merge two clusters, split one",
    description="Answers a new co-clustering (its `parent_id` is this one) with the moves, the merge "
    "and the split applied in that order, edges, strengths and quality recomputed; this one is unchanged.",
)
def edit_coclustering(
    coclustering_id: IdPath, body: CoclusteringEdits, db: Db, user: CurrentUser
) -> CoclusteringOut:
    return coclustering_out(
        *coclusterings.edit(db, user, coclustering_id, body.model_dump(exclude_none=True))
    )
