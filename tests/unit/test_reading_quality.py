"""A model's next-word loss on its recorded corpus beside the corpus's unigram model (issue 30),
against plain torch: the state dict run through torch.nn.GRU/LSTM one sequence at a time, softmax by
hand, and the add-one unigram counted in numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from services.corpora.encoding import Sequence
from services.models.loading import LoadedModel
from services.recording.quality import reading_quality
from tests.conftest import random_model

VOCAB = [f"w{i}" for i in range(12)]


def _oracle_loss(model: LoadedModel, sequences: list[np.ndarray], max_words: int) -> tuple[float, list[int]]:
    spec, weights = model.spec, model.state_dict
    rnn_class = torch.nn.LSTM if spec.cell == "lstm" else torch.nn.GRU
    rnn = rnn_class(spec.embedding_size, spec.hidden_size, spec.num_layers, batch_first=True)
    rnn.load_state_dict({k[4:]: v for k, v in weights.items() if k.startswith("rnn.")})
    embedding, decoder_w = weights["encoder.weight"], weights["decoder.weight"]
    decoder_b = weights["decoder.bias"]
    total, targets = 0.0, []
    with torch.no_grad():
        for ids in sequences:
            for t in range(len(ids) - 1):
                if len(targets) == max_words:
                    return total / len(targets), targets
                output, _ = rnn(embedding[torch.as_tensor(ids[: t + 1])].unsqueeze(0))
                logits = (output[0, -1] @ decoder_w.T + decoder_b).double()
                total -= float(logits[ids[t + 1]] - torch.logsumexp(logits, 0))
                targets.append(int(ids[t + 1]))
    return total / len(targets), targets


@pytest.mark.parametrize("cell", ["lstm", "gru"])
@pytest.mark.parametrize("max_words", [7, 1000])
def test_loss_and_unigram_equal_plain_torch(cell: str, max_words: int) -> None:
    model = random_model(VOCAB, cell=cell, layers=2, hidden=6, embedding=5, scale=2.0)
    rng = np.random.default_rng(3)
    # a one-word line predicts nothing
    sequences = [rng.integers(0, len(VOCAB), size=n) for n in (5, 1, 9, 2, 4)]
    counts = np.bincount(np.concatenate(sequences), minlength=len(VOCAB))
    got = reading_quality(model, [Sequence(ids=s) for s in sequences], counts, max_words=max_words)
    loss, targets = _oracle_loss(model, sequences, max_words)
    assert got is not None and got.words == len(targets) == min(max_words, 4 + 8 + 1 + 3)
    assert got.loss == pytest.approx(loss, rel=1e-5)
    p = (counts + 1) / (counts + 1).sum()
    unigram = -float(np.mean(np.log(p[targets])))
    assert got.unigram_loss == pytest.approx(unigram, rel=1e-12)
    assert got.perplexity == pytest.approx(math.exp(loss), rel=1e-5)
    assert got.learned == (loss < unigram * 0.98)


def test_a_model_that_predicts_the_next_word_beats_the_unigram() -> None:
    """The corpus cycles w0 w1 ... w11: a decoder that maps each word's state to the word after it wins."""
    model = random_model(VOCAB, cell="gru", layers=1, hidden=12, embedding=12)
    weights = dict(model.state_dict)
    with torch.no_grad():  # h follows the input one-hot; the decoder reads the next word from it
        for name in ("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0"):
            weights[name] = torch.zeros_like(weights[name])
        weights["rnn.weight_ih_l0"][24:36] = 10 * torch.eye(12)  # candidate n = tanh(10 x); gates z = 0.5
        weights["encoder.weight"] = torch.eye(12)
        weights["decoder.weight"] = 20 * torch.roll(torch.eye(12), 1, dims=0)
        weights["decoder.bias"] = torch.zeros(12)
    trained = LoadedModel(spec=model.spec, vocab=model.vocab, state_dict=weights)
    cycle = np.arange(12)
    sequences = [Sequence(ids=np.concatenate([cycle, cycle])) for _ in range(3)]
    counts = np.full(12, 6)
    got = reading_quality(trained, sequences, counts)
    assert got is not None and got.learned and got.perplexity < 1.5
    assert got.unigram_perplexity == pytest.approx(12.0)


def test_a_classifier_has_no_reading_quality() -> None:
    model = random_model(VOCAB, task="classifier", num_classes=2)
    assert reading_quality(model, [Sequence(ids=np.arange(5))], np.ones(12, np.int64)) is None


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_a_classifiers_accuracy_equals_plain_torch(cell: str) -> None:
    """issue 34's timeline of a classifier: its label at each sequence's last word, against plain
    torch (the state dict in torch.nn.LSTM/GRU, one sequence at a time); sequences with a label the
    model lacks are left out, and the majority baseline counts the labels scored."""
    from dataclasses import replace

    from services.models.loading import check_model
    from services.recording.quality import classifier_reading

    base = random_model(VOCAB, cell=cell, task="classifier", num_classes=3, seed=4, scale=2.0)
    labels = ["neg", "pos", "mixed"]
    model = check_model(base.state_dict, VOCAB, {**base.spec.to_config(), "labels": labels})
    rng = np.random.default_rng(2)
    sequences = [
        Sequence(
            ids=rng.integers(0, len(VOCAB), int(rng.integers(1, 7))),
            label=str(rng.choice([*labels, "other"])),
        )
        for _ in range(150)
    ]
    reading = classifier_reading(model, sequences, max_sequences=100, device="cpu")
    assert reading is not None
    kept = [s for s in sequences if s.label in labels][:100]
    spec, weights = model.spec, model.state_dict
    rnn = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(
        spec.embedding_size, spec.hidden_size, spec.num_layers, batch_first=True
    )
    rnn.load_state_dict({k[4:]: v for k, v in weights.items() if k.startswith("rnn.")})
    right, loss = 0, 0.0
    with torch.no_grad():
        for s in kept:
            output, _ = rnn(weights["encoder.weight"][torch.as_tensor(s.ids)].unsqueeze(0))
            logits = (output[0, -1] @ weights["decoder.weight"].T + weights["decoder.bias"]).double()
            truth = labels.index(str(s.label))
            right += int(int(logits.argmax()) == truth)
            loss -= float(logits[truth] - torch.logsumexp(logits, 0))
    counts = np.bincount([labels.index(str(s.label)) for s in kept])
    assert reading.sequences == len(kept) == 100
    assert reading.accuracy == right / len(kept)
    assert reading.loss == pytest.approx(loss / len(kept), abs=1e-5)
    assert reading.majority_accuracy == counts.max() / len(kept)
    assert classifier_reading(replace(model, spec=replace(model.spec, labels=None)), sequences) is None
