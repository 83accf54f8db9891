"""/recordings: start one, follow it, and read its statistics a word, a unit or a matrix at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from api.cache import ResultCache
from api.deps import AppSettings, CurrentUser, Db, owned, visible
from api.queueing import ask_worker, start_job
from api.routers.lifecycle import Paging, cancel_jobs, forget_results, page
from api.schemas import (
    ERRORS,
    Accepted,
    AlignmentOut,
    MatrixOut,
    Page,
    RecordingCreate,
    RecordingOut,
    Status,
    UnitWordsOut,
    WordResponseOut,
)
from services.database.tables import Alignment, Coclustering, Corpus, Job, Model, Recording
from services.storage import statistics

router = APIRouter(tags=["recordings"], responses=ERRORS)


def recording_out(rec: Recording, job: Job) -> RecordingOut:
    channels = [tuple(c) for c in rec.channels or []]
    return RecordingOut(
        id=rec.id,
        status=job.status,  # type: ignore[arg-type]
        progress=job.progress,
        job_id=job.id,
        model_id=rec.model_id,
        corpus_id=rec.corpus_id,
        options=rec.options,
        layers=sorted({int(c[0]) for c in channels}),
        states=list(dict.fromkeys(str(c[1]) for c in channels)),
        hidden_size=rec.hidden_size,
        num_sequences=rec.num_sequences,
        tokens=rec.tokens,
        unk_tokens=rec.unk_tokens,
        dropped_tokens=rec.dropped_tokens,
        words=rec.words,
        quantile_words=rec.quantile_words,
        error=job.error,
        owner_id=rec.owner_id,
        created_at=rec.created_at,
    )


@router.post("/recordings", status_code=202, response_model=Accepted, summary="Record a model over a corpus")
def create_recording(
    body: RecordingCreate, db: Db, user: CurrentUser, settings: AppSettings, request: Request
) -> Accepted:
    model = owned(db, Model, body.model_id, user, "model")
    owned(db, Corpus, body.corpus_id, user, "corpus")
    if body.max_tokens is not None and body.max_tokens > settings.max_corpus_tokens:
        raise HTTPException(413, f"max_tokens is above the limit of {settings.max_corpus_tokens:,}")
    options = body.model_dump(exclude={"model_id", "corpus_id"})
    rec, job = start_job(
        db,
        request.app.state.celery,
        settings,
        user,
        "recording",
        lambda job: Recording(
            owner_id=user.id,
            model_id=body.model_id,
            corpus_id=body.corpus_id,
            job_id=job.id,
            options=options,
            hidden_size=model.hidden_size,
        ),
    )
    return Accepted(id=rec.id, status="queued", job_id=job.id)


@router.get("/recordings", response_model=Page[RecordingOut])
def list_recordings(
    db: Db,
    user: CurrentUser,
    paging: Annotated[Paging, Depends()],
    status: Status | None = None,
    model_id: int | None = None,
) -> dict[str, Any]:
    query = visible(select(Recording, Job).join(Job, Job.id == Recording.job_id), Recording, user)
    if status is not None:
        query = query.where(Job.status == status)
    if model_id is not None:
        query = query.where(Recording.model_id == model_id)
    return page(db, query.order_by(Recording.id), paging, recording_out)


def _recording(db: Db, recording_id: int, user: Any) -> tuple[Recording, Job]:
    rec = owned(db, Recording, recording_id, user, "recording")
    return rec, db.get_one(Job, rec.job_id)


@dataclass(frozen=True)
class FinishedRecording:
    id: int
    channels: list[Any]
    hidden_size: int


def _finished(db: Db, recording_id: int, user: Any) -> FinishedRecording:
    """A recording with statistics, in one query of columns (reads are the hot path)."""
    row = db.execute(
        select(Recording.owner_id, Recording.channels, Recording.hidden_size, Job.status)
        .join(Job, Job.id == Recording.job_id)
        .where(Recording.id == recording_id)
    ).one_or_none()
    if row is None or not (user.is_admin or row[0] == user.id):
        raise HTTPException(404, f"recording {recording_id} not found")
    if row[3] != "succeeded":
        raise HTTPException(409, f"recording {recording_id} has no statistics (status {row[3]})")
    return FinishedRecording(recording_id, row[1] or [], row[2])


def _channel(rec: FinishedRecording, layer: int, state: str) -> int:
    channels = [tuple(c) for c in rec.channels or []]
    if (layer, state) not in channels:
        names = ", ".join(f"{c[0]}/{c[1]}" for c in channels)
        raise HTTPException(422, f"no layer {layer} state {state!r} in recording {rec.id} (it has {names})")
    return channels.index((layer, state))


@router.get("/recordings/{recording_id}", response_model=RecordingOut)
def get_recording(recording_id: int, db: Db, user: CurrentUser) -> RecordingOut:
    return recording_out(*_recording(db, recording_id, user))


@router.delete("/recordings/{recording_id}", status_code=204)
def delete_recording(recording_id: int, db: Db, user: CurrentUser, request: Request) -> None:
    rec, job = _recording(db, recording_id, user)
    forget_results(
        request,
        [rec.id],
        db.execute(select(Coclustering.id).where(Coclustering.recording_id == rec.id)).scalars(),
    )
    cancel_jobs(
        db,
        [
            job.id,
            *db.execute(select(Coclustering.job_id).where(Coclustering.recording_id == rec.id)).scalars(),
        ],
    )
    db.delete(rec)
    db.commit()


@router.get(
    "/recordings/{recording_id}/response",
    response_model=WordResponseOut,
    response_class=Response,
    summary="One word's statistics",
)
async def word_response(
    recording_id: int,
    db: Db,
    user: CurrentUser,
    request: Request,
    word: Annotated[str, Query(min_length=1, max_length=1000)],
    layer: int = 0,
    state: str = "h",
) -> Response:
    cache: ResultCache = request.app.state.cache
    key = ("word", recording_id, layer, state, word)
    hit = cache.get(key)
    if hit is None:
        owner, body = await run_in_threadpool(_read_word, db, recording_id, user, word, layer, state)
        cache.put(key, "recording", recording_id, owner, body)
    elif not (user.is_admin or hit[0] == user.id):
        raise HTTPException(404, f"recording {recording_id} not found")
    else:
        body = hit[1]
    return Response(body, media_type="application/json")


def _read_word(db: Db, recording_id: int, user: Any, word: str, layer: int, state: str) -> tuple[int, bytes]:
    """(owner id, JSON body) of one word's statistics, read from the database."""
    layout = _finished_layout.get(recording_id)
    if layout is None:  # first read of this recording in this process
        rec = _finished(db, recording_id, user)
        layout = _finished_layout[recording_id] = rec
    channel = _channel(layout, layer, state)
    # one query: the recording's owner and status (checked on every read) and the word's row
    owner, status, found = statistics.word_response_of(db, recording_id, channel, word, layout.hidden_size)
    if owner is None or not (user.is_admin or owner == user.id):
        raise HTTPException(404, f"recording {recording_id} not found")
    if found is None:
        raise HTTPException(404, f"the word {word!r} does not occur in recording {recording_id}")
    body = WordResponseOut(layer=layer, state=state, **found.__dict__)
    return owner, body.model_dump_json().encode()  # pydantic-core's JSON: fast


# A finished recording's channels and hidden size never change; its owner and existence are
# checked on every read.
_finished_layout: dict[int, FinishedRecording] = {}


@router.get(
    "/recordings/{recording_id}/units/{unit}/words",
    response_model=UnitWordsOut,
    summary="A unit's salient words",
)
def unit_words(
    recording_id: int,
    unit: int,
    db: Db,
    user: CurrentUser,
    layer: int = 0,
    state: str = "h",
    k: Annotated[int, Query(ge=1, le=200)] = 8,
    min_count: Annotated[int, Query(ge=1)] = 1,
) -> UnitWordsOut:
    rec = _finished(db, recording_id, user)
    channel = _channel(rec, layer, state)
    if not 0 <= unit < rec.hidden_size:
        raise HTTPException(404, f"unit {unit} is outside 0..{rec.hidden_size - 1}")
    found = statistics.unit_words(db, rec.id, channel, unit, rec.hidden_size, k, min_count)
    return UnitWordsOut(unit=unit, layer=layer, state=state, **found)  # type: ignore[arg-type]


@router.get(
    "/recordings/{recording_id}/matrix", response_model=MatrixOut, summary="E[response|word] of the top words"
)
def matrix(
    recording_id: int,
    db: Db,
    user: CurrentUser,
    layer: int = 0,
    state: str = "h",
    top_words: Annotated[int, Query(ge=1, le=5000)] = 500,
    min_count: Annotated[int, Query(ge=1)] = 1,
) -> MatrixOut:
    rec = _finished(db, recording_id, user)
    words, values, counts = statistics.mean_matrix(
        db, rec.id, _channel(rec, layer, state), top_words, min_count
    )
    return MatrixOut(layer=layer, state=state, words=words, counts=counts, mean=values.tolist())


@router.get(
    "/recordings/{recording_id}/alignment",
    response_model=AlignmentOut,
    summary="Align units with another recording",
)
def alignment(
    recording_id: int,
    db: Db,
    user: CurrentUser,
    request: Request,
    other: int,
    layer: int = 0,
    state: str = "h",
    other_layer: int | None = None,
    other_state: str | None = None,
    top_words: Annotated[int, Query(ge=3, le=5000)] = 500,
) -> AlignmentOut:
    rec = _finished(db, recording_id, user)
    other_rec = _finished(db, other, user)
    other_layer = layer if other_layer is None else other_layer
    other_state = state if other_state is None else other_state
    _channel(rec, layer, state)
    _channel(other_rec, other_layer, other_state)
    key: dict[str, Any] = {
        "recording_id": rec.id,
        "other_id": other_rec.id,
        "layer": layer,
        "state": state,
        "other_layer": other_layer,
        "other_state": other_state,
        "top_words": top_words,
    }
    stored = db.execute(
        select(Alignment).where(*[getattr(Alignment, k) == v for k, v in key.items()])
    ).scalar_one_or_none()
    if stored is not None:
        return AlignmentOut(id=stored.id, **key, **stored.result)
    answer = ask_worker(request, "rnnvis.align", [user.id, *key.values()])
    return AlignmentOut(**key, **answer)
