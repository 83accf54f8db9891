"""How long a word stays in memory (SPEC 13): its trace k steps later, read in the recording's pass.

For k = 0..depth, per traced word w and every state unit,

    trace_k(w) = E[s_{t+k} | x_t = w] - E[s_{t+k}]

over the steps t whose t+k lies in the same sequence: the state itself, not its change. The pass
holds no states: each state s_u is added to the sums of the words at steps u, u-1, ..., u-depth of
its own sequence, whose tokens the batch already holds (its token matrix is the ring of the last
`depth` steps). A word is traced when it is among the recording's `top_words` most frequent (its
quantile words), so memory is depth x top_words x units, never corpus x units.

A unit's half-life: the smallest k at which the mean over its HALF_LIFE_WORDS top words (largest
|trace_0|) of |trace_k| falls below half its value at k = 0; None when it never does within depth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from services.errors import UserError
from services.recording.channels import Channel

MAX_TRACE = 32  # SPEC 13: trace takes 0..32 steps
HALF_LIFE_WORDS = 10  # the top words (by |trace_0|) whose mean |trace_k| gives a unit's half-life


def check_trace(depth: int) -> int:
    if not 0 <= depth <= MAX_TRACE:
        raise UserError(f"trace takes 0..{MAX_TRACE} steps; got {depth}")
    return int(depth)


@dataclass
class TraceStatistics:
    """A recording's trace. trace [channels, T, depth + 1, hidden] (nan where a word is never followed
    by k more steps in its sequence), counts [T, depth + 1]: the steps t of each word with t + k in
    the sequence; steps [depth + 1]: all such steps, whatever the word."""

    channels: list[Channel]
    word_ids: np.ndarray
    counts: np.ndarray
    trace: np.ndarray
    steps: np.ndarray

    @property
    def depth(self) -> int:
        return int(self.trace.shape[2]) - 1

    def unit_curves(self, channel: int) -> UnitCurves:
        return unit_curves(self.trace[channel], self.counts)


@dataclass
class UnitCurves:
    """Per unit: its top words (largest |trace_0| among the words followed by `depth` more steps
    somewhere) and their mean |trace_k|, which gives the half-life.

    top [H, n] (rows into the traced words), mean [H, depth + 1], half_life [H] (nan: none)."""

    top: np.ndarray
    mean: np.ndarray
    half_life: np.ndarray


def unit_curves(trace: np.ndarray, counts: np.ndarray, words: int = HALF_LIFE_WORDS) -> UnitCurves:
    """trace [T, depth + 1, H], counts [T, depth + 1] -> each unit's top words and half-life."""
    traced, lags, hidden = trace.shape
    # a word always at the end of its sequences has no later steps to read: it is not ranked
    eligible = np.flatnonzero(counts[:, -1] > 0) if traced else np.zeros(0, np.int64)
    first = np.abs(trace[eligible, 0, :])  # [E, H]
    n = min(words, len(eligible))
    order = np.argsort(-first, axis=0, kind="stable")[:n]  # [n, H] rows into eligible
    top = eligible[order].T  # [H, n]
    if n == 0:
        return UnitCurves(top, np.full((hidden, lags), np.nan), np.full(hidden, np.nan))
    magnitude = np.abs(trace[top, :, np.arange(hidden)[:, None]])  # [H, n, lags]
    mean = magnitude.mean(axis=1)  # counts[:, -1] > 0: every k has a value
    below = mean[:, 1:] < mean[:, :1] / 2
    half_life = np.where(below.any(axis=1), below.argmax(axis=1) + 1.0, np.nan)
    half_life[~(mean[:, 0] > 0)] = np.nan
    return UnitCurves(top, mean, half_life)


def chip_half_life(unit_half_lives: np.ndarray) -> float | None:
    """A chip's half-life (SPEC 13): the median of its units', a unit without one (it never falls to
    half within the trace) counting as longer than any; None when the median is such a unit."""
    values = np.where(np.isnan(unit_half_lives), np.inf, unit_half_lives)
    if not len(values):
        return None
    median = float(np.median(values))
    return None if not np.isfinite(median) else median
