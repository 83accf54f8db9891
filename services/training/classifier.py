"""Training a classifier: labeled lines, each read to its last word, shuffled and split into training
and validation examples; scored by accuracy and balanced accuracy beside always answering the most
frequent class."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from services.corpora.encoding import TokenEncoder
from services.corpora.reading import CorpusFormatError, Record, iter_records
from services.models.batching import pad
from services.models.network import RNNModel
from services.training.loop import (
    Checkpoints,
    KeepCheckpoint,
    TrainingProgress,
    check_stop,
    optimizer_step,
    training_size,
)
from services.training.options import TrainingOptions
from services.training.quality import (
    EpochScores,
    Scores,
    TrainingHistory,
    balanced_accuracy,
    prior_baseline,
)

Example = tuple[list[int], int]  # (token ids, the label's index)
VALIDATION_BATCH = 256  # examples per forward pass when validating


def labeled_records(corpus: str | Path, fmt: str, labels: list[str] | None) -> list[Record]:
    """The corpus's labeled lines (of `labels` only, when given): a classifier's corpus is small, held."""
    records = [
        r for r in iter_records(corpus, fmt) if r.label is not None and (labels is None or r.label in labels)
    ]
    if not records:
        raise CorpusFormatError("a classifier needs a labeled corpus with at least one labeled line")
    return records


def classifier_examples(
    records: list[Record], encoder: TokenEncoder, labels: list[str], seed: int
) -> list[Example]:
    """The records' non-empty token sequences with their labels' indices, shuffled (from `seed`)."""
    label_index = {label: i for i, label in enumerate(labels)}
    examples = [
        (ids, label_index[r.label])
        for r in records
        if r.label is not None
        for ids in [encoder.encode(r.text)[0]]
        if ids
    ]
    random.Random(seed).shuffle(examples)
    return examples


def train_classifier(
    network: RNNModel,
    examples: list[Example],
    options: TrainingOptions,
    progress: TrainingProgress | None,
    should_stop: Callable[[], bool] | None,
    device: str | torch.device,
    labels: list[str],
    keep: KeepCheckpoint | None = None,
) -> TrainingHistory:
    """Train on the first examples and validate on the rest (validation_fraction) after each epoch."""
    cut = training_size(len(examples), options.validation_fraction)
    train_set, valid_set = examples[:cut], examples[cut:]
    history = TrainingHistory(task="classifier")
    if valid_set:
        train_labels = np.array([label for _, label in train_set])
        valid_labels = np.array([label for _, label in valid_set])
        history.baseline = prior_baseline(train_labels, valid_labels, len(labels))
        history.baseline_name = f"always answering '{labels[int(np.bincount(train_labels).argmax())]}'"
    optimizer = torch.optim.Adam(network.parameters(), lr=options.learning_rate)
    steps_per_epoch = math.ceil(len(train_set) / options.batch_size)
    total, done = steps_per_epoch * options.epochs, 0
    checkpoints = Checkpoints(options, keep, total)
    order = list(range(len(train_set)))
    generator = random.Random(options.seed)
    for epoch in range(options.epochs):
        generator.shuffle(order)
        network.train()
        losses: list[float] = []
        for start in range(0, len(order), options.batch_size):
            check_stop(should_stop)
            batch = [train_set[i] for i in order[start : start + options.batch_size]]
            tokens, lengths, targets = _tensors(batch, device)
            loss = F.cross_entropy(network.classify(tokens, lengths), targets)
            done = optimizer_step(
                network, optimizer, loss, options.clip, losses, (done, total), progress, history
            )
            checkpoints.after_step(done)
        validation = _validate(network, valid_set, len(labels), device) if valid_set else None
        history.epochs.append(EpochScores(epoch + 1, float(np.mean(losses)), validation))
        checkpoints.after_epoch(epoch + 1)
    return history


def _validate(
    network: RNNModel, valid_set: list[Example], num_classes: int, device: str | torch.device
) -> Scores:
    network.eval()
    loss_sum, predicted = 0.0, []
    with torch.no_grad():
        for start in range(0, len(valid_set), VALIDATION_BATCH):
            tokens, lengths, targets = _tensors(valid_set[start : start + VALIDATION_BATCH], device)
            logits = network.classify(tokens, lengths)
            loss_sum += float(F.cross_entropy(logits, targets, reduction="sum"))
            predicted.append(logits.argmax(1).cpu().numpy())
    guesses, truth = np.concatenate(predicted), np.array([label for _, label in valid_set])
    return Scores(
        loss=loss_sum / len(valid_set),
        accuracy=float((guesses == truth).mean()),
        balanced_accuracy=balanced_accuracy(truth, guesses, num_classes),
    )


def _tensors(
    batch: list[Example], device: str | torch.device
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """-> tokens [batch, time] (padded with id 0), lengths [batch], targets [batch]."""
    tokens, lengths = pad([ids for ids, _ in batch], device=device)
    targets = torch.tensor([label for _, label in batch])
    return tokens, lengths, targets.to(device)
