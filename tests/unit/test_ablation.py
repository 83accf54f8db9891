"""SPEC 9 ablation, the stepping: a layer read with chosen units frozen or zeroed, checked step by
step against a hand-stepped LSTM cell, and the unablated split equal to the fused network."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch

from services.ablation import AblationOptions, ablate, control_sets
from services.ablation.hurt import MOST_HURT_MIN_COUNT
from services.ablation.stepping import ablated_layer, above, below, layer_modules, unit_mask
from services.models.loading import LoadedModel, check_model
from services.models.network import build_network
from tests.conftest import random_model

VOCAB = [f"w{i}" for i in range(20)]


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn_tanh", "rnn_relu"])
def test_layers_one_by_one_equal_the_fused_network(cell: str) -> None:
    network = build_network(random_model(VOCAB, cell, layers=3, hidden=12, seed=1))
    tokens = torch.randint(0, len(VOCAB), (5, 9), generator=torch.Generator().manual_seed(0))
    modules = layer_modules(network.rnn)
    for layer in range(3):
        h = above(
            modules,
            ablated_layer(modules[layer], below(modules, network, tokens, layer), None, "freeze"),
            layer,
        )
        fused, _ = network(tokens)
        torch.testing.assert_close(h, fused)


def hand_lstm(
    x: torch.Tensor, weights: dict[str, torch.Tensor], units: list[int], method: str
) -> torch.Tensor:
    """One LSTM layer stepped by hand (PyTorch's gate order i, f, g, o), units held after each step."""
    batch, steps, _ = x.shape
    hidden = weights["weight_hh"].shape[1]
    h, c = torch.zeros(batch, hidden), torch.zeros(batch, hidden)
    out = []
    for t in range(steps):
        gates = (
            x[:, t] @ weights["weight_ih"].T
            + weights["bias_ih"]
            + h @ weights["weight_hh"].T
            + weights["bias_hh"]
        )
        i, f, g, o = gates.chunk(4, dim=1)
        c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h_new = torch.sigmoid(o) * torch.tanh(c_new)
        for u in units:
            h_new[:, u] = h[:, u] if method == "freeze" else 0.0
            c_new[:, u] = c[:, u] if method == "freeze" else 0.0
        h, c = h_new, c_new
        out.append(h)
    return torch.stack(out, 1)


@pytest.mark.parametrize("method", ["freeze", "zero"])
def test_held_units_step_by_step(method: str) -> None:
    network = build_network(random_model(VOCAB, "lstm", layers=2, hidden=10, seed=2, scale=2.0))
    tokens = torch.randint(0, len(VOCAB), (4, 12), generator=torch.Generator().manual_seed(1))
    modules = layer_modules(network.rnn)
    x = below(modules, network, tokens, 1)
    units = [0, 3, 7]
    got = ablated_layer(modules[1], x, torch.tensor(units), method)  # type: ignore[arg-type]
    weights = {
        name: getattr(network.rnn, f"{name}_l1").detach()
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    }
    torch.testing.assert_close(got, hand_lstm(x, weights, units, method), rtol=1e-5, atol=1e-6)
    # frozen from the zero state: the units stay 0 all along, and the others move
    assert (got[..., units] == 0).all() and got[..., [1, 2]].abs().sum() > 0


def informed_model(task: str = "language_model") -> tuple[LoadedModel, list[str]]:
    """A hand-built tanh RNN: unit 0 fires only for the word 'a' (tanh(5)), unit 1 is never used;
    the decoder reads unit 0 as 'b comes next' (or, for a classifier, as the class 'pos')."""
    vocab = (
        ["<unk>", "<eos>", "a", "b", "c", "x"] if task == "language_model" else ["<unk>", "a", "b", "c", "x"]
    )
    classes = 2 if task == "classifier" else None
    base = random_model(
        vocab, "rnn_tanh", layers=1, hidden=2, embedding=len(vocab), task=task, num_classes=classes
    )
    sd = {k: torch.zeros_like(v) for k, v in base.state_dict.items()}
    sd["encoder.weight"] = torch.eye(len(vocab))
    sd["rnn.weight_ih_l0"][0, vocab.index("a")] = 5.0
    if task == "classifier":
        sd["decoder.weight"][1, 0] = 10.0  # 'pos' when the last word is 'a' (W_hh = 0: no memory)
    else:
        sd["decoder.weight"][vocab.index("b"), 0] = 10.0
    config = {**base.spec.to_config(), **({"labels": ["neg", "pos"]} if classes else {})}
    return check_model(sd, vocab, config), vocab


def test_freezing_the_informed_unit_hurts_only_after_its_word(tmp_path: Path) -> None:
    model, _ = informed_model()
    corpus = tmp_path / "c.txt"
    corpus.write_text("a b c x\nx c a b\nc a b x a b\nx x c\n" * 20)
    clusters = {"a": 0, "b": 1, "c": 1, "x": 1}
    informed = ablate(
        model, corpus, "text", AblationOptions(layer=0, units=(0,), controls=3, seed=4), clusters, 2, "cpu"
    )
    # after 'a' the model put ~all of its mass on 'b'; frozen at 0, it is uniform over 6 words
    assert informed.delta_loss[0] == pytest.approx(math.log(6), abs=1e-3)
    assert informed.delta_loss[1] == 0.0 and informed.cluster_counts[1] > 0
    assert informed.most_hurt[0]["word"] == "a" and informed.most_hurt[0]["delta"] == pytest.approx(
        math.log(6), abs=1e-3
    )
    assert all(w["delta"] == 0.0 for w in informed.most_hurt[1:])
    assert informed.most_hurt_min_count == MOST_HURT_MIN_COUNT <= min(w["count"] for w in informed.most_hurt)
    assert informed.loss["ablated"] > informed.loss["unablated"]
    unused = ablate(
        model, corpus, "text", AblationOptions(layer=0, units=(1,), controls=2), clusters, 2, "cpu"
    )
    assert unused.delta_loss == [0.0, 0.0] and unused.loss["ablated"] == unused.loss["unablated"]
    # the controls come back the same from the same seed, and differ with another
    again = ablate(
        model, corpus, "text", AblationOptions(layer=0, units=(0,), controls=3, seed=4), clusters, 2, "cpu"
    )
    assert again.control_units == informed.control_units == control_sets(2, 1, 3, 4)
    assert again.control_delta_loss_mean == informed.control_delta_loss_mean


def test_a_classifiers_accuracy_per_class(tmp_path: Path) -> None:
    model, _ = informed_model("classifier")
    corpus = tmp_path / "c.tsv"
    corpus.write_text("pos\tc x a\nneg\tc x\npos\tx a\nneg\tx c\n" * 10)
    result = ablate(
        model,
        corpus,
        "labeled",
        AblationOptions(layer=0, units=(0,), controls=2),
        {"a": 0, "c": 1, "x": 1},
        2,
        "cpu",
    )
    per_class = result.accuracy["per_class"]
    assert result.accuracy["unablated"] == 1.0 and per_class["pos"] == {"unablated": 1.0, "ablated": 0.0}
    assert per_class["neg"]["ablated"] == 1.0 and result.sequences == 40
    # 'pos' sequences (all with 'a') lose their evidence: log-loss ~0 -> log 2; 'neg' ones do not change
    assert result.cluster_counts == [20, 40]
    assert result.delta_loss[0] == pytest.approx(math.log(2), abs=1e-3)
    assert result.delta_loss[1] == pytest.approx(math.log(2) / 2, abs=1e-3)


def test_variants_stacked_in_one_batch_equal_separate_passes() -> None:
    network = build_network(random_model(VOCAB, "gru", layers=2, hidden=10, seed=3, scale=2.0))
    tokens = torch.randint(0, len(VOCAB), (3, 7), generator=torch.Generator().manual_seed(2))
    modules = layer_modules(network.rnn)
    x = below(modules, network, tokens, 0)
    sets = [torch.tensor([0, 1]), torch.tensor([5, 9]), torch.tensor([2, 3])]
    mask = torch.cat([unit_mask(units, 3, 10) for units in sets])
    stacked = ablated_layer(modules[0], x.repeat(3, 1, 1), mask, "freeze").split(3)
    for units, got in zip(sets, stacked, strict=True):
        torch.testing.assert_close(got, ablated_layer(modules[0], x, units, "freeze"))
