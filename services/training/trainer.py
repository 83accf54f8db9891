"""Training small models from a corpus, written in the layout of SPEC 1, so that a user without a
model (and the demo) can start from text alone."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from services.corpora.encoding import EOS, UNK, TokenEncoder
from services.corpora.reading import CorpusFormatError, Record, iter_records
from services.corpora.tokenizers import get_tokenizer
from services.errors import Cancelled, UserError
from services.models.loading import LoadedModel, StateDict, check_model
from services.models.network import RNNModel, network_state_dict
from services.models.spec import CELLS, ModelSpec
from services.training.quality import (
    EpochScores,
    Scores,
    TrainingHistory,
    balanced_accuracy,
    perplexity,
    prior_baseline,
    unigram_baseline,
)

TrainingProgress = Callable[[int, int, float], None]  # (steps done, steps in all, recent loss)


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


@dataclass
class TrainedModel:
    model: LoadedModel
    history: TrainingHistory

    @property
    def train_loss(self) -> list[float]:
        """Mean training loss of each epoch."""
        return [e.train_loss for e in self.history.epochs]

    @property
    def validation(self) -> Scores | None:
        """The last epoch's validation figures (None without validation text)."""
        return self.history.epochs[-1].validation if self.history.epochs else None

    @property
    def validation_loss(self) -> float | None:
        return self.validation.loss if self.validation else None

    @property
    def validation_accuracy(self) -> float | None:
        return self.validation.accuracy if self.validation else None


MIN_COUNTED_TOKENS = 200_000
COUNTED_PER_VOCAB_TOKEN = 5


def counting_capacity(max_vocab: int) -> int:
    """Distinct tokens counted exactly before the counter prunes (it holds at most twice this)."""
    return max(MIN_COUNTED_TOKENS, COUNTED_PER_VOCAB_TOKEN * max_vocab)


def count_tokens(texts: Iterable[str], split: Callable[[str], list[str]], capacity: int) -> Counter[str]:
    """Token counts in bounded memory. While the corpus has at most 2 x capacity distinct tokens the
    counts are exact; past that the counter keeps only its `capacity` most frequent tokens, so a
    token pruned once counts again from 0 (rare tokens come out low, never the frequent ones that
    make a vocabulary). An 87 MB corpus of 11 M distinct tokens held them all before."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(split(text))
        if len(counts) > 2 * capacity:
            counts = Counter(dict(counts.most_common(capacity)))
    return counts


def build_vocab(texts: Iterable[str], options: TrainingOptions) -> list[str]:
    """<unk> (and <eos> for a language model) first, then the most frequent tokens, ties alphabetical."""
    split = get_tokenizer(options.tokenizer, options.lowercase)
    counts = count_tokens(texts, split, counting_capacity(options.max_vocab))
    special = [UNK, EOS] if options.task == "language_model" else [UNK]
    ranked = sorted(
        (t for t, n in counts.items() if n >= options.min_count and t not in special),
        key=lambda t: (-counts[t], t),
    )
    return special + ranked[: max(0, options.max_vocab - len(special))]


def train(
    corpus: str | Path,
    fmt: str,
    options: TrainingOptions,
    progress: TrainingProgress | None = None,
    should_stop: Callable[[], bool] | None = None,
    device: str | torch.device = "cpu",
) -> TrainedModel:
    options.check()
    records: list[Record] = []
    if options.task == "classifier":  # labeled snippets: a classifier's corpus is small, held
        records = [
            r
            for r in iter_records(corpus, fmt)
            if r.label is not None and (options.labels is None or r.label in options.labels)
        ]
        if not records:
            raise CorpusFormatError("a classifier needs a labeled corpus with at least one labeled line")

    def texts() -> Iterator[str]:  # a language model's corpus is read twice (words, then ids), never held
        return (r.text for r in (records or iter_records(corpus, fmt)))

    if next(texts(), None) is None:
        raise CorpusFormatError("the corpus is empty")
    torch.manual_seed(options.seed)
    rng = random.Random(options.seed)
    vocab = build_vocab(texts(), options)
    labels = options.labels or sorted({r.label for r in records if r.label is not None})
    spec = ModelSpec(
        cell=options.cell,  # type: ignore[arg-type]
        num_layers=options.num_layers,
        hidden_size=options.hidden_size,
        embedding_size=options.embedding_size,
        vocab_size=len(vocab),
        task=options.task,  # type: ignore[arg-type]
        num_classes=len(labels) if options.task == "classifier" else None,
        tokenizer=options.tokenizer,  # type: ignore[arg-type]
        lowercase=options.lowercase,
        labels=labels if options.task == "classifier" else None,
    )
    network = RNNModel(spec).to(device)
    # a classifier reads each line to its last word; <eos> is not in its vocabulary anyway
    encoder = TokenEncoder(
        vocab, options.tokenizer, options.lowercase, append_eos=options.task != "classifier"
    )
    if options.task == "classifier":
        label_index = {label: i for i, label in enumerate(labels)}
        examples = [
            (ids, label_index[r.label])
            for r in records
            if r.label is not None
            for ids in [encoder.encode(r.text)[0]]
            if ids
        ]
        rng.shuffle(examples)
        result = _train_classifier(network, examples, options, progress, should_stop, device, labels)
    else:
        stream = _token_ids(encoder, texts())
        result = _train_language_model(network, stream, options, progress, should_stop, device, vocab)
    state_dict: StateDict = network_state_dict(network.cpu())
    result.model = check_model(state_dict, vocab, spec.to_config())
    return result


def _split(n: int, fraction: float) -> int:
    return n - int(round(n * fraction)) if n > 1 else n


def _train_classifier(
    network: RNNModel,
    examples: list[tuple[list[int], int]],
    options: TrainingOptions,
    progress: TrainingProgress | None,
    should_stop: Callable[[], bool] | None,
    device: str | torch.device,
    labels: list[str],
) -> TrainedModel:
    cut = _split(len(examples), options.validation_fraction)
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
    order = list(range(len(train_set)))
    generator = random.Random(options.seed)
    for epoch in range(options.epochs):
        generator.shuffle(order)
        network.train()
        losses: list[float] = []
        for start in range(0, len(order), options.batch_size):
            _check_stop(should_stop)
            batch = [train_set[i] for i in order[start : start + options.batch_size]]
            tokens, lengths, targets = _pad(batch, device)
            loss = F.cross_entropy(network.classify(tokens, lengths), targets)
            done = _step(network, optimizer, loss, options.clip, losses, (done, total), progress, history)
        validation = _validate_classifier(network, valid_set, len(labels), device) if valid_set else None
        history.epochs.append(EpochScores(epoch + 1, float(np.mean(losses)), validation))
    return TrainedModel(model=None, history=history)  # type: ignore[arg-type]


def _validate_classifier(
    network: RNNModel, valid_set: list[tuple[list[int], int]], num_classes: int, device: str | torch.device
) -> Scores:
    network.eval()
    loss_sum, predicted = 0.0, []
    with torch.no_grad():
        for start in range(0, len(valid_set), 256):
            tokens, lengths, targets = _pad(valid_set[start : start + 256], device)
            logits = network.classify(tokens, lengths)
            loss_sum += float(F.cross_entropy(logits, targets, reduction="sum"))
            predicted.append(logits.argmax(1).cpu().numpy())
    guesses, truth = np.concatenate(predicted), np.array([label for _, label in valid_set])
    return Scores(
        loss=loss_sum / len(valid_set),
        accuracy=float((guesses == truth).mean()),
        balanced_accuracy=balanced_accuracy(truth, guesses, num_classes),
    )


def _token_ids(encoder: TokenEncoder, texts: Iterable[str]) -> np.ndarray:
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


def _train_language_model(
    network: RNNModel,
    stream: np.ndarray,
    options: TrainingOptions,
    progress: TrainingProgress | None,
    should_stop: Callable[[], bool] | None,
    device: str | torch.device,
    vocab: list[str],
) -> TrainedModel:
    if len(stream) < 2:
        raise CorpusFormatError("a language model needs a corpus of at least two tokens")
    cut = _split(len(stream), options.validation_fraction)
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
    for epoch in range(options.epochs):
        network.train()
        hidden = None
        losses: list[float] = []
        for t in range(0, columns, options.bptt):
            _check_stop(should_stop)
            output, hidden = network(inputs[:, t : t + options.bptt], hidden)
            hidden = tuple(h.detach() for h in hidden) if isinstance(hidden, tuple) else hidden.detach()
            logits = network.decoder(output)
            loss = F.cross_entropy(logits.flatten(0, 1), targets[:, t : t + options.bptt].flatten())
            done = _step(network, optimizer, loss, options.clip, losses, (done, total), progress, history)
        validation, guesses = (None, None)
        if len(held_out) > 1:
            validation, guesses = _validate_language_model(network, held_out, len(vocab), device)
        history.epochs.append(EpochScores(epoch + 1, float(np.mean(losses)), validation))
        if guesses is not None:
            top = int(guesses.argmax())
            history.most_predicted = (vocab[top], float(guesses[top] / guesses.sum()))
    return TrainedModel(model=None, history=history)  # type: ignore[arg-type]


VALIDATION_ROWS = 16  # held-out text read as this many parallel rows (as the training batches are)
VALIDATION_CHUNK = 64  # time steps per forward pass: logits of [rows, chunk, vocab] at a time


def _validate_language_model(
    network: RNNModel, held_out: np.ndarray, vocab_size: int, device: str | torch.device
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


def _pad(
    batch: list[tuple[list[int], int]], device: str | torch.device
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    lengths = torch.tensor([len(ids) for ids, _ in batch])
    tokens = torch.zeros(len(batch), int(lengths.max()), dtype=torch.int64)
    for i, (ids, _) in enumerate(batch):
        tokens[i, : len(ids)] = torch.tensor(ids)
    targets = torch.tensor([label for _, label in batch])
    return tokens.to(device), lengths.to(device), targets.to(device)


def _step(
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


def _check_stop(should_stop: Callable[[], bool] | None) -> None:
    if should_stop is not None and should_stop():
        raise Cancelled("training stopped on request")
