"""/recordings/{id}/export and /coclusterings/{id}/export: results as CSV, JSON or NPZ files,
spooled to an unlinked file (services.domain.exports.spool) and streamed from it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import AppSettings, CurrentUser, Db
from api.requests import StrictJsonRoute
from api.schemas.exports import (
    AblationExportQuery,
    CoclusteringExportQuery,
    RecordingExportQuery,
    TimelineExportQuery,
)
from api.schemas.fields import ERRORS, IdPath
from services.domain import exports
from services.domain.exports import MEDIA_TYPES, ExportFile
from services.settings import Settings

router = APIRouter(route_class=StrictJsonRoute, responses=ERRORS)
FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {t: {} for t in MEDIA_TYPES.values()}, "description": "the file"}
}
CHUNK = 1 << 20


def _send(settings: Settings, file: ExportFile) -> StreamingResponse:
    spooled = exports.spool(settings, file)
    size = os.fstat(spooled.fileno()).st_size

    def stream() -> Iterator[bytes]:
        with spooled:
            while chunk := spooled.read(CHUNK):
                yield chunk

    return StreamingResponse(
        stream(),
        media_type=file.media_type,
        headers={"content-length": str(size), "content-disposition": f'attachment; filename="{file.name}"'},
    )


@router.get(
    "/models/{model_id}/download",
    tags=["models"],
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "the model's files in a .zip"}},
    summary="A model's files as a .zip: a SPEC 11 model as its save_pretrained folder",
)
def download_model(model_id: IdPath, db: Db, user: CurrentUser, settings: AppSettings) -> StreamingResponse:
    return _send(settings, exports.model_file(db, user, settings, model_id))


@router.get(
    "/recordings/{recording_id}/export",
    tags=["recordings"],
    response_class=StreamingResponse,
    responses=FILE,
    summary="A recording's statistics as a CSV, JSON or NPZ file (columns: docs/exports.md)",
)
def export_recording(
    recording_id: IdPath,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    query: Annotated[RecordingExportQuery, Query()],
) -> StreamingResponse:
    q = query
    file = exports.recording_file(
        db, user, recording_id, q.format, q.layer, q.state, q.top_words, q.min_count, q.table
    )
    return _send(settings, file)


@router.get(
    "/coclusterings/{coclustering_id}/export",
    tags=["coclusterings"],
    response_class=StreamingResponse,
    responses=FILE,
    summary="A co-clustering as a CSV table, a JSON or an NPZ file (columns: docs/exports.md)",
)
def export_coclustering(
    coclustering_id: IdPath,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    query: Annotated[CoclusteringExportQuery, Query()],
) -> StreamingResponse:
    return _send(settings, exports.coclustering_file(db, user, coclustering_id, query.format, query.table))


@router.get(
    "/ablations/{ablation_id}/export",
    tags=["coclusterings"],
    response_class=StreamingResponse,
    responses=FILE,
    summary="An ablation as CSV (a row per word cloud) or JSON (docs/exports.md)",
)
def export_ablation(
    ablation_id: IdPath,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    query: Annotated[AblationExportQuery, Query()],
) -> StreamingResponse:
    return _send(settings, exports.ablation_file(db, user, ablation_id, query.format))


@router.get(
    "/timelines/{timeline_id}/export",
    tags=["timelines"],
    response_class=StreamingResponse,
    responses=FILE,
    summary="A timeline's links, events or word paths as CSV, or all of it as JSON (docs/exports.md)",
)
def export_timeline(
    timeline_id: IdPath,
    db: Db,
    user: CurrentUser,
    settings: AppSettings,
    query: Annotated[TimelineExportQuery, Query()],
) -> StreamingResponse:
    return _send(settings, exports.timeline_file(db, user, timeline_id, query.format, query.table))
