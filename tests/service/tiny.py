"""A tiny GRU language model in SPEC 1's layout, and its statistics worked out with plain torch.

The reference reads every line through single-layer torch.nn.GRU cells stacked by hand, in float64,
and groups the responses Δh_t = h_t − h_{t−1} by input word with numpy: no code of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

VOCAB = ["the", "cat", "sat", "on", "a", "mat", "dog", "ran"]
QUANTILES = (9, 25, 50, 75, 91)


class TinyLM(nn.Module):
    def __init__(self, layers: int = 2, hidden: int = 5, embedding: int = 4, seed: int = 0) -> None:
        super().__init__()
        torch.manual_seed(seed)
        self.encoder = nn.Embedding(len(VOCAB), embedding)
        self.rnn = nn.GRU(embedding, hidden, layers)
        self.decoder = nn.Linear(hidden, len(VOCAB))


def corpus_lines(count: int = 80, seed: int = 1) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(VOCAB, size=int(rng.integers(2, 10)))) for _ in range(count)]


def layer_states(net: TinyLM, ids: list[int]) -> list[np.ndarray]:
    """Each layer's h_1..h_T [T, H] for one sequence from the zero state, in float64."""
    x = net.encoder.weight.detach().double()[ids]
    outputs = []
    for k in range(net.rnn.num_layers):
        cell = nn.GRU(x.shape[1], net.rnn.hidden_size).double()
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, f"{name}_l0").data = getattr(net.rnn, f"{name}_l{k}").detach().double().clone()
        with torch.no_grad():
            y, _ = cell(x.unsqueeze(1))
        x = y[:, 0]
        outputs.append(x.numpy())
    return outputs


@dataclass(frozen=True)
class WordStats:
    count: int
    mean: np.ndarray  # [H]
    std: np.ndarray
    quantiles: np.ndarray  # [5, H]


def reference(net: TinyLM, lines: list[str], layer: int) -> dict[str, WordStats]:
    """E[Δh | word], std (ddof 0) and exact quantiles of one layer's h, per word."""
    responses: dict[str, list[np.ndarray]] = {}
    for line in lines:
        words = line.split()
        states = layer_states(net, [VOCAB.index(w) for w in words])[layer]
        deltas = np.diff(np.vstack([np.zeros((1, states.shape[1])), states]), axis=0)
        for word, delta in zip(words, deltas, strict=True):
            responses.setdefault(word, []).append(delta)
    out = {}
    for word, rows in responses.items():
        values = np.stack(rows)
        out[word] = WordStats(
            len(rows), values.mean(0), values.std(0), np.percentile(values, QUANTILES, axis=0)
        )
    return out
