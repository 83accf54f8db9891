"""services/models/modern/xlstm.py against transformers' xLSTMForCausalLM: logits of a full pass, and
the states read from transformers' own cache and step kernel while stepping it token by token."""

from __future__ import annotations

import copy
from functools import cache

import pytest
import torch
from transformers import xLSTMConfig, xLSTMForCausalLM
from transformers.initialization import no_init_weights

from services.models.modern.xlstm import ARCHITECTURE as XLSTM
from services.models.spec import ModelFormatError

VOCAB, BATCH, STEPS, SPLIT = 50, 3, 13, 5


def _config(**overrides: object) -> xLSTMConfig:
    # hidden 128: the layer's qk dim (64) and v dim (128) are the config's rounded ones, so
    # transformers' cache has the layer's shapes; dk 32 != dv 64 catches a transposed memory
    kwargs: dict = dict(vocab_size=VOCAB, hidden_size=128, num_hidden_layers=2, num_heads=2)
    kwargs.update(overrides)
    return xLSTMConfig(**kwargs)


def _perturbed(config: xLSTMConfig, seed: int) -> xLSTMForCausalLM:
    """transformers' init plus noise everywhere, the input gates away from their -10 init (which
    would leave the memory almost empty) so that every path and both branches of the max count."""
    torch.manual_seed(seed)
    model = xLSTMForCausalLM(config).eval()
    with torch.no_grad():
        for name, param in model.named_parameters():
            param.add_(0.05 * torch.randn_like(param))
            if name.endswith("igate_preact.bias"):
                param.normal_()
    return model


def _fused(single: xLSTMForCausalLM) -> xLSTMForCausalLM:
    """The same model with weight_mode 'fused' (transformers' fused init crashes, so no init)."""
    config = copy.deepcopy(single.config)
    config.weight_mode = "fused"
    with no_init_weights():
        fused = xLSTMForCausalLM(config).eval()
    joined = {
        "qkv_opreact": ("q", "k", "v", "ogate_preact"),
        "ifgate_preact": ("igate_preact", "fgate_preact"),
        "proj_up_gate_z": ("proj_up_gate", "proj_up"),
    }
    source = single.state_dict()
    state = {}
    for name in fused.state_dict():
        prefix, part, kind = name.rsplit(".", 2) if name.count(".") >= 2 else ("", *name.split("."))
        if part in joined:
            state[name] = torch.cat([source[f"{prefix}.{p}.{kind}"] for p in joined[part]])
        else:
            state[name] = source[name]
    fused.load_state_dict(state)
    return fused


def _trained() -> xLSTMForCausalLM:
    # chunk_size 16: training rows of 16 tokens go through transformers' chunkwise kernel (fast);
    # the 13-token reference pass through its step kernel
    model = _perturbed(_config(chunk_size=16), seed=1)
    model.train()
    pattern = torch.randint(0, VOCAB, (7,))
    stream = pattern.repeat(4)  # 28 tokens: a period-7 repetition to learn
    rows = torch.stack([stream[s : s + 16] for s in range(0, 12, 3)])
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(40):
        optimiser.zero_grad()
        model(rows, labels=rows, use_cache=False).loss.backward()
        optimiser.step()
    return model.eval()


@cache
def _model(kind: str) -> xLSTMForCausalLM:
    if kind == "random":
        return _perturbed(_config(), seed=0)
    if kind == "biased":  # with biases and small soft caps, so that the caps bend
        return _perturbed(_config(use_bias=True, gate_soft_cap=3.0, output_logit_soft_cap=5.0), seed=2)
    if kind == "fused":
        return _fused(_model("biased"))
    if kind == "odd":  # 3 heads of dk 8, dv 16: the config's rounded dims differ from the layer's
        return _perturbed(_config(hidden_size=48, num_heads=3), seed=3)
    return _trained()


def _tokens() -> torch.Tensor:
    return torch.randint(0, VOCAB, (BATCH, STEPS), generator=torch.Generator().manual_seed(4))


def _ours(model: xLSTMForCausalLM, tokens: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, list]:
    """Logits and taps of all blocks, read in two chunks carrying the state."""
    layers = XLSTM.recorded_layers(model.config)
    taps = torch.full((STEPS, BATCH, len(layers), 2, XLSTM.units(model.config)), float("nan"))
    state = XLSTM.zero_state(model, BATCH)
    with torch.no_grad():
        first, state = XLSTM.forward_chunk(model, tokens[:, :SPLIT], state, taps[:SPLIT], layers, True)
        second, state = XLSTM.forward_chunk(model, tokens[:, SPLIT:], state, taps[SPLIT:], layers, True)
    assert first is not None and second is not None
    return torch.cat([first, second], dim=1), taps, state


def _close(ours: torch.Tensor, theirs: torch.Tensor) -> float:
    """Largest difference, relative to the largest value when that is above 1 (float32 rounding grows
    with the values: transformers' own full pass and stepped pass differ by ~1e-4 on a C of ~60)."""
    return float((ours - theirs).abs().max() / theirs.abs().max().clamp_min(1.0))


@pytest.mark.parametrize("kind", ["random", "fused", "odd", "trained"])
def test_logits_match_a_full_pass(kind: str) -> None:
    model, tokens = _model(kind), _tokens()
    logits, _, _ = _ours(model, tokens)
    with torch.no_grad():  # the odd dims break transformers' cache, whose shapes are the rounded ones
        reference = model(tokens, use_cache=kind != "odd").logits
    assert float((logits - reference).abs().max()) < 1e-4
    if kind == "fused":  # the fused weights are the single ones joined: the same function
        with torch.no_grad():
            single = _model("biased")(tokens).logits
        assert float((logits - single).abs().max()) < 1e-4


@pytest.mark.parametrize("kind", ["random", "trained"])
def test_states_match_transformers_stepped_with_its_cache(kind: str) -> None:
    model, tokens = _model(kind), _tokens()
    _, taps, state = _ours(model, tokens)
    blocks = model.backbone.blocks
    readouts: list[list[torch.Tensor]] = [[] for _ in blocks]
    hooks = [
        block.mlstm_layer.multihead_norm.register_forward_pre_hook(
            lambda _m, args, i=i: readouts[i].append(args[0][:, 0].reshape(BATCH, -1))  # h [B, 1, H, dv]
        )
        for i, block in enumerate(blocks)
    ]
    cache_params, norms = None, []
    try:
        with torch.no_grad():
            for t in range(STEPS):
                out = model(tokens[:, t : t + 1], cache=cache_params, use_cache=True)
                cache_params = out.cache
                norms.append(
                    [
                        torch.linalg.vector_norm(c, dim=-2).reshape(BATCH, -1)
                        for c, _, _ in cache_params.rnn_state.values()
                    ]
                )
    finally:
        for hook in hooks:
            hook.remove()
    for i in range(len(blocks)):
        assert _close(taps[:, :, i, 0], torch.stack(readouts[i])) < 1e-4
        assert _close(taps[:, :, i, 1], torch.stack([step[i] for step in norms])) < 1e-4
        for ours, theirs in zip(state[i], cache_params.rnn_state[i], strict=True):
            assert _close(ours, theirs) < 1e-4
    # y and norm carry information: not constant, not all tiny
    assert float(taps[..., 0, :].std()) > 0.1 and float(taps[..., 1, :].std()) > 0.1


def test_one_tap_layer_and_no_logits() -> None:
    model, tokens = _model("random"), _tokens()
    _, taps, _ = _ours(model, tokens)
    one = torch.full((STEPS, BATCH, 1, 2, XLSTM.units(model.config)), float("nan"))
    with torch.no_grad():
        logits, state = XLSTM.forward_chunk(model, tokens, XLSTM.zero_state(model, BATCH), one, [1], False)
    assert logits is None
    # the same float32 pass with fewer taps: equal but for rounding (2.7e-6 seen on one machine)
    assert torch.equal(one[:, :, 0], taps[:, :, 1]) or _close(one[:, :, 0], taps[:, :, 1]) < 1e-5
    # only block 0 is needed for a tap of block 0: block 1's state is left as it was
    with torch.no_grad():
        _, state = XLSTM.forward_chunk(model, tokens, XLSTM.zero_state(model, BATCH), one, [0], False)
    assert not state[1][0].any() and state[0][0].any()


def test_shapes_and_refusals() -> None:
    config = _config()
    assert XLSTM.units(config) == 128 and XLSTM.recorded_layers(config) == [0, 1]
    c, n, m = XLSTM.zero_state(_model("random"), 4)[0]
    assert (c.shape, n.shape, m.shape) == ((4, 2, 32, 64), (4, 2, 32), (4, 2, 1))
    with pytest.raises(ModelFormatError, match="add_out_norm"):
        XLSTM.units(_config(add_out_norm=False))
    with pytest.raises(ModelFormatError, match="num_heads"):
        XLSTM.units(_config(hidden_size=64, num_heads=3))
