"""The stepped RWKV-4 against transformers' RwkvForCausalLM: logits of a full forward, and the
recorded states against transformers' own carried (num, den, max) state stepped token by token."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import torch
from transformers import RwkvConfig, RwkvForCausalLM

from services.models.modern import FAMILIES
from services.models.modern.rwkv import ARCHITECTURE, forward_chunk, zero_state

B, T, SPLIT = 3, 13, 5


def _model(rescale_every: int, trained: bool = False) -> Any:
    # a large layer norm eps, so that transformers' eval rescaling (exact only up to the eps) shows
    config = RwkvConfig(
        vocab_size=50,
        hidden_size=32,
        num_hidden_layers=2,
        attention_hidden_size=32,
        intermediate_size=64,
        context_length=64,
        rescale_every=rescale_every,
        layer_norm_epsilon=0.1,
    )
    torch.manual_seed(0)
    model = RwkvForCausalLM(config).eval()
    with torch.no_grad():  # init leaves constants (time_decay, tiny embeddings): make every path matter
        for p in model.parameters():
            p.add_(0.3 * torch.randn_like(p))
    if trained:
        model.load_state_dict(_trained_weights())
    return model


@cache
def _trained_weights() -> dict[str, torch.Tensor]:
    """A few Adam steps on a repetitive stream, so the weights move away from the random ones (in
    train mode the weights are not rescaled, so one training serves every rescale_every)."""
    model = _model(0)
    torch.manual_seed(1)
    stream = torch.arange(8).repeat(4, 3) * 5 + torch.randint(0, 5, (4, 24))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(40):
        opt.zero_grad()
        model(input_ids=stream, labels=stream).loss.backward()
        opt.step()
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _ours(model: Any, tokens: torch.Tensor, tap_layers: list[int]) -> tuple[Any, torch.Tensor]:
    """Two chunks, the state carried between them -> (logits [B, T, V], taps [T, B, Lr, 2, A])."""
    taps = torch.full((tokens.shape[1], tokens.shape[0], len(tap_layers), 2, 32), float("nan"))
    state = zero_state(model, tokens.shape[0])
    out: list[torch.Tensor] = []
    for t0, t1 in ((0, SPLIT), (SPLIT, tokens.shape[1])):
        logits, state = forward_chunk(model, tokens[:, t0:t1], state, taps[t0:t1], tap_layers, True)
        assert logits is not None
        out.append(logits)
    return torch.cat(out, dim=1), taps


@pytest.mark.parametrize("rescale_every", [0, 1, 6])
@pytest.mark.parametrize("trained", [False, True])
def test_logits_match_transformers(rescale_every: int, trained: bool) -> None:
    model = _model(rescale_every, trained)
    tokens = torch.randint(0, 50, (B, T), generator=torch.Generator().manual_seed(2))
    with torch.inference_mode():
        before, _ = _ours(model, tokens, [0, 1])  # weights not rescaled yet: divided on the fly
        reference = model(input_ids=tokens).logits  # rescales the weights in place (eval)
        after, _ = _ours(model, tokens, [0, 1])
    assert model.rwkv.layers_are_rescaled
    assert (before - reference).abs().max() < 1e-4
    assert (after - reference).abs().max() < 1e-4
    if rescale_every == 1:  # the rescaling matters here: a train-mode forward (not rescaled) differs
        with torch.no_grad():
            unscaled = model.train()(input_ids=tokens).logits
        model.eval()
        assert (unscaled - reference).abs().max() > 1e-2


@pytest.mark.parametrize("trained", [False, True])
def test_states_match_transformers_stepped(trained: bool) -> None:
    model = _model(1, trained)
    tokens = torch.randint(0, 50, (2, T), generator=torch.Generator().manual_seed(3))
    layers = list(range(model.config.num_hidden_layers))
    seen: dict[str, torch.Tensor] = {}
    hooks = [
        getattr(model.rwkv.blocks[i].attention, name).register_forward_hook(
            lambda _m, _i, out, key=f"{name}{i}": seen.__setitem__(key, out.double())
        )
        for i in layers
        for name in ("key", "value")
    ]
    with torch.inference_mode():
        _, taps = _ours(model, tokens, layers)
        for b in range(tokens.shape[0]):  # transformers steps right with batch 1 only
            state: list[torch.Tensor] | None = None
            prev: list[torch.Tensor] | None
            for t in range(T):
                prev = None if state is None else [s.double().clone() for s in state]
                state = model(input_ids=tokens[b : b + 1, t : t + 1], state=state, use_cache=True).state
                for i in layers:
                    num, den, mx = (s[0, :, i].double() for s in state[2:])
                    assert torch.allclose(taps[t, b, i, 1].double(), den.log() + mx, rtol=1e-5, atol=1e-4)
                    # wkv from transformers' previous state and its key and value at this step
                    att = model.rwkv.blocks[i].attention
                    now = att.time_first.double() + seen[f"key{i}"][0, 0]
                    if prev is None:  # the empty start state: the readout is the value itself
                        wkv = seen[f"value{i}"][0, 0]
                    else:
                        p_num, p_den, p_max = (s[0, :, i] for s in prev[2:])
                        top = torch.maximum(p_max, now)
                        e1, e2 = (p_max - top).exp(), (now - top).exp()
                        wkv = (e1 * p_num + e2 * seen[f"value{i}"][0, 0]) / (e1 * p_den + e2)
                    assert torch.allclose(taps[t, b, i, 0].double(), wkv, rtol=1e-5, atol=1e-4)
    for hook in hooks:
        hook.remove()


def test_tap_subset_and_no_logits() -> None:
    model = _model(6)
    tokens = torch.randint(0, 50, (B, T), generator=torch.Generator().manual_seed(4))
    with torch.inference_mode():
        _, full = _ours(model, tokens, [0, 1])
        taps = torch.full((T, B, 1, 2, 32), float("nan"))
        logits, state = forward_chunk(model, tokens, zero_state(model, B), taps, [1], False)
        assert logits is None
        assert torch.equal(taps[:, :, 0], full[:, :, 1])
        taps = torch.full((T, B, 1, 2, 32), float("nan"))
        logits, state = forward_chunk(model, tokens, zero_state(model, B), taps, [0], False)
        assert logits is None and state[1] is None  # layer 1 was not run
        assert torch.equal(taps[:, :, 0], full[:, :, 0])
        with pytest.raises(ValueError):  # its state was not carried: no silent stale state
            forward_chunk(model, tokens, state, None, [0], True)


def test_architecture() -> None:
    config = _model(6).config
    assert ARCHITECTURE.model_type == "rwkv" and ARCHITECTURE.states == ("wkv", "norm")
    assert ARCHITECTURE.units(config) == 32
    assert ARCHITECTURE.recorded_layers(config) == [0, 1]
    assert set(FAMILIES["rwkv"].meaning) == {"wkv", "norm"}
