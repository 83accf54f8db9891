"""SPEC 13 attribution over time: integrated gradients equal the exact decomposition of a linear RNN,
agree with an independent Riemann sum on a trained LSTM, and are complete within 1e-4 there."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from services.causal import attribute
from services.errors import UserError
from services.models.network import RNNModel
from services.models.spec import ModelSpec
from tests.hand_set import rnn_relu

VOCAB = ["a", "b", "c", "d", "e"]


def linear_relu_model() -> tuple[RNNModel, dict[str, np.ndarray]]:
    """An rnn_relu model that never clips: every weight, bias and embedding is positive, so each
    state (and each along the path from the zero baseline) is h_t = W_ih e_t + W_hh h_{t-1} + b."""
    rng = np.random.default_rng(0)
    h, e = 5, 3
    w = {
        "emb": rng.uniform(0.1, 1, (len(VOCAB), e)),
        "w_ih": rng.uniform(0, 0.8, (h, e)),
        "w_hh": rng.uniform(0, 0.3, (h, h)),
        "b": rng.uniform(0, 0.2, h),
    }
    model = rnn_relu(w)
    return model, w


@pytest.mark.parametrize("n_steps", [1, 32])
def test_a_linear_rnn_is_decomposed_exactly(n_steps: int) -> None:
    model, w = linear_relu_model()
    text, step, units = "b d a e c a", 4, [0, 3]
    result = attribute(model, VOCAB, text, units=units, step=step, n_steps=n_steps)
    ids = [VOCAB.index(x) for x in text.split()]
    # token t's contribution to h_step: W_hh^(step - t) W_ih e_t, summed over the units
    expected = [
        (np.linalg.matrix_power(w["w_hh"], step - t) @ w["w_ih"] @ w["emb"][ids[t]])[units].sum()
        for t in range(step + 1)
    ]
    assert result.tokens == text.split() and result.step == step
    assert result.attributions == pytest.approx(expected, abs=1e-5)
    baseline = sum(np.linalg.matrix_power(w["w_hh"], k) @ w["b"] for k in range(step + 1))[units].sum()
    assert result.baseline == pytest.approx(baseline, abs=1e-5)
    assert result.value == pytest.approx(baseline + sum(expected), abs=1e-5)
    assert abs(result.completeness_error) < 1e-6


@pytest.fixture(scope="module")
def trained_lstm(shared_data: Path) -> tuple[RNNModel, list[str]]:
    """A two-layer LSTM trained for a few seconds on Penn Treebank's first lines."""
    words = " ".join((shared_data / "ptb.valid.txt").read_text().split("\n")[:400]).split()
    vocab = sorted(set(words))
    spec = ModelSpec(
        cell="lstm",
        num_layers=2,
        hidden_size=24,
        embedding_size=16,
        vocab_size=len(vocab),
        task="language_model",
    )
    torch.manual_seed(0)
    model = RNNModel(spec)
    ids = torch.tensor([vocab.index(x) for x in words])
    rows = ids[: len(ids) // 32 * 32].view(32, -1)  # 32 streams
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _epoch in range(3):
        for t0 in range(0, rows.shape[1] - 1, 20):
            chunk = rows[:, t0 : t0 + 21]
            out, _ = model(chunk[:, :-1])
            loss = F.cross_entropy(model.decoder(out).flatten(0, 1), chunk[:, 1:].flatten())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    assert float(loss.detach()) < 6.0  # it learned something (a uniform guess is log(|vocab|) ~ 7.5)
    return model.eval(), vocab


def riemann_attributions(
    model: RNNModel, ids: list[int], layer: int, which: int, units: list[int], n: int
) -> np.ndarray:
    """The oracle: the midpoint rule over n points with the model's own multi-layer LSTM in float64,
    one interpolation at a time."""
    rnn = RNNModel(model.spec).double()
    rnn.load_state_dict(model.state_dict())
    e = rnn.encoder.weight.detach()[ids]  # [S, E]
    total = torch.zeros(len(ids), dtype=torch.float64)
    for k in range(n):
        x = ((k + 0.5) / n * e).clone().requires_grad_()
        _, (h_n, c_n) = rnn.rnn(x[None])
        f = (h_n, c_n)[which][layer, 0, units].sum()
        (g,) = torch.autograd.grad(f, x)
        total += (g * e).sum(1) / n
    return total.numpy()


def test_a_trained_lstm_is_complete_and_agrees_with_a_riemann_sum(
    trained_lstm: tuple[RNNModel, list[str]],
) -> None:
    model, vocab = trained_lstm
    text = "the company said it expects to report a loss for the third quarter"
    known = [x for x in text.split() if x in vocab]
    units = [1, 4, 9, 17]
    result = attribute(model, vocab, text, units=units, layer=1, state="c", step=9)
    ids = [vocab.index(x) for x in known]
    assert abs(result.completeness_error) < 1e-4
    assert len(result.attributions) == 10 and result.n_steps == 32
    with torch.no_grad():  # f(x): the units' c at step 9 from the fused network
        _, (_, c_n) = model.rnn(model.encoder(torch.tensor([ids[:10]])))
    assert result.value == pytest.approx(float(c_n[1, 0, units].sum()), abs=1e-5)
    oracle = riemann_attributions(model, ids[:10], 1, 1, units, 400)
    assert result.attributions == pytest.approx(oracle, abs=1e-4)


def test_bad_input_is_refused_in_words() -> None:
    model, _ = linear_relu_model()
    with pytest.raises(UserError, match="step 6 is not a step of the text"):
        attribute(model, VOCAB, "a b c d e a", units=[0], step=6)
    with pytest.raises(UserError, match="at least one unit"):
        attribute(model, VOCAB, "a b", units=[])
    with pytest.raises(UserError, match="no token the model knows"):
        attribute(model, VOCAB, "zz yy", units=[0])
