"""Mamba-2 (transformers' Mamba2ForCausalLM), stepped: every channel's state at every step.

A layer's mixer splits `d_inner` = num_heads × head_dim channels into heads; head k has one scalar
decay per step, and channel (k, p) keeps a state row h[k, p, :] of `state_size` numbers, written
through its group's B and read through its group's C:
    h_t[k, p, :] = exp(Δ_t[k] · A[k]) · h_{t-1}[k, p, :] + Δ_t[k] · x_t[k, p] · B_t[g(k)]
    y_t[k, p]    = C_t[g(k)] · h_t[k, p, :]          (recorded: `y`)
    out_t        = RMSNorm_grouped((y_t + D[k] · x_t) · silu(z_t))
The recorded states per layer are `y` (what the channel reads out of its memory, before the D
skip, the gate and the norm) and `norm` = ‖h_t[k, p, :]‖₂ (how much the channel holds). Units: the
num_heads × head_dim channels, head-major (unit k · head_dim + p).

Shapes: B batch, T steps, D hidden_size, H num_heads, P head_dim, G n_groups, N state_size.
The carried state per layer: the convolution's last K-1 inputs [B, Di + 2·G·N, K-1] and
h [B, H, P, N].
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F
from transformers.activations import ACT2FN

from services.models.modern.base import Architecture
from services.models.modern.common import causal_conv, rms_norm, steps_per_block

LayerState = tuple[torch.Tensor, torch.Tensor]  # (conv window [B, conv_dim, K-1], h [B, H, P, N])


def _units(config: Any) -> int:
    return int(config.num_heads) * int(config.head_dim)


def _layers(config: Any) -> list[int]:
    return list(range(int(config.num_hidden_layers)))


def zero_state(model: Any, batch: int) -> list[LayerState]:
    config, weight = model.config, model.lm_head.weight
    h, p, n, g = int(config.num_heads), int(config.head_dim), int(config.state_size), int(config.n_groups)
    conv_dim = h * p + 2 * g * n
    k = int(config.conv_kernel)
    return [
        (weight.new_zeros(batch, conv_dim, k - 1), weight.new_zeros(batch, h, p, n)) for _ in _layers(config)
    ]


def forward_chunk(
    model: Any,
    tokens: torch.Tensor,
    state: list[LayerState],
    taps: torch.Tensor | None,
    tap_layers: Sequence[int],
    logits: bool,
) -> tuple[torch.Tensor | None, list[LayerState]]:
    """tokens [B, T] -> (logits [B, T, V] or None, state after the chunk); taps [T, B, len(tap_layers),
    2, H·P] get y and norm of those layers."""
    backbone = model.backbone
    eps = float(model.config.layer_norm_epsilon)
    last = max(tap_layers, default=-1) if not logits else len(backbone.layers) - 1
    x = backbone.embeddings(tokens)
    new_state: list[LayerState] = list(state)
    for layer, block in enumerate(backbone.layers):
        if layer > last:
            break
        slot = tap_layers.index(layer) if taps is not None and layer in tap_layers else None
        out, new_state[layer] = _mixer(
            block.mixer, rms_norm(x, block.norm.weight, eps), state[layer], taps, slot
        )
        x = x + out
    if not logits:
        return None, new_state
    return model.lm_head(rms_norm(x, backbone.norm_f.weight, eps)).float(), new_state


def _mixer(
    mixer: Any, x: torch.Tensor, state: LayerState, taps: torch.Tensor | None, slot: int | None
) -> tuple[torch.Tensor, LayerState]:
    """One layer's mixer over a chunk: x [B, T, D] -> out [B, T, D] and its state after the chunk."""
    window, h = state
    batch, steps, _ = x.shape
    heads, p, n, groups = mixer.num_heads, mixer.head_dim, mixer.ssm_state_size, mixer.n_groups
    di = mixer.intermediate_size
    z, xbc, dt = mixer.in_proj(x).split([di, mixer.conv_dim, heads], dim=-1)
    xbc, window = causal_conv(xbc.transpose(1, 2), window, mixer.conv1d.weight, mixer.conv1d.bias)
    xbc = ACT2FN[mixer.activation](xbc).transpose(1, 2)  # [B, T, conv_dim]
    u, b, c = torch.split(xbc, [di, groups * n, groups * n], dim=-1)
    u = u.view(batch, steps, heads, p)
    per_group = heads // groups  # heads k·per_group .. share group k's B and C
    b = b.view(batch, steps, groups, n).repeat_interleave(per_group, dim=2)  # [B, T, H, N]
    c = c.view(batch, steps, groups, n).repeat_interleave(per_group, dim=2)  # [B, T, H, N]
    low, high = mixer.time_step_limit
    dt = torch.clamp(F.softplus(dt + mixer.dt_bias), min=low, max=high)  # [B, T, H]
    decay = torch.exp(dt * -torch.exp(mixer.A_log.float()))  # [B, T, H]
    y = x.new_empty(batch, steps, heads, p)
    block = steps_per_block(2 * batch * heads * p * n * 4, steps)
    for t0 in range(0, steps, block):
        t1 = min(steps, t0 + block)
        # Δ·x·B for a block of steps at once; only the update itself is stepped
        write = (dt[:, t0:t1, :, None] * u[:, t0:t1])[..., None] * b[:, t0:t1, :, None, :]  # [B, b, H, P, N]
        held = torch.empty_like(write)
        for i in range(t1 - t0):
            h = torch.addcmul(write[:, i], decay[:, t0 + i, :, None, None], h)
            held[:, i] = h
        y[:, t0:t1] = torch.einsum("bthpn,bthn->bthp", held, c[:, t0:t1])
        if slot is not None and taps is not None:
            taps[t0:t1, :, slot, 0] = y[:, t0:t1].flatten(2).transpose(0, 1)
            taps[t0:t1, :, slot, 1] = torch.linalg.vector_norm(held, dim=-1).flatten(2).transpose(0, 1)
    out = (y + u * mixer.D[:, None]).flatten(2)  # [B, T, Di]
    # the gated, grouped RMSNorm of transformers' MambaRMSNormGated
    out = (out * F.silu(z)).view(batch, steps, groups, di // groups)
    out = rms_norm(out, torch.ones((), device=out.device), mixer.norm.variance_epsilon).flatten(2)
    return mixer.out_proj(mixer.norm.weight * out), (window, h)


ARCHITECTURE = Architecture(
    model_type="mamba2",
    class_name="Mamba2ForCausalLM",
    states=("y", "norm"),
    meaning={
        "y": "what the channel reads out of its memory at this step: C_t · h_t[k, p, :], before "
        "the D skip, the gate and the norm",
        "norm": "how much the channel holds: the length ‖h_t[k, p, :]‖₂ of its state row",
    },
    unit="a channel (head k, p) of num_heads × head_dim",
    units=_units,
    recorded_layers=_layers,
    zero_state=zero_state,
    forward_chunk=forward_chunk,
)
