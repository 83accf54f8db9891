"""SPEC 5: glyph numbers by hand, predictions, and the output decomposition summing to the logit."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from services.evaluation import cluster_glyphs, evaluate_text
from services.models import build_network
from tests.conftest import random_model
from tests.reference import numpy_states


def test_glyphs_by_hand() -> None:
    # two steps, three units; units 0 and 1 form cluster 0, unit 2 cluster 1
    states = np.array([[0.5, -0.2, 0.1], [0.3, -0.4, -0.2]])
    g = cluster_glyphs(states, np.array([0, 0, 1]), 2)
    # step 1 from s_0 = 0: P = 0.5, N = -0.2 over |C| = 2; nothing to preserve
    assert g.positive[0].tolist() == pytest.approx([0.25, 0.15])
    assert g.negative[0].tolist() == pytest.approx([-0.1, -0.2])
    assert g.update_positive[0].tolist() == pytest.approx([0.25, -0.1])
    assert g.update_negative[0].tolist() == pytest.approx([-0.1, -0.1])
    # step 2: kept = min(0.5, 0.3) + min(0.2, 0.4) = 0.5 of |0.5| + |-0.2| = 0.7
    assert g.preserved[0].tolist() == pytest.approx([0.0, 0.5 / 0.7])
    # unit 2 flips sign: nothing preserved
    assert g.preserved[1].tolist() == pytest.approx([0.0, 0.0])
    assert g.negative[1].tolist() == pytest.approx([0.0, -0.2])


def test_language_model_evaluation_and_decomposition() -> None:
    vocab = ["<unk>", "<eos>", "the", "cat", "sat", "on", "mat"]
    model = random_model(vocab, cell="lstm", layers=2, hidden=6, embedding=4, scale=2.0)
    network = build_network(model)
    result = evaluate_text(
        network, vocab, "the cat sat on the dog", unit_labels=np.array([0, 0, 1, 1, 2, -1])
    )
    assert result.tokens == ["the", "cat", "sat", "on", "the", "<unk>"] and result.unk_tokens == 1
    ref = numpy_states(model, result.token_ids)
    np.testing.assert_allclose(result.states[(1, "c")], ref[(1, "c")], atol=1e-5)
    with torch.no_grad():
        logits = network.decoder(torch.tensor(ref[(1, "h")][-1], dtype=torch.float32)).double()
    d = result.decomposition
    assert d.output == int(torch.argmax(logits))
    assert d.bias + d.contributions.sum() == pytest.approx(d.logit, abs=1e-6)
    assert d.logit == pytest.approx(float(logits[d.output]), abs=1e-5)
    np.testing.assert_allclose(d.factors, np.exp(d.contributions))
    probs = torch.softmax(logits, 0)
    assert result.predictions[-1][0] == (vocab[d.output], pytest.approx(float(probs[d.output]), abs=1e-6))
    assert len(result.predictions) == 6 and len(result.predictions[0]) == 7  # fewer than 10 tokens exist
    assert result.glyphs is not None and result.glyphs.positive.shape == (3, 6)


def test_classifier_probabilities_after_each_prefix() -> None:
    vocab = ["<unk>", "good", "bad", "film"]
    model = random_model(vocab, cell="gru", layers=1, hidden=5, embedding=3, task="classifier", num_classes=2)
    result = evaluate_text(build_network(model), vocab, "good film", labels=["neg", "pos"], output=1)
    assert [p[0] for p in result.predictions[0]] == ["neg", "pos"]
    assert sum(p for _, p in result.predictions[1]) == pytest.approx(1.0)
    assert result.decomposition.label == "pos"
    assert result.decomposition.bias + result.decomposition.contributions.sum() == pytest.approx(
        result.decomposition.logit
    )


def test_text_with_no_known_token() -> None:
    vocab = ["a", "b"]
    model = random_model(vocab, cell="gru", layers=1, hidden=2, embedding=2)
    with pytest.raises(ValueError, match="no token the model knows"):
        evaluate_text(build_network(model), vocab, "zzz yyy")


def test_an_empty_unit_cluster_still_gets_its_glyph_row() -> None:
    vocab = ["a", "b", "c"]
    model = random_model(vocab, cell="gru", layers=1, hidden=4, embedding=3)
    labels = np.array([0, 0, 1, 1])  # a 3-cluster co-clustering whose cluster 2 got no unit
    result = evaluate_text(build_network(model), vocab, "a b c", labels, 0, "h", n_clusters=3)
    assert result.glyphs is not None
    assert result.glyphs.positive.shape == (3, 3)
    assert np.all(result.glyphs.positive[2] == 0) and np.all(result.glyphs.preserved[2] == 0)
