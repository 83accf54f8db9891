"""The query parameters of the export routes (docs/exports.md), with their defaults."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.fields import MAX_INT, MAX_LAYER, MinCountField
from services.domain.exports import Format
from services.storage.exports import RecordingTable, TimelineTable

FORMAT = "the file's format: docs/exports.md"


class RecordingExportQuery(BaseModel):
    format: Format = Field("csv", description=FORMAT)
    layer: int | None = Field(None, ge=0, le=MAX_LAYER, description="one layer; default all")
    state: str | None = Field(None, max_length=20, description="one state; default all")
    top_words: int | None = Field(None, ge=1, le=MAX_INT, description="the most frequent words only")
    min_count: MinCountField = 1
    table: RecordingTable = Field(
        "words", description="CSV only: words (the statistics) or trace (SPEC 13; JSON and NPZ hold both)"
    )


class CoclusteringExportQuery(BaseModel):
    format: Format = Field("json", description=FORMAT)
    table: Literal["units", "words", "edges"] = Field("words", description="CSV only: which table")


class AblationExportQuery(BaseModel):
    format: Format = Field("csv", description=FORMAT)


class TimelineExportQuery(BaseModel):
    format: Format = Field("csv", description=FORMAT)
    table: TimelineTable = Field(
        "links", description="CSV only: links, events or word_paths (JSON holds everything)"
    )
