"""What Mamba and Mamba-2 share: the stack of RMSNorm, mixer and residual around each layer's
mixer, and the causal depthwise convolution a mixer carries from chunk to chunk."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
import torch.nn.functional as F

from services.models.modern.base import Hold
from services.models.modern.rms_norm import rms_norm

# (mixer module, normalised input [B, T, D], the layer's state, taps, its slot in taps or None, the
# held units [B, U] or None, the hold's method) -> (the mixer's output [B, T, D], the layer's new state)
Mixer = Callable[
    [Any, torch.Tensor, Any, torch.Tensor | None, int | None, torch.Tensor | None, str],
    tuple[torch.Tensor, Any],
]


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


def ssm_backbone(
    model: Any,
    tokens: torch.Tensor,
    state: list[Any],
    taps: torch.Tensor | None,
    tap_layers: Sequence[int],
    logits: bool,
    hold: Hold | None = None,
    *,
    mixer: Mixer,
) -> tuple[torch.Tensor | None, list[Any]]:
    """Mamba's and Mamba-2's forward_chunk (base.Architecture), their mixer aside: embeddings, per
    layer x + mixer(RMSNorm(x)), the final norm and the LM head (skipped with logits False, as are
    the layers above the last tapped one). tokens [B, T] -> (logits [B, T, V] or None, the state
    after the chunk); taps [T, B, len(tap_layers), 2, U] get y and norm of those layers."""
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
