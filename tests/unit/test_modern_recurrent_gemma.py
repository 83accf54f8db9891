"""SPEC 11: our stepped RecurrentGemma (Griffin) against transformers' own forward and its RG-LRU states."""

from __future__ import annotations

from functools import cache

import pytest
import torch
from transformers import DynamicCache, RecurrentGemmaConfig, RecurrentGemmaForCausalLM

from services.models.modern.recurrent_gemma import ARCHITECTURE

VOCAB, BATCH, STEPS, SPLIT = 50, 3, 13, 5


@cache  # trained once for both tests; the tests only read the weights
def _model(trained: bool) -> RecurrentGemmaForCausalLM:
    torch.manual_seed(0)
    config = RecurrentGemmaConfig(
        vocab_size=VOCAB,
        hidden_size=32,
        lru_width=32,
        num_attention_heads=2,
        num_key_value_heads=1,
        intermediate_size=64,
        num_hidden_layers=3,
        attention_window_size=4,  # smaller than the sequence, so the window matters
    )
    model = RecurrentGemmaForCausalLM(config)
    with torch.no_grad():  # no path left degenerate (zero biases, zero-centred norms)
        for p in model.parameters():
            p.add_(0.1 * torch.randn_like(p))
    if trained:
        stream = torch.arange(4 * 24).remainder(7).view(4, 24) + 3  # a repetitive token stream
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
        for _ in range(40):
            loss = model(stream, labels=stream, use_cache=False).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return model.eval()


def _ours(
    model: RecurrentGemmaForCausalLM, tokens: torch.Tensor, tap_layers: list[int], logits: bool = True
) -> tuple[torch.Tensor | None, torch.Tensor]:
    """Our forward in two chunks carrying the state; taps [T, B, len(tap_layers), 1, U]."""
    units = ARCHITECTURE.units(model.config)
    taps = torch.full((tokens.shape[1], tokens.shape[0], len(tap_layers), 1, units), float("nan"))
    state = ARCHITECTURE.zero_state(model, tokens.shape[0])
    first, state = ARCHITECTURE.forward_chunk(
        model, tokens[:, :SPLIT], state, taps[:SPLIT], tap_layers, logits
    )
    second, state = ARCHITECTURE.forward_chunk(
        model, tokens[:, SPLIT:], state, taps[SPLIT:], tap_layers, logits
    )
    if first is None or second is None:
        return None, taps
    return torch.cat([first, second], dim=1), taps


@pytest.mark.parametrize("trained", [False, True])
def test_logits_match_transformers_full_pass(trained: bool) -> None:
    model = _model(trained)
    tokens = torch.randint(0, VOCAB, (BATCH, STEPS), generator=torch.Generator().manual_seed(1))
    layers = ARCHITECTURE.recorded_layers(model.config)
    assert layers == [0, 1] and ARCHITECTURE.units(model.config) == 32
    ours, _ = _ours(model, tokens, layers)
    with torch.no_grad():
        reference = model(tokens).logits
    assert ours is not None and ours.shape == reference.shape
    assert (ours - reference).abs().max().item() < 1e-4


@pytest.mark.parametrize("trained", [False, True])
def test_states_match_transformers_stepped(trained: bool) -> None:
    model = _model(trained)
    tokens = torch.randint(0, VOCAB, (BATCH, STEPS), generator=torch.Generator().manual_seed(2))
    layers = ARCHITECTURE.recorded_layers(model.config)
    # transformers stepped as generation steps it: a set-up cache, one token and its position at a time;
    # the RG-LRU state lives in each recurrent layer's rg_lru.recurrent_states (never returned).
    model._setup_cache(model.config, BATCH, tokens.device, torch.float32)
    cache = DynamicCache(config=model.config)
    expected = torch.zeros(STEPS, BATCH, len(layers), 1, 32)
    with torch.no_grad():
        for t in range(STEPS):
            position = torch.tensor([[t]])
            model(tokens[:, t : t + 1], position_ids=position, cache=cache, use_cache=True)
            for i, layer in enumerate(layers):
                expected[t, :, i, 0] = model.model.layers[layer].temporal_block.rg_lru.recurrent_states
    _, taps = _ours(model, tokens, layers)
    assert (taps - expected).abs().max().item() < 1e-4

    # Only the asked layer is written, and without logits nothing past it is computed.
    logits, taps = _ours(model, tokens, [1], logits=False)
    assert logits is None and taps.shape[2] == 1 and not taps.isnan().any()
    assert (taps[:, :, 0] - expected[:, :, 1]).abs().max().item() < 1e-4
