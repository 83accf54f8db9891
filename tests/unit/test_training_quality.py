"""What a training learned: the loss curve, the frequency baselines and the warning, checked against
values computed another way (numpy windows, scikit-learn, hand-worked logarithms)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score

from services.training import TrainingOptions, train
from services.training.quality import (
    LossCurve,
    assess,
    balanced_accuracy,
    prior_baseline,
    summary,
    unigram_baseline,
)


@pytest.mark.parametrize("steps", [1, 7, 8, 9, 100, 1000, 1023])
def test_loss_curve_is_bounded_and_averages_consecutive_steps(steps: int) -> None:
    losses = np.random.default_rng(steps).normal(size=steps)
    curve = LossCurve(capacity=8)
    for loss in losses:
        curve.add(float(loss))
    at, values = curve.points()
    assert len(values) <= 9 and at[-1] == steps  # 8 points and the unfinished bucket
    start = 0
    for end, value in zip(at, values, strict=True):
        assert value == pytest.approx(losses[start:end].mean())
        start = end


def test_unigram_baseline_by_hand() -> None:
    # training counts of ids 0, 1, 2 over a vocabulary of 4: 3, 1, 0, 0 -> add-one: 4, 2, 1, 1 of 8
    scores = unigram_baseline(np.array([0, 0, 0, 1]), np.array([0, 1, 3]), vocab_size=4)
    loss = -(math.log(4 / 8) + math.log(2 / 8) + math.log(1 / 8)) / 3
    assert scores.loss == pytest.approx(loss)
    assert scores.perplexity == pytest.approx(math.exp(loss))
    assert scores.accuracy == pytest.approx(1 / 3)  # the commonest word, 0, is right once


def test_prior_baseline_and_balanced_accuracy() -> None:
    train_labels, valid = np.array([1, 1, 1, 0]), np.array([1, 0, 0, 2])
    scores = prior_baseline(train_labels, valid, num_classes=3)
    # add-one counts 2, 4, 1 of 7
    assert scores.loss == pytest.approx(-(math.log(4 / 7) + 2 * math.log(2 / 7) + math.log(1 / 7)) / 4)
    assert scores.accuracy == pytest.approx(0.25)
    assert scores.balanced_accuracy == pytest.approx(balanced_accuracy_score(valid, np.ones(4, int)))
    predicted = np.array([1, 0, 2, 2])
    assert balanced_accuracy(valid, predicted, 3) == pytest.approx(balanced_accuracy_score(valid, predicted))


def test_a_model_that_learned_passes_and_one_that_did_not_is_named(tmp_path: Path) -> None:
    # a corpus where the next word is fixed by the last: a model must beat the word frequencies
    rng = np.random.default_rng(0)
    cycle = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    learnable = tmp_path / "cycle.txt"
    learnable.write_text(
        "".join(" ".join(cycle[(s + i) % 6] for i in range(12)) + "\n" for s in rng.integers(0, 6, 400))
    )
    options = TrainingOptions(hidden_size=16, embedding_size=8, epochs=3, batch_size=8, bptt=12)
    metrics = train(learnable, "text", options).history.as_metrics()
    assert metrics["baseline"]["name"] == "unigram word frequencies"
    assert metrics["validation_perplexity"] < metrics["baseline"]["perplexity"] / 2
    assert len(metrics["epochs"]) == 3 and metrics["epochs"][0]["validation_loss"] is not None
    assert len(metrics["steps"]) == len(metrics["step_loss"])
    assert metrics["steps"] == sorted(set(metrics["steps"]))
    assert assess(metrics) is None
    assert "validation perplexity" in summary(metrics)
    # words drawn independently: nothing to learn beyond their frequencies
    noise = tmp_path / "noise.txt"
    noise.write_text("".join(" ".join(rng.choice(cycle, 12)) + "\n" for _ in range(400)))
    warning = assess(train(noise, "text", options).history.as_metrics())
    assert warning is not None and "no better than its corpus's word frequencies" in warning


def test_classifier_metrics_name_the_constant_answer(tmp_path: Path) -> None:
    # labels independent of the text, three quarters "pos": only the constant answer is left
    rng = np.random.default_rng(1)
    lines = [
        f"{'pos' if rng.random() < 0.75 else 'neg'}\t{' '.join(rng.choice(list('abcdef'), 5))}"
        for _ in range(400)
    ]
    (tmp_path / "c.tsv").write_text("\n".join(lines) + "\n")
    options = TrainingOptions(task="classifier", cell="gru", hidden_size=8, embedding_size=8, epochs=2)
    metrics = train(tmp_path / "c.tsv", "labeled", options).history.as_metrics()
    assert metrics["baseline"]["name"] == "always answering 'pos'"
    assert metrics["baseline"]["balanced_accuracy"] == pytest.approx(0.5)
    warning = assess(metrics)
    assert warning is not None
    assert "always answering 'pos'" in warning or "as for a constant answer" in warning


def test_unvalidated_and_old_trainings() -> None:
    assert assess({"train_loss": [1.0], "validation_loss": 2.0, "validation_accuracy": None}) is None  # old
    assert "not validated" in str(assess({"step_loss": [1.0], "validation_loss": None}))
