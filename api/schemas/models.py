"""Models and the training history they carry."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas.fields import SharedInto, VocabOrder


class EpochMetrics(BaseModel):
    epoch: int
    train_loss: float = Field(description="mean training loss of the epoch")
    validation_loss: float | None = Field(description="mean cross-entropy on the held-out text, nats")
    validation_accuracy: float | None = Field(description="top-1 accuracy: next word, or class")
    validation_perplexity: float | None = Field(description="language models: exp(validation_loss)")
    balanced_accuracy: float | None = Field(description="classifiers: mean recall over classes")


class BaselineMetrics(BaseModel):
    name: str = Field(description="unigram word frequencies, or always answering the commonest label")
    loss: float
    accuracy: float
    perplexity: float | None = None
    balanced_accuracy: float | None = None


class PredictedShare(BaseModel):
    word: str
    share: float = Field(description="fraction of the held-out words after which it was the top guess")


class TrainingMetrics(BaseModel):
    """A training's history (services/training/quality.py). Trainings from before histories were
    kept carry train_loss, validation_loss and validation_accuracy only."""

    task: str | None = None
    train_loss: list[float] = Field(description="mean training loss of each epoch")
    validation_loss: float | None = None
    validation_accuracy: float | None = None
    validation_perplexity: float | None = None
    balanced_accuracy: float | None = None
    steps: list[int] = Field([], description="the last step each step_loss point covers (at most 256)")
    step_loss: list[float] = Field([], description="training loss, mean over consecutive steps")
    epochs: list[EpochMetrics] = []
    baseline: BaselineMetrics | None = None
    most_predicted: PredictedShare | None = Field(
        None, description="language models: the commonest top guess on the held-out text"
    )


class ModelTraining(BaseModel):
    id: int
    corpus_id: int
    metrics: TrainingMetrics | None
    warning: str | None = Field(description="set when the model did no better than its baseline")


class VocabText(BaseModel):
    name: str = Field(description="the file name it was uploaded with")
    bytes: int
    sha256: str


class VocabSource(BaseModel):
    """Where a model's vocabulary came from (SPEC 1)."""

    kind: Literal["vocab.txt", "vocab.json", "training text", "training corpus", "tokenizer.json"]
    order: VocabOrder | None = Field(
        None, description="training text: ids in order of first appearance, <eos> after each line"
    )
    texts: list[VocabText] = Field([], description="training text: the files read, in order")
    corpus_id: int | None = Field(None, description="training corpus: the corpus the server trained on")


class StateMeaning(BaseModel):
    name: str = Field(description="the state's name in a recording's channels (layer/state, state@lag)")
    meaning: str


class ModelArchitecture(BaseModel):
    """A SPEC 11 model (a transformers folder): what its units and states are."""

    model_type: str = Field(
        description="config.json's model_type: mamba, mamba2, rwkv, xlstm, recurrent_gemma"
    )
    title: str
    reference: str = Field(description="the transformers class whose forward the recorded numbers equal")
    unit: str = Field(description="what one unit of a layer is")
    states: list[StateMeaning] = Field(description="the states recorded per layer, in channel order")
    recorded_layers: list[int] = Field(description="the layers that hold a recurrent state")
    stateless_layers: list[int] = Field(
        description="layers without a recurrent state (attention): not recorded"
    )
    end_of_sequence: str | None = Field(description="the token appended to every line in lines mode, if any")


class ModelOut(BaseModel):
    id: int
    name: str
    cell: str
    num_layers: int
    hidden_size: int
    embedding_size: int
    vocab_size: int
    task: str
    num_classes: int | None
    tokenizer: str
    lowercase: bool
    labels: list[str] | None
    files: dict[str, Any]
    weights_form: str | None = Field(
        description="how the weights file held the weights, e.g. 'module pickle of model.RNNModel' "
        "(null: not recorded, an upload before this was kept)"
    )
    vocab_source: VocabSource
    training: ModelTraining | None = Field(description="the training that made it, if one did")
    architecture: ModelArchitecture | None = Field(
        None, description="models uploaded as a transformers folder (SPEC 11); null for the RNNs of SPEC 1"
    )
    states: list[str] = Field(
        description="the states every recording of it keeps (h; c for an LSTM; a SPEC 11 model's own)"
    )
    checkpoint_of: int | None = Field(
        None,
        description="the model whose series of checkpoints this one belongs to (issue 34); null: a model",
    )
    step: int | None = Field(None, description="a checkpoint's training step (or epoch)")
    owner_id: int
    project_id: SharedInto
    created_at: datetime


class CheckpointOut(BaseModel):
    """One model of a series of checkpoints (issue 34): every analysis takes its model_id."""

    model_id: int
    name: str
    step: int | None = Field(description="the training step or epoch; null: the model the series is of")
    head: bool = Field(description="the model the series is of (the others are its checkpoints)")
    created_at: datetime
