"""Timelines: a model's checkpoints recorded, co-clustered, and their chips followed (issue 34)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.schemas.coclusterings import ConsensusField
from api.schemas.fields import (
    CoLayer,
    CoMinCount,
    CoMode,
    CoState,
    CoTopWords,
    MaxTokens,
    RecordId,
    SeedField,
    SharedInto,
    Status,
    Strict,
    WordList,
    WordSelection,
)
from services.comparison.timeline import EVENT_SHARE

MAX_CHECKPOINTS = 64


class TimelineCreate(Strict):
    corpus_id: RecordId
    layer: CoLayer = None
    state: CoState = "h"
    n_clusters: int = Field(8, ge=2, le=100, description="k: memory chips per checkpoint")
    word_selection: WordSelection = "frequent"
    words: WordList = None
    top_words: CoTopWords = 500
    min_count: CoMinCount = 5
    mode: CoMode = "abs"
    seed: SeedField = 0
    seeds: int = Field(
        1, ge=1, le=20, description="co-clusterings per checkpoint (> 1: stability; with consensus: the vote)"
    )
    consensus: ConsensusField = False
    checkpoints: list[RecordId] | None = Field(
        None,
        min_length=2,
        max_length=MAX_CHECKPOINTS,
        description="the model ids of the series to follow (GET /models/{id}/checkpoints); default all",
    )
    max_tokens: MaxTokens = None
    threshold: float = Field(
        EVENT_SHARE,
        gt=0,
        le=1,
        description="the share of a chip's units a link must carry to count in a birth, split, merge or "
        "dissolution",
    )


class TimelineChip(BaseModel):
    index: int = Field(description="the chip's index in this checkpoint's co-clustering")
    track: int = Field(description="the chips it continues and those continuing it share a track")
    size: int = Field(description="its units")
    units: list[int]
    words: int = Field(description="the words of its cloud")
    top_words: list[str] = Field(description="its cloud's strongest words (at most 20)")


class TimelineCheckpoint(BaseModel):
    model_id: int
    name: str
    step: int | None
    recording_id: int
    reused: bool = Field(description="the recording existed before this timeline")
    loss: float | None = Field(
        description="a language model's next-word cross-entropy (nats) on the corpus's first words, as "
        "the recording measured it; null for a classifier"
    )
    perplexity: float | None
    accuracy: float | None = Field(
        None,
        description="a classifier's accuracy on the corpus's first 2,000 labeled sequences (its label at "
        "each sequence's last word); null for a language model",
    )
    majority_accuracy: float | None = Field(
        None, description="beside it: always answering the commonest label among those sequences"
    )
    quality: dict[str, Any] = Field(description="the co-clustering's quality (SPEC 9)")
    stability: dict[str, Any] | None = Field(description="with seeds > 1 (SPEC 9)")
    words: int = Field(description="words co-clustered")
    chips: list[TimelineChip]


class TimelineLink(BaseModel):
    checkpoint: int = Field(description="the earlier checkpoint's position; the link goes to the next one")
    source: int = Field(description="chip of the earlier checkpoint")
    target: int = Field(description="chip of the later checkpoint")
    units: int = Field(description="units of the target whose predecessor is in the source")
    share_of_source: float
    share_of_target: float
    matched: bool = Field(description="the one-to-one match on units (Hungarian): the target continues it")


class TimelineEvent(BaseModel):
    checkpoint: int = Field(description="the earlier checkpoint's position")
    kind: Literal["born", "split", "merge", "dissolves"]
    sources: list[int]
    targets: list[int]
    text: str


class UnitMap(BaseModel):
    checkpoint: int = Field(description="the earlier checkpoint's position")
    predecessor: list[int] = Field(description="per unit of the later checkpoint, its unit in the earlier")
    correlation: list[float] = Field(description="each unit's correlation with its predecessor")


class TimelineOut(BaseModel):
    id: int
    status: Status
    progress: float
    job_id: int
    model_id: int
    corpus_id: int
    layer: int | None
    state: str
    n_clusters: int
    word_selection: str
    words_listed: list[str] | None = None
    top_words: int
    min_count: int
    mode: str
    seed: int
    seeds: int
    consensus: bool
    max_tokens: int | None
    threshold: float
    checkpoint_ids: list[int] = Field(description="the series' model ids followed, in step order")
    error: str | None
    checkpoints: list[TimelineCheckpoint] | None = None
    links: list[TimelineLink] | None = None
    events: list[TimelineEvent] | None = None
    unit_maps: list[UnitMap] | None = None
    word_paths: dict[str, list[int | None]] | None = Field(
        None, description="per word (the last checkpoint's, most frequent first): its chip at each checkpoint"
    )
    owner_id: int
    project_id: SharedInto
    created_at: datetime


TimelineTable = Annotated[
    Literal["links", "events", "word_paths"], Field(description="which of the timeline's tables")
]
