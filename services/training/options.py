"""What a training is asked for (POST /trainings' options): the network to build and how to train it."""

from __future__ import annotations

from dataclasses import dataclass

from services.errors import UserError
from services.models.spec import CELLS

TRAINABLE_MODERN: tuple[str, ...] = ("mamba2", "rwkv")  # SPEC 11 models the server trains (modern.py)


CHECKPOINT_BY = ("epochs", "steps")
MAX_KEPT = 64  # checkpoints one training keeps, besides its last weights


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
    checkpoint_every: int = 0  # keep the weights every this many epochs or steps (issue 34); 0: none
    checkpoint_by: str = "epochs"  # what checkpoint_every counts: epochs or (optimizer) steps

    def check(self) -> None:
        if self.task not in ("language_model", "classifier"):
            raise UserError(f"task must be language_model or classifier, not {self.task!r}")
        if self.cell not in CELLS + TRAINABLE_MODERN:
            raise UserError(f"cell must be one of {', '.join(CELLS + TRAINABLE_MODERN)}, not {self.cell!r}")
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
        if self.checkpoint_by not in CHECKPOINT_BY:
            raise UserError(
                f"checkpoint_by must be one of {', '.join(CHECKPOINT_BY)}, not {self.checkpoint_by!r}"
            )
        if self.checkpoint_every < 0:
            raise UserError("checkpoint_every must be 0 (no checkpoints) or more")
        if (
            self.checkpoint_by == "epochs"
            and self.checkpoint_every
            and self.epochs // self.checkpoint_every > MAX_KEPT
        ):
            raise UserError(
                f"checkpoint_every {self.checkpoint_every} keeps more than {MAX_KEPT} checkpoints"
            )


# Settings that give a word-level language model worth co-clustering on Penn-Treebank-sized text (about
# 80k words): measured on ptb.valid.txt, one core, 9 s, validation perplexity 159 against 267 for its
# word frequencies. The defaults above at 2 x 64 and 4 epochs reached 702 against 650 (issue 30): at
# lr 0.003 over 10,000 words a few epochs learn nothing. The web form starts from these (POST
# /trainings' example in the API's schema).
WORD_MODEL_PRESET: dict[str, int | float | str] = {
    "task": "language_model",
    "cell": "lstm",
    "num_layers": 2,
    "hidden_size": 48,
    "embedding_size": 32,
    "epochs": 6,
    "learning_rate": 0.01,
    "batch_size": 20,
    "max_vocab": 2000,
}
