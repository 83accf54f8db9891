"""RMSNorm as Mamba, Mamba-2 (its gated, grouped norm) and xLSTM compute it."""

from __future__ import annotations

import torch


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float) -> torch.Tensor:
    """x [..., D] scaled to unit root mean square, times weight [D] (Mamba's and Llama's RMSNorm)."""
    return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))
