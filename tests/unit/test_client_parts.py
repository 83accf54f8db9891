"""The client's pieces that need no server: upload parts, error wording, result frames, CLI targets."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest
import torch
from safetensors.torch import load
from torch import nn

from cli.server_analysis import parse_target
from rnnvis_client.errors import UnknownChannel, describe
from rnnvis_client.results import RecordingStatistics
from rnnvis_client.uploads import corpus_part, vocab_part, weights_part


def test_field_errors_read_as_one_line() -> None:
    detail = [
        {"loc": ["body", "n_clusters"], "msg": "Input should be greater than or equal to 2"},
        {"loc": ["query", "k"], "msg": "Field required"},
    ]
    assert (
        describe(detail) == "n_clusters: Input should be greater than or equal to 2; query.k: Field required"
    )
    assert describe("model 3 not found") == "model 3 not found"


def test_a_module_with_tied_weights_uploads_as_safetensors() -> None:
    class Tied(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = nn.Embedding(5, 3)
            self.rnn = nn.LSTM(3, 3)
            self.decoder = nn.Linear(3, 5)
            self.decoder.weight = self.encoder.weight  # shared memory: safetensors refuses it as is

    net = Tied()
    name, content, _ = weights_part(net, [])
    assert name == "weights.safetensors" and isinstance(content, bytes)
    tensors = load(content)
    assert set(tensors) == set(net.state_dict())
    assert torch.equal(tensors["decoder.weight"], net.encoder.weight.detach())


def test_corpus_parts_from_objects() -> None:
    (name, content, _), fmt = corpus_part([("pos", "a fine\tfilm"), ("neg", "a dull\nfilm")], None, [])
    assert (name, fmt) == ("corpus.tsv", "labeled")
    assert content == b"pos\ta fine film\nneg\ta dull film\n"  # one line per sequence, one tab
    (_, lines, _), fmt = corpus_part(["one line", "two\nlines"], None, [])
    assert fmt == "text" and lines == b"one line\ntwo lines\n"
    with pytest.raises(TypeError):
        corpus_part([1, 2], None, [])


def test_vocabulary_tokens_cannot_break_lines() -> None:
    assert vocab_part(["a", "b"], [])[1] == b"a\nb\n"
    with pytest.raises(ValueError, match="line breaks"):
        vocab_part(["a", "b\nc"], [])


@pytest.mark.parametrize(
    "text,expected",
    [
        ("recording/3", ("recording", 3)),
        ("coclusterings/12", ("coclustering", 12)),
        (" recordings/7 ", ("recording", 7)),
        ("timeline/2", ("timeline", 2)),
    ],
)
def test_export_targets(text: str, expected: tuple[str, int]) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["3", "model/3", "recording/", "recording/x"])
def test_export_targets_that_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="recording/ID, coclustering/ID or timeline/ID"):
        parse_target(text)


def test_statistics_frames_from_an_npz() -> None:
    words, hidden = ["the", "cat", "sat"], 2
    mean = np.arange(2 * 3 * 2, dtype=np.float32).reshape(2, 3, 2)
    arrays = {
        "words": np.array(words),
        "counts": np.array([5, 3, 1]),
        "layers": np.array([0, 1]),
        "states": np.array(["h", "h"]),
        "mean": mean,
        "std": mean / 10,
        "quantile_levels": np.array([9, 25, 50, 75, 91]),
        "quantile_words": np.array([0]),
        "quantiles": np.ones((2, 1, 5, hidden), dtype=np.float32),
        "meta": np.array(json.dumps({"id": 9})),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for key, value in arrays.items():
            with archive.open(f"{key}.npy", "w") as entry:
                np.lib.format.write_array(entry, value, allow_pickle=False)
    stats = RecordingStatistics.load(buffer.getvalue())
    assert stats.meta == {"id": 9}
    frame = stats.to_frame(layer=1)
    assert len(frame) == 3 * hidden
    row = frame[(frame["word"] == "cat") & (frame["unit"] == 1)].iloc[0]
    assert (row["count"], row["mean"], row["std"]) == (3, mean[1, 1, 1], pytest.approx(mean[1, 1, 1] / 10))
    assert np.isnan(row["q50"]) and frame[frame["word"] == "the"]["q50"].eq(1).all()
    assert stats.mean_frame(0).loc["sat", 0] == mean[0, 2, 0]
    with pytest.raises(UnknownChannel, match="no layer 2"):
        stats.channel(2)
