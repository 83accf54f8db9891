"""The trace's sums, added in the recording's own pass (SPEC 13; what they mean: trace.py).

Each state s_u is added to the sums of the words at steps u, u-1, ..., u-depth of its own sequence,
whose tokens the batch already holds (its token matrix is the ring of the last `depth` steps), so no
state is kept past its chunk. Memory is (depth + 1) x traced words x units.
"""

from __future__ import annotations

import numpy as np
import torch

from services.recording.channels import Channel
from services.recording.trace import TraceStatistics, check_trace

BLOCK_ROWS = 256  # states added for every k at once: 256 x width floats stay in the core's cache
FLUSH_ROWS = 32768  # states added in float32 before the sums move to float64 (error ~1e-5 relative)


class TraceAccumulator:
    """Sums of states by the word k steps earlier, for k = 0..depth and the traced words.

    States come in chunks [n, batch, width] (width = channels * hidden, channels as `channels`)."""

    def __init__(
        self,
        word_ids: np.ndarray,
        vocab_size: int,
        depth: int,
        channels: list[Channel],
        hidden_size: int,
        device: str | torch.device = "cpu",
    ) -> None:
        """word_ids [T]: the traced vocabulary ids (the recording's quantile words)."""
        self.depth, self.channels, self.hidden_size = check_trace(depth), channels, hidden_size
        self.word_ids = np.asarray(word_ids, dtype=np.int64)
        self.device = torch.device(device)
        traced, width, lags = len(self.word_ids), len(channels) * hidden_size, depth + 1
        row = np.full(vocab_size, traced, dtype=np.int64)  # untraced words go to a dump row, never read
        row[self.word_ids] = np.arange(traced)
        self._row = torch.from_numpy(row).to(self.device)
        self._rows = traced + 1  # per k: the traced words and the dump row
        self.sum = torch.zeros(lags, traced, width, dtype=torch.float64, device=self.device)
        self.count = torch.zeros(lags, traced, dtype=torch.int64, device=self.device)
        # by position in the sequence: 0 .. depth-1, and depth for every later step
        self.position_sum = torch.zeros(lags, width, dtype=torch.float64, device=self.device)
        self.position_count = torch.zeros(lags, dtype=torch.int64, device=self.device)
        # float32 sums of the last few chunks: index_add of float32 is twice as fast; moved to float64
        # every FLUSH_ROWS states so that rounding stays at float32's over those rows only
        self._sum32 = torch.zeros(lags * self._rows, width, dtype=torch.float32, device=self.device)
        self._count32 = torch.zeros(lags * self._rows, dtype=torch.int64, device=self.device)
        self._position32 = torch.zeros(lags, width, dtype=torch.float32, device=self.device)
        self._pending = 0

    def update(self, states: torch.Tensor, t0: int, tokens_tm: torch.Tensor, valid_tm: torch.Tensor) -> None:
        """states [n, batch, width]: the states of steps t0 .. t0+n-1 (rows past a sequence's end are
        not read); tokens_tm [steps, batch] the batch's tokens and valid_tm [steps, batch] its steps
        within each sequence, time-major."""
        n, batch = states.shape[:2]
        if n == 0:
            return
        flat = valid_tm[t0 : t0 + n].flatten().nonzero().squeeze(1)  # valid (step, sequence) pairs
        values = states.reshape(n * batch, -1).index_select(0, flat)  # [N, width] float32
        at = flat + t0 * batch  # each state's place in the batch's [steps, batch] token matrix
        tokens = tokens_tm.flatten()
        position = torch.div(at, batch, rounding_mode="floor")  # the step u within its sequence
        self._position32.index_add_(0, position.clamp(max=self.depth), values)
        self.position_count.index_add_(0, position.clamp(max=self.depth), torch.ones_like(position))
        rows = []
        for k in range(self.depth + 1):
            earlier = at - k * batch  # step u - k of the same sequence (< 0: before its start)
            row = self._row[tokens[earlier.clamp(min=0)]]
            rows.append(torch.where(earlier >= 0, row, len(self.word_ids)) + k * self._rows)
            self._count32.index_add_(0, rows[-1], torch.ones_like(rows[-1]))
        # A block of states at a time, added for every k while it is in cache: each state is read from
        # memory once, not depth + 1 times (about twice as fast on a 2-core machine for depth 16).
        for start in range(0, len(flat), BLOCK_ROWS):
            block = values[start : start + BLOCK_ROWS]
            for row in rows:
                self._sum32.index_add_(0, row[start : start + BLOCK_ROWS], block)
        self._pending += len(flat)
        if self._pending >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Move the float32 sums into the float64 ones."""
        if not self._pending:
            return
        traced = len(self.word_ids)
        self.sum += self._sum32.view(self.depth + 1, self._rows, -1)[:, :traced]
        self.count += self._count32.view(self.depth + 1, self._rows)[:, :traced]
        self.position_sum += self._position32
        self._sum32.zero_()
        self._count32.zero_()
        self._position32.zero_()
        self._pending = 0

    def merge(self, other: TraceAccumulator) -> TraceAccumulator:
        if not np.array_equal(self.word_ids, other.word_ids) or self.depth != other.depth:
            raise ValueError("traces of different words or depths cannot be merged")
        self.flush()
        other.flush()
        self.sum += other.sum.to(self.device)
        self.count += other.count.to(self.device)
        self.position_sum += other.position_sum.to(self.device)
        self.position_count += other.position_count.to(self.device)
        return self

    def arrays(self) -> dict[str, np.ndarray]:
        """The sums as a shard's partial file keeps them."""
        self.flush()
        return {
            "trace_sum": self.sum.cpu().numpy(),
            "trace_count": self.count.cpu().numpy(),
            "trace_position_sum": self.position_sum.cpu().numpy(),
            "trace_position_count": self.position_count.cpu().numpy(),
        }

    def add_arrays(self, arrays: dict[str, np.ndarray]) -> None:
        """Add a shard's sums (arrays())."""
        if arrays["trace_sum"].shape != tuple(self.sum.shape):
            raise ValueError("a shard's trace was recorded with other words or another depth")
        self.flush()
        self.sum += torch.from_numpy(arrays["trace_sum"]).to(self.device)
        self.count += torch.from_numpy(arrays["trace_count"]).to(self.device)
        self.position_sum += torch.from_numpy(arrays["trace_position_sum"]).to(self.device)
        self.position_count += torch.from_numpy(arrays["trace_position_count"]).to(self.device)

    def result(self) -> TraceStatistics:
        self.flush()
        # E[s_{t+k}] over steps t+k at position >= k: the positions' sums from k on
        after = self.position_sum.flip(0).cumsum(0).flip(0)  # [lags, width]
        after_count = self.position_count.flip(0).cumsum(0).flip(0)
        overall = after / after_count.clamp(min=1).unsqueeze(1).to(torch.float64)
        lags, traced, channels = self.depth + 1, len(self.word_ids), len(self.channels)
        out = torch.empty(channels, traced, lags, self.hidden_size, dtype=torch.float32, device=self.device)
        for k in range(lags):  # one k at a time: [T, width] in cache, no whole-size temporaries
            mean = self.sum[k] / self.count[k].unsqueeze(1)  # nan where a word has no step k later
            out[:, :, k, :] = (mean - overall[k]).view(traced, channels, self.hidden_size).transpose(0, 1)
        counts = self.count.cpu().numpy()
        return TraceStatistics(
            channels=list(self.channels),
            word_ids=self.word_ids.copy(),
            counts=counts.T.copy(),
            trace=out.cpu().numpy(),
            steps=after_count.cpu().numpy(),
        )
