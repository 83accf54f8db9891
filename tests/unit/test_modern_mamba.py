"""SPEC 11: our stepped Mamba and Mamba-2 against transformers' own forward and its cached states."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import torch

from services.models.modern import architecture
from tests.modern_folders import tiny_model

BATCH, STEPS, SPLIT, VOCAB = 3, 13, 5, 30


@cache  # trained once per type; the tests only read the weights
def _model(model_type: str, trained: bool) -> Any:
    model = tiny_model(model_type, vocab_size=VOCAB)
    if trained:
        stream = torch.arange(4 * 24).remainder(7).view(4, 24) + 3  # a repetitive token stream
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
        model.train()
        for _ in range(40):
            loss = model(stream, labels=stream, use_cache=False).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return model.eval()


def _ours(model: Any, tokens: torch.Tensor, tap_layers: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """Our forward in two chunks carrying the state -> logits, taps [T, B, len(tap_layers), 2, U]."""
    arch = architecture(model.config.model_type)
    taps = torch.full((STEPS, BATCH, len(tap_layers), 2, arch.units(model.config)), float("nan"))
    state = arch.zero_state(model, BATCH)
    first, state = arch.forward_chunk(model, tokens[:, :SPLIT], state, taps[:SPLIT], tap_layers, True)
    second, state = arch.forward_chunk(model, tokens[:, SPLIT:], state, taps[SPLIT:], tap_layers, True)
    assert first is not None and second is not None
    return torch.cat([first, second], dim=1), taps


@pytest.mark.parametrize("trained", [False, True], ids=["random", "trained"])
@pytest.mark.parametrize("model_type", ["mamba", "mamba2"])
def test_logits_and_states_equal_transformers(model_type: str, trained: bool) -> None:
    model = _model(model_type, trained)
    tokens = torch.randint(0, VOCAB, (BATCH, STEPS), generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        logits, taps = _ours(model, tokens, [0, 1])
        assert (logits - model(tokens).logits).abs().max() < 1e-4
        # transformers stepped one token at a time with its cache: the state rows after every step
        cached, step_cache = [], None
        for t in range(STEPS):
            out = model(input_ids=tokens[:, t : t + 1], cache=step_cache, use_cache=True)
            step_cache = out.cache
            cached.append([step_cache.get_recurrent_state(layer, state_idx=0).clone() for layer in (0, 1)])
    for t in range(STEPS):
        for layer in (0, 1):
            h = cached[t][layer]  # mamba [B, Di, N]; mamba2 [B, H, P, N]
            norm = torch.linalg.vector_norm(h, dim=-1).flatten(1)
            assert torch.allclose(taps[t, :, layer, 1], norm, atol=1e-5, rtol=1e-4)


def test_mamba_readout_is_c_times_the_state() -> None:
    """y = C_t · h_t[c, :], with C_t read from transformers' own x_proj and h_t from its cache."""
    model = _model("mamba", True)
    tokens = torch.randint(0, VOCAB, (BATCH, STEPS), generator=torch.Generator().manual_seed(2))
    n = model.config.state_size
    seen: list[torch.Tensor] = []
    hook = model.backbone.layers[1].mixer.x_proj.register_forward_hook(
        lambda m, i, o: seen.append(o[..., -n:])
    )
    try:
        with torch.inference_mode():
            _, taps = _ours(model, tokens, [1])
            step_cache = None
            for t in range(STEPS):
                step_cache = model(input_ids=tokens[:, t : t + 1], cache=step_cache, use_cache=True).cache
                h = step_cache.get_recurrent_state(1, state_idx=0)  # [B, Di, N]
                c = seen[-1][:, 0]  # [B, N]
                expected = torch.einsum("bdn,bn->bd", h, c)
                assert torch.allclose(taps[t, :, 0, 0], expected, atol=1e-5, rtol=1e-4)
    finally:
        hook.remove()


def test_mamba2_readout_is_what_the_gated_norm_reads() -> None:
    """With D = 0, the gated norm's input is y itself (transformers' own MambaRMSNormGated input)."""
    model = _model("mamba2", False)
    with torch.no_grad():
        model.backbone.layers[0].mixer.D.zero_()
    tokens = torch.randint(0, VOCAB, (BATCH, STEPS), generator=torch.Generator().manual_seed(3))
    seen: list[torch.Tensor] = []
    hook = model.backbone.layers[0].mixer.norm.register_forward_hook(lambda m, i, o: seen.append(i[0]))
    try:
        with torch.inference_mode():
            _, taps = _ours(model, tokens, [0, 1])
            model(tokens)
    finally:
        hook.remove()
    assert torch.allclose(taps[:, :, 0, 0], seen[-1].transpose(0, 1), atol=1e-5, rtol=1e-4)


def test_only_the_layers_asked_for_are_written_and_logits_can_be_skipped() -> None:
    model = _model("mamba2", False)
    arch = architecture("mamba2")
    tokens = torch.randint(0, VOCAB, (BATCH, 4))
    units = arch.units(model.config)
    one, both = torch.full((4, BATCH, 1, 2, units), float("nan")), torch.zeros(4, BATCH, 2, 2, units)
    with torch.inference_mode():
        logits, _ = arch.forward_chunk(model, tokens, arch.zero_state(model, BATCH), one, [1], False)
        arch.forward_chunk(model, tokens, arch.zero_state(model, BATCH), both, [0, 1], False)
    assert logits is None
    assert torch.equal(one[:, :, 0], both[:, :, 1])
