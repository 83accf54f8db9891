"""Training small models: the loss falls, the result is a model in the SPEC 1 layout, stop works."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from services.errors import Cancelled
from services.models import load_model, save_model
from services.training import TrainingOptions, train


def test_language_model_learns_and_round_trips(tmp_path: Path, shared_data: Path) -> None:
    corpus = tmp_path / "ptb.txt"
    corpus.write_text("".join((shared_data / "ptb.valid.txt").read_text().splitlines(keepends=True)[:800]))
    options = TrainingOptions(
        cell="lstm", num_layers=2, hidden_size=32, embedding_size=32, epochs=3, max_vocab=2000
    )
    steps: list[int] = []
    trained = train(corpus, "text", options, progress=lambda d, t, loss: steps.append(d))
    assert trained.train_loss[-1] < trained.train_loss[0] - 0.5
    assert steps[-1] == len(steps)
    folder = save_model(tmp_path / "m", trained.model.spec, trained.model.vocab, trained.model.state_dict)
    loaded = load_model(folder / "model.safetensors", folder / "vocab.txt", folder / "config.json")
    assert loaded.spec == trained.model.spec and loaded.vocab[:2] == ["<unk>", "<eos>"]


def test_classifier_learns_a_separable_task(tmp_path: Path) -> None:
    lines = [f"pos\tgood great fine {i % 7}" for i in range(200)] + [
        f"neg\tbad awful poor {i % 7}" for i in range(200)
    ]
    (tmp_path / "c.tsv").write_text("\n".join(lines) + "\n")
    options = TrainingOptions(
        task="classifier", cell="gru", hidden_size=8, embedding_size=8, epochs=4, seed=1
    )
    trained = train(tmp_path / "c.tsv", "labeled", options)
    assert trained.model.spec.labels == ["neg", "pos"]
    assert trained.validation_accuracy == 1.0


def test_stop_on_request(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("a b c d\n" * 2000)
    with pytest.raises(Cancelled):
        train(tmp_path / "c.txt", "text", TrainingOptions(epochs=5, batch_size=2), should_stop=lambda: True)


def test_bad_options() -> None:
    with pytest.raises(ValueError, match="cell must be one of"):
        TrainingOptions(cell="transformer").check()


@pytest.mark.parametrize("task", ["language_model", "classifier"])
def test_keeping_checkpoints_changes_nothing_of_the_training(tmp_path: Path, task: str) -> None:
    """The weights kept every 2 steps are the weights the training had then, and keeping them draws
    nothing from the training's random numbers: the trained model is the one trained without."""
    lines = [f"{'pos' if i % 2 else 'neg'}\tword{i % 13} other{i % 5} end" for i in range(300)]
    path = tmp_path / ("c.tsv" if task == "classifier" else "c.txt")
    path.write_text("\n".join(line if task == "classifier" else line.split("\t")[1] for line in lines) + "\n")
    fmt = "labeled" if task == "classifier" else "text"
    base = {"task": task, "hidden_size": 8, "embedding_size": 8, "epochs": 2, "batch_size": 16, "seed": 3}
    plain = train(path, fmt, TrainingOptions(**base))  # type: ignore[arg-type]
    kept: list[tuple[int, dict[str, torch.Tensor]]] = []
    watched = train(
        path,
        fmt,
        TrainingOptions(**base, checkpoint_every=2, checkpoint_by="steps"),  # type: ignore[arg-type]
        keep_checkpoint=lambda step, model: kept.append((step, model.state_dict)),
    )
    assert all(torch.equal(plain.model.state_dict[k], v) for k, v in watched.model.state_dict.items())
    total = watched.history.curve.points()[0][-1]  # the steps it took
    assert [step for step, _ in kept] == list(range(2, total, 2))  # every 2 steps, never the end
    assert kept and not torch.equal(kept[0][1]["encoder.weight"], watched.model.state_dict["encoder.weight"])
