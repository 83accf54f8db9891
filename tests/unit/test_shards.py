"""Sharded recording (SPEC 10) in one process: the shards' partial accumulators, written to disk and
read back, merge into exactly the statistics of one whole recording."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from services.models import build_network
from services.recording import RecordingOptions, ResponseAccumulator, channels_for, open_corpus, record
from services.recording.recorder import new_accumulator
from services.recording.shards import (
    MERGER_LEAD,
    SHUFFLE_BLOCK,
    ShardPlan,
    _shuffle,
    _unshuffle,
    add_partial,
    load_partial,
    plan_shards,
    quantile_plan,
    record_shard,
    save_partial,
    shard_count,
)
from tests.conftest import random_model

# small batches, so that 600 lines make 19 windows of 32 sequences: shards fall on windows
OPTIONS = RecordingOptions(top_words=40, sample_size=12, batch_size=4, chunk_tokens=64, gates=True)


@pytest.fixture
def corpus(tmp_path: Path, shared_data: Path) -> Path:
    path = tmp_path / "ptb.txt"
    path.write_text("".join((shared_data / "ptb.valid.txt").read_text().splitlines(keepends=True)[:600]))
    return path


@pytest.mark.parametrize(
    "cell, shards, mode", [("lstm", 3, "lines"), ("gru", 7, "lines"), ("lstm", 2, "stream")]
)
def test_shards_merge_into_the_whole_recording(
    tmp_path: Path, corpus: Path, ptb_vocab: list[str], cell: str, shards: int, mode: str
) -> None:
    model = random_model(ptb_vocab, cell=cell, layers=2, hidden=8, embedding=6)
    options = replace(OPTIONS, sequence_mode=mode, segment_length=40, trace=3)  # and its trace, SPEC 13
    whole = record(model, corpus, options=options, device="cpu").statistics

    source = open_corpus(model, corpus, "text", options)
    scan = source.scan()
    plan = plan_shards(source, scan.word_counts, scan.num_sequences, shards, options)
    # lines: each shard reads from its first line's byte offset; stream: segments cross lines
    assert all((r.at is not None) == (mode == "lines") for r in plan.ranges)
    assert [r.index for r in plan.ranges] == list(range(shards))
    assert sum(r.num_batches for r in plan.ranges) == math.ceil(scan.num_sequences / 4)  # every batch once
    assert sum(r.tokens for r in plan.ranges) == scan.tokens
    assert all(r.first_sequence % 32 == 0 for r in plan.ranges)  # each reads from a window's start
    assert any(r.skip_batches for r in plan.ranges)  # cut inside windows, at batches
    # even to within a batch or two (one batch here is 4 lines, about 100 tokens), the last (which
    # merges the others in place) longer by MERGER_LEAD of a shard
    tokens = [r.tokens for r in plan.ranges]
    assert max(tokens[:-1]) - min(tokens[:-1]) < 600
    assert abs(tokens[-1] - (1 + MERGER_LEAD) * scan.tokens / (shards + MERGER_LEAD)) < 300
    plan.save(tmp_path / "plan.npz")
    plan = ShardPlan.load(tmp_path / "plan.npz")  # what every shard reads

    network = build_network(model, "cpu")
    sizes = []
    for index in range(shards):  # each shard in a fresh accumulator, as on another worker
        acc = new_accumulator(network, plan.word_counts, quantile_plan(plan, options), options, "cpu")
        record_shard(network, source, plan, index, acc, options)
        save_partial(acc, tmp_path / f"shard-{index}.bin")
        partial = load_partial(tmp_path / f"shard-{index}.bin")
        # compact: only the words this shard saw, only the samples that fell in it
        assert len(partial["word_ids"]) == int((acc.count > 0).sum()) < len(acc.word_ids)
        assert len(partial["slots"]) < acc.samples.shape[0]
        sizes.append(len(partial["slots"]))
    assert sum(sizes) == int(quantile_plan(plan, options).filled.sum())  # every planned sample, once

    merged = new_accumulator(network, plan.word_counts, quantile_plan(plan, options), options, "cpu")
    for index in reversed(range(shards)):  # any order
        add_partial(merged, load_partial(tmp_path / f"shard-{index}.bin"))
    result = merged.result()
    np.testing.assert_array_equal(result.word_ids, whole.word_ids)
    np.testing.assert_array_equal(result.counts, whole.counts)
    np.testing.assert_array_equal(result.quantiles, whole.quantiles)  # identical, not close
    np.testing.assert_allclose(result.mean, whole.mean, rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(result.std, whole.std, rtol=1e-6, atol=1e-12)
    assert result.trace is not None and whole.trace is not None
    np.testing.assert_array_equal(result.trace.counts, whole.trace.counts)
    # states of order 1 summed in float32 between flushes (trace_accumulator.FLUSH_ROWS), in another order
    np.testing.assert_allclose(result.trace.trace, whole.trace.trace, rtol=1e-5, atol=5e-6)


def test_a_partial_round_trips_exactly(tmp_path: Path, corpus: Path, ptb_vocab: list[str]) -> None:
    model = random_model(ptb_vocab, cell="lstm", layers=1, hidden=5, embedding=4)
    source = open_corpus(model, corpus, "text", OPTIONS)
    scan = source.scan()
    plan = plan_shards(source, scan.word_counts, scan.num_sequences, 2, OPTIONS)
    network = build_network(model, "cpu")
    acc = ResponseAccumulator(
        plan.word_counts, channels_for(network, OPTIONS.gates), 5, quantile_plan(plan, OPTIONS)
    )
    record_shard(network, source, plan, 1, acc, OPTIONS)
    save_partial(acc, tmp_path / "p.bin")
    partial = load_partial(tmp_path / "p.bin")
    rows = np.flatnonzero(acc.count.numpy() > 0)
    np.testing.assert_array_equal(partial["word_ids"], acc.word_ids[rows])
    np.testing.assert_array_equal(partial["sum"], acc.sum.numpy()[rows])
    np.testing.assert_array_equal(partial["sumsq"], acc.sumsq.numpy()[rows])
    np.testing.assert_array_equal(partial["samples"], acc.samples.numpy()[partial["slots"]])
    assert (tmp_path / "p.bin").stat().st_size < 0.9 * (acc.sum.numpy()[rows].nbytes * 2)


def test_shard_count() -> None:
    options = RecordingOptions(batch_size=512)
    assert shard_count(5_000_000, 200_000, None, 2_000_000, options) == 3  # one per 2M tokens
    assert shard_count(5_000_000, 200_000, 4, 2_000_000, options) == 4  # as asked
    assert shard_count(5_000_000, 200_000, 1, 2_000_000, options) == 1
    assert shard_count(1_000_000, 5_000, 16, 2_000_000, options) == 10  # 5,000 sequences: 10 batches
    assert shard_count(10**10, 10**9, None, 1, options) == 256  # at most 256


@pytest.mark.parametrize(
    "fmt, lines",
    [
        ("text", ["\ufeffthe cat sat\r\n", "\n", "a dog ran\n", "   \n", "the end\r\n", "cat dog\n"]),
        ("labeled", ["pos\tthe cat\n", "\n", "neg\ta dog\r\n", "pos\tthe end\n", "neg\t{cat}\n"]),
        (
            "labeled",
            [
                '{"text": "the cat", "label": 1}\n',
                "\n",
                '{"text": "a dog", "label": 0}\n',
                '{"text": "end", "label": 1}\n',
            ],
        ),
    ],
)
def test_a_corpus_read_from_a_line_gives_the_rest_of_its_sequences(
    tmp_path: Path, ptb_vocab: list[str], fmt: str, lines: list[str]
) -> None:
    """A shard reads from its first line's byte offset: the same sequences as reading from the start
    (blank lines, CRLF, a byte order mark; TSV and JSONL, whose kind the first line decides)."""
    path = tmp_path / "corpus.txt"
    path.write_bytes("".join(lines).encode())
    model = random_model(ptb_vocab, layers=1, hidden=4, embedding=4)
    source = open_corpus(model, path, fmt, RecordingOptions())
    whole = list(source)
    assert len(whole) >= 3
    for k, seq in enumerate(whole):
        assert seq.at is not None
        rest = list(source.starting_at(seq.at))
        assert [(s.ids.tolist(), s.label) for s in rest] == [(s.ids.tolist(), s.label) for s in whole[k:]]


@pytest.mark.parametrize("size", [0, 1, 5, SHUFFLE_BLOCK - 1, SHUFFLE_BLOCK, 3 * SHUFFLE_BLOCK + 17])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.bool_])
def test_byte_shuffle_round_trips(size: int, dtype: type) -> None:
    values = (np.random.default_rng(size).standard_normal(size) * 100).astype(dtype)
    shuffled = _shuffle(values)
    if np.dtype(dtype).itemsize > 1 and size > 1:
        assert not np.array_equal(shuffled, values.view(np.uint8))  # the bytes did move
    np.testing.assert_array_equal(_unshuffle(shuffled.tobytes(), np.dtype(dtype), values.shape), values)


@pytest.mark.parametrize("model_type", ["mamba2", "rwkv"])
def test_a_spec11_model_in_shards_merges_into_the_whole(
    tmp_path: Path, corpus: Path, ptb_vocab: list[str], model_type: str
) -> None:
    """SPEC 11 models shard as the RNNs do: their channels (here at two lags) merge exactly."""
    from services.models.modern.folder import read_folder
    from services.recording.recorder import recorded_channels, recording_network
    from tests.modern_folders import folder_files, save_folder, tiny_model

    folder = save_folder(tiny_model(model_type, vocab_size=len(ptb_vocab)), tmp_path / model_type, ptb_vocab)
    model = read_folder(folder_files(folder))
    options = replace(OPTIONS, gates=False, lags=(0, 2))
    whole = record(model, corpus, options=options, device="cpu").statistics
    source = open_corpus(model, corpus, "text", options)
    scan = source.scan()
    plan = plan_shards(source, scan.word_counts, scan.num_sequences, 3, options)
    network = recording_network(model, "cpu")
    channels = recorded_channels(network, options)
    units = model.spec.hidden_size
    merged = ResponseAccumulator(plan.word_counts, channels, units, quantile_plan(plan, options))
    for index in range(3):
        acc = ResponseAccumulator(plan.word_counts, channels, units, quantile_plan(plan, options))
        record_shard(network, source, plan, index, acc, options)
        save_partial(acc, tmp_path / f"shard-{index}.bin")
        add_partial(merged, load_partial(tmp_path / f"shard-{index}.bin"))
    result = merged.result()
    assert [str(c) for c in result.channels][:4] == [f"0/{s}" for s in model.spec.state_names] + [
        f"0/{s}@2" for s in model.spec.state_names
    ]
    np.testing.assert_array_equal(result.counts, whole.counts)
    np.testing.assert_array_equal(result.quantiles, whole.quantiles)
    np.testing.assert_allclose(result.mean, whole.mean, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(result.std, whole.std, rtol=1e-6, atol=1e-9)
