"""Recording a corpus in shards (SPEC 10): contiguous runs of the recorder's batches recorded apart,
on any worker, and merged into exactly the statistics of one whole recording.

Why the results are identical, not merely close:
- the counting pass fixes the quantile plan from the whole corpus and each shard's occurrence offsets
  (every word's occurrences before the batching window it starts in), so a shard keeps exactly the
  planned samples;
- a shard is a run of the very batches one whole recording forms (windows of batch_size x
  WINDOW_BATCHES sequences, sorted by length, cut into batches): it reads from the start of the window
  its first batch is in and records only its own batches, so every sequence runs in the same batch and
  its responses are the same floats. Counts and samples (so quantiles) are then identical, and sums
  differ only by the order of float64 additions (far below SPEC 10's 1e-6).

A shard's partial accumulator keeps only the rows of words it saw and the samples that fell in it,
and is written compressed (see save_partial).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np
import torch
import zstandard

from services.corpora.encoding import Sequence, SequenceSource
from services.corpora.reading import RecordStart
from services.errors import UserError
from services.models.batching import WINDOW_BATCHES, longest_first, windows
from services.recording.accumulator import ResponseAccumulator
from services.recording.recorder import (
    Network,
    ProgressCallback,
    RecordingOptions,
    StopCheck,
    record_into,
)
from services.recording.sampling import QuantilePlan

MAX_SHARDS = 256
# The last shard is planned longer by this share of a shard: its worker merges the others' partials in
# place (services/jobs/sharded_recording/), and they write and store theirs (and it fetches them) while it
# still records. Measured with benchmarks/scaling.py (2 x 650 LSTM, 1.1M tokens, 2 shards on two
# workers): a partial written, stored and fetched takes about 0.15 of a 550k-token shard's recording
# here, and 0.22 left the last shard waiting 0 s (0.15: 2.7 s, and a fetch after it). On longer
# shards or faster stores the lead costs that share of one shard and gains less.
MERGER_LEAD = 0.22


@dataclass(frozen=True)
class ShardRange:
    """Batches [skip_batches, skip_batches + num_batches) of the batches formed from sequence
    first_sequence on (the start of a batching window), in the whole recording's order.

    at: where that first sequence's line starts in the file (lines mode), so the shard reads from
    there; None (stream mode) reads and drops the text before it. tokens: the tokens it records."""

    index: int
    first_sequence: int
    skip_batches: int
    num_batches: int
    tokens: int
    at: RecordStart | None = None


@dataclass
class ShardPlan:
    """What the counting pass fixes for a sharded recording; saved with save() for every shard to read.

    word_counts [V]: the whole corpus's; offsets [S, V]: each word's occurrences before the window
    each shard starts reading at."""

    word_counts: np.ndarray
    ranges: list[ShardRange]
    offsets: np.ndarray

    def save(self, path: Path) -> None:
        # per range: its batches, tokens, and its start in the file (byte, line, jsonl; -1: none)
        table = np.asarray(
            [
                [r.first_sequence, r.skip_batches, r.num_batches, r.tokens, *_start_columns(r.at)]
                for r in self.ranges
            ],
            np.int64,
        )
        np.savez_compressed(path, word_counts=self.word_counts, ranges=table, offsets=self.offsets)

    @classmethod
    def load(cls, path: Path) -> ShardPlan:
        with np.load(path, allow_pickle=False) as data:
            ranges = [
                ShardRange(i, int(row[0]), int(row[1]), int(row[2]), int(row[3]), _start_of(row[4:]))
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


def shard_count(
    tokens: int, num_sequences: int, requested: int | None, shard_tokens: int, options: RecordingOptions
) -> int:
    """How many shards: `requested` (1..256), or automatic (one per shard_tokens tokens), never more
    than the recording has batches (a shard is whole batches)."""
    wanted = requested if requested is not None else math.ceil(tokens / max(shard_tokens, 1))
    batches = math.ceil(num_sequences / options.batch_size)  # windows hold whole batches but the last
    return max(1, min(wanted, batches, MAX_SHARDS))


@dataclass
class _Start:
    first_sequence: int
    skip_batches: int
    batch: int  # its first batch's number in the whole recording
    at: RecordStart | None


def plan_shards(
    source: SequenceSource,
    scan_counts: np.ndarray,
    num_sequences: int,
    shards: int,
    options: RecordingOptions,
) -> ShardPlan:
    """Second counting pass: cut the recording's batches into `shards` runs of about the same number
    of tokens, the last longer by MERGER_LEAD (each cut at the batch boundary nearest its target),
    and count every word's occurrences before the window each run starts in.

    scan_counts [V], num_sequences: what the first pass (SequenceSource.scan) counted."""
    total = int(scan_counts.sum())
    batches_in_all = math.ceil(num_sequences / options.batch_size)
    offsets = np.zeros((shards, len(scan_counts)), dtype=np.int64)
    counts = np.zeros(len(scan_counts), dtype=np.int64)  # before the current window
    starts: list[_Start] = []
    tokens_of: list[int] = []  # tokens of each shard, the last one growing
    done = batch = sequence = 0
    for window in windows(source, options.batch_size * WINDOW_BATCHES):
        batches = longest_first(window, options.batch_size, lambda seq: len(seq.ids))
        for skip, size in enumerate(sum(len(seq.ids) for seq in batch) for batch in batches):
            if not starts:
                starts.append(_Start(0, 0, 0, window[0].at))
                tokens_of.append(0)
            target = total * len(starts) / (shards + MERGER_LEAD)
            shards_to_open, batches_left = shards - len(starts), batches_in_all - batch
            cut = shards_to_open > 0 and (
                batches_left == shards_to_open  # every shard left needs a batch
                or (tokens_of[-1] > 0 and (done >= target or target - done < done + size - target))
            )
            if cut:
                offsets[len(starts)] = counts
                starts.append(_Start(sequence, skip, batch, window[0].at))
                tokens_of.append(0)
            tokens_of[-1] += size
            done += size
            batch += 1
        counts += np.bincount(np.concatenate([seq.ids for seq in window]), minlength=len(counts))
        sequence += len(window)
    if len(starts) != shards:  # shard_count keeps shards at most the batches
        raise UserError(f"the corpus has too few sequences for {shards} shards")
    ends = [s.batch for s in starts[1:]] + [batch]
    ranges = [
        ShardRange(i, s.first_sequence, s.skip_batches, end - s.batch, tokens_of[i], s.at)
        for i, (s, end) in enumerate(zip(starts, ends, strict=True))
    ]
    return ShardPlan(scan_counts, ranges, offsets)


def shard_sequences(source: SequenceSource, shard: ShardRange) -> Iterator[Sequence]:
    """The sequences from the shard's first window on: read from where its first line starts (lines
    mode), else by reading and dropping the text before it (stream mode: segments cross lines)."""
    if shard.at is not None:
        return iter(source.starting_at(shard.at))
    return islice(iter(source), shard.first_sequence, None)


def record_shard(
    network: Network,
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
        batches=(shard.skip_batches, shard.num_batches),
        total_tokens=shard.tokens,
        progress=progress,
        should_stop=should_stop,
    )


def quantile_plan(plan: ShardPlan, options: RecordingOptions) -> QuantilePlan:
    return QuantilePlan(plan.word_counts, options.top_words, options.sample_size, options.seed)


# A partial accumulator on disk: each array byte-shuffled (as blosc's shuffle filter does: the similar
# high bytes of neighbouring floats sit together) and compressed with zstd level 1. Measured on a
# 2 x 650 LSTM's partial (655 MB): 0.60 of its size in 1.6 s, read back in 0.8 s; zlib level 1 took
# 14 s for 0.75.
_ZSTD_LEVEL = 1


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
        **({} if accumulator.trace is None else accumulator.trace.arrays()),
    }
    with path.open("wb") as out:
        for name, values in arrays.items():
            header = f"{name} {values.dtype.str} {' '.join(map(str, values.shape))}\n".encode()
            body = zstandard.ZstdCompressor(level=_ZSTD_LEVEL).compress(_shuffle(values).data)
            out.write(len(header).to_bytes(4, "little") + header + len(body).to_bytes(8, "little"))
            out.write(body)


def load_partial(path: Path) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    with path.open("rb") as f:
        while head := f.read(4):
            name, dtype, *shape = f.read(int.from_bytes(head, "little")).decode().split()
            body = zstandard.ZstdDecompressor().decompress(f.read(int.from_bytes(f.read(8), "little")))
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
    if accumulator.trace is not None:
        if "trace_sum" not in partial:
            raise ValueError("a shard was recorded without the trace the recording asks for")
        accumulator.trace.add_arrays(partial)


SHUFFLE_BLOCK = 65536  # values per shuffled block: a block's bytes stay in cache while they move


def _shuffle(values: np.ndarray) -> np.ndarray:
    """The array's bytes with byte k of every value together, block by block ([blocks, itemsize,
    SHUFFLE_BLOCK], then the rest as [itemsize, rest]), contiguous."""
    flat, size = np.ascontiguousarray(values).reshape(-1), values.dtype.itemsize
    if size == 1 or flat.size == 0:
        return flat
    whole = flat.size // SHUFFLE_BLOCK * SHUFFLE_BLOCK
    out = np.empty(flat.size * size, dtype=np.uint8)
    blocks = flat[:whole].view(np.uint8).reshape(-1, SHUFFLE_BLOCK, size).transpose(0, 2, 1)
    out[: whole * size].reshape(-1, size, SHUFFLE_BLOCK)[:] = blocks
    out[whole * size :].reshape(size, -1)[:] = flat[whole:].view(np.uint8).reshape(-1, size).T
    return out


def _unshuffle(body: bytes, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    raw, size = np.frombuffer(body, dtype=np.uint8), dtype.itemsize
    out = np.empty(raw.size, dtype=np.uint8)  # one copy, writable
    if size == 1 or raw.size == 0:
        out[:] = raw
        return out.view(dtype).reshape(shape)
    whole = raw.size // size // SHUFFLE_BLOCK * SHUFFLE_BLOCK * size
    out[:whole].reshape(-1, SHUFFLE_BLOCK, size)[:] = (
        raw[:whole].reshape(-1, size, SHUFFLE_BLOCK).transpose(0, 2, 1)
    )
    out[whole:].reshape(-1, size)[:] = raw[whole:].reshape(size, -1).T
    return out.view(dtype).reshape(shape)
