"""/recordings/{id}/export and /coclusterings/{id}/export: results as CSV, JSON or NPZ files.

The file is written to the artifact store's staging area a page of words at a time, then unlinked
while open and streamed from the open handle: memory stays bounded however large the recording,
and nothing is left behind when a client goes away mid-download.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse

from api.deps import AppSettings, CurrentUser, Db, owned
from api.routers.coclusterings import coclustering_out
from api.routers.recordings import recording_out
from api.schemas import ERRORS
from services.database.tables import Coclustering, Job, Recording
from services.storage import exports
from services.storage.artifacts import ArtifactStore

router = APIRouter(responses=ERRORS)
FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {t: {} for t in exports.MEDIA_TYPES.values()}, "description": "the file"}
}


CHUNK = 1 << 20


def _send(settings: Any, name: str, fmt: exports.Format, write: Any) -> StreamingResponse:
    folder = ArtifactStore(settings.artifacts).root / "staging"
    folder.mkdir(parents=True, exist_ok=True)
    handle, path = tempfile.mkstemp(prefix="export-", suffix=f".{fmt}", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        file = open(path, "rb")  # noqa: SIM115 (closed by the stream below)
    finally:
        os.unlink(path)  # the open handle keeps the data until the stream closes it
    size = os.fstat(file.fileno()).st_size

    def stream() -> Iterator[bytes]:
        with file:
            while chunk := file.read(CHUNK):
                yield chunk

    return StreamingResponse(
        stream(),
        media_type=exports.MEDIA_TYPES[fmt],
        headers={"content-length": str(size), "content-disposition": f'attachment; filename="{name}"'},
    )


def _finished_job(db: Db, job_id: int, what: str) -> Job:
    """The record's job, or 409 while it has no results."""
    job = db.get_one(Job, job_id)
    if job.status != "succeeded":
        raise HTTPException(409, f"{what} is not finished (status {job.status}): nothing to export yet")
    return job


@router.get(
    "/recordings/{recording_id}/export",
    tags=["recordings"],
    response_class=StreamingResponse,
    responses=FILE,
    summary="A recording's statistics as a CSV, JSON or NPZ file (columns: docs/exports.md)",
)
def export_recording(
    recording_id: int,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    format: exports.Format = "csv",
    layer: Annotated[int | None, Query(ge=0, le=100, description="one layer; default all")] = None,
    state: Annotated[str | None, Query(max_length=20, description="one state; default all")] = None,
    top_words: Annotated[int | None, Query(ge=1, description="the most frequent words only")] = None,
    min_count: Annotated[int, Query(ge=1, description="words seen at least this often")] = 1,
) -> StreamingResponse:
    rec = owned(db, Recording, recording_id, user, "recording")
    job = _finished_job(db, rec.job_id, f"recording {rec.id}")
    try:
        channels = exports.select_channels(rec.channels or [], layer, state)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    spec = exports.RecordingExport(
        recording_id=rec.id,
        meta=recording_out(rec, job).model_dump(mode="json"),
        channels=channels,
        hidden_size=rec.hidden_size,
        top_words=top_words,
        min_count=min_count,
    )

    def write(out: IO[bytes]) -> None:
        exports.write_recording(db, spec, format, out)

    return _send(settings, f"recording-{rec.id}.{format}", format, write)


@router.get(
    "/coclusterings/{coclustering_id}/export",
    tags=["coclusterings"],
    response_class=StreamingResponse,
    responses=FILE,
    summary="A co-clustering as a CSV table, a JSON or an NPZ file (columns: docs/exports.md)",
)
def export_coclustering(
    coclustering_id: int,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    format: exports.Format = "json",
    table: Annotated[
        str, Query(pattern="^(units|words|edges)$", description="CSV only: which table")
    ] = "words",
) -> StreamingResponse:
    co = owned(db, Coclustering, coclustering_id, user, "co-clustering")
    job = _finished_job(db, co.job_id, f"co-clustering {co.id}")
    result = coclustering_out(co, job).model_dump(mode="json")
    name = f"coclustering-{co.id}" + (f"-{table}" if format == "csv" else "") + f".{format}"

    def write(out: IO[bytes]) -> None:
        exports.write_coclustering(result, format, out, table)

    return _send(settings, name, format, write)
