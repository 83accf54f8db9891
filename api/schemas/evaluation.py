"""Unit alignment (SPEC 6) and sentence evaluation (SPEC 5)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.fields import MAX_INT, RecordId, StateName, Strict


class UnitPair(BaseModel):
    unit: int
    other_unit: int
    correlation: float


class AlignmentOut(BaseModel):
    id: int
    recording_id: int
    other_id: int
    layer: int
    state: str
    other_layer: int
    other_state: str
    top_words: int
    pairs: list[UnitPair]
    shared_words: list[str]


class EvaluateRequest(Strict):
    text: str = Field(min_length=1, description="the text to read, tokenized as the model's corpora are")
    coclustering_id: RecordId | None = Field(
        None, description="a co-clustering of this model: glyphs per memory chip and step"
    )
    layer: int | None = Field(
        None, ge=0, le=100, description="the glyphs' layer; default the co-clustering's"
    )
    state: StateName | None = Field(None, description="the glyphs' state; default the co-clustering's")
    output: int | None = Field(
        None, ge=0, le=MAX_INT, description="the output whose logit is decomposed; default the top one"
    )
