"""The installed `rnnvis` command, run as users run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from services.models import load_model, save_model
from services.recording import RecordingOptions, ResponseStatistics, record
from tests.conftest import random_model

RNNVIS = Path(sys.executable).with_name("rnnvis")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory, ptb_vocab: list[str]) -> Path:
    model = random_model(ptb_vocab, cell="lstm", layers=2, hidden=16, embedding=8, scale=2.0)
    return save_model(tmp_path_factory.mktemp("model"), model.spec, model.vocab, model.state_dict)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RNNVIS), *args], capture_output=True, text=True, timeout=300)


def _analyze(
    model: Path, corpus: Path, *options: str, vocab: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`rnnvis analyze` on a model folder written by save_model."""
    files = ["--weights", str(model / "model.safetensors"), "--vocab", str(vocab or model / "vocab.txt")]
    return _run("analyze", *files, "--corpus", str(corpus), *options)


def test_analyze_json_matches_the_engine(model_dir: Path, shared_data: Path, tmp_path: Path) -> None:
    corpus = shared_data / "ptb.test.txt"
    out = _analyze(
        model_dir, corpus, "--max-tokens", "20000", "--layer", "1", "--state", "c", "--clusters", "4",
        "--json", "--save", str(tmp_path / "stats.npz"),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["state"] == "c" and len(summary["coclusters"]) == 4
    assert sum(len(c["units"]) for c in summary["coclusters"]) + len(summary["dropped_units"]) == 16
    saved = ResponseStatistics.load(tmp_path / "stats.npz")
    model = load_model(model_dir / "model.safetensors", model_dir / "vocab.txt")
    expected = record(model, corpus, options=RecordingOptions(max_tokens=20000), device="cpu")
    assert summary["recording"]["tokens"] == expected.tokens
    np.testing.assert_allclose(saved.mean, expected.statistics.mean, atol=1e-6)
    unit = summary["units"][0]
    channel = expected.statistics.channel_index(1, "c")
    row = expected.statistics.row_of(model.vocab.index(unit["positive"][0]["word"]))
    assert unit["positive"][0]["mean"] == pytest.approx(
        float(expected.statistics.mean[channel, row, unit["unit"]]), abs=1e-6
    )


def test_analyze_text_summary(model_dir: Path, shared_data: Path) -> None:
    out = _analyze(
        model_dir, shared_data / "ptb.valid.txt", "--max-tokens", "5000", "--clusters", "3", "--quiet"
    )
    assert out.returncode == 0, out.stderr
    assert "Memory chips" in out.stdout and "#2:" in out.stdout


def test_bad_input_exits_2_with_a_message(model_dir: Path, shared_data: Path, tmp_path: Path) -> None:
    (tmp_path / "vocab.txt").write_text("a\nb\n")
    out = _analyze(model_dir, shared_data / "ptb.valid.txt", vocab=tmp_path / "vocab.txt")
    assert out.returncode == 2
    assert "vocab has 2 tokens but encoder.weight has" in out.stderr
    out = _analyze(
        model_dir, shared_data / "ptb.valid.txt", "--max-tokens", "3000", "--state", "gate_i", "--quiet"
    )
    assert out.returncode == 2 and "no layer 1 state 'gate_i'" in out.stderr


def test_train_then_analyze(tmp_path: Path, shared_data: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(
        "".join((shared_data / "tinyshakespeare.txt").read_text().splitlines(keepends=True)[:2000])
    )
    out = _run(
        "train", "--corpus", str(corpus), "--out", str(tmp_path / "m"), "--cell", "gru", "--hidden", "16",
        "--tokenizer", "words", "--quiet",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    out = _analyze(
        tmp_path / "m", corpus, "--config", str(tmp_path / "m/config.json"), "--clusters", "3", "--json"
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["recording"]["unk_tokens"] == 0


def test_the_same_training_again_keeps_the_model(tmp_path: Path, shared_data: Path) -> None:
    from cli.train import TRAINING_RECORD, kept_training

    corpus = tmp_path / "c.txt"
    corpus.write_text("".join((shared_data / "ptb.valid.txt").read_text().splitlines(keepends=True)[:300]))
    train = ["train", "--corpus", str(corpus), "--out", str(tmp_path / "m"), "--hidden", "8", "--quiet"]
    first = _run(*train)
    assert first.returncode == 0 and "wrote" in first.stdout, first.stderr
    weights = (tmp_path / "m" / "model.safetensors").read_bytes()
    again = _run(*train)
    assert again.returncode == 0, again.stderr
    assert "already holds this training" in again.stdout
    assert again.stdout.splitlines()[1] == first.stdout.splitlines()[1]  # the same metrics, from the record
    assert (tmp_path / "m" / "model.safetensors").read_bytes() == weights
    # what is kept, without training again: only the very same training, its weights as written
    trained = json.loads((tmp_path / "m" / TRAINING_RECORD).read_text())["trained"]
    assert kept_training(tmp_path / "m", trained) is not None
    for changed in ({"corpus_sha256": "0" * 64}, {"torch": "0.0"}, {"format": "labeled"}):
        assert kept_training(tmp_path / "m", {**trained, **changed}) is None
    assert kept_training(tmp_path / "m", {**trained, "options": {**trained["options"], "epochs": 2}}) is None
    (tmp_path / "m" / "model.safetensors").write_bytes(weights[:-1] + bytes([weights[-1] ^ 1]))
    assert kept_training(tmp_path / "m", trained) is None  # weights replaced since
    retrained = _run(*train, "--retrain")
    assert "wrote" in retrained.stdout and (tmp_path / "m" / "model.safetensors").read_bytes() == weights
