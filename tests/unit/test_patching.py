"""SPEC 13 patching against a hand-built ReLU RNN stepped in numpy (float64): the target read with
units overwritten by the source's values at aligned steps, the patched state carried on."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from services.ablation.controls import control_sets
from services.causal import patch
from services.errors import UserError
from services.models.network import RNNModel
from services.models.spec import ModelSpec
from services.recording import UnknownChannel
from tests.hand_set import rnn_relu

VOCAB = ["a", "b", "c", "d", "e", "f"]
H, E = 4, 3


def relu_model(seed: int = 0, unread: int | None = None) -> tuple[RNNModel, dict[str, np.ndarray]]:
    """A one-layer rnn_relu language model with weights set by hand (seeded numbers, positive
    biases so that units respond); unread: a unit no other unit and no output reads."""
    rng = np.random.default_rng(seed)
    w = {
        "emb": rng.uniform(-1, 1, (len(VOCAB), E)),
        "w_ih": rng.uniform(-1, 1, (H, E)),
        "w_hh": rng.uniform(-0.6, 0.6, (H, H)),
        "b": rng.uniform(0.1, 0.5, H),
        "dec": rng.uniform(-1, 1, (len(VOCAB), H)),
        "dec_b": rng.uniform(-0.2, 0.2, len(VOCAB)),
    }
    if unread is not None:
        w["w_hh"][:, unread] = 0.0  # no unit reads it at the next step
        w["dec"][:, unread] = 0.0  # nor does the decoder
    model = rnn_relu(w)
    return model, w


def run(
    w: dict[str, np.ndarray], text: str, patches: dict[int, dict[int, float]] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The oracle: states [T, H] and the output logits after the last token; patches[t][u] = v sets
    unit u to v after step t is computed."""
    h = np.zeros(H)
    states = []
    for t, word in enumerate(text.split()):
        h = np.maximum(0.0, w["w_ih"] @ w["emb"][VOCAB.index(word)] + w["w_hh"] @ h + w["b"])
        for u, v in (patches or {}).get(t, {}).items():
            h[u] = v
        states.append(h.copy())
    return np.array(states), w["dec"] @ h + w["dec_b"]


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def patched_from(
    w: dict[str, np.ndarray], source: str, target: str, units: list[int], steps: list[int]
) -> np.ndarray:
    """The oracle's logits with units patched at target steps from the source aligned at the end."""
    src, _ = run(w, source)
    offset = len(target.split()) - len(source.split())
    return run(w, target, {t: {u: src[t - offset, u] for u in units} for t in steps})[1]


SOURCE, TARGET = "a b c d e", "f e d c b"


def test_every_unit_at_every_step_gives_the_source_output() -> None:
    model, w = relu_model()
    result = patch(model, VOCAB, SOURCE, TARGET, units=range(H), controls=0)
    _, source_logits = run(w, SOURCE)
    _, target_logits = run(w, TARGET)
    o = result.output
    assert o == int(np.argmax(target_logits)) and result.label == VOCAB[o]
    assert result.steps == [0, 1, 2, 3, 4] and result.offset == 0
    assert result.before["logit"] == pytest.approx(target_logits[o], abs=1e-5)
    assert result.after["logit"] == pytest.approx(source_logits[o], abs=1e-5)
    assert result.after["probability"] == pytest.approx(softmax(source_logits)[o], abs=1e-6)
    assert result.delta_logit == pytest.approx(source_logits[o] - target_logits[o], abs=1e-5)


@pytest.mark.parametrize(("units", "steps"), [([], None), ([0, 2], [])])
def test_no_unit_or_no_step_gives_the_target_output(units: list[int], steps: list[int] | None) -> None:
    model, w = relu_model()
    result = patch(model, VOCAB, SOURCE, TARGET, units=units, steps=steps, output=3, controls=0)
    _, target_logits = run(w, TARGET)
    assert result.before["logit"] == pytest.approx(target_logits[3], abs=1e-5)
    assert result.after == result.before and result.delta_logit == 0.0
    named = patch(model, VOCAB, SOURCE, TARGET, units=units, steps=steps, output=VOCAB[3], controls=0)
    assert (named.output, named.label, named.before) == (3, VOCAB[3], result.before)  # the word itself


def test_a_unit_nothing_reads_changes_nothing() -> None:
    model, w = relu_model(unread=2)
    result = patch(model, VOCAB, SOURCE, TARGET, units=[2], controls=0)
    assert run(w, SOURCE)[0][:, 2] != pytest.approx(run(w, TARGET)[0][:, 2])  # the patch changes unit 2
    assert result.delta_logit == 0.0 and result.delta_probability == 0.0


def test_chosen_steps_of_texts_of_different_lengths_align_from_the_end() -> None:
    model, w = relu_model(seed=3)
    source, target = "c a", "b d f e"  # source step s meets target step s + 2
    result = patch(model, VOCAB, source, target, units=[1, 3], steps=[2], output=4, controls=0)
    expected = patched_from(w, source, target, [1, 3], [2])
    assert result.offset == 2 and result.steps == [2]
    assert result.after["logit"] == pytest.approx(expected[4], abs=1e-5)
    assert result.after["probability"] == pytest.approx(softmax(expected)[4], abs=1e-6)
    every = patch(model, VOCAB, source, target, units=[1, 3], output=4, controls=0)  # default steps
    assert every.steps == [2, 3]
    assert every.after["logit"] == pytest.approx(patched_from(w, source, target, [1, 3], [2, 3])[4], abs=1e-5)


def test_controls_are_patched_alike_and_scored_against() -> None:
    model, w = relu_model(seed=1)
    result = patch(model, VOCAB, SOURCE, TARGET, units=[0], output=2, controls=4, seed=7)
    drawn = control_sets(H, 1, 4, 7)
    assert result.controls["units"] == drawn
    _, target_logits = run(w, TARGET)
    deltas = np.array(
        [patched_from(w, SOURCE, TARGET, c, list(range(5)))[2] - target_logits[2] for c in drawn]
    )
    assert result.controls["delta_logit"] == pytest.approx(deltas, abs=1e-5)
    assert result.controls["mean"]["logit"] == pytest.approx(deltas.mean(), abs=1e-5)
    assert result.controls["std"]["logit"] == pytest.approx(deltas.std(ddof=1), abs=1e-5)
    z = (result.delta_logit - deltas.mean()) / deltas.std(ddof=1)
    assert result.controls["z"]["logit"] == pytest.approx(z, rel=1e-4)


def test_a_chip_patched_in_a_deeper_layer_carries_to_the_layers_above() -> None:
    """Two layers: patching all of layer 0 at every step makes layer 1 read the source's layer 0."""
    spec = ModelSpec(
        cell="rnn_relu",
        num_layers=2,
        hidden_size=H,
        embedding_size=E,
        vocab_size=len(VOCAB),
        task="language_model",
    )
    torch.manual_seed(0)
    model = RNNModel(spec).eval()
    result = patch(model, VOCAB, SOURCE, TARGET, units=range(H), layer=0, output=1, controls=0)
    with torch.no_grad():
        top, _ = model(torch.tensor([[VOCAB.index(x) for x in SOURCE.split()]]))
        source_logit = float(model.decoder(top[0, -1])[1])
    assert result.layer == 0 and result.after["logit"] == pytest.approx(source_logit, abs=1e-5)


def test_bad_input_is_refused_in_words() -> None:
    model, _ = relu_model()
    with pytest.raises(UnknownChannel, match="state 'c'"):
        patch(model, VOCAB, SOURCE, TARGET, units=[0], state="c")
    with pytest.raises(UnknownChannel, match="layer 1"):
        patch(model, VOCAB, SOURCE, TARGET, units=[0], layer=1)
    with pytest.raises(UserError, match="step 5 is not a step of target_text"):
        patch(model, VOCAB, SOURCE, TARGET, units=[0], steps=[5])
    with pytest.raises(UserError, match="target step 0 has no source step"):
        patch(model, VOCAB, "a b", TARGET, units=[0], steps=[0])
    with pytest.raises(UserError, match="units must be some of 0..3"):
        patch(model, VOCAB, SOURCE, TARGET, units=[4])
    with pytest.raises(UserError, match="source_text has no token"):
        patch(model, VOCAB, "zzz", TARGET, units=[0])
    with pytest.raises(UserError, match="output 6 is not one of 0..5"):
        patch(model, VOCAB, SOURCE, TARGET, units=[0], output=6)
    with pytest.raises(UserError, match="output 'zzz' is not a word of the model's vocabulary"):
        patch(model, VOCAB, SOURCE, TARGET, units=[0], output="zzz")
