"""Pieces the stepped recurrences share: a causal depthwise convolution carried across chunks, an
RMS norm, and how many steps of a state fit in a scratch budget."""

from __future__ import annotations

import torch
import torch.nn.functional as F

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
