"""Training small models from a corpus, written in the layout of SPEC 1, so that a user without a
model (and the demo) can start from text alone: the vocabulary, the spec and the network are set up
here, then trained as a language model (language_model.py) or a classifier (classifier.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import torch

from services.corpora.encoding import EOS, UNK, TokenEncoder
from services.corpora.reading import CorpusFormatError, Record, iter_records
from services.corpora.tokenizers import get_tokenizer
from services.models.loading import LoadedModel, check_model
from services.models.network import RNNModel, network_state_dict
from services.models.spec import ModelSpec
from services.models.vocabulary import vocab_by_frequency
from services.training.classifier import classifier_examples, labeled_records, train_classifier
from services.training.language_model import token_stream, train_language_model
from services.training.loop import TrainingProgress
from services.training.options import TRAINABLE_MODERN, TrainingOptions
from services.training.quality import Scores, TrainingHistory

KeptCheckpoint = Callable[[int, LoadedModel], None]  # (step or epoch, the weights then)


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


def build_vocab(texts: Iterable[str], options: TrainingOptions) -> list[str]:
    """<unk> (and <eos> for a language model) first, then the most frequent tokens, ties alphabetical."""
    special = [UNK, EOS] if options.task == "language_model" else [UNK]
    split = get_tokenizer(options.tokenizer, options.lowercase)
    return vocab_by_frequency(texts, split, options.max_vocab, options.min_count, special)


def train(
    corpus: str | Path,
    fmt: str,
    options: TrainingOptions,
    progress: TrainingProgress | None = None,
    should_stop: Callable[[], bool] | None = None,
    device: str | torch.device = "cpu",
    keep_checkpoint: KeptCheckpoint | None = None,
) -> TrainedModel:
    """Train a model on the corpus; keep_checkpoint, with options.checkpoint_every, receives the
    weights every so many epochs or steps (issue 34), labelled by that count, as a model like the
    one returned."""
    options.check()
    classifier = options.task == "classifier"
    records: list[Record] = labeled_records(corpus, fmt, options.labels) if classifier else []

    def texts() -> Iterator[str]:  # a language model's corpus is read twice (words, then ids), never held
        return (r.text for r in (records or iter_records(corpus, fmt)))

    if next(texts(), None) is None:
        raise CorpusFormatError("the corpus is empty")
    torch.manual_seed(options.seed)  # before the network's weights are drawn
    vocab = build_vocab(texts(), options)
    labels = options.labels or sorted({r.label for r in records if r.label is not None})
    if options.cell in TRAINABLE_MODERN:
        return _train_modern(options, vocab, texts(), progress, should_stop, device, keep_checkpoint)
    spec = _spec(options, len(vocab), labels if classifier else None)
    network = RNNModel(spec).to(device)

    def keep(step: int) -> None:
        if keep_checkpoint is not None:
            # reading the weights back builds a network, which draws: the training must not see it
            with torch.random.fork_rng(devices=[]):
                kept = check_model(network_state_dict(network), vocab, spec.to_config())
                keep_checkpoint(step, kept)

    # a classifier reads each line to its last word; <eos> is not in its vocabulary anyway
    encoder = TokenEncoder(vocab, options.tokenizer, options.lowercase, append_eos=not classifier)
    if classifier:
        examples = classifier_examples(records, encoder, labels, options.seed)
        history = train_classifier(network, examples, options, progress, should_stop, device, labels, keep)
    else:
        stream = token_stream(encoder, texts())
        history = train_language_model(network, stream, options, progress, should_stop, device, vocab, keep)
    model = check_model(network_state_dict(network.cpu()), vocab, spec.to_config())
    return TrainedModel(model=model, history=history)


def _train_modern(
    options: TrainingOptions,
    vocab: list[str],
    texts: Iterable[str],
    progress: TrainingProgress | None,
    should_stop: Callable[[], bool] | None,
    device: str | torch.device,
    keep_checkpoint: KeptCheckpoint | None = None,
) -> TrainedModel:
    """A Mamba-2 or RWKV language model (SPEC 11), read back as its folder is uploaded."""
    import tempfile

    from services.models.modern.folder import read_folder
    from services.training import modern

    modern.check_modern(options)
    network = modern.build(options, vocab).to(device)
    encoder = TokenEncoder(vocab, options.tokenizer, options.lowercase, append_eos=True)

    def snapshot() -> LoadedModel:
        with tempfile.TemporaryDirectory() as folder:
            saved = modern.save_folder(network, vocab, EOS, options, Path(folder) / "model")
            return read_folder({p.name: p for p in saved.iterdir()})

    def keep(step: int) -> None:
        if keep_checkpoint is not None:
            with torch.random.fork_rng(devices=[]):  # as for an RNN: the training's draws stay its own
                keep_checkpoint(step, snapshot())

    history = train_language_model(
        network, token_stream(encoder, texts), options, progress, should_stop, device, vocab, keep
    )
    return TrainedModel(model=snapshot(), history=history)


def _spec(options: TrainingOptions, vocab_size: int, labels: list[str] | None) -> ModelSpec:
    """The spec of the network these options build; labels: a classifier's classes, in order."""
    return ModelSpec(
        cell=options.cell,  # type: ignore[arg-type]
        num_layers=options.num_layers,
        hidden_size=options.hidden_size,
        embedding_size=options.embedding_size,
        vocab_size=vocab_size,
        task=options.task,  # type: ignore[arg-type]
        num_classes=len(labels) if labels is not None else None,
        tokenizer=options.tokenizer,  # type: ignore[arg-type]
        lowercase=options.lowercase,
        labels=labels,
    )
