"""Per-word response statistics (SPEC 3) as a recording keeps them: count, mean, std, quantiles, and
the salience that ranks words. Plain numpy: the API reads them without torch. They are computed by
services.recording.accumulator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from services.recording.channels import Channel, find_channel
from services.recording.trace import TraceStatistics

QUANTILES: tuple[int, ...] = (9, 25, 50, 75, 91)


@dataclass
class ResponseStatistics:
    """Per-word statistics of one recording. Words are ordered most frequent first.

    mean, std: [channels, W, hidden]; quantiles: [channels, Q, 5, hidden] for quantile_word_ids [Q].
    std is the population standard deviation (ddof=0).
    """

    channels: list[Channel]
    word_ids: np.ndarray
    counts: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    quantile_word_ids: np.ndarray
    quantiles: np.ndarray
    trace: TraceStatistics | None = None  # SPEC 13, when the recording asked for one

    def channel_index(self, layer: int, state: str) -> int:
        return find_channel(self.channels, layer, state)

    def row_of(self, word_id: int) -> int | None:
        hits = np.flatnonzero(self.word_ids == word_id)
        return int(hits[0]) if len(hits) else None

    def matrix(
        self, layer: int, state: str, top_words: int | None = None, min_count: int = 1
    ) -> tuple[np.ndarray, np.ndarray]:
        """(word_ids [N], E[response|word] [N, hidden]) for the most frequent words seen min_count times."""
        keep = np.flatnonzero(self.counts >= min_count)
        if top_words is not None:
            keep = keep[:top_words]
        return self.word_ids[keep], self.mean[self.channel_index(layer, state)][keep]

    def save(self, path: str | Path) -> None:
        arrays: dict[str, np.ndarray] = {
            "channel_layers": np.asarray([c.layer for c in self.channels]),
            "channel_states": np.asarray([c.state for c in self.channels]),
            "word_ids": self.word_ids,
            "counts": self.counts,
            "mean": self.mean,
            "std": self.std,
            "quantile_word_ids": self.quantile_word_ids,
            "quantiles": self.quantiles,
        }
        if self.trace is not None:
            arrays |= {
                "trace_layers": np.asarray([c.layer for c in self.trace.channels]),
                "trace_states": np.asarray([c.state for c in self.trace.channels]),
                "trace_word_ids": self.trace.word_ids,
                "trace_counts": self.trace.counts,
                "trace": self.trace.trace,
                "trace_steps": self.trace.steps,
            }
        np.savez_compressed(path, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: str | Path) -> ResponseStatistics:
        with np.load(path, allow_pickle=False) as data:
            channels = [
                Channel(int(layer), str(state))
                for layer, state in zip(data["channel_layers"], data["channel_states"], strict=True)
            ]
            return cls(
                channels=channels,
                word_ids=data["word_ids"],
                counts=data["counts"],
                mean=data["mean"],
                std=data["std"],
                quantile_word_ids=data["quantile_word_ids"],
                quantiles=data["quantiles"],
                trace=None
                if "trace" not in data
                else TraceStatistics(
                    channels=[
                        Channel(int(layer), str(state))
                        for layer, state in zip(data["trace_layers"], data["trace_states"], strict=True)
                    ],
                    word_ids=data["trace_word_ids"],
                    counts=data["trace_counts"],
                    trace=data["trace"],
                    steps=data["trace_steps"],
                ),
            )


SALIENCE_PRIOR_COUNT = 20  # default: a word seen 20 times keeps half its mean as its score


def salience(means: np.ndarray, counts: np.ndarray, prior_count: int | None) -> np.ndarray:
    """A word's score for a unit: its mean M_wu shrunk towards 0 by how often it was seen,
    M_wu * n_w / (n_w + prior_count), so that a word seen 5 times needs a far larger mean than one
    seen 500 times to rank above it. prior_count None: the plain mean (SPEC 3's ranking)."""
    if prior_count is None:
        return means
    return means * (counts / (counts + float(prior_count)))
