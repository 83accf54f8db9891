"""SPEC 13's trace: E[s_{t+k} | x_t = w] - E[s_{t+k}] and half-lives, on a hand-built rnn_relu whose
states have a closed form, checked against sums taken over the corpus by plain numpy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from services.errors import UserError
from services.models import check_model
from services.recording import RecordingOptions, record
from services.recording.trace import chip_half_life, unit_curves

FILLERS = [f"f{i}" for i in range(20)]
VOCAB = ["w", *FILLERS]
KEEPS = (1.0, 0.4, 0.8)  # unit u: h = relu(KEEPS[u] * h + [x = w]): counts w, decays by 0.4, by 0.8
DEPTH = 16


def hand_built_model():
    """One-hot embeddings; each unit adds 1 when it reads w and keeps KEEPS[u] of its value."""
    size = len(VOCAB)
    weight_ih = torch.zeros(len(KEEPS), size)
    weight_ih[:, 0] = 1.0
    state = {
        "encoder.weight": torch.eye(size),
        "rnn.weight_ih_l0": weight_ih,
        "rnn.weight_hh_l0": torch.diag(torch.tensor(KEEPS)),
        "rnn.bias_ih_l0": torch.zeros(len(KEEPS)),
        "rnn.bias_hh_l0": torch.zeros(len(KEEPS)),
        "decoder.weight": torch.zeros(size, len(KEEPS)),
        "decoder.bias": torch.zeros(size),
    }
    return check_model(state, VOCAB, {"cell": "rnn_relu"})


def corpus(seed: int = 0, lines: int = 30) -> list[list[int]]:
    """Lines of 300..900 fillers with w once, at a random place: w is rare, so E[s] stays small."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(lines):
        ids = rng.integers(1, len(VOCAB), size=int(rng.integers(300, 900))).tolist()
        ids[int(rng.integers(0, len(ids)))] = 0
        out.append(ids)
    return out


def closed_form_states(ids: list[int]) -> np.ndarray:
    """[T, units]: s_t = keep * s_{t-1} + [x_t = w] from s_{-1} = 0 (ReLU never cuts: all >= 0)."""
    states, s = np.zeros((len(ids), len(KEEPS))), np.zeros(len(KEEPS))
    for t, word in enumerate(ids):
        s = np.asarray(KEEPS) * s + (word == 0)
        states[t] = s
    return states


def numpy_trace(sequences: list[list[int]], depth: int) -> tuple[np.ndarray, np.ndarray]:
    """trace [V, depth + 1, units] (nan where a word has no step k later) and counts [V, depth + 1],
    by summing s_{t+k} over every pair (t, t + k) within a sequence."""
    v, units = len(VOCAB), len(KEEPS)
    sums, counts = np.zeros((v, depth + 1, units)), np.zeros((v, depth + 1))
    total, steps = np.zeros((depth + 1, units)), np.zeros(depth + 1)
    for ids in sequences:
        states = closed_form_states(ids)
        for k in range(depth + 1):
            for t in range(len(ids) - k):
                sums[ids[t], k] += states[t + k]
                counts[ids[t], k] += 1
                total[k] += states[t + k]
                steps[k] += 1
    with np.errstate(invalid="ignore"):
        return sums / counts[..., None] - (total / steps[:, None])[None], counts


@pytest.fixture(scope="module")
def sequences() -> list[list[int]]:
    return corpus()


def write(tmp_path: Path, sequences: list[list[int]]) -> Path:
    path = tmp_path / "corpus.txt"
    path.write_text("".join(" ".join(VOCAB[i] for i in ids) + "\n" for ids in sequences))
    return path


@pytest.mark.parametrize(("batch_size", "chunk_tokens"), [(512, 16384), (4, 64)])
def test_trace_equals_closed_form_and_half_lives(
    tmp_path: Path, sequences: list[list[int]], batch_size: int, chunk_tokens: int
) -> None:
    """Small batches and chunks: a trace reaches back across chunks, never past a sequence's start."""
    options = RecordingOptions(trace=DEPTH, batch_size=batch_size, chunk_tokens=chunk_tokens)
    stats = record(hand_built_model(), write(tmp_path, sequences), options=options, device="cpu").statistics
    trace = stats.trace
    assert trace is not None and trace.depth == DEPTH
    expected, counts = numpy_trace(sequences, DEPTH)
    ids = trace.word_ids
    np.testing.assert_array_equal(trace.counts, counts[ids])
    np.testing.assert_allclose(trace.trace[0], expected[ids].astype(np.float32), atol=2e-5)
    # the counting unit never falls to half; 0.4^1 < 1/2; 0.8^3 = 0.51, 0.8^4 = 0.41
    half_life = unit_curves(trace.trace[0], trace.counts).half_life
    assert np.isnan(half_life[0]) and half_life[1:].tolist() == [1.0, 4.0]
    assert chip_half_life(half_life) == 4.0 and chip_half_life(half_life[:2]) is None


def test_no_step_counted_past_a_sequence(tmp_path: Path) -> None:
    """Two short lines: w's count at k is its occurrences with k more steps in the same line."""
    sequences = [[0, 1, 2], [0, 0, 3, 4, 5]]
    options = RecordingOptions(trace=4, top_words=10)
    trace = record(
        hand_built_model(), write(tmp_path, sequences), options=options, device="cpu"
    ).statistics.trace
    assert trace is not None
    row = int(np.flatnonzero(trace.word_ids == 0)[0])
    assert trace.counts[row].tolist() == [3, 3, 3, 2, 1]  # k = 2: line 1 still has step 2
    expected, _ = numpy_trace(sequences, 4)
    np.testing.assert_allclose(trace.trace[0, row], expected[0], atol=1e-6)
    assert trace.steps.tolist() == [8, 6, 4, 2, 1]


def test_only_top_words_traced_and_bounds(tmp_path: Path, sequences: list[list[int]]) -> None:
    options = RecordingOptions(trace=2, top_words=5)
    stats = record(hand_built_model(), write(tmp_path, sequences), options=options, device="cpu").statistics
    assert stats.trace is not None
    np.testing.assert_array_equal(stats.trace.word_ids, stats.quantile_word_ids)
    assert record(hand_built_model(), write(tmp_path, sequences), device="cpu").statistics.trace is None
    with pytest.raises(UserError, match="trace takes 0..32"):
        record(hand_built_model(), write(tmp_path, sequences), options=RecordingOptions(trace=33))
