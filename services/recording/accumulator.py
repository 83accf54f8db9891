"""Streaming per-word response statistics (SPEC 3): sums, sums of squares and quantile samples.

Memory is fixed by vocabulary x channels x units plus the quantile samples, never by corpus length.
Accumulators merge, so parts of a corpus can be recorded apart and combined.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from services.recording.channels import Channel
from services.recording.sampling import QuantilePlan
from services.recording.statistics import QUANTILES, ResponseStatistics
from services.recording.trace_accumulator import TraceAccumulator

UPDATE_ROWS = 4096  # responses are added in float64 this many rows at a time
VARIANCE_FLOOR = float(np.finfo(np.float32).eps) ** 2  # std below ~1.2e-7 of the responses' rms is 0


class ResponseAccumulator:
    """Sums, sums of squares and quantile samples of responses [N, channels * hidden] by word."""

    def __init__(
        self,
        word_counts: np.ndarray,
        channels: list[Channel],
        hidden_size: int,
        plan: QuantilePlan,
        device: str | torch.device = "cpu",
        trace: TraceAccumulator | None = None,
    ) -> None:
        """word_counts [V]: counts of the whole corpus; rows are kept only for words it contains.
        trace: the states' trace (SPEC 13), kept beside the responses when the recording asks for one."""
        self.channels, self.hidden_size, self.plan, self.trace = channels, hidden_size, plan, trace
        self.device = torch.device(device)
        self.word_ids = np.flatnonzero(word_counts > 0)  # [W] vocabulary ids that can occur
        row = np.full(len(word_counts), -1, dtype=np.int64)
        row[self.word_ids] = np.arange(len(self.word_ids))
        self._row = torch.from_numpy(row).to(self.device)
        width = len(channels) * hidden_size
        self.count = torch.zeros(len(self.word_ids), dtype=torch.int64, device=self.device)
        # float64 sums: E[x^2] - E[x]^2 in float32 would lose std to cancellation
        self.sum = torch.zeros(len(self.word_ids), width, dtype=torch.float64, device=self.device)
        self.sumsq = torch.zeros_like(self.sum)
        # Allocated (and touched) in full up front, so memory does not creep up with the corpus.
        self.samples = torch.zeros(plan.num_slots, width, dtype=torch.float32, device=self.device)
        self.filled = torch.zeros(plan.num_slots, dtype=torch.bool, device=self.device)  # slots written
        self._scratch = torch.empty(UPDATE_ROWS, width, dtype=torch.float64, device=self.device)

    def update(self, word_ids: torch.Tensor, responses: torch.Tensor, slots: torch.Tensor) -> None:
        """word_ids [N], responses [N, channels*hidden] float32, slots [N] (-1: not sampled)."""
        rows = self._row[word_ids]
        if bool((rows < 0).any()):
            raise ValueError(
                "a word outside the corpus counts was recorded; the plan does not match the corpus"
            )
        self.count.index_add_(0, rows, torch.ones_like(rows))
        for start in range(0, len(rows), UPDATE_ROWS):  # float64 copies through one fixed scratch buffer
            part = responses[start : start + UPDATE_ROWS]
            values = self._scratch[: len(part)].copy_(part)
            self.sum.index_add_(0, rows[start : start + UPDATE_ROWS], values)
            self.sumsq.index_add_(0, rows[start : start + UPDATE_ROWS], values.square_())
        kept = slots >= 0
        if bool(kept.any()):
            self.samples.index_copy_(0, slots[kept], responses[kept])
            self.filled[slots[kept]] = True

    def merge(self, other: ResponseAccumulator) -> ResponseAccumulator:
        """Add another part's statistics recorded under the same plan (each sample slot is filled once)."""
        if not np.array_equal(self.word_ids, other.word_ids) or self.channels != other.channels:
            raise ValueError("accumulators of different corpora or channels cannot be merged")
        self.count += other.count.to(self.device)
        self.sum += other.sum.to(self.device)
        self.sumsq += other.sumsq.to(self.device)
        self.samples += other.samples.to(self.device)  # zero where the other part filled nothing
        self.filled |= other.filled.to(self.device)
        if self.trace is not None and other.trace is not None:
            self.trace.merge(other.trace)
        return self

    def result(self) -> ResponseStatistics:
        seen = torch.nonzero(self.count > 0).squeeze(1).cpu()
        count = self.count.cpu()[seen].numpy()
        word_ids = self.word_ids[seen.numpy()]
        order = np.lexsort((word_ids, -count))  # most frequent first, ties by id
        rows = seen[torch.from_numpy(order)].to(self.device)
        n = self.count.index_select(0, rows).to(torch.float64).unsqueeze(1)
        mean = self.sum.index_select(0, rows).div_(n)
        mean_square = self.sumsq.index_select(0, rows).div_(n)
        var = mean_square - mean.square()
        # E[x^2] - E[x]^2 leaves rounding noise of about 1e-16 E[x^2] where the true spread is 0 (a word
        # whose responses are all the same), and the noise differs with the order of the additions (a
        # sharded recording's). A spread below one float32 unit of the responses' rms is noise: 0.
        var[var <= VARIANCE_FLOOR * mean_square] = 0
        shape = (len(rows), len(self.channels), self.hidden_size)

        def by_channel(values: torch.Tensor) -> np.ndarray:  # [W, C*H] -> [C, W, H] float32
            return values.to(torch.float32).view(shape).permute(1, 0, 2).contiguous().cpu().numpy()

        return ResponseStatistics(
            channels=list(self.channels),
            word_ids=word_ids[order],
            counts=count[order],
            mean=by_channel(mean),
            std=by_channel(var.sqrt_()),
            quantile_word_ids=self.plan.word_ids.copy(),
            quantiles=self._quantiles(),
            trace=None if self.trace is None else self.trace.result(),
        )

    def _quantiles(self) -> np.ndarray:
        """[channels, Q, 5, hidden]: numpy's default (linear) quantiles of each word's kept samples.

        Computed as numpy defines them (order statistics at q * (n - 1), linearly interpolated), with
        one partial sort for all words that kept the same number of samples.
        """
        q, size = len(self.plan.word_ids), self.plan.sample_size
        width = len(self.channels) * self.hidden_size
        samples = self.samples.cpu().numpy().reshape(q, size, width)
        out = np.zeros((q, len(QUANTILES), width), dtype=np.float32)
        probs = np.asarray(QUANTILES, dtype=np.float64) / 100.0

        def fill(rows: np.ndarray, filled: int) -> None:
            position = probs * (filled - 1)
            low = np.floor(position).astype(np.int64)
            high = np.minimum(low + 1, filled - 1)
            values = np.ascontiguousarray(samples[rows, :filled].transpose(0, 2, 1))  # [rows, width, filled]
            values.sort(axis=-1)  # releases the GIL; faster than a 10-way partition for 256 values
            low_v = values[..., low].astype(np.float64)  # [rows, width, 5]
            high_v = values[..., high].astype(np.float64)
            out[rows] = (low_v + (high_v - low_v) * (position - low)).transpose(0, 2, 1)

        work = [
            (rows, int(filled))
            for filled in np.unique(self.plan.filled)
            if filled > 0
            for rows in np.array_split(np.flatnonzero(self.plan.filled == filled), 8)
            if len(rows)
        ]
        with ThreadPoolExecutor(max_workers=max(1, torch.get_num_threads())) as pool:
            list(pool.map(lambda job: fill(*job), work))
        # [Q, 5, C*H] -> [C, Q, 5, H]
        return np.ascontiguousarray(
            out.reshape(q, len(QUANTILES), len(self.channels), self.hidden_size).transpose(2, 0, 1, 3)
        )
