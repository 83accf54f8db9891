"""SPEC 3: tapped states, responses and their statistics, checked against values computed apart."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch

from services.corpora import SequenceSource, TokenEncoder
from services.errors import Cancelled
from services.models import build_network, check_model
from services.recording import (
    QuantilePlan,
    RecordingOptions,
    ResponseAccumulator,
    channels_for,
    iter_states,
    record,
    record_into,
)
from tests.conftest import random_model
from tests.reference import numpy_states, responses

QUANTILE_PROBS = [0.09, 0.25, 0.50, 0.75, 0.91]


def test_hand_worked_two_unit_rnn(tmp_path: Path) -> None:
    """h_t = tanh(x_t + 0.5 h_{t-1}), with one-hot embeddings of a and b; corpus 'a b a' and 'b'."""
    vocab = ["a", "b"]
    state = {
        "encoder.weight": torch.eye(2),
        "rnn.weight_ih_l0": torch.eye(2),
        "rnn.weight_hh_l0": 0.5 * torch.eye(2),
        "rnn.bias_ih_l0": torch.zeros(2),
        "rnn.bias_hh_l0": torch.zeros(2),
        "decoder.weight": torch.eye(2),
        "decoder.bias": torch.zeros(2),
    }
    model = check_model(state, vocab, {})
    (tmp_path / "c.txt").write_text("a b a\nb\n")
    stats = record(
        model, tmp_path / "c.txt", options=RecordingOptions(sample_size=8), device="cpu"
    ).statistics
    t = math.tanh
    h1 = [t(1), 0.0]  # "a"
    h2 = [t(0.5 * h1[0]), t(1)]  # "b"
    h3 = [t(1 + 0.5 * h2[0]), t(0.5 * h2[1])]  # "a"
    a_responses = np.array([h1, np.subtract(h3, h2)])  # both occurrences of "a"
    b_responses = np.array([np.subtract(h2, h1), [0.0, t(1)]])  # "b" twice; the second starts from zero
    assert stats.word_ids.tolist() == [0, 1] and stats.counts.tolist() == [2, 2]
    np.testing.assert_allclose(stats.mean[0], [a_responses.mean(0), b_responses.mean(0)], atol=1e-6)
    np.testing.assert_allclose(stats.std[0], [a_responses.std(0), b_responses.std(0)], atol=1e-6)
    expected_q = np.quantile(a_responses, QUANTILE_PROBS, axis=0)
    np.testing.assert_allclose(stats.quantiles[0, 0], expected_q, atol=1e-6)


@pytest.mark.parametrize(
    ("cell", "layers"), [("lstm", 1), ("lstm", 3), ("gru", 2), ("rnn_tanh", 2), ("rnn_relu", 1)]
)
def test_tapped_states_equal_torch_and_numpy(cell: str, layers: int) -> None:
    vocab = [f"w{i}" for i in range(20)]
    model = random_model(vocab, cell=cell, layers=layers, hidden=6, embedding=4, seed=layers, scale=2.0)
    if cell == "rnn_relu":
        model = check_model(model.state_dict, vocab, {"cell": "rnn_relu"})
    network = build_network(model)
    ids = torch.randint(0, 20, (3, 11), generator=torch.Generator().manual_seed(1))
    chunks = [s[1:].clone() for _, s in iter_states(network, ids, chunk_steps=4)]  # the buffer is reused
    states = torch.cat(chunks, dim=0).transpose(0, 1)  # [B, T, L, S, H]
    with torch.no_grad():
        top, _ = network(ids)  # torch.nn's own multi-layer output
    torch.testing.assert_close(states[:, :, -1, 0], top, atol=1e-5, rtol=1e-5)
    for b in range(3):
        ref = numpy_states(model, ids[b].tolist())
        for layer in range(layers):
            for s, name in enumerate(model.spec.state_names):
                np.testing.assert_allclose(states[b, :, layer, s].numpy(), ref[(layer, name)], atol=1e-5)


def _reference_statistics(model, corpus: Path, gates: bool) -> dict:
    """Per (layer, state): {word: [n, H] responses} from the numpy cells, one sequence at a time."""
    enc = TokenEncoder(model.vocab)
    per: dict = {}
    for seq in SequenceSource(corpus, enc):
        ref = numpy_states(model, seq.ids.tolist())
        for (layer, name), values in ref.items():
            if name.startswith("gate_") and not gates:
                continue
            r = responses(values, name.startswith("gate_"))
            for t, word in enumerate(seq.ids.tolist()):
                per.setdefault((layer, name), {}).setdefault(word, []).append(r[t])
    return per


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_statistics_match_numpy_on_real_text(
    tmp_path: Path, ptb_vocab: list[str], shared_data: Path, cell: str
) -> None:
    corpus = tmp_path / "ptb.txt"
    corpus.write_text("".join((shared_data / "ptb.valid.txt").read_text().splitlines(keepends=True)[:60]))
    model = random_model(ptb_vocab, cell=cell, layers=2, hidden=8, embedding=6, scale=1.5)
    options = RecordingOptions(top_words=40, sample_size=10_000, gates=True, batch_size=7)
    stats = record(model, corpus, options=options, device="cpu").statistics
    reference = _reference_statistics(model, corpus, gates=True)
    assert {(c.layer, c.state) for c in stats.channels} == set(reference)
    for ch, channel in enumerate(stats.channels):
        words = reference[(channel.layer, channel.state)]
        for row, word in enumerate(stats.word_ids[:60]):
            values = np.array(words[int(word)])
            assert stats.counts[row] == len(values)
            np.testing.assert_allclose(stats.mean[ch, row], values.mean(0), atol=2e-6)
            np.testing.assert_allclose(stats.std[ch, row], values.std(0), atol=2e-5)
        for q, word in enumerate(stats.quantile_word_ids):
            values = np.array(words[int(word)])
            np.testing.assert_allclose(
                stats.quantiles[ch, q], np.quantile(values, QUANTILE_PROBS, axis=0), atol=2e-6
            )


def test_top_words_are_most_frequent_and_quantiles_sampled_when_frequent(
    tmp_path: Path, ptb_vocab, shared_data
) -> None:
    corpus = tmp_path / "ptb.txt"
    corpus.write_text("".join((shared_data / "ptb.valid.txt").read_text().splitlines(keepends=True)[:300]))
    model = random_model(ptb_vocab, cell="gru", layers=1, hidden=4, embedding=4)
    options = RecordingOptions(top_words=5, sample_size=50, seed=3)
    stats = record(model, corpus, options=options, device="cpu").statistics
    assert stats.quantile_word_ids.tolist() == stats.word_ids[:5].tolist()
    assert stats.counts[0] > 50  # "the" or <eos>: sampled, not exact
    reference = _reference_statistics(model, corpus, gates=False)[(0, "h")]
    all_values = np.array(reference[int(stats.word_ids[0])])
    # sampled quantiles lie within the word's range and near the exact ones
    assert (stats.quantiles[0, 0] >= all_values.min(0) - 1e-6).all()
    exact = np.quantile(all_values, QUANTILE_PROBS, axis=0)
    assert np.abs(stats.quantiles[0, 0] - exact).max() < 0.25 * (all_values.max(0) - all_values.min(0)).max()
    again = record(model, corpus, options=options, device="cpu").statistics
    np.testing.assert_array_equal(stats.quantiles, again.quantiles)  # seeded: repeatable


def test_results_do_not_depend_on_batch_size(tmp_path: Path, ptb_vocab, shared_data) -> None:
    corpus = tmp_path / "ptb.txt"
    corpus.write_text("".join((shared_data / "ptb.valid.txt").read_text().splitlines(keepends=True)[:200]))
    model = random_model(ptb_vocab, cell="lstm", layers=2, hidden=8, embedding=6)
    results = [
        record(
            model,
            corpus,
            options=RecordingOptions(batch_size=b, chunk_tokens=c, sample_size=16),
            device="cpu",
        )
        for b, c in ((1, 5), (13, 64), (256, 16384))
    ]
    for other in results[1:]:
        np.testing.assert_allclose(other.statistics.mean, results[0].statistics.mean, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(other.statistics.std, results[0].statistics.std, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(
            other.statistics.quantiles, results[0].statistics.quantiles, rtol=1e-5, atol=1e-6
        )


def test_parts_recorded_apart_merge_into_the_whole(tmp_path: Path, ptb_vocab, shared_data) -> None:
    lines = (shared_data / "ptb.valid.txt").read_text().splitlines(keepends=True)[:240]
    whole, first, second = tmp_path / "whole.txt", tmp_path / "a.txt", tmp_path / "b.txt"
    whole.write_text("".join(lines))
    first.write_text("".join(lines[:100]))
    second.write_text("".join(lines[100:]))
    model = random_model(ptb_vocab, cell="gru", layers=2, hidden=8, embedding=6)
    options = RecordingOptions(top_words=30, sample_size=20, batch_size=32)
    expected = record(model, whole, options=options, device="cpu").statistics

    enc = TokenEncoder(model.vocab)
    counts_whole = SequenceSource(whole, enc).scan().word_counts
    counts_first = SequenceSource(first, enc).scan().word_counts
    plan = QuantilePlan(counts_whole, options.top_words, options.sample_size, options.seed)
    network = build_network(model)
    parts = []
    for path, offset in ((first, None), (second, counts_first)):
        acc = ResponseAccumulator(counts_whole, channels_for(network, False), 8, plan)
        record_into(network, SequenceSource(path, enc), plan, acc, options, occurrence_offset=offset)
        parts.append(acc)
    merged = parts[0].merge(parts[1]).result()
    np.testing.assert_array_equal(merged.counts, expected.counts)
    np.testing.assert_allclose(merged.mean, expected.mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(merged.std, expected.std, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(merged.quantiles, expected.quantiles, rtol=1e-5, atol=1e-6)


def test_memory_does_not_grow_with_the_corpus(tmp_path: Path, ptb_vocab, shared_data) -> None:
    text = (shared_data / "ptb.valid.txt").read_text()
    small, large = tmp_path / "s.txt", tmp_path / "l.txt"
    small.write_text(text)
    large.write_text(text * 3)
    model = random_model(ptb_vocab, cell="gru", layers=1, hidden=4, embedding=4)
    sizes = []
    for path in (small, large):
        counts = SequenceSource(path, TokenEncoder(model.vocab)).scan().word_counts
        acc = ResponseAccumulator(counts, channels_for(build_network(model), False), 4, QuantilePlan(counts))
        sizes.append(sum(t.numel() * t.element_size() for t in (acc.count, acc.sum, acc.sumsq, acc.samples)))
    assert sizes[0] == sizes[1]


def test_progress_and_stop(tmp_path: Path, ptb_vocab, shared_data) -> None:
    model = random_model(ptb_vocab, cell="gru", layers=1, hidden=4, embedding=4)
    seen: list[tuple[int, int]] = []
    options = RecordingOptions(batch_size=64, max_tokens=20_000)
    result = record(
        model,
        shared_data / "ptb.valid.txt",
        options=options,
        device="cpu",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert len(seen) > 3 and seen[-1] == (result.tokens, result.tokens) and result.tokens <= 20_000
    assert all(a[0] < b[0] for a, b in zip(seen, seen[1:], strict=False))
    calls = []
    with pytest.raises(Cancelled):
        record(
            model,
            shared_data / "ptb.valid.txt",
            options=options,
            device="cpu",
            should_stop=lambda: len(calls) > 2 or bool(calls.append(1)),
        )


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device on this machine")
def test_cuda_matches_cpu(tmp_path: Path, ptb_vocab, shared_data) -> None:
    model = random_model(ptb_vocab, cell="lstm", layers=2, hidden=32, embedding=16)
    options = RecordingOptions(max_tokens=5000, gates=True)
    cpu = record(model, shared_data / "ptb.valid.txt", options=options, device="cpu").statistics
    gpu = record(model, shared_data / "ptb.valid.txt", options=options, device="cuda").statistics
    np.testing.assert_allclose(gpu.mean, cpu.mean, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(gpu.quantiles, cpu.quantiles, rtol=1e-4, atol=1e-5)
