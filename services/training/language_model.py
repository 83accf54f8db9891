"""Training a language model: the corpus as one stream of ids read as batch_size parallel rows,
truncated back-propagation every bptt steps; the held-out tail scored beside a unigram model."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import torch
import torch.nn.functional as F

from services.corpora.encoding import TokenEncoder
from services.corpora.reading import CorpusFormatError
from services.models.network import RNNModel
from services.training.loop import (
    Checkpoints,
    KeepCheckpoint,
    TrainingProgress,
    check_stop,
    optimizer_step,
    training_size,
)
from services.training.modern import TransformersLM
from services.training.options import TrainingOptions
from services.training.quality import EpochScores, Scores, TrainingHistory, perplexity, unigram_baseline

VALIDATION_ROWS = 16  # held-out text read as this many parallel rows (as the training batches are)
VALIDATION_CHUNK = 64  # time steps per forward pass: logits of [rows, chunk, vocab] at a time


def token_stream(encoder: TokenEncoder, texts: Iterable[str]) -> np.ndarray:
    """The corpus as one int32 array of token ids (4 bytes a token; a list of ints took 36)."""
    parts: list[np.ndarray] = []
    pending: list[int] = []
    for text in texts:
        pending.extend(encoder.encode(text)[0])
        if len(pending) >= 1 << 20:
            parts.append(np.asarray(pending, dtype=np.int32))
            pending = []
    parts.append(np.asarray(pending, dtype=np.int32))
    return np.concatenate(parts)


def train_language_model(
    network: RNNModel | TransformersLM,
    stream: np.ndarray,
    options: TrainingOptions,
    progress: TrainingProgress | None,
    should_stop: Callable[[], bool] | None,
    device: str | torch.device,
    vocab: list[str],
    keep: KeepCheckpoint | None = None,
) -> TrainingHistory:
    """Train on the stream's head and validate on its tail (validation_fraction) after each epoch."""
    if len(stream) < 2:
        raise CorpusFormatError("a language model needs a corpus of at least two tokens")
    cut = training_size(len(stream), options.validation_fraction)
    data = torch.from_numpy(stream[:cut]).long()
    columns = max(1, (len(data) - 1) // options.batch_size)
    batch = min(options.batch_size, max(1, len(data) - 1))
    inputs = data[: batch * columns].view(batch, columns).to(device)  # [batch, time]
    targets = data[1 : batch * columns + 1].view(batch, columns).to(device)
    held_out = stream[cut:]
    history = TrainingHistory(task="language_model")
    if len(held_out) > 1:
        history.baseline = unigram_baseline(stream[:cut], held_out[1:], len(vocab))
        history.baseline_name = "unigram word frequencies"
    optimizer = torch.optim.Adam(network.parameters(), lr=options.learning_rate)
    steps_per_epoch = math.ceil(columns / options.bptt)
    total, done = steps_per_epoch * options.epochs, 0
    checkpoints = Checkpoints(options, keep, total)
    for epoch in range(options.epochs):
        network.train()
        hidden = None
        losses: list[float] = []
        for t in range(0, columns, options.bptt):
            check_stop(should_stop)
            output, hidden = network(inputs[:, t : t + options.bptt], hidden)
            if hidden is not None:  # a SPEC 11 model carries nothing between segments
                hidden = tuple(h.detach() for h in hidden) if isinstance(hidden, tuple) else hidden.detach()
            logits = network.decoder(output)
            loss = F.cross_entropy(logits.flatten(0, 1), targets[:, t : t + options.bptt].flatten())
            done = optimizer_step(
                network, optimizer, loss, options.clip, losses, (done, total), progress, history
            )
            checkpoints.after_step(done)
        validation, guesses = (None, None)
        if len(held_out) > 1:
            validation, guesses = _validate(network, held_out, len(vocab), device)
        history.epochs.append(EpochScores(epoch + 1, float(np.mean(losses)), validation))
        checkpoints.after_epoch(epoch + 1)
        if guesses is not None:
            top = int(guesses.argmax())
            history.most_predicted = (vocab[top], float(guesses[top] / guesses.sum()))
    return history


def _validate(
    network: RNNModel | TransformersLM, held_out: np.ndarray, vocab_size: int, device: str | torch.device
) -> tuple[Scores, np.ndarray]:
    """Next-word loss and top-1 accuracy over the held-out text, in bounded memory (chunks, the
    state carried), and how often each word was the top guess ([vocab] counts)."""
    rows = max(1, min(VALIDATION_ROWS, (len(held_out) - 1) // 2))
    columns = (len(held_out) - 1) // rows
    ids = torch.from_numpy(held_out.astype(np.int64))
    inputs = ids[: rows * columns].view(rows, columns).to(device)
    targets = ids[1 : rows * columns + 1].view(rows, columns).to(device)
    guesses = torch.zeros(vocab_size, dtype=torch.int64, device=device)
    loss_sum, correct, hidden = 0.0, 0, None
    network.eval()
    with torch.no_grad():
        for t in range(0, columns, VALIDATION_CHUNK):
            output, hidden = network(inputs[:, t : t + VALIDATION_CHUNK], hidden)
            logits = network.decoder(output).flatten(0, 1)
            wanted = targets[:, t : t + VALIDATION_CHUNK].flatten()
            loss_sum += float(F.cross_entropy(logits, wanted, reduction="sum"))
            top = logits.argmax(1)
            correct += int((top == wanted).sum())
            guesses += torch.bincount(top, minlength=vocab_size)
    n = rows * columns
    loss = loss_sum / n
    return Scores(loss=loss, accuracy=correct / n, perplexity=perplexity(loss)), guesses.cpu().numpy()
