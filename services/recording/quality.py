"""How well a language model reads the corpus it is recorded on (issue 30): its next-word loss beside
the corpus's own word frequencies. Chips of a model that predicts no better than word frequencies
show noise, whatever their modularity; this judges any model, uploaded ones too (which carry no
training history), on the text its chips come from.

The unigram baseline is fitted to the whole recorded corpus and scored on the same words, so it is
the best any context-free model could do there: beating it means the model uses the context."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch

from services.corpora.encoding import Sequence
from services.models.batching import pad
from services.models.loading import LoadedModel
from services.models.network import RNNModel
from services.recording.recorder import default_device, recording_network
from services.training.quality import BASELINE_MARGIN, perplexity, unigram_scores

# Words predicted: the first this many of the corpus (sequences in order). Word losses spread about 2.5
# nats, so the mean of 5,000 has a standard error of about 0.035 nats, and the model's lead over the
# unigram (scored on the same words) less: a third of the 2 % margin judged (0.11 nats at a loss of
# 5.5). More words cost the decoder and the layers: 5,000 words through a 2 x 650 LSTM with 10,000 words
# take 2.1 s on one core here.
QUALITY_WORDS = 5_000
BATCH_SEQUENCES = 64


@dataclass(frozen=True)
class ReadingQuality:
    """Mean next-word cross-entropy (nats) of the model and of the corpus's unigram model over the
    same `words`; `learned`: the model beat the unigram by BASELINE_MARGIN (as a training must)."""

    words: int
    loss: float
    perplexity: float
    unigram_loss: float
    unigram_perplexity: float
    learned: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def reading_quality(
    model: LoadedModel,
    sequences: Iterable[Sequence],
    word_counts: np.ndarray,
    max_words: int = QUALITY_WORDS,
    device: str | torch.device | None = None,
) -> ReadingQuality | None:
    """Next-word loss within each sequence (the first word of a sequence has no context and is not
    predicted) over the corpus's first max_words predictions. None for a classifier, or a corpus
    whose sequences are all one word long."""
    if model.spec.task != "language_model":
        return None
    device = torch.device(device) if device is not None else default_device()  # as the recording reads
    network = recording_network(model, device)
    loss_sum, targets = 0.0, []
    with torch.inference_mode():
        for batch in _batches(sequences, max_words):
            tokens, lengths = pad(batch, device=device)
            steps = torch.arange(tokens.shape[1] - 1, device=device).unsqueeze(0)
            predicted = steps < (lengths - 1).unsqueeze(1)  # [batch, time-1]: real next words
            if isinstance(network, RNNModel):
                output, _ = network(tokens[:, :-1])
                logits = network.decoder(output[predicted])
            else:  # SPEC 11: the model's own head (and soft cap) over every step
                logits = network.logits(tokens[:, :-1])[predicted]
            log_p = torch.log_softmax(logits.double(), dim=-1)
            following = tokens[:, 1:][predicted]
            loss_sum -= float(log_p.gather(1, following.unsqueeze(1)).sum())
            targets.append(following.cpu().numpy())
    if not targets:
        return None
    words = np.concatenate(targets)
    loss = loss_sum / len(words)
    unigram = unigram_scores(word_counts, words).loss
    return ReadingQuality(
        words=len(words),
        loss=loss,
        perplexity=perplexity(loss),
        unigram_loss=unigram,
        unigram_perplexity=perplexity(unigram),
        learned=loss < unigram * (1 - BASELINE_MARGIN),
    )


def _batches(sequences: Iterable[Sequence], max_words: int) -> Iterator[list[np.ndarray]]:
    """Sequences of at least two words, cut so that at most max_words next words are predicted."""
    batch: list[np.ndarray] = []
    left = max_words
    for sequence in sequences:
        ids = sequence.ids[: left + 1]
        if len(ids) < 2:
            continue
        batch.append(ids)
        left -= len(ids) - 1
        if len(batch) == BATCH_SEQUENCES or left == 0:
            yield batch
            batch = []
        if left == 0:
            return
    if batch:
        yield batch


QUALITY_SEQUENCES = 2_000  # a classifier's: its first labeled sequences (an accuracy's standard error ~0.011)


@dataclass(frozen=True)
class ClassifierReading:
    """A classifier's accuracy and mean log-loss (nats) on the corpus's first labeled `sequences`,
    beside always answering the commonest label among them (`majority_accuracy`)."""

    sequences: int
    accuracy: float
    loss: float
    majority_accuracy: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def classifier_reading(
    model: LoadedModel,
    sequences: Iterable[Sequence],
    max_sequences: int = QUALITY_SEQUENCES,
    device: str | torch.device | None = None,
) -> ClassifierReading | None:
    """How well a classifier labels the corpus it is read on (issue 34's timeline of a classifier's
    checkpoints): its class at each sequence's last token against the sequence's label. Sequences
    whose label the model does not have, and empty ones, are left out; None when none is left."""
    labels = {label: i for i, label in enumerate(model.spec.labels or [])}
    if model.spec.task != "classifier" or not labels:
        return None
    device = torch.device(device) if device is not None else default_device()
    network = recording_network(model, device)
    if not isinstance(network, RNNModel):
        return None
    right, loss_sum = 0, 0.0
    seen: list[int] = []  # the label of each sequence scored
    batch: list[tuple[np.ndarray, int]] = []

    def score(batch: list[tuple[np.ndarray, int]]) -> None:
        nonlocal right, loss_sum
        tokens, lengths = pad([ids for ids, _ in batch], device=device)
        truth = torch.tensor([label for _, label in batch], device=device)
        log_p = torch.log_softmax(network.classify(tokens, lengths).double(), dim=-1)
        right += int((log_p.argmax(dim=1) == truth).sum())
        loss_sum -= float(log_p.gather(1, truth.unsqueeze(1)).sum())

    with torch.inference_mode():
        for sequence in sequences:
            if len(seen) == max_sequences:
                break
            if sequence.label not in labels or len(sequence.ids) == 0:
                continue
            seen.append(labels[sequence.label])
            batch.append((sequence.ids, labels[sequence.label]))
            if len(batch) == BATCH_SEQUENCES:
                score(batch)
                batch = []
        if batch:
            score(batch)
    if not seen:
        return None
    majority = np.bincount(seen).max() / len(seen)
    return ClassifierReading(len(seen), right / len(seen), loss_sum / len(seen), float(majority))
