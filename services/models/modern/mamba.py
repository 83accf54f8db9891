"""Mamba (transformers' MambaForCausalLM), stepped: every channel's state at every step.

A layer's mixer expands the normalised input to `d_inner` channels u (after a causal convolution)
and a gate z. Channel c keeps a state row h[c, :] of `state_size` numbers:
    h_t[c, :] = exp(Δ_t[c] · A[c, :]) ⊙ h_{t-1}[c, :] + Δ_t[c] · u_t[c] · B_t
    y_t[c]    = C_t · h_t[c, :]                 (recorded: `y`)
    out_t[c]  = (y_t[c] + D[c] · u_t[c]) · silu(z_t[c])
The recorded states per layer are `y` (what the channel reads out of its memory, before the D skip
and the gate) and `norm` = ‖h_t[c, :]‖₂ (how much the channel holds). Units: the d_inner channels.

Shapes: B batch, T steps, D hidden_size, Di d_inner (intermediate_size), N state_size, R
time_step_rank. The carried state per layer: the convolution's last K-1 inputs [B, Di, K-1] and
h [B, Di, N].
"""

from __future__ import annotations

from functools import partial
from typing import Any

import torch
import torch.nn.functional as F
from transformers.activations import ACT2FN

from services.models.modern.base import Architecture
from services.models.modern.mamba_stack import causal_conv, ssm_backbone
from services.models.modern.step_blocks import steps_per_block

LayerState = tuple[torch.Tensor, torch.Tensor]  # (conv window [B, Di, K-1], h [B, Di, N])


def _units(config: Any) -> int:
    return int(config.intermediate_size)


def _layers(config: Any) -> list[int]:
    return list(range(int(config.num_hidden_layers)))


def zero_state(model: Any, batch: int) -> list[LayerState]:
    config, weight = model.config, model.lm_head.weight
    di, n, k = int(config.intermediate_size), int(config.state_size), int(config.conv_kernel)
    return [(weight.new_zeros(batch, di, k - 1), weight.new_zeros(batch, di, n)) for _ in _layers(config)]


def _mixer(
    mixer: Any,
    x: torch.Tensor,
    state: LayerState,
    taps: torch.Tensor | None,
    slot: int | None,
    held: torch.Tensor | None = None,
    method: str = "",
) -> tuple[torch.Tensor, LayerState]:
    """One layer's mixer over a chunk: x [B, T, D] -> out [B, T, D] and its state after the chunk.
    held [B, Di]: channels whose state row takes no write (zero) or stays as it is (freeze)."""
    window, h = state
    batch, steps, _ = x.shape
    u, z = mixer.in_proj(x).chunk(2, dim=-1)  # [B, T, Di] each
    u, window = causal_conv(u.transpose(1, 2), window, mixer.conv1d.weight, mixer.conv1d.bias)
    u = ACT2FN[mixer.activation](u).transpose(1, 2)  # [B, T, Di]
    rank, n = mixer.time_step_rank, mixer.ssm_state_size
    dt, b, c = torch.split(mixer.x_proj(u), [rank, n, n], dim=-1)  # [B, T, R], [B, T, N], [B, T, N]
    dt = F.softplus(mixer.dt_proj(dt))  # [B, T, Di]
    a = -torch.exp(mixer.A_log.float())  # [Di, N]
    di = a.shape[0]
    y = x.new_empty(batch, steps, di)
    # exp(Δ·A) and Δ·u·B for a block of steps at once; only the update itself is stepped
    block = steps_per_block(3 * batch * di * n * 4, steps)
    for t0 in range(0, steps, block):
        t1 = min(steps, t0 + block)
        decay = torch.exp(dt[:, t0:t1, :, None] * a)  # [B, b, Di, N]
        write = (dt[:, t0:t1] * u[:, t0:t1])[..., None] * b[:, t0:t1, None, :]  # [B, b, Di, N]
        if held is not None:
            write.masked_fill_(held[:, None, :, None], 0.0)
            if method == "freeze":
                decay.masked_fill_(held[:, None, :, None], 1.0)
        held = torch.empty_like(decay)
        for i in range(t1 - t0):
            h = torch.addcmul(write[:, i], decay[:, i], h)
            held[:, i] = h
        y[:, t0:t1] = torch.einsum("btdn,btn->btd", held, c[:, t0:t1])
        if slot is not None and taps is not None:
            taps[t0:t1, :, slot, 0] = y[:, t0:t1].transpose(0, 1)
            taps[t0:t1, :, slot, 1] = torch.linalg.vector_norm(held, dim=-1).transpose(0, 1)
    out = (y + u * mixer.D) * F.silu(z)
    return mixer.out_proj(out), (window, h)


ARCHITECTURE = Architecture(
    model_type="mamba",
    units=_units,
    recorded_layers=_layers,
    zero_state=zero_state,
    forward_chunk=partial(ssm_backbone, mixer=_mixer),
)
