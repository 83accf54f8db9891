"""Exports of a finished recording or co-clustering as a CSV, JSON or NPZ file (docs/exports.md)."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, BinaryIO

from pydantic_core import to_jsonable_python
from sqlalchemy.orm import Session

from services.database.tables import Job, Model
from services.domain import ablations, coclusterings, recordings, timelines
from services.domain.access import Caller, record
from services.domain.errors import Full, Invalid, NotFinished
from services.domain.traces import no_trace, trace_depth
from services.recording import select_channels
from services.settings import Settings
from services.storage import exports, traces
from services.storage.artifacts import artifact_store, disk_full, disk_full_words
from services.storage.exports import MEDIA_TYPES, Format

__all__ = [
    "MEDIA_TYPES",
    "ExportFile",
    "Format",
    "coclustering_file",
    "model_file",
    "recording_file",
    "spool",
    "timeline_file",
]


@dataclass(frozen=True)
class ExportFile:
    name: str
    media_type: str
    write: Callable[[IO[bytes]], None]  # writes the whole file, a page of rows at a time


def _check_finished(job: Job, what: str) -> None:
    if job.status != "succeeded":
        raise NotFinished(f"{what} is not finished (status {job.status}): nothing to export yet")


def recording_file(
    db: Session,
    user: Caller,
    recording_id: int,
    fmt: Format,
    layer: int | None = None,
    state: str | None = None,
    top_words: int | None = None,
    min_count: int = 1,
    table: exports.RecordingTable = "words",
) -> ExportFile:
    """A recording's statistics (and its trace, SPEC 13), all channels or those matching layer and state."""
    rec, job = recordings.get(db, user, recording_id)
    _check_finished(job, f"recording {rec.id}")
    channels = select_channels(rec.channels or [], layer, state, f"recording {rec.id}")
    depth = trace_depth(rec)
    traced = None
    if depth:
        traced = [
            (c.layer, c.state)
            for c in traces.traced_channels(db, rec.id)
            if (layer is None or c.layer == layer) and (state is None or c.state == state)
        ]
    elif table == "trace":
        raise no_trace(rec.id)
    spec = exports.RecordingExport(
        recording_id=rec.id,
        meta=to_jsonable_python(recordings.describe(rec, job)),
        channels=[(i, c.layer, c.state) for i, c in channels],
        hidden_size=rec.hidden_size,
        top_words=top_words,
        min_count=min_count,
        trace=traced,
        trace_depth=depth,
        table=table,
    )

    def write(out: IO[bytes]) -> None:
        exports.write_recording(db, spec, fmt, out)

    return ExportFile(f"recording-{rec.id}.{fmt}", exports.MEDIA_TYPES[fmt], write)


def coclustering_file(
    db: Session, user: Caller, coclustering_id: int, fmt: Format, table: str = "words"
) -> ExportFile:
    """A co-clustering as JSON, NPZ, or one of its CSV tables (units, words, edges)."""
    co, job = coclusterings.get(db, user, coclustering_id)
    _check_finished(job, f"co-clustering {co.id}")
    result = to_jsonable_python(coclusterings.describe(co, job))
    name = f"coclustering-{co.id}" + (f"-{table}" if fmt == "csv" else "") + f".{fmt}"

    def write(out: IO[bytes]) -> None:
        exports.write_coclustering(result, fmt, out, table)

    return ExportFile(name, exports.MEDIA_TYPES[fmt], write)


def ablation_file(db: Session, user: Caller, ablation_id: int, fmt: Format) -> ExportFile:
    """An ablation as CSV (a row per word cloud) or JSON (everything)."""
    if fmt == "npz":
        raise Invalid("an ablation exports as csv or json")
    row, job = ablations.get(db, user, ablation_id)
    _check_finished(job, f"ablation {row.id}")
    result = to_jsonable_python(ablations.describe(row, job))

    def write(out: IO[bytes]) -> None:
        exports.write_ablation(result, fmt, out)

    return ExportFile(f"ablation-{row.id}.{fmt}", exports.MEDIA_TYPES[fmt], write)


def timeline_file(
    db: Session, user: Caller, timeline_id: int, fmt: Format, table: exports.TimelineTable = "links"
) -> ExportFile:
    """A timeline as JSON (everything) or one CSV table: links, events or word paths (issue 34)."""
    if fmt == "npz":
        raise Invalid("a timeline exports as csv or json")
    row, job = timelines.get(db, user, timeline_id)
    _check_finished(job, f"timeline {row.id}")
    result = to_jsonable_python(timelines.describe(row, job))
    name = f"timeline-{row.id}" + (f"-{table}" if fmt == "csv" else "") + f".{fmt}"

    def write(out: IO[bytes]) -> None:
        exports.write_timeline(result, fmt, out, table)

    return ExportFile(name, exports.MEDIA_TYPES[fmt], write)


def model_file(db: Session, user: Caller, settings: Settings, model_id: int) -> ExportFile:
    """A model's stored files in one .zip: a SPEC 11 model as the save_pretrained folder it came as
    (or was trained into); an RNN as its weights, vocabulary and config."""
    model = record(db, Model, model_id, user, "model")
    paths = artifact_store(settings).verified("models", model.id, model.files)
    folder = f"model-{model.id}"

    def write(out: IO[bytes]) -> None:
        # the same bytes for the same files: no modification times or permissions of this disk (a
        # restored backup answers exactly as before)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as packed:  # weights do not compress
            for role in sorted(paths):
                entry = zipfile.ZipInfo(
                    f"{folder}/{model.files[role]['file']}", date_time=(1980, 1, 1, 0, 0, 0)
                )
                entry.external_attr = 0o644 << 16
                with paths[role].open("rb") as source, packed.open(entry, "w", force_zip64=True) as target:
                    shutil.copyfileobj(source, target, 1 << 20)

    return ExportFile(f"{folder}.zip", "application/zip", write)


def spool(settings: Settings, file: ExportFile) -> BinaryIO:
    """The whole file written to the artifact store's staging area, open for reading from its start.

    It is unlinked at once: the open handle keeps the data until it is closed, and nothing is left
    behind when a client goes away mid-download. Memory stays bounded by one page of rows."""
    folder = artifact_store(settings).root / "staging"
    handle, path = tempfile.mkstemp(prefix="export-", suffix=os.path.splitext(file.name)[1], dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            file.write(out)
        return open(path, "rb")  # noqa: SIM115 (the caller closes it)
    except OSError as exc:
        if disk_full(exc):
            raise Full(disk_full_words(f"writing the export {file.name}")) from exc
        raise
    finally:
        os.unlink(path)
