"""Trainings on the server."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.fields import MAX_INT, ProjectField, RecordId, SeedField, SharedInto, Status, Strict
from api.schemas.models import TrainingMetrics
from services.training.options import WORD_MODEL_PRESET


class TrainingCreate(Strict):
    # the preset the web form starts from (a word model that learns on PTB-sized text)
    model_config = ConfigDict(json_schema_extra={"examples": [{"corpus_id": 1, **WORD_MODEL_PRESET}]})

    corpus_id: RecordId
    name: str | None = Field(None, max_length=200, description="the model's name; default from the settings")
    task: Literal["language_model", "classifier"] = Field(
        "language_model", description="predict the next token, or a labeled corpus's label"
    )
    cell: Literal["lstm", "gru", "rnn_tanh", "rnn_relu", "mamba2", "rwkv"] = Field(
        "lstm",
        description="the recurrent cell; mamba2 and rwkv (SPEC 11) are language models read by their own "
        "tokenizer.json, with embedding_size equal to hidden_size",
    )
    num_layers: int = Field(1, ge=1, le=4, description="stacked recurrent layers")
    hidden_size: int = Field(64, ge=1, le=2048, description="units per layer")
    embedding_size: int = Field(64, ge=1, le=2048, description="the token embedding's size")
    epochs: int = Field(1, ge=1, le=100, description="passes over the training text")
    learning_rate: float = Field(3e-3, gt=0, le=10, description="Adam's learning rate")
    batch_size: int = Field(32, ge=1, le=4096, description="sequences per step")
    bptt: int = Field(35, ge=1, le=1000, description="language models: steps of backpropagation through time")
    max_vocab: int = Field(10000, ge=2, le=200_000, description="the most frequent tokens kept; others <unk>")
    min_count: int = Field(1, ge=1, le=MAX_INT, description="tokens seen fewer times become <unk>")
    tokenizer: Literal["whitespace", "words", "chars"] = Field("whitespace", description="how text is cut")
    lowercase: bool = Field(False, description="lowercase the text first")
    labels: list[str] | None = Field(
        None, description="classifiers: keep only these labels, in this order; default every label, sorted"
    )
    validation_fraction: float = Field(
        0.1, ge=0, le=0.9, description="the share of sequences held out for validation"
    )
    seed: SeedField = 0
    checkpoint_every: int = Field(
        0,
        ge=0,
        le=MAX_INT,
        description="keep the weights every this many epochs or steps (checkpoint_by) as checkpoints of the "
        "model (issue 34: GET /models/{id}/checkpoints, timelines); 0: none",
    )
    checkpoint_by: Literal["epochs", "steps"] = Field(
        "epochs", description="what checkpoint_every counts: epochs, or optimizer steps"
    )
    project_id: ProjectField = None


class TrainingOut(BaseModel):
    id: int
    status: Status
    progress: float
    job_id: int
    corpus_id: int
    name: str
    options: dict[str, Any]
    model_id: int | None
    metrics: TrainingMetrics | None
    warning: str | None = Field(description="set when the model did no better than its baseline")
    error: str | None
    owner_id: int
    project_id: SharedInto
    created_at: datetime
