"""Recordings and their statistics (SPEC 3)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.schemas.fields import (
    MAX_INT,
    MAX_LAYER,
    LayerField,
    MaxTokens,
    MinCountField,
    ProjectField,
    RecordId,
    SalienceScore,
    SeedField,
    SharedInto,
    StateField,
    Status,
    Strict,
)
from services.recording.channels import MAX_LAG, MAX_LAGS
from services.recording.sampling import TOP_WORDS
from services.recording.statistics import SALIENCE_PRIOR_COUNT
from services.recording.trace import HALF_LIFE_WORDS, MAX_TRACE
from services.training.quality import BASELINE_MARGIN


class RecordingCreate(Strict):
    model_id: RecordId
    corpus_id: RecordId
    sequence_mode: Literal["lines", "stream"] = Field(
        "lines",
        description="lines: each line a sequence from the zero state; stream: the lines joined and cut "
        "into segments of segment_length tokens",
    )
    segment_length: int = Field(1000, ge=1, le=100_000, description="stream mode: tokens per sequence")
    max_tokens: MaxTokens = None
    top_words: int = Field(
        TOP_WORDS,
        ge=1,
        le=5000,
        description="the most frequent words whose responses keep quantiles (box plots)",
    )
    gates: bool = Field(False, description="also record gate activations (LSTM i, f, o; GRU r, z)")
    seed: SeedField = 0
    tokenizer: Literal["whitespace", "words", "chars"] | None = Field(
        None,
        description="how text is cut into tokens; default the model's (a SPEC 11 model: its tokenizer.json)",
    )
    lowercase: bool | None = Field(None, description="lowercase the text first; default the model's")
    layers: list[Annotated[int, Field(ge=0, le=MAX_LAYER)]] | None = Field(
        None,
        min_length=1,
        max_length=256,
        description="SPEC 11 models: the layers recorded; default all that hold a recurrent state",
    )
    lags: list[Annotated[int, Field(ge=0, le=MAX_LAG)]] | None = Field(
        None,
        min_length=1,
        max_length=MAX_LAGS,
        description="SPEC 11 models: for lag k the responses Δs_{t+k} grouped by the token at t, each lag "
        "its own channel (y@1); a step past a sequence's end writes 0. Null: [0]",
    )
    shards: int | None = Field(
        None,
        ge=1,
        le=256,
        description="record in this many parts, each on whichever batch worker takes it, merged into the "
        "same statistics (SPEC 10); null: one per RNNVIS_SHARD_TOKENS tokens. Never more than the corpus "
        "has batching windows (4,096 sequences each)",
    )
    trace: int = Field(
        0,
        ge=0,
        le=MAX_TRACE,
        description="also keep each state k = 0..trace steps after each of the top_words (SPEC 13: how "
        "long a word stays in memory, and each unit's half-life); 0: no trace",
    )
    project_id: ProjectField = None


class ReadingQualityOut(BaseModel):
    """How well the model reads the recorded corpus: its chips mean little when it predicts the next
    word no better than the corpus's word frequencies (services/recording/quality.py)."""

    words: int = Field(description="next words predicted: the corpus's first, within each sequence")
    loss: float = Field(description="the model's mean next-word cross-entropy, nats")
    perplexity: float
    unigram_loss: float = Field(description="the same words under the corpus's own word frequencies")
    unigram_perplexity: float
    learned: bool = Field(
        description=f"the model's loss is at least {BASELINE_MARGIN:.0%} below the unigram's"
    )


class RecordingOut(BaseModel):
    id: int
    status: Status
    progress: float
    job_id: int
    label: str = Field(description="a readable name: its model on its corpus")
    model_id: int
    corpus_id: int
    options: dict[str, Any]
    layers: list[int]
    states: list[str]
    hidden_size: int
    num_sequences: int | None
    tokens: int | None
    unk_tokens: int | None
    dropped_tokens: int | None
    words: int | None
    quantile_words: int | None
    shards: int | None = Field(
        description="the parts it is recorded in (1: whole); null until the words are counted"
    )
    shards_done: int = Field(description="parts recorded so far")
    quality: ReadingQualityOut | None = Field(
        description="a language model's next-word loss on this corpus beside the corpus's word "
        "frequencies; null for a classifier, and until the words are counted"
    )
    error: str | None
    owner_id: int
    project_id: SharedInto
    created_at: datetime


class WordResponseOut(BaseModel):
    word: str
    layer: int
    state: str
    count: int
    mean: list[float]
    std: list[float]
    quantiles: dict[str, list[float]] | None = Field(
        description="'9', '25', '50', '75', '91' -> [H]; null for a word outside the recording's top_words"
    )


class UnitWord(BaseModel):
    word: str
    count: int
    mean: float
    score: float = Field(
        description="what the words are ranked by: the mean, shrunk by the count when score=shrunk"
    )
    std: float
    quantiles: dict[str, float] | None


class UnitWordsOut(BaseModel):
    unit: int
    layer: int
    state: str
    score: SalienceScore
    prior_count: int | None = Field(description="the shrinkage's prior count (score=shrunk), else null")
    positive: list[UnitWord]
    negative: list[UnitWord]


class MatrixOut(BaseModel):
    layer: int
    state: str
    words: list[str]
    counts: list[int]
    mean: list[list[float]]


# The query parameters of the GET routes, with their defaults (FastAPI reads a model as its fields)


class WordResponseQuery(BaseModel):
    word: str = Field(min_length=1, max_length=1000, description="the word, as the vocabulary has it")
    layer: LayerField = 0
    state: StateField = "h"


class UnitWordsQuery(BaseModel):
    layer: LayerField = 0
    state: StateField = "h"
    k: int = Field(8, ge=1, le=200, description="words of each sign")
    min_count: MinCountField = 5
    score: SalienceScore = Field(
        "shrunk", description="shrunk: mean x count / (count + prior_count); mean: the plain mean"
    )
    prior_count: int = Field(
        SALIENCE_PRIOR_COUNT,
        ge=1,
        le=100_000,
        description="how many sightings a word needs for half its mean to count",
    )


class MatrixQuery(BaseModel):
    layer: LayerField = 0
    state: StateField = "h"
    top_words: int = Field(500, ge=1, le=5000, description="the most frequent words, the rows")
    min_count: MinCountField = 1


class AlignmentQuery(BaseModel):
    other: int = Field(ge=1, le=MAX_INT, description="the other recording's id")
    layer: LayerField = 0
    state: StateField = "h"
    other_layer: int | None = Field(
        None, ge=0, le=MAX_LAYER, description="the other recording's layer; default layer"
    )
    other_state: str | None = Field(
        None, max_length=20, description="the other recording's state; default state"
    )
    top_words: int = Field(
        500, ge=3, le=5000, description="the most frequent words the units are correlated over"
    )


class TraceQuery(BaseModel):
    layer: LayerField = 0
    state: StateField = "h"
    word: str | None = Field(
        None,
        min_length=1,
        max_length=1000,
        description="a traced word (one of the recording's top_words); none: the units' half-lives only",
    )


class TraceOut(BaseModel):
    """SPEC 13: trace_k(w) = E[s_{t+k} | x_t = w] - E[s_{t+k}] over steps t with t + k in the same
    sequence, for k = 0..depth."""

    layer: int
    state: str
    depth: int = Field(description="the recording's trace: k runs 0..depth")
    word: str | None
    count: list[int] | None = Field(description="[depth + 1]: the word's steps t with t + k in its sequence")
    trace: list[list[float | None]] | None = Field(
        description="[depth + 1][H]; null where the word is never followed by k more steps"
    )
    half_life: list[float | None] = Field(
        description="[H]: per unit, the smallest k at which the mean |trace_k| over its "
        f"{HALF_LIFE_WORDS} top words (largest |trace_0|) falls below half its value at k = 0; null: "
        "not within depth"
    )


class TracedWord(BaseModel):
    word: str
    trace: list[float | None] = Field(description="[depth + 1]: this unit's trace_k of the word")


class UnitTraceOut(BaseModel):
    unit: int
    layer: int
    state: str
    depth: int
    half_life: float | None = Field(description="null: the unit holds its top words longer than depth steps")
    mean: list[float | None] = Field(description="[depth + 1]: the mean |trace_k| over the top words")
    words: list[TracedWord] = Field(description="the unit's top words by |trace_0|, largest first")


class TraceUnitQuery(BaseModel):
    layer: LayerField = 0
    state: StateField = "h"
