"""A word_language_model checkpoint as it is, with its data folder, through the live service: the
Python client, the CLI and plain HTTP; its statistics equal those of the same weights uploaded as
safetensors with an explicit vocab.txt; files that would run code answer 422 in words and store
nothing."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from rnnvis_client import BadRequest, Client
from tests import hostile_classes
from tests.service.stack import RNNVIS, RunningService
from tests.word_language_model import Corpus, make_example

CASES = {"LSTM-untied": "lstm", "GRU-tied": "gru", "RNN_TANH-untied": "rnn_tanh", "RNN_RELU-tied": "rnn_relu"}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_example(tmp_path_factory.mktemp("word_language_model"))


@pytest.fixture(scope="module")
def erin(service: RunningService) -> Iterator[Client]:
    with Client(service.url, service.create_user("ckpt-erin"), progress=False) as api:
        yield api


def _stored_files(service: RunningService) -> set[Path]:
    return {p for p in (service.data_dir / "artifacts").rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", list(CASES))
def test_a_module_pickle_with_its_data_folder_records_as_safetensors_would(
    erin: Client, example: Path, tmp_path: Path, name: str
) -> None:
    data = example / "data"
    pickled = erin.upload_model(f"wlm {name}", example / "out" / f"{name}.pt", vocab_from=data)
    assert pickled.cell == CASES[name]
    assert pickled.weights_form == "module pickle of model.RNNModel"
    source = pickled.vocab_source
    assert source.kind == "training text" and source.order == "first_appearance"
    assert [t.name for t in source.texts] == ["train.txt", "valid.txt", "test.txt"]

    # the same weights as safetensors with the vocabulary written out by the example's own Corpus
    tensors = torch.load(example / "out" / f"{name}.state_dict.pt", weights_only=True)
    save_file({k: v.clone() for k, v in tensors.items()}, str(tmp_path / "model.safetensors"))
    (tmp_path / "vocab.txt").write_text("\n".join(Corpus(data).dictionary.idx2word) + "\n")
    config = {"cell": "rnn_relu"} if CASES[name] == "rnn_relu" else None  # a state_dict cannot say relu
    explicit = erin.upload_model(f"st {name}", tmp_path / "model.safetensors", tmp_path / "vocab.txt", config)
    assert explicit.vocab_source.kind == "vocab.txt" and explicit.weights_form == "safetensors"

    corpus = erin.upload_corpus(f"test text {name}", data / "train.txt")
    stats = []
    for model in (pickled, explicit):
        recording = erin.record(model.id, corpus.id, wait=True, timeout=120)
        stats.append(erin.statistics(recording.id))
    assert stats[0].words.tolist() == stats[1].words.tolist()
    np.testing.assert_array_equal(stats[0].counts, stats[1].counts)
    np.testing.assert_array_equal(stats[0].mean, stats[1].mean)
    np.testing.assert_array_equal(stats[0].std, stats[1].std)
    assert stats[0].meta["tokens"] == 22  # three lines of the example's train.txt, <eos> after each


def test_the_cli_uploads_and_analyzes_a_checkpoint_as_it_is(
    service: RunningService, example: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "RNNVIS_URL": service.url, "RNNVIS_TOKEN": service.create_user("ckpt-shell")}
    weights, data = str(example / "out" / "GRU-untied.pt"), str(example / "data")
    done = subprocess.run(
        [str(RNNVIS), "models", "upload", "from-shell", weights, "--vocab-from", data, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    model = json.loads(done.stdout)
    assert model["vocab_source"]["kind"] == "training text" and model["vocab_size"] == 15
    local = subprocess.run(
        [str(RNNVIS), "analyze", "--weights", weights, "--vocab-from", data, "--corpus", f"{data}/train.txt"]
        + ["--clusters", "2", "--min-count", "1", "--json", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert local.returncode == 0, local.stderr
    assert json.loads(local.stdout)["recording"]["tokens"] == 22


def test_refusals_are_words_and_keep_nothing(
    erin: Client, service: RunningService, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    monkeypatch.setenv(hostile_classes.MARKER_VARIABLE, str(marker))
    torch.save(hostile_classes.RunsShell(), tmp_path / "shell.pt")
    torch.save(hostile_classes.SetsState(), tmp_path / "state.pt")
    marker.unlink(missing_ok=True)
    data = example / "data"
    before = _stored_files(service)
    cases = [
        ((tmp_path / "shell.pt",), {"vocab_from": data}, "names posix.system"),
        ((example / "out" / "transformer.pt",), {"vocab_from": data}, "Transformer model"),
        (
            (example / "out" / "LSTM-untied.pt",),
            {"vocab_from": data / "train.txt"},
            "vocab has 12 tokens but encoder.weight has 15 rows (built from 1 text file: give every text",
        ),
        ((example / "out" / "LSTM-untied.pt", ["a", "b"]), {"vocab_from": data}, "both were given"),
        ((example / "out" / "LSTM-untied.pt",), {}, "neither was"),
    ]
    for args, options, words in cases:
        with pytest.raises(BadRequest) as refused:
            erin.upload_model("refused", *args, **options)  # type: ignore[arg-type]
        assert words in str(refused.value), str(refused.value)
        assert "\x1b" not in str(refused.value)
    assert _stored_files(service) == before
    # a pickle whose class would run code when rebuilt loads without running it (the shapes then decide)
    with pytest.raises(BadRequest, match="vocab has 15 tokens but encoder.weight has 8 rows"):
        erin.upload_model("state", tmp_path / "state.pt", vocab_from=data)
    assert not marker.exists()
