"""Recording a corpus in shards (SPEC 10): contiguous ranges of sequences recorded apart, on any
worker, and merged into exactly the statistics of one whole recording.

Why the results are identical, not merely close:
- the counting pass fixes the quantile plan from the whole corpus and each shard's occurrence offsets
  (every word's occurrences before the shard), so a shard keeps exactly the planned samples;
- shard boundaries fall on the recorder's batching windows (batch_size x WINDOW_BATCHES sequences),
  so every sequence is run in the very batch it is run in by one whole recording, and its responses
  are the same floats; counts and samples (so quantiles) are then identical, and sums differ only by
  the order of float64 additions (far below SPEC 10's 1e-6).

A shard's partial accumulator keeps only the rows of words it saw and the samples that fell in it,
and is written compressed (see save_partial).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np
import torch

from services.corpora.encoding import Sequence, SequenceSource
from services.corpora.reading import RecordStart
from services.models.network import RNNModel
from services.recording.recorder import (
    WINDOW_BATCHES,
    ProgressCallback,
    RecordingOptions,
    StopCheck,
    record_into,
)
from services.recording.sampling import QuantilePlan
from services.recording.statistics import ResponseAccumulator

MAX_SHARDS = 256


@dataclass(frozen=True)
class ShardRange:
    """Sequences [first_sequence, first_sequence + num_sequences) of the corpus, in corpus order.

    at: where the first sequence's line starts in the file (lines mode), so the shard reads from
    there; None (stream mode) reads and drops the text before it."""

    index: int
    first_sequence: int
    num_sequences: int
    tokens: int
    at: RecordStart | None = None


@dataclass
class ShardPlan:
    """What the counting pass fixes for a sharded recording; saved with save() for every shard to read.

    word_counts [V]: the whole corpus's; offsets [S, V]: each word's occurrences before each shard."""

    word_counts: np.ndarray
    ranges: list[ShardRange]
    offsets: np.ndarray

    def save(self, path: Path) -> None:
        # per range: first sequence, sequences, tokens, and its start (byte, line, jsonl; -1: none)
        table = np.asarray(
            [[r.first_sequence, r.num_sequences, r.tokens, *_start_columns(r.at)] for r in self.ranges],
            np.int64,
        )
        np.savez_compressed(path, word_counts=self.word_counts, ranges=table, offsets=self.offsets)

    @classmethod
    def load(cls, path: Path) -> ShardPlan:
        with np.load(path, allow_pickle=False) as data:
            ranges = [
                ShardRange(i, int(row[0]), int(row[1]), int(row[2]), _start_of(row[3:]))
                for i, row in enumerate(data["ranges"])
            ]
            return cls(data["word_counts"], ranges, data["offsets"])


def _start_columns(at: RecordStart | None) -> list[int]:
    if at is None:
        return [-1, -1, -1]
    return [at.offset, at.line, -1 if at.jsonl is None else int(at.jsonl)]


def _start_of(columns: np.ndarray) -> RecordStart | None:
    offset, line, jsonl = (int(v) for v in columns)
    return None if offset < 0 else RecordStart(offset, line, None if jsonl < 0 else bool(jsonl))


def window_sequences(options: RecordingOptions) -> int:
    """Sequences per batching window: shard boundaries fall on multiples of it."""
    return options.batch_size * WINDOW_BATCHES


def shard_count(
    tokens: int, num_sequences: int, requested: int | None, shard_tokens: int, options: RecordingOptions
) -> int:
    """How many shards: `requested` (1..256), or automatic (one per shard_tokens tokens), never more
    than the corpus has batching windows (a shard is whole windows)."""
    wanted = requested if requested is not None else math.ceil(tokens / max(shard_tokens, 1))
    windows = math.ceil(num_sequences / window_sequences(options))
    return max(1, min(wanted, windows, MAX_SHARDS))


def plan_shards(
    source: SequenceSource,
    scan_counts: np.ndarray,
    num_sequences: int,
    shards: int,
    options: RecordingOptions,
) -> ShardPlan:
    """Second counting pass: cut the corpus into `shards` ranges of whole windows with about the same
    number of tokens each, and count every word's occurrences before each range.

    scan_counts [V], num_sequences: what the first pass (SequenceSource.scan) counted."""
    word_counts = scan_counts
    total = int(word_counts.sum())
    window = window_sequences(options)
    windows_in_all = math.ceil(num_sequences / window)
    offsets = np.zeros((shards, len(word_counts)), dtype=np.int64)
    counts = np.zeros(len(word_counts), dtype=np.int64)
    ranges: list[ShardRange] = []
    start_seq = start_tokens = tokens = sequences = 0
    start_at: RecordStart | None = None
    pending: list[np.ndarray] = []
    for windowful in _windows(iter(source), window):
        if sequences == start_seq:  # the first window of a range: where the range starts
            start_at = windowful[0].at
        pending.extend(seq.ids for seq in windowful)
        sequences += len(windowful)
        tokens += sum(len(seq.ids) for seq in windowful)
        target = total * (len(ranges) + 1) / shards
        windows_left = windows_in_all - math.ceil(sequences / window)
        to_open = shards - len(ranges) - 1  # ranges still to start after a cut here
        if 0 < to_open <= windows_left and (tokens >= target or windows_left == to_open):
            counts += np.bincount(np.concatenate(pending), minlength=len(counts))
            pending = []
            ranges.append(
                ShardRange(len(ranges), start_seq, sequences - start_seq, tokens - start_tokens, start_at)
            )
            offsets[len(ranges)] = counts
            start_seq, start_tokens = sequences, tokens
        elif sum(len(p) for p in pending) >= 1 << 16:
            counts += np.bincount(np.concatenate(pending), minlength=len(counts))
            pending = []
    ranges.append(ShardRange(len(ranges), start_seq, sequences - start_seq, tokens - start_tokens, start_at))
    if len(ranges) != shards:  # fewer windows than shards: shard_count prevents it
        raise ValueError(f"the corpus has too few sequences for {shards} shards")
    return ShardPlan(word_counts, ranges, offsets)


def _windows(sequences: Iterator[Sequence], size: int) -> Iterator[list[Sequence]]:
    while batch := list(islice(sequences, size)):
        yield batch


def shard_sequences(source: SequenceSource, shard: ShardRange) -> Iterator[Sequence]:
    """The shard's sequences: read from where its first line starts (lines mode), else by reading and
    dropping the text before them (stream mode: a segment can start inside a line)."""
    if shard.at is not None:
        return islice(iter(source.starting_at(shard.at)), shard.num_sequences)
    return islice(iter(source), shard.first_sequence, shard.first_sequence + shard.num_sequences)


def record_shard(
    network: RNNModel,
    source: SequenceSource,
    plan: ShardPlan,
    index: int,
    accumulator: ResponseAccumulator,
    options: RecordingOptions,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> int:
    """Record one shard into an accumulator made for the whole corpus (quantile_plan(plan, options))."""
    shard = plan.ranges[index]
    return record_into(
        network,
        shard_sequences(source, shard),
        accumulator.plan,
        accumulator,
        options,
        occurrence_offset=plan.offsets[index],
        total_tokens=shard.tokens,
        progress=progress,
        should_stop=should_stop,
    )


def quantile_plan(plan: ShardPlan, options: RecordingOptions) -> QuantilePlan:
    return QuantilePlan(plan.word_counts, options.top_words, options.sample_size, options.seed)


# A partial accumulator on disk: float64 sums are byte-shuffled before zlib (as blosc's shuffle
# filter does), so the similar high bytes of neighbouring values sit together and compress.
_ZLIB_LEVEL = 1  # level 1 compresses these arrays almost as well as 6, several times faster


def save_partial(accumulator: ResponseAccumulator, path: Path) -> None:
    """The rows of words this shard saw and the samples that fell in it, compressed."""
    rows = torch.nonzero(accumulator.count > 0).squeeze(1)
    slots = torch.nonzero(accumulator.filled).squeeze(1)
    arrays = {
        "word_ids": accumulator.word_ids[rows.cpu().numpy()],
        "count": accumulator.count.index_select(0, rows).cpu().numpy(),
        "sum": accumulator.sum.index_select(0, rows).cpu().numpy(),
        "sumsq": accumulator.sumsq.index_select(0, rows).cpu().numpy(),
        "slots": slots.cpu().numpy(),
        "samples": accumulator.samples.index_select(0, slots).cpu().numpy(),
    }
    with path.open("wb") as out:
        for name, values in arrays.items():
            header = f"{name} {values.dtype.str} {' '.join(map(str, values.shape))}\n".encode()
            body = zlib.compress(_shuffle(values), _ZLIB_LEVEL)
            out.write(len(header).to_bytes(4, "little") + header + len(body).to_bytes(8, "little"))
            out.write(body)


def load_partial(path: Path) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    with path.open("rb") as f:
        while head := f.read(4):
            name, dtype, *shape = f.read(int.from_bytes(head, "little")).decode().split()
            body = zlib.decompress(f.read(int.from_bytes(f.read(8), "little")))
            arrays[name] = _unshuffle(body, np.dtype(dtype), tuple(int(n) for n in shape))
    return arrays


def add_partial(accumulator: ResponseAccumulator, partial: dict[str, np.ndarray]) -> None:
    """Add one shard's partial accumulator into the whole corpus's."""
    rows = np.searchsorted(accumulator.word_ids, partial["word_ids"])
    if len(rows) and (
        rows.max() >= len(accumulator.word_ids)
        or not np.array_equal(accumulator.word_ids[rows], partial["word_ids"])
    ):
        raise ValueError("a shard's words are not the corpus's: the shard was recorded under another plan")
    index = torch.from_numpy(rows).to(accumulator.device)
    accumulator.count.index_add_(0, index, torch.from_numpy(partial["count"]).to(accumulator.device))
    accumulator.sum.index_add_(0, index, torch.from_numpy(partial["sum"]).to(accumulator.device))
    accumulator.sumsq.index_add_(0, index, torch.from_numpy(partial["sumsq"]).to(accumulator.device))
    slots = torch.from_numpy(partial["slots"]).to(accumulator.device)
    accumulator.samples.index_copy_(0, slots, torch.from_numpy(partial["samples"]).to(accumulator.device))
    accumulator.filled[slots] = True


def _shuffle(values: np.ndarray) -> bytes:
    data = np.ascontiguousarray(values)
    if data.dtype.itemsize == 1 or data.size == 0:
        return data.tobytes()
    return np.ascontiguousarray(data.view(np.uint8).reshape(-1, data.dtype.itemsize).T).tobytes()


def _unshuffle(body: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    raw = np.frombuffer(body, dtype=np.uint8)
    if dtype.itemsize > 1 and raw.size:
        raw = np.ascontiguousarray(raw.reshape(dtype.itemsize, -1).T)
    return raw.view(dtype).reshape(shape).copy()
