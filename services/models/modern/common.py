"""Pieces the stepped recurrences share: a causal depthwise convolution carried across chunks, an
RMS norm, and how many steps of a state fit in a scratch budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
import torch.nn.functional as F

from services.models.modern.base import Hold

# (mixer module, normalised input [B, T, D], the layer's state, taps, its slot in taps or None, the
# held units [B, U] or None, the hold's method) -> (the mixer's output [B, T, D], the layer's new state)
Mixer = Callable[
    [Any, torch.Tensor, Any, torch.Tensor | None, int | None, torch.Tensor | None, str],
    tuple[torch.Tensor, Any],
]

SCRATCH_BYTES = 32 * 2**20  # per-step tensors computed for a block of steps at once, at most this much


def causal_conv(
    x: torch.Tensor, window: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Depthwise causal convolution of a chunk, continuing from the previous chunk's last inputs.

    x [B, C, T], window [B, C, K-1] (zeros before a sequence's first step, as the zero padding of a
    full pass), weight [C, 1, K] (nn.Conv1d's) -> (out [B, C, T], the new window [B, C, K-1]).
    """
    joined = torch.cat([window, x], dim=-1)
    out = F.conv1d(joined, weight, bias, groups=x.shape[1])
    return out, joined[:, :, joined.shape[-1] - window.shape[-1] :]


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    """x [..., D] scaled to unit root mean square, times weight [D] (Mamba's and Llama's RMSNorm)."""
    return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def steps_per_block(per_step_bytes: int, steps: int) -> int:
    """How many steps' worth of a per-step tensor fit in SCRATCH_BYTES (at least one)."""
    return max(1, min(steps, SCRATCH_BYTES // max(1, per_step_bytes)))


def ssm_backbone(
    model: Any,
    tokens: torch.Tensor,
    state: list[Any],
    taps: torch.Tensor | None,
    tap_layers: Sequence[int],
    logits: bool,
    hold: Hold | None,
    mixer: Mixer,
) -> tuple[torch.Tensor | None, list[Any]]:
    """Mamba's and Mamba-2's stack: embeddings, per layer x + mixer(RMSNorm(x)), the final norm and
    the LM head (skipped with logits False, as are the layers above the last tapped one)."""
    backbone = model.backbone
    eps = float(model.config.layer_norm_epsilon)
    last = max(tap_layers, default=-1) if not logits else len(backbone.layers) - 1
    x = backbone.embeddings(tokens)
    new_state = list(state)
    for layer, block in enumerate(backbone.layers):
        if layer > last:
            break
        slot = tap_layers.index(layer) if taps is not None and layer in tap_layers else None
        held = hold.at(layer) if hold is not None else None
        method = hold.method if hold is not None else ""
        normed = rms_norm(x, block.norm.weight, eps)
        out, new_state[layer] = mixer(block.mixer, normed, state[layer], taps, slot, held, method)
        x = x + out
    if not logits:
        return None, new_state
    return model.lm_head(rms_norm(x, backbone.norm_f.weight, eps)).float(), new_state
