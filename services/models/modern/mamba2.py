"""Mamba-2 (transformers' Mamba2ForCausalLM): every channel's readout and state size at every step.

A layer's mixer splits `d_inner` = num_heads × head_dim channels into heads; head k has one scalar
decay per step, and channel (k, p) keeps a state row h[k, p, :] of `state_size` numbers, written
through its group's B and read through its group's C:
    h_t[k, p, :] = exp(Δ_t[k] · A[k]) · h_{t-1}[k, p, :] + Δ_t[k] · x_t[k, p] · B_t[g(k)]
    y_t[k, p]    = C_t[g(k)] · h_t[k, p, :]          (recorded: `y`)
    out_t        = RMSNorm_grouped((y_t + D[k] · x_t) · silu(z_t))
The recorded states per layer are `y` (what the channel reads out of its memory, before the D
skip, the gate and the norm) and `norm` = ‖h_t[k, p, :]‖₂ (how much the channel holds). Units: the
num_heads × head_dim channels, head-major (unit k · head_dim + p).

The recurrence is computed for blocks of up to 64 steps at once in closed form (Mamba-2's
state-space duality: each step's readout as a masked matrix product), so that no step's full state
is held; the state is carried from block to block and chunk to chunk. Every step's y and norm
equal those of the one-step recurrence above (tests/unit/test_modern_mamba.py, against the states
transformers' own cache holds after each step).

Shapes: B batch, T steps, D hidden_size, H num_heads, P head_dim, G n_groups, N state_size.
The carried state per layer: the convolution's last K-1 inputs [B, Di + 2·G·N, K-1] and
h [B, H, P, N].
"""

from __future__ import annotations

from functools import partial
from typing import Any

import torch
import torch.nn.functional as F
from transformers.activations import ACT2FN

from services.models.modern.base import Architecture
from services.models.modern.mamba_stack import causal_conv, ssm_backbone
from services.models.modern.rms_norm import rms_norm

LayerState = tuple[torch.Tensor, torch.Tensor]  # (conv window [B, conv_dim, K-1], h [B, H, P, N])
BLOCK = 64  # steps computed in closed form at once: [B, H, BLOCK, BLOCK] decay matrices


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
    held [B, H·P]: channels whose state row takes no write (zero) or stays as it is (freeze)."""
    window, h = state
    batch, steps, _ = x.shape
    heads, p, n, groups = mixer.num_heads, mixer.head_dim, mixer.ssm_state_size, mixer.n_groups
    di = mixer.intermediate_size
    z, xbc, dt = mixer.in_proj(x).split([di, mixer.conv_dim, heads], dim=-1)
    xbc, window = causal_conv(xbc.transpose(1, 2), window, mixer.conv1d.weight, mixer.conv1d.bias)
    xbc = ACT2FN[mixer.activation](xbc).transpose(1, 2)  # [B, T, conv_dim]
    u, b, c = torch.split(xbc, [di, groups * n, groups * n], dim=-1)
    u = u.view(batch, steps, heads, p)
    b, c = b.view(batch, steps, groups, n), c.view(batch, steps, groups, n)  # [B, T, G, N]
    low, high = mixer.time_step_limit
    dt = torch.clamp(F.softplus(dt + mixer.dt_bias), min=low, max=high)  # [B, T, H]
    log_decay = dt * -torch.exp(mixer.A_log.float())  # [B, T, H]: log a_t <= 0
    y = x.new_empty(batch, steps, heads, p)
    want = slot is not None and taps is not None
    channels = None if held is None else held.view(batch, heads, p)
    for t0 in range(0, steps, BLOCK):
        t1 = min(steps, t0 + BLOCK)
        part = slice(t0, t1)
        y[:, part], norm, h = _block(
            u[:, part], b[:, part], c[:, part], dt[:, part], log_decay[:, part], h, want, channels, method
        )
        if want:
            assert taps is not None and norm is not None
            taps[t0:t1, :, slot, 0] = y[:, part].flatten(2).transpose(0, 1)
            taps[t0:t1, :, slot, 1] = norm.flatten(2).transpose(0, 1)
    out = (y + u * mixer.D[:, None]).flatten(2)  # [B, T, Di]
    # the gated, grouped RMSNorm of transformers' MambaRMSNormGated
    out = (out * F.silu(z)).view(batch, steps, groups, di // groups)
    out = rms_norm(out, torch.ones((), device=out.device), mixer.norm.variance_epsilon).flatten(2)
    return mixer.out_proj(mixer.norm.weight * out), (window, h)


def _block(
    u: torch.Tensor,
    b: torch.Tensor,
    c: torch.Tensor,
    dt: torch.Tensor,
    log_decay: torch.Tensor,
    h: torch.Tensor,
    want_norm: bool,
    held: torch.Tensor | None = None,
    method: str = "",
) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor]:
    """The recurrence over L steps in closed form (the state-space duality of Mamba-2): every step's
    readout without holding every step's state.

    u [B, L, H, P], b and c [B, L, G, N] (heads k·H/G .. share group k's), dt and log_decay
    [B, L, H], h [B, H, P, N] the state before -> (y [B, L, H, P], ‖h_t[k, p, :]‖ [B, L, H, P] or
    None, the state after the block).
    With S_t = Σ_{r<=t} log a_r, the state is h_t = Σ_{s<=t} e^{S_t - S_s} Δ_s x_s B_s + e^{S_t} h.
    The norm follows from ‖h_t‖² = a_t² ‖h_{t-1}‖² + 2 a_t Δ_t x_t (B_t · h_{t-1}) + Δ_t² x_t² ‖B_t‖²,
    the same closed form with B_t as the readout. held [B, H, P]: channels whose rows take no write
    (zero), or keep the row they had (freeze: a_t = 1 for them; y_t = C_t · h, ‖h‖ unchanged).
    (In float32 it agrees with transformers' stepped cache within 5e-4 relative over 200 steps of
    a d_model 256 model, as a float64 one does.)
    """
    batch, steps, heads, p = u.shape
    groups = b.shape[2]
    k = heads // groups

    def by_group(x: torch.Tensor) -> torch.Tensor:  # [B, H, ...] -> [B, G, H/G, ...]
        return x.view(batch, groups, k, *x.shape[2:])

    cum = by_group(torch.cumsum(log_decay, dim=1).transpose(1, 2))  # [B, G, k, L]: S_t
    causal = torch.ones(steps, steps, dtype=torch.bool, device=u.device).tril()
    # e^{S_t - S_s} for s <= t, 0 above the diagonal (masked before exp: no overflow)
    decay = torch.exp(
        torch.where(causal, cum[..., :, None] - cum[..., None, :], -torch.inf)
    )  # [B, G, k, L, L]
    written = by_group((dt[..., None] * u).transpose(1, 2))  # [B, G, k, L, P]: Δ_s x_s
    mask = None if held is None else by_group(held)[..., None, :]  # [B, G, k, 1, P]
    if mask is not None:
        written = written.masked_fill(mask, 0.0)
    bg, cg = b.transpose(1, 2), c.transpose(1, 2)  # [B, G, L, N]
    hg = by_group(h)  # [B, G, k, P, N]
    y = ((cg @ bg.transpose(-1, -2))[:, :, None] * decay) @ written  # [B, G, k, L, P]
    y = y + torch.exp(cum)[..., None] * torch.einsum("bgkpn,bgtn->bgktp", hg, cg)
    norm = None
    if want_norm:
        log_a = by_group(log_decay.transpose(1, 2))
        before = cum - log_a  # S_{t-1}
        strict = torch.ones(steps, steps, dtype=torch.bool, device=u.device).tril(-1)
        gaps = torch.where(strict, before[..., :, None] - cum[..., None, :], -torch.inf)
        reads = ((bg @ bg.transpose(-1, -2))[:, :, None] * torch.exp(gaps)) @ written  # B_t · h_{t-1}
        reads = reads + torch.exp(before)[..., None] * torch.einsum("bgkpn,bgtn->bgktp", hg, bg)
        a = torch.exp(log_a)[..., None]  # [B, G, k, L, 1]
        terms = 2 * a * written * reads + written.square() * bg.square().sum(-1)[:, :, None, :, None]
        doubled = torch.where(causal, 2 * (cum[..., :, None] - cum[..., None, :]), -torch.inf)
        squared = (
            torch.exp(doubled) @ terms + torch.exp(2 * cum)[..., None] * hg.square().sum(-1)[..., None, :]
        )
        norm = squared.clamp_min(0).sqrt().flatten(1, 2).transpose(1, 2)
    last = torch.exp(cum[..., -1:] - cum)  # [B, G, k, L]: e^{S_end - S_s}
    after = torch.exp(cum[..., -1])[..., None, None] * hg + torch.einsum(
        "bgks,bgksp,bgsn->bgkpn", last, written, bg
    )
    if mask is not None and method == "freeze":  # a frozen row reads C_t · h and holds what it held
        kept = torch.einsum("bgkpn,bgtn->bgktp", hg, cg)
        y = torch.where(mask, kept, y)
        if norm is not None:
            size = torch.linalg.vector_norm(h, dim=-1)  # [B, H, P]
            norm = torch.where(mask.flatten(1, 2).transpose(1, 2), size[:, None], norm)
        after = torch.where(mask.squeeze(-2)[..., None], hg, after)
    return y.flatten(1, 2).transpose(1, 2), norm, after.flatten(1, 2)


ARCHITECTURE = Architecture(
    model_type="mamba2",
    units=_units,
    recorded_layers=_layers,
    zero_state=zero_state,
    forward_chunk=partial(ssm_backbone, mixer=_mixer),
)
