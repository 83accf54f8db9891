"""What a model is: its architecture, inferred from weight shapes or stated in config.json."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from services.errors import UserError
from services.models.modern import FAMILIES

Cell = Literal["lstm", "gru", "rnn_tanh", "rnn_relu", "mamba", "mamba2", "rwkv", "xlstm", "recurrent_gemma"]
Task = Literal["language_model", "classifier"]
Tokenizer = Literal["whitespace", "words", "chars", "tokenizer.json"]  # the last: SPEC 11's own

CELLS: tuple[str, ...] = ("lstm", "gru", "rnn_tanh", "rnn_relu")
TASKS: tuple[str, ...] = ("language_model", "classifier")
TOKENIZERS: tuple[str, ...] = ("whitespace", "words", "chars")

# Rows of weight_ih per hidden unit, by cell.
GATE_MULTIPLIER: dict[str, int] = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1}
# Gate names in PyTorch's row order, and the ones recorded on request.
GATE_ORDER: dict[str, tuple[str, ...]] = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
RECORDED_GATES: dict[str, tuple[str, ...]] = {"lstm": ("i", "f", "o"), "gru": ("r", "z")}


class ModelFormatError(UserError):
    """An uploaded model that cannot be read or whose parts disagree; the message says what and where."""


class VocabSizeMismatch(ModelFormatError):
    """The vocabulary's length is not the embedding's row count (the message says both)."""


@dataclass(frozen=True)
class ModelSpec:
    cell: Cell
    num_layers: int
    hidden_size: int
    embedding_size: int
    vocab_size: int
    task: Task
    num_classes: int | None = None
    tokenizer: Tokenizer = "whitespace"
    lowercase: bool = False
    bias: bool = True
    tie_weights: bool = False
    labels: list[str] | None = field(default=None)

    @property
    def state_names(self) -> tuple[str, ...]:
        return state_names_of(self.cell)

    @property
    def gate_state_names(self) -> tuple[str, ...]:
        return tuple(f"gate_{g}" for g in RECORDED_GATES.get(self.cell, ()))

    @property
    def output_size(self) -> int:
        return self.vocab_size if self.task == "language_model" else int(self.num_classes or 0)

    def to_config(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def state_names_of(cell: str) -> tuple[str, ...]:
    """States whose responses are recorded: h always, c for LSTM; a SPEC 11 family's own."""
    if cell in FAMILIES:
        return FAMILIES[cell].states
    return ("h", "c") if cell == "lstm" else ("h",)
