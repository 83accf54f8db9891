"""/recordings: start one, follow it, and read its statistics a word, a unit or a matrix at a time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.answers import NOT_MODIFIED, finished_answer, finished_model
from api.deps import (
    AppSettings,
    Caches,
    CurrentUser,
    Db,
    OwnedRecording,
    Pages,
    SharedFilter,
    Workers,
    page_of,
)
from api.requests import StrictJsonRoute
from api.schemas.evaluation import AlignmentOut
from api.schemas.fields import (
    ERRORS,
    MAX_UNIT,
    IdFilter,
    IdPath,
    Page,
    StatusFilter,
)
from api.schemas.jobs import Accepted
from api.schemas.recordings import (
    AlignmentQuery,
    MatrixOut,
    MatrixQuery,
    RecordingCreate,
    RecordingOut,
    TraceOut,
    TraceQuery,
    TraceUnitQuery,
    UnitTraceOut,
    UnitWordsOut,
    UnitWordsQuery,
    WordResponseOut,
    WordResponseQuery,
)
from api.schemas.sharing import SHARE_SUMMARY, ShareChange
from services.database.tables import Job, Recording
from services.domain import recordings, sharing, traces
from services.domain.access import is_own

router = APIRouter(route_class=StrictJsonRoute, tags=["recordings"], responses=ERRORS)


def recording_out(rec: Recording, job: Job) -> RecordingOut:
    return RecordingOut.model_validate(recordings.describe(rec, job))


@router.post("/recordings", status_code=202, response_model=Accepted, summary="Record a model over a corpus")
def create_recording(
    body: RecordingCreate, db: Db, user: CurrentUser, settings: AppSettings, workers: Workers
) -> Accepted:
    rec, job = recordings.create(db, user, body.model_dump(), settings, workers)
    return Accepted(id=rec.id, status="queued", job_id=job.id)


@router.get("/recordings", response_model=Page[RecordingOut])
def list_recordings(
    db: Db,
    user: CurrentUser,
    paging: Pages,
    shared: SharedFilter,
    status: StatusFilter = None,
    model_id: IdFilter = None,
) -> dict[str, Any]:
    return page_of(recordings.list_recordings(db, user, paging, status, model_id, shared), recording_out)


@router.patch(
    "/recordings/{recording_id}",
    response_model=RecordingOut,
    summary=SHARE_SUMMARY,
)
def share_recording(recording_id: IdPath, body: ShareChange, db: Db, user: CurrentUser) -> RecordingOut:
    row = sharing.set_project(db, user, "recording", recording_id, body.project_id)
    return recording_out(row, db.get_one(Job, row.job_id))  # unshared: maybe no longer ours to read


@router.get("/recordings/{recording_id}", response_model=RecordingOut)
def get_recording(recording: OwnedRecording) -> RecordingOut:
    return recording_out(*recording)


@router.delete("/recordings/{recording_id}", status_code=204)
def delete_recording(
    recording_id: IdPath, db: Db, user: CurrentUser, settings: AppSettings, caches: Caches
) -> None:
    recordings.delete(db, user, settings, recording_id, caches.forget)


@router.get(
    "/recordings/{recording_id}/response",
    response_model=WordResponseOut,
    response_class=JSONResponse,  # the schema's media type; the route answers its kept bytes itself
    responses=NOT_MODIFIED,
    summary="One word's statistics",
)
async def word_response(
    recording_id: IdPath,
    db: Db,
    user: CurrentUser,
    caches: Caches,
    request: Request,
    query: Annotated[WordResponseQuery, Query()],
) -> Response:
    word, layer, state = query.word, query.layer, query.state
    key = ("word", recording_id, layer, state, word)
    answer = caches.results.get(key)
    if answer is not None and not is_own(user, answer.owner):  # shared with the caller: ask its project
        await run_in_threadpool(recordings.check_reader, db, user, answer.owner, recording_id)
    if answer is None:
        owner, found = await run_in_threadpool(
            recordings.word_response, db, user, recording_id, word, layer, state, caches.layouts
        )
        body = WordResponseOut.model_validate(found).model_dump_json().encode()  # pydantic-core: fast
        answer = caches.answer(key, "recording", recording_id, owner, body)
    return finished_answer(request, answer.body, answer.etag)


@router.get(
    "/recordings/{recording_id}/units/{unit}/words",
    response_model=UnitWordsOut,
    responses=NOT_MODIFIED,
    summary="A unit's salient words",
)
def unit_words(
    recording_id: IdPath,
    unit: Annotated[int, Path(ge=0, le=MAX_UNIT, description="the unit, 0..hidden_size - 1")],
    db: Db,
    user: CurrentUser,
    request: Request,
    query: Annotated[UnitWordsQuery, Query()],
) -> Response:
    q = query
    found = recordings.unit_words(
        db, user, recording_id, unit, q.layer, q.state, q.k, q.min_count, q.score, q.prior_count
    )
    return finished_model(request, UnitWordsOut.model_validate(found))


@router.get(
    "/recordings/{recording_id}/matrix",
    response_model=MatrixOut,
    responses=NOT_MODIFIED,
    summary="E[response|word] of the top words",
)
def matrix(
    recording_id: IdPath,
    db: Db,
    user: CurrentUser,
    request: Request,
    query: Annotated[MatrixQuery, Query()],
) -> Response:
    found = recordings.matrix(
        db, user, recording_id, query.layer, query.state, query.top_words, query.min_count
    )
    return finished_model(request, MatrixOut.model_validate(found))


@router.get(
    "/recordings/{recording_id}/alignment",
    response_model=AlignmentOut,
    summary="Align units with another recording",
)
def alignment(
    recording_id: IdPath,
    db: Db,
    user: CurrentUser,
    workers: Workers,
    query: Annotated[AlignmentQuery, Query()],
) -> AlignmentOut:
    q = query
    found = recordings.alignment(
        db, user, workers, recording_id, q.other, q.layer, q.state, q.other_layer, q.other_state, q.top_words
    )
    return AlignmentOut.model_validate(found)


@router.get(
    "/recordings/{recording_id}/trace",
    response_model=TraceOut,
    responses=NOT_MODIFIED,
    summary="How long a word stays in memory: its trace and the units' half-lives (SPEC 13)",
)
def trace(
    recording_id: IdPath,
    db: Db,
    user: CurrentUser,
    request: Request,
    query: Annotated[TraceQuery, Query()],
) -> Response:
    found = traces.word_trace(db, user, recording_id, query.layer, query.state, query.word)
    return finished_model(request, TraceOut.model_validate(found))


@router.get(
    "/recordings/{recording_id}/trace/units/{unit}",
    response_model=UnitTraceOut,
    responses=NOT_MODIFIED,
    summary="A unit's half-life and the trace of its top words (SPEC 13)",
)
def unit_trace(
    recording_id: IdPath,
    unit: Annotated[int, Path(ge=0, le=MAX_UNIT, description="the unit, 0..hidden_size - 1")],
    db: Db,
    user: CurrentUser,
    request: Request,
    query: Annotated[TraceUnitQuery, Query()],
) -> Response:
    found = traces.unit_trace(db, user, recording_id, unit, query.layer, query.state)
    return finished_model(request, UnitTraceOut.model_validate(found))
