"""SPEC 11: a model folder read and checked, and a recording of it against transformers' own states.

The oracle steps transformers' model one token at a time with its cache (batch 1, line by line),
takes ‖h_t[c, :]‖ from the cached state, and forms the responses and their per-token means by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from services.errors import UserError
from services.models.modern.folder import read_folder
from services.models.spec import ModelFormatError
from services.recording import RecordingOptions, record
from tests.modern_folders import WORDS, folder_files, save_folder, tiny_model

LINES = ["the cat sat on the mat .", "a big dog ran", "the small cat and the big dog sat .", "dog"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_folder(tiny_model("mamba2"), tmp_path_factory.mktemp("mamba2") / "model")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.txt"
    path.write_text("\n".join(LINES) + "\n")
    return path


def _norm_series(folder: Path, corpus: Path) -> list[tuple[list[int], np.ndarray]]:
    """Per line, its ids and ‖h_t[c, :]‖ [T, layers, units] of transformers' cached state at each step."""
    import transformers

    model = transformers.Mamba2ForCausalLM.from_pretrained(folder).eval()
    index = {w: i for i, w in enumerate(WORDS)}
    lines = []
    for line in corpus.read_text().splitlines():
        ids = [index.get(w, 0) for w in line.split()] + [index["<eos>"]]
        norms, cache = [], None
        with torch.inference_mode():
            for t in range(len(ids)):
                cache = model(input_ids=torch.tensor([[ids[t]]]), cache=cache, use_cache=True).cache
                norms.append(
                    [
                        torch.linalg.vector_norm(cache.get_recurrent_state(layer, state_idx=0)[0], dim=-1)
                        .flatten()
                        .numpy()
                        for layer in (0, 1)
                    ]
                )
        lines.append((ids, np.asarray(norms)))
    return lines


def _oracle_norms(folder: Path, corpus: Path, lags: list[int]) -> dict[tuple[int, int, int], np.ndarray]:
    """{(layer, lag, word id): mean over the word's tokens of Δ‖h‖ at step t + lag} by transformers."""
    sums: dict[tuple[int, int, int], list[np.ndarray]] = {}
    for ids, norms in _norm_series(folder, corpus):
        for layer in (0, 1):
            series = [np.zeros_like(norms[0][layer])] + [n[layer] for n in norms]  # s_0 = 0
            delta = [series[t + 1] - series[t] for t in range(len(ids))]
            for lag in lags:
                for t, word in enumerate(ids):
                    value = (
                        delta[t + lag] if t + lag < len(ids) else np.zeros_like(delta[0])
                    )  # past the end: 0
                    sums.setdefault((layer, lag, word), []).append(value)
    return {key: np.mean(values, axis=0) for key, values in sums.items()}


def test_trace_equals_transformers_states(folder: Path, corpus: Path) -> None:
    """SPEC 13: trace_k(w) = E[‖h‖_{t+k} | x_t = w] - E[‖h‖_{t+k}] over pairs within a line."""
    depth = 3
    series = _norm_series(folder, corpus)
    stats = record(
        read_folder(folder_files(folder)), corpus, options=RecordingOptions(trace=depth)
    ).statistics
    assert stats.trace is not None
    assert [str(c) for c in stats.trace.channels] == ["0/y", "0/norm", "1/y", "1/norm"]
    for layer in (0, 1):
        overall = [
            np.mean([n[t + k, layer] for _, n in series for t in range(len(n) - k)], 0) for k in range(4)
        ]
        channel = [str(c) for c in stats.trace.channels].index(f"{layer}/norm")
        for row, word in enumerate(stats.trace.word_ids):
            for k in range(depth + 1):
                later = [n[t + k, layer] for ids, n in series for t in range(len(ids) - k) if ids[t] == word]
                ours = stats.trace.trace[channel, row, k]
                assert stats.trace.counts[row, k] == len(later)
                if later:
                    np.testing.assert_allclose(ours, np.mean(later, 0) - overall[k], atol=1e-5)
                else:
                    assert np.isnan(ours).all()


def test_recording_equals_transformers_states_at_every_lag(folder: Path, corpus: Path) -> None:
    model = read_folder(folder_files(folder))
    assert model.spec.cell == "mamba2" and model.spec.hidden_size == 32 and model.eos == "<eos>"
    expected = _oracle_norms(folder, corpus, [0, 2])
    for batch_size in (1, 64):  # the results do not depend on the batch
        result = record(model, corpus, options=RecordingOptions(lags=(0, 2), batch_size=batch_size))
        stats = result.statistics
        assert [str(c) for c in stats.channels] == [
            "0/y",
            "0/norm",
            "0/y@2",
            "0/norm@2",
            "1/y",
            "1/norm",
            "1/y@2",
            "1/norm@2",
        ]
        for (layer, lag, word), mean in expected.items():
            state = "norm" if lag == 0 else f"norm@{lag}"
            row = stats.row_of(word)
            assert row is not None
            ours = stats.mean[stats.channel_index(layer, state), row]
            assert np.allclose(ours, mean, atol=1e-5), (layer, lag, WORDS[word])
    assert result.tokens == sum(len(line.split()) + 1 for line in LINES)


def test_layers_choose_what_is_recorded_and_bad_options_are_refused(folder: Path, corpus: Path) -> None:
    model = read_folder(folder_files(folder))
    stats = record(model, corpus, options=RecordingOptions(layers=(1,))).statistics
    assert [str(c) for c in stats.channels] == ["1/y", "1/norm"]
    with pytest.raises(UserError, match="recurrent layers 0, 1"):
        record(model, corpus, options=RecordingOptions(layers=(2,)))
    with pytest.raises(UserError, match="at most 8 values, each in 0..16"):
        record(model, corpus, options=RecordingOptions(lags=(0, 17)))
    with pytest.raises(UserError, match="gates are recorded for LSTM and GRU"):
        record(model, corpus, options=RecordingOptions(gates=True))


def _refusal(files: dict[str, Path]) -> str:
    with pytest.raises(ModelFormatError) as caught:
        read_folder(files)
    return str(caught.value)


def test_a_folder_is_refused_in_words(folder: Path, tmp_path: Path) -> None:
    files = folder_files(folder)
    llama = tmp_path / "config.json"
    llama.write_text(json.dumps({**json.loads(files["config.json"].read_text()), "model_type": "llama"}))
    assert "'llama' is not supported; supported: mamba, mamba2, rwkv, xlstm, recurrent_gemma" in _refusal(
        {**files, "config.json": llama}
    )
    assert "tokenizer.json is missing" in _refusal({k: v for k, v in files.items() if k != "tokenizer.json"})
    bigger = tmp_path / "bigger" / "config.json"
    bigger.parent.mkdir()
    config = json.loads(files["config.json"].read_text())
    bigger.write_text(json.dumps({**config, "hidden_size": 24, "num_heads": 6}))
    words = _refusal({**files, "config.json": bigger})
    assert (
        "backbone.embeddings.weight has shape [14, 16] in the weights but config.json makes it [14, 24]"
        in words
    )
    pickle = tmp_path / "pytorch_model.bin"
    pickle.write_bytes(b"not read")
    no_weights = {k: v for k, v in files.items() if k != "model.safetensors"}
    assert "pytorch_model.bin is a pickle, which is never read here" in _refusal(
        {**no_weights, pickle.name: pickle}
    )
    assert "safe_serialization=True" in _refusal({**no_weights, pickle.name: pickle})


@pytest.mark.parametrize("model_type", ["mamba", "mamba2", "rwkv", "xlstm", "recurrent_gemma"])
def test_every_model_type_reads_from_its_folder_as_transformers_does(model_type: str, tmp_path: Path) -> None:
    """A folder save_pretrained wrote, read here (no initialisation, tied heads tied again), gives
    the logits transformers' own from_pretrained gives."""
    import transformers

    from services.models.modern import FAMILIES
    from services.models.modern.network import ModernNetwork

    folder = save_folder(tiny_model(model_type), tmp_path / model_type)
    network = ModernNetwork(read_folder(folder_files(folder)))
    reference = getattr(transformers, FAMILIES[model_type].class_name).from_pretrained(folder).eval()
    tokens = torch.randint(0, len(WORDS), (2, 9), generator=torch.Generator().manual_seed(3))
    with torch.inference_mode():
        assert (network.logits(tokens) - reference(tokens, use_cache=False).logits).abs().max() < 1e-4


def test_a_recording_too_large_is_refused_with_what_would_fit() -> None:
    from services.recording.size import SizeEstimate

    estimate = SizeEstimate(words=50_000, channels=24, units=2048, top_words=300, sample_size=256)
    words = estimate.refusal(limit=4 * 2**30)
    assert (
        words is not None
        and "about 68.99 GiB" in words
        and "RNNVIS_MAX_RECORDING_BYTES) of 4.00 GiB" in words
    )
    # a channel: 2,048 x (50,000 x 24 + 300 x 256 x 4) bytes = 2.87 GiB; 24 of them 68.99 GiB
    assert "record at most 1 channel" in words
    assert (
        SizeEstimate(words=2000, channels=4, units=64, top_words=300, sample_size=256).refusal(2**30) is None
    )
