"""What a training is asked for (POST /trainings' options): the network to build and how to train it."""

from __future__ import annotations

from dataclasses import dataclass

from services.errors import UserError
from services.models.spec import CELLS


@dataclass(frozen=True)
class TrainingOptions:
    task: str = "language_model"
    cell: str = "lstm"
    num_layers: int = 1
    hidden_size: int = 64
    embedding_size: int = 64
    epochs: int = 1
    learning_rate: float = 3e-3
    batch_size: int = 32
    bptt: int = 35  # language model: steps per truncated back-propagation segment
    max_vocab: int = 10000
    min_count: int = 1
    tokenizer: str = "whitespace"
    lowercase: bool = False
    labels: list[str] | None = None  # classifier: keep only these labels (in this order)
    validation_fraction: float = 0.1
    clip: float = 1.0
    seed: int = 0

    def check(self) -> None:
        if self.task not in ("language_model", "classifier"):
            raise UserError(f"task must be language_model or classifier, not {self.task!r}")
        if self.cell not in CELLS:
            raise UserError(f"cell must be one of {', '.join(CELLS)}, not {self.cell!r}")
        for name in (
            "num_layers",
            "hidden_size",
            "embedding_size",
            "epochs",
            "batch_size",
            "bptt",
            "max_vocab",
        ):
            if getattr(self, name) < 1:
                raise UserError(f"{name} must be at least 1")
        if not 0 <= self.validation_fraction < 1:
            raise UserError("validation_fraction must be in [0, 1)")
