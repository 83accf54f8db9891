"""Ablation (SPEC 9): how much worse a model predicts after each word cloud's words when a memory
chip's units are frozen (or zeroed), beside random unit sets of the same size.

The corpus is read once, in batches; for each batch the layers below the ablated one run once and
every variant (unablated, ablated, each control) reads the batch from there. Per-step losses go
straight into per-word-cluster and per-word sums, so memory does not grow with the corpus.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from services.ablation.controls import control_sets, control_statistics
from services.ablation.hurt import MOST_HURT_MIN_COUNT, most_hurt
from services.ablation.stepping import Method, ablated_layer, above, below, layer_modules, unit_mask
from services.corpora.encoding import Sequence
from services.errors import Cancelled, UserError
from services.models.batching import WINDOW_BATCHES, longest_first, pad, windows
from services.models.loading import LoadedModel
from services.models.network import RNNModel, build_network
from services.recording import RecordingOptions, default_device, open_corpus

ROWS_AT_ONCE = 4096  # steps whose logits are held at once: [rows, vocabulary]


@dataclass(frozen=True)
class AblationOptions:
    layer: int
    units: tuple[int, ...]
    method: Method = "freeze"
    controls: int = 5
    seed: int = 0
    max_tokens: int | None = None
    batch_size: int = 128  # sequences per batch; the ablated layer is stepped one step at a time
    sequence_mode: str = "lines"
    segment_length: int = 1000


@dataclass
class AblationResult:
    task: str
    units: list[int]
    control_units: list[list[int]]
    loss: dict[str, Any]  # unablated, ablated, controls [..]; with perplexity or accuracy beside
    delta_loss: list[float | None]  # per word cluster
    control_delta_loss_mean: list[float | None]
    control_delta_loss_std: list[float | None]
    z: list[float | None]
    cluster_counts: list[int]  # steps (language model) or sequences (classifier) behind each delta
    most_hurt: list[dict[str, Any]]  # words read at least most_hurt_min_count times, most hurt first
    most_hurt_min_count: int = MOST_HURT_MIN_COUNT
    tokens: int = 0
    sequences: int = 0
    accuracy: dict[str, Any] = field(default_factory=dict)  # classifier: overall and per class

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


class _Sums:
    """Running sums per variant (0 unablated, 1 ablated, 2.. controls) and per word cluster."""

    def __init__(self, variants: int, clusters: int, vocab: int, classes: int, device: torch.device) -> None:
        def zeros(*shape: int) -> torch.Tensor:
            return torch.zeros(*shape, dtype=torch.float64, device=device)

        self.loss = zeros(variants)
        self.cluster = zeros(variants - 1, clusters)  # sum of loss changes
        self.cluster_n = zeros(clusters)
        self.word = zeros(vocab)  # the ablated variant's loss change per word
        self.word_n = zeros(vocab)
        self.correct = zeros(variants, classes)
        self.class_n = zeros(classes)
        self.n = 0  # steps (language model) or sequences (classifier)


def ablate(
    model: LoadedModel,
    corpus: str | Path,
    fmt: str,
    options: AblationOptions,
    word_clusters: dict[str, int],
    n_clusters: int,
    device: str | torch.device | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> AblationResult:
    """word_clusters: the co-clustering's word -> its word cluster (SPEC 4)."""
    spec = model.spec
    if not 0 <= options.layer < spec.num_layers:
        raise UserError(f"layer {options.layer} is not one of 0..{spec.num_layers - 1}")
    if not options.units or any(not 0 <= u < spec.hidden_size for u in options.units):
        raise UserError(f"units must be some of 0..{spec.hidden_size - 1}")
    device = torch.device(device) if device is not None else default_device()
    source = open_corpus(
        model,
        corpus,
        fmt,
        RecordingOptions(
            sequence_mode=options.sequence_mode,
            segment_length=options.segment_length,
            max_tokens=options.max_tokens,
        ),
    )
    scan = source.scan()
    controls = control_sets(spec.hidden_size, len(options.units), options.controls, options.seed)
    unit_sets: list[torch.Tensor | None] = [None, torch.tensor(list(options.units), device=device)]
    unit_sets += [torch.tensor(c, device=device) for c in controls]
    cluster_of = torch.full((spec.vocab_size,), -1, dtype=torch.int64, device=device)
    for word, cluster in word_clusters.items():
        index = model.vocab.index(word) if word in model.vocab else -1
        if index >= 0 and 0 <= cluster < n_clusters:
            cluster_of[index] = cluster
    classifier = spec.task == "classifier"
    labels = {label: i for i, label in enumerate(spec.labels or [])}
    classes = len(labels) if classifier else 1
    sums = _Sums(len(unit_sets), n_clusters, spec.vocab_size, classes, device)
    if model.is_modern:
        modern = _modern_losses(model, options, unit_sets, device)
    else:
        network = build_network(model, device)
        modules = layer_modules(network.rnn)
    done = 0
    for batch in _batches(source, options.batch_size):
        if should_stop is not None and should_stop():
            raise Cancelled("ablation stopped on request")
        tokens, lengths = pad([seq.ids for seq in batch], device=device)
        if model.is_modern:
            _add_language_model(sums, modern(tokens, lengths), tokens, lengths, cluster_of)
            done += int(lengths.sum())
            if progress:
                progress(done, scan.tokens)
            continue
        x = below(modules, network, tokens, options.layer)
        tops = [above(modules, ablated_layer(modules[options.layer], x, None, options.method), options.layer)]
        # the ablated variant and the controls stacked in one batch: one step-by-step pass for all
        held = torch.cat(
            [unit_mask(units, len(tokens), spec.hidden_size) for units in unit_sets[1:] if units is not None]
        )
        stacked = ablated_layer(
            modules[options.layer], x.repeat(len(unit_sets) - 1, 1, 1), held, options.method
        )
        tops += list(above(modules, stacked, options.layer).split(len(tokens)))

        if classifier:
            targets = torch.tensor([labels.get(s.label or "", -1) for s in batch], device=device)
            keep = targets >= 0
            kept = [top[keep] for top in tops]
            _add_classifier(
                sums, network, kept, tokens[keep], lengths[keep], targets[keep], cluster_of, n_clusters
            )
        else:
            steps = tokens.shape[1] - 1
            valid = torch.arange(max(steps, 0), device=device)[None, :] < (lengths[:, None] - 1)
            losses = [step_losses(network, top, tokens, valid).double() for top in tops]
            _add_language_model(sums, losses, tokens, lengths, cluster_of)
        done += int(lengths.sum())
        if progress:
            progress(done, scan.tokens)
    return _result(spec.task, options, controls, sums, model.vocab, list(labels))


def _batches(source: Iterable[Sequence], batch_size: int) -> Iterator[list[Sequence]]:
    """Batches of non-empty sequences, sorted by length within windows of WINDOW_BATCHES batches
    (longest first), so that the step-by-step layer pads little."""
    read = (seq for seq in source if len(seq.ids))
    for window in windows(read, batch_size * WINDOW_BATCHES):
        yield from longest_first(window, batch_size, lambda seq: len(seq.ids))


@torch.inference_mode()
def step_losses(
    network: RNNModel, top: torch.Tensor, tokens: torch.Tensor, valid: torch.Tensor
) -> torch.Tensor:
    """Next-token cross-entropy after each valid step [N] (the prediction made after step t is
    scored on token t + 1; valid [B, T - 1]), ROWS_AT_ONCE rows of logits at a time: padding is
    never decoded."""
    states = top[:, :-1][valid]  # [N, H]
    targets = tokens[:, 1:][valid]
    out = states.new_empty(len(targets))
    for r0 in range(0, len(targets), ROWS_AT_ONCE):
        r1 = min(len(targets), r0 + ROWS_AT_ONCE)
        out[r0:r1] = F.cross_entropy(network.decoder(states[r0:r1]), targets[r0:r1], reduction="none")
    return out


def _modern_losses(
    model: LoadedModel, options: AblationOptions, unit_sets: list[torch.Tensor | None], device: torch.device
) -> Callable[[torch.Tensor, torch.Tensor], list[torch.Tensor]]:
    """For a SPEC 11 model: a batch -> each variant's next-token loss after every valid step [N]
    (the model as it is, the chip held, each control held), the held layer's units held at every
    step by the model's own recurrence (services.models.modern.base.Hold)."""
    from services.models.modern.base import Hold
    from services.models.modern.network import ModernNetwork

    network = ModernNetwork(model, device)
    if options.layer not in network.recorded_layers:
        raise UserError(
            f"layer {options.layer} holds no recurrent state (layers {network.recorded_layers} do)"
        )

    def losses(tokens: torch.Tensor, lengths: torch.Tensor) -> list[torch.Tensor]:
        steps = tokens.shape[1] - 1
        valid = torch.arange(max(steps, 0), device=tokens.device)[None, :] < (lengths[:, None] - 1)
        found = []
        for units in unit_sets:  # one pass per variant: logits [B, T, V] for one variant at a time
            hold = None
            if units is not None:
                mask = unit_mask(units, len(tokens), model.spec.hidden_size)
                hold = Hold(options.layer, mask, options.method)
            with torch.inference_mode():
                logits, _ = network.forward_chunk(
                    tokens, network.zero_state(len(tokens)), None, (), logits=True, hold=hold
                )
            assert logits is not None
            found.append(
                F.cross_entropy(logits[:, :-1][valid], tokens[:, 1:][valid], reduction="none").double()
            )
        return found

    return losses


@torch.inference_mode()
def _add_language_model(
    sums: _Sums,
    losses: list[torch.Tensor],
    tokens: torch.Tensor,
    lengths: torch.Tensor,
    cluster_of: torch.Tensor,
) -> None:
    """losses: each variant's next-token loss after every valid step [N] (the model as it is first)."""
    steps = tokens.shape[1] - 1
    if steps <= 0:
        return
    valid = torch.arange(steps, device=tokens.device)[None, :] < (lengths[:, None] - 1)
    words = tokens[:, :-1][valid]
    clusters = cluster_of[words]
    inside = clusters >= 0
    for v, loss in enumerate(losses):
        sums.loss[v] += loss.sum()
        if v == 0:
            continue
        delta = loss - losses[0]
        sums.cluster[v - 1].index_add_(0, clusters[inside], delta[inside])
        if v == 1:
            sums.word.index_add_(0, words, delta)
            sums.word_n.index_add_(0, words, torch.ones_like(delta))
    sums.cluster_n.index_add_(0, clusters[inside], torch.ones_like(losses[0][inside]))
    sums.n += int(valid.sum())


@torch.inference_mode()
def _add_classifier(
    sums: _Sums,
    network: RNNModel,
    tops: list[torch.Tensor],
    tokens: torch.Tensor,
    lengths: torch.Tensor,
    targets: torch.Tensor,
    cluster_of: torch.Tensor,
    n_clusters: int,
) -> None:
    if len(targets) == 0:
        return
    rows = torch.arange(len(targets), device=tokens.device)
    within = torch.arange(tokens.shape[1], device=tokens.device)[None, :] < lengths[:, None]
    # which word clusters (and which words) each sequence contains
    clusters = torch.where(within, cluster_of[tokens], -1) + 1
    present = torch.zeros(len(targets), n_clusters + 1, device=tokens.device, dtype=torch.float64)
    present.scatter_(1, clusters, 1.0)
    present = present[:, 1:]
    words = torch.zeros(len(targets), sums.word.shape[0], device=tokens.device, dtype=torch.float64)
    words.scatter_(1, torch.where(within, tokens, 0), 1.0)
    losses = []
    for v, top in enumerate(tops):
        logits = network.decoder(top[rows, lengths - 1])
        loss = F.cross_entropy(logits, targets, reduction="none").double()
        losses.append(loss)
        sums.loss[v] += loss.sum()
        right = (logits.argmax(1) == targets).double()
        sums.correct[v].index_add_(0, targets, right)
        if v >= 1:
            delta = loss - losses[0]
            sums.cluster[v - 1] += present.T @ delta
            if v == 1:
                sums.word += words.T @ delta
    sums.word_n += words.sum(0)
    sums.cluster_n += present.sum(0)
    sums.class_n.index_add_(0, targets, torch.ones_like(losses[0]))
    sums.n += len(targets)


def _result(
    task: str,
    options: AblationOptions,
    controls: list[list[int]],
    sums: _Sums,
    vocab: list[str],
    labels: list[str],
) -> AblationResult:
    n = max(sums.n, 1)
    loss = (sums.loss / n).tolist()
    counts = sums.cluster_n.cpu().numpy()
    per_cluster = sums.cluster.cpu().numpy() / np.maximum(counts, 1)[None, :]  # [variants - 1, K]
    delta = [float(d) if c > 0 else None for d, c in zip(per_cluster[0], counts, strict=True)]
    mean, std, z_all = control_statistics(per_cluster[0], per_cluster[1:])
    z = [float(v) if d is not None and np.isfinite(v) else None for d, v in zip(delta, z_all, strict=True)]
    answer: dict[str, Any] = {"unablated": loss[0], "ablated": loss[1], "controls": loss[2:]}
    accuracy: dict[str, Any] = {}
    if task == "classifier":
        correct = sums.correct.cpu().numpy()
        class_n = np.maximum(sums.class_n.cpu().numpy(), 1)
        overall = (correct.sum(1) / n).tolist()
        per_class = (correct / class_n[None, :]).tolist()
        accuracy = {
            "unablated": overall[0],
            "ablated": overall[1],
            "controls": overall[2:],
            "per_class": {
                label: {"unablated": per_class[0][i], "ablated": per_class[1][i]}
                for i, label in enumerate(labels)
            },
        }
    else:
        answer["perplexity"] = {
            "unablated": math.exp(min(loss[0], 700)),
            "ablated": math.exp(min(loss[1], 700)),
            "controls": [math.exp(min(x, 700)) for x in loss[2:]],
        }
    word_n = sums.word_n.cpu().numpy()
    word_delta = sums.word.cpu().numpy() / np.maximum(word_n, 1)
    return AblationResult(
        task=task,
        units=list(options.units),
        control_units=controls,
        loss=answer,
        delta_loss=delta,
        control_delta_loss_mean=[
            float(m) if np.isfinite(m) and c > 0 else None for m, c in zip(mean, counts, strict=True)
        ],
        control_delta_loss_std=[
            float(s) if np.isfinite(s) and c > 0 else None for s, c in zip(std, counts, strict=True)
        ],
        z=z,
        cluster_counts=[int(c) for c in counts],
        most_hurt=most_hurt(vocab, word_n, word_delta),
        tokens=int(sums.n) if task != "classifier" else 0,
        sequences=int(sums.n) if task == "classifier" else 0,
        accuracy=accuracy,
    )
