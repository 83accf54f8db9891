"""What a training learned, in numbers a researcher can trust at a glance: the loss curve, each
epoch's validation figures, and the same figures for the baseline a model must beat (its corpus's
word or label frequencies). `assess` is the one rule that says a model learned nothing."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

LOSS_CURVE_POINTS = 256
# A model must beat the frequency baseline's validation loss by this fraction to count as learned.
BASELINE_MARGIN = 0.02
# A language model whose top guess is one word this often has collapsed onto it.
COLLAPSED_SHARE = 0.9


class LossCurve:
    """Per-step training loss in at most `capacity` points, each the mean of `stride` consecutive
    steps; when full, neighbours merge and the stride doubles, so memory is bounded however long
    the training runs. `steps[i]` is the last step that point i covers (1-based)."""

    def __init__(self, capacity: int = LOSS_CURVE_POINTS) -> None:
        self.capacity = capacity - capacity % 2  # pairs merge
        self.stride = 1
        self.steps: list[int] = []
        self.loss: list[float] = []
        self._done = 0
        self._pending: list[float] = []

    def add(self, loss: float) -> None:
        self._done += 1
        self._pending.append(loss)
        if len(self._pending) < self.stride:
            return
        self.steps.append(self._done)
        self.loss.append(float(np.mean(self._pending)))
        self._pending = []
        if len(self.loss) >= self.capacity:
            self.loss = [(a + b) / 2 for a, b in zip(self.loss[::2], self.loss[1::2], strict=True)]
            self.steps = self.steps[1::2]
            self.stride *= 2

    def points(self) -> tuple[list[int], list[float]]:
        """The curve, the unfinished last bucket included."""
        if not self._pending:
            return list(self.steps), list(self.loss)
        return [*self.steps, self._done], [*self.loss, float(np.mean(self._pending))]


@dataclass
class Scores:
    """Validation figures of a model or of its baseline. perplexity: language models; accuracy
    (top-1 next word, or the class) for both; balanced_accuracy: classifiers (mean recall)."""

    loss: float
    accuracy: float
    perplexity: float | None = None
    balanced_accuracy: float | None = None


@dataclass
class EpochScores:
    epoch: int
    train_loss: float
    validation: Scores | None


@dataclass
class TrainingHistory:
    task: str
    curve: LossCurve = field(default_factory=LossCurve)
    epochs: list[EpochScores] = field(default_factory=list)
    baseline: Scores | None = None
    baseline_name: str = ""
    most_predicted: tuple[str, float] | None = None  # language model: its commonest top guess, share

    def as_metrics(self) -> dict[str, Any]:
        """The JSON kept with the training (TrainingMetrics in the API schema)."""
        steps, loss = self.curve.points()
        last = self.epochs[-1].validation if self.epochs else None
        return {
            "task": self.task,
            "train_loss": [e.train_loss for e in self.epochs],
            "validation_loss": last.loss if last else None,
            "validation_accuracy": last.accuracy if last else None,
            "validation_perplexity": last.perplexity if last else None,
            "balanced_accuracy": last.balanced_accuracy if last else None,
            "steps": steps,
            "step_loss": loss,
            "epochs": [
                {"epoch": e.epoch, "train_loss": e.train_loss, **_prefixed(e.validation)} for e in self.epochs
            ],
            "baseline": {"name": self.baseline_name, **asdict(self.baseline)} if self.baseline else None,
            "most_predicted": (
                {"word": self.most_predicted[0], "share": self.most_predicted[1]}
                if self.most_predicted
                else None
            ),
        }


def _prefixed(scores: Scores | None) -> dict[str, Any]:
    if scores is None:
        return {"validation_loss": None, "validation_accuracy": None, "validation_perplexity": None,
                "balanced_accuracy": None}  # fmt: skip
    return {
        "validation_loss": scores.loss,
        "validation_accuracy": scores.accuracy,
        "validation_perplexity": scores.perplexity,
        "balanced_accuracy": scores.balanced_accuracy,
    }


def perplexity(loss: float) -> float:
    return math.exp(min(loss, 700.0))  # exp overflows a float past ~709


def unigram_baseline(train_ids: np.ndarray, targets: np.ndarray, vocab_size: int) -> Scores:
    """A language model that ignores the context: each word's training frequency (add-one
    smoothed over the vocabulary) as the next word's probability, scored on the validation targets."""
    return unigram_scores(np.bincount(train_ids, minlength=vocab_size), targets)


def unigram_scores(word_counts: np.ndarray, targets: np.ndarray) -> Scores:
    """The unigram model of these word counts [V] (add-one smoothed), scored on the targets."""
    counts = word_counts.astype(np.float64) + 1.0
    log_p = np.log(counts / counts.sum())
    loss = float(-log_p[targets].mean())
    accuracy = float((targets == int(counts.argmax())).mean())
    return Scores(loss=loss, accuracy=accuracy, perplexity=perplexity(loss))


def prior_baseline(train_labels: np.ndarray, valid_labels: np.ndarray, num_classes: int) -> Scores:
    """A classifier that ignores the text: the training label frequencies (add-one smoothed) as
    every answer's probabilities, and their commonest label as every answer."""
    counts = np.bincount(train_labels, minlength=num_classes).astype(np.float64) + 1.0
    log_p = np.log(counts / counts.sum())
    guess = np.full_like(valid_labels, int(counts.argmax()))
    return Scores(
        loss=float(-log_p[valid_labels].mean()),
        accuracy=float((valid_labels == guess).mean()),
        balanced_accuracy=balanced_accuracy(valid_labels, guess, num_classes),
    )


def balanced_accuracy(labels: np.ndarray, predicted: np.ndarray, num_classes: int) -> float:
    """Mean recall over the classes that occur in `labels` (a constant answer scores 1/classes)."""
    recalls = [float((predicted[labels == c] == c).mean()) for c in range(num_classes) if (labels == c).any()]
    return float(np.mean(recalls)) if recalls else float("nan")


def assess(metrics: dict[str, Any] | None) -> str | None:
    """The warning a training's metrics deserve, or None when the model beat its baseline."""
    if not metrics or "step_loss" not in metrics:
        return None  # a training from before histories were kept: nothing to judge by
    loss, baseline = metrics.get("validation_loss"), metrics.get("baseline")
    if loss is None or not baseline:
        return "not validated (validation_fraction 0): nothing shows whether this model learned anything"
    problems = []
    collapsed = metrics.get("most_predicted")
    if collapsed and collapsed["share"] >= COLLAPSED_SHARE:
        problems.append(f"its top guess is '{collapsed['word']}' after {collapsed['share']:.0%} of words")
    if not loss < baseline["loss"] * (1 - BASELINE_MARGIN):
        if metrics.get("task") == "classifier":
            versus = f"validation loss {loss:.3f} vs {baseline['loss']:.3f}"
            problems.insert(0, f"no better than {baseline['name']} ({versus})")
        else:
            problems.insert(
                0,
                "no better than its corpus's word frequencies (validation perplexity "
                f"{perplexity(loss):,.0f} vs {baseline['perplexity']:,.0f})",
            )
    elif metrics.get("task") == "classifier":
        ours, theirs = metrics.get("balanced_accuracy"), baseline.get("balanced_accuracy")
        if ours is not None and theirs is not None and ours <= theirs + BASELINE_MARGIN:
            problems.append(f"balanced accuracy {ours:.2f}, as for a constant answer ({theirs:.2f})")
    return ("This model learned little: " + "; ".join(problems) + ".") if problems else None


def summary(metrics: dict[str, Any] | None) -> str:
    """One line for a terminal: the last validation figures beside the baseline's."""
    if not metrics or metrics.get("validation_loss") is None:
        return "not validated"
    baseline = metrics.get("baseline") or {}
    if metrics.get("task") == "classifier" or metrics.get("balanced_accuracy") is not None:
        line = (
            f"validation accuracy {metrics['validation_accuracy']:.3f}, "
            f"balanced {metrics.get('balanced_accuracy') or float('nan'):.3f}"
        )
        if baseline:
            line += f" ({baseline['name']}: {baseline['accuracy']:.3f}, {baseline['balanced_accuracy']:.3f})"
        return line
    line = f"validation perplexity {perplexity(metrics['validation_loss']):,.1f}"
    if metrics.get("validation_accuracy") is not None:
        line += f", next-word accuracy {metrics['validation_accuracy']:.3f}"
    if baseline:
        line += f" ({baseline['name']}: perplexity {baseline['perplexity']:,.1f}, "
        line += f"accuracy {baseline['accuracy']:.3f})"
    return line
