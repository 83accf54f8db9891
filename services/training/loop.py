"""What the language model's and the classifier's training loops share: the validation split, one
optimizer step (its loss logged, progress told) and the stop check between steps."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from services.errors import Cancelled, UserError
from services.training.options import MAX_KEPT, TrainingOptions
from services.training.quality import TrainingHistory

TrainingProgress = Callable[[int, int, float], None]  # (steps done, steps in all, recent loss)
KeepCheckpoint = Callable[[int], None]  # keep the network's weights now, labelled by this step or epoch


def training_size(n: int, validation_fraction: float) -> int:
    """How many of n items (tokens or examples) train; the rest are held out. One item trains."""
    return n - int(round(n * validation_fraction)) if n > 1 else n


def optimizer_step(
    network: nn.Module,
    optimizer: torch.optim.Optimizer,
    loss: torch.Tensor,
    clip: float,
    losses: list[float],
    position: tuple[int, int],
    progress: TrainingProgress | None,
    history: TrainingHistory,
) -> int:
    """One optimizer step; logs the loss and reports progress. Returns the steps done."""
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(network.parameters(), clip)
    optimizer.step()
    losses.append(loss.item())
    history.curve.add(losses[-1])
    done, total = position[0] + 1, position[1]
    if progress:
        progress(done, total, float(np.mean(losses[-20:])))
    return done


def check_stop(should_stop: Callable[[], bool] | None) -> None:
    if should_stop is not None and should_stop():
        raise Cancelled("training stopped on request")


class Checkpoints:
    """When a training keeps its weights (issue 34): every `every` epochs or optimizer steps, never
    at its very end (the trained model is that one)."""

    def __init__(self, options: TrainingOptions, keep: KeepCheckpoint | None, total_steps: int) -> None:
        self.every = options.checkpoint_every if keep is not None else 0
        self.by, self.keep, self.total, self.epochs = options.checkpoint_by, keep, total_steps, options.epochs
        if self.every and self.by == "steps" and (total_steps - 1) // self.every > MAX_KEPT:
            raise UserError(
                f"checkpoint_every {self.every} steps keeps {(total_steps - 1) // self.every} checkpoints of "
                f"this training's {total_steps:,} steps; at most {MAX_KEPT}"
            )

    def after_step(self, done: int) -> None:
        if self.every and self.by == "steps" and done % self.every == 0 and done < self.total and self.keep:
            self.keep(done)

    def after_epoch(self, epoch: int) -> None:
        if (
            self.every
            and self.by == "epochs"
            and epoch % self.every == 0
            and epoch < self.epochs
            and self.keep
        ):
            self.keep(epoch)
