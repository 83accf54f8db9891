"""RecurrentGemma (Griffin): the RG-LRU state of every recurrent layer, stepped by our own code.

A RecurrentGemma model interleaves recurrent layers and local (sliding-window) attention layers, as
`config.layers_block_type` says ("linear_attention" = recurrent, "sliding_attention" = attention;
by default two recurrent layers then one attention layer). Each layer is a residual block:
temporal_pre_norm -> temporal block -> + residual -> channel_pre_norm -> gated MLP -> + residual.

The recurrent temporal block, per token (x: the normalised input, hidden_size):
    y = gelu(linear_y(x))                                  # the gate branch, lru_width
    u = causal depthwise conv_1d(linear_x(x))              # window of conv1d_width steps, lru_width
    i = sigmoid(u W_i + b_i), r = sigmoid(u W_r + b_r)     # block-diagonal per head
    a = exp(-8 r softplus(recurrent_param))                # per-channel decay in (0, 1)
    h = a * h_prev + sqrt(1 - a^2) * (i * u)               # the RG-LRU; at position 0: h = i * u
    out = linear_out(h * y)
The recorded state is h, [B, lru_width] per recurrent layer: a leaky, input-gated running average
of the convolved input, whose per-channel memory length is set by the gate r at every step.

Carried between chunks (`GriffinState`): the absolute position (for the rotary embedding and the
reset at position 0); per recurrent layer the last conv1d_width - 1 inputs of the convolution
[B, lru_width, W - 1] and h [B, lru_width]; per attention layer the last attention_window_size - 1
rotated keys and values [B, kv_heads, <= window - 1, head_dim] (all a later query can see).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F

from services.models.modern.base import Architecture, Hold

_RECURRENT = "linear_attention"  # transformers' name for the RG-LRU block in layers_block_type


@dataclass
class GriffinState:
    """The state after `position` tokens; a layer's entry is None if a chunk stopped before it."""

    position: int
    # per model layer: (conv window [B, lru, W-1], h [B, lru]) or (keys, values) [B, kv, n, head_dim]
    layers: list[tuple[torch.Tensor, torch.Tensor] | None]


def _recurrent_layers(config: Any) -> list[int]:
    return [i for i, kind in enumerate(config.layers_block_type) if kind == _RECURRENT]


def _linear(x: torch.Tensor, module: Any) -> torch.Tensor:
    bias = None if module.bias is None else module.bias.float()
    return F.linear(x, module.weight.float(), bias)


def _rms_norm(x: torch.Tensor, norm: Any) -> torch.Tensor:
    # Gemma's RMSNorm scales by (1 + weight): the weight is stored zero-centred.
    x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + norm.eps)
    return x * (1.0 + norm.weight.float())


def zero_state(model: Any, batch: int) -> GriffinState:
    """Position 0, zero conv windows and RG-LRU states, empty key/value windows."""
    config = model.config
    device = model.lm_head.weight.device
    layers: list[tuple[torch.Tensor, torch.Tensor] | None] = []
    for kind in config.layers_block_type:
        if kind == _RECURRENT:
            conv = torch.zeros(batch, config.lru_width, config.conv1d_width - 1, device=device)
            layers.append((conv, torch.zeros(batch, config.lru_width, device=device)))
        else:
            empty = torch.zeros(batch, config.num_key_value_heads, 0, config.head_dim, device=device)
            layers.append((empty, empty.clone()))
    return GriffinState(position=0, layers=layers)


def _recurrent_block(
    block: Any,
    x: torch.Tensor,
    carried: tuple[torch.Tensor, torch.Tensor],
    position: int,
    held: torch.Tensor | None = None,
    method: str = "",
) -> tuple[torch.Tensor, torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
    """x [B, T, hidden] -> (output [B, T, hidden], h per step [T, B, lru], new (conv, h)).
    held [B, lru]: channels whose state takes no input (zero) or neither input nor decay (freeze)."""
    conv_window, h = carried
    batch, steps, _ = x.shape
    y = block.act_fn(_linear(x, block.linear_y))
    u = _linear(x, block.linear_x).transpose(1, 2)  # [B, lru, T]
    # The causal depthwise convolution: the carried W-1 inputs stand in for transformers' zero padding.
    u = torch.cat([conv_window, u], dim=-1)
    new_window = u[..., u.shape[-1] - conv_window.shape[-1] :]
    conv = block.conv_1d
    u = F.conv1d(u, conv.weight.float(), conv.bias.float(), groups=conv.groups).transpose(1, 2)

    lru = block.rg_lru
    heads, width = lru.input_gate_weight.shape[:2]
    blocks = u.reshape(batch, steps, heads, width)

    def gate(weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        # Block-diagonal per head; transformers computes u_h @ W_h (not W_h @ u_h).
        z = torch.einsum("bthi,hij->bthj", blocks, weight.float()) + bias.float()
        return torch.sigmoid(z).reshape(batch, steps, -1)

    input_gate = gate(lru.input_gate_weight, lru.input_gate_bias)
    recurrence_gate = gate(lru.recurrent_gate_weight, lru.recurrent_gate_bias)
    log_a = -8.0 * recurrence_gate * F.softplus(lru.recurrent_param.float())
    a = torch.exp(log_a)
    multiplier = torch.sqrt(1 - torch.exp(2 * log_a))  # as transformers computes a^2, for equal rounding
    if position == 0:
        # The reset at a sequence's first token: no decay from h_prev and no sqrt(1 - a^2) scaling.
        a[:, 0] = 0.0
        multiplier[:, 0] = 1.0
    inputs = u * input_gate * multiplier
    if held is not None:
        inputs = inputs.masked_fill(held[:, None, :], 0.0)
        if method == "freeze":
            a = a.masked_fill(held[:, None, :], 1.0)

    states = []
    for t in range(steps):  # the RG-LRU recurrence, one token at a time
        h = a[:, t] * h + inputs[:, t]
        states.append(h)
    hs = torch.stack(states)  # [T, B, lru]
    out = _linear(hs.transpose(0, 1) * y, block.linear_out)
    return out, hs, (new_window, h)


def _attention_block(
    block: Any, x: torch.Tensor, carried: tuple[torch.Tensor, torch.Tensor], position: int, window: int
) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
    """Local causal attention; a query at p sees keys at p - window + 1 .. p (transformers' mask)."""
    past_k, past_v = carried
    batch, steps, _ = x.shape
    dim = block.head_dim
    q = _linear(x, block.q_proj).view(batch, steps, -1, dim).transpose(1, 2)
    k = _linear(x, block.k_proj).view(batch, steps, -1, dim).transpose(1, 2)
    v = _linear(x, block.v_proj).view(batch, steps, -1, dim).transpose(1, 2)

    # Partial rotary: only the first len(inv_freq) * 2 channels of each head are rotated.
    rotary = block.rotary_emb
    positions = torch.arange(position, position + steps, device=x.device)
    freqs = positions[:, None].float() * rotary.inv_freq.float()
    emb = torch.cat([freqs, freqs], dim=-1)
    cos, sin = emb.cos() * rotary.attention_scaling, emb.sin() * rotary.attention_scaling
    rot = emb.shape[-1]

    def rotate(t: torch.Tensor) -> torch.Tensor:
        part, rest = t[..., :rot], t[..., rot:]
        half = torch.cat([-part[..., rot // 2 :], part[..., : rot // 2]], dim=-1)
        return torch.cat([part * cos + half * sin, rest], dim=-1)

    q, k = rotate(q), rotate(k)
    keys, values = torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2)
    key_positions = torch.arange(position - past_k.shape[2], position + steps, device=x.device)
    offset = key_positions[None, :] - positions[:, None]  # key minus query position
    visible = (offset <= 0) & (offset > -window)

    groups = q.shape[1] // keys.shape[1]  # GQA: each key/value head serves `groups` query heads
    scores = q @ keys.repeat_interleave(groups, dim=1).transpose(2, 3) * block.scaling
    scores = scores.masked_fill(~visible, float("-inf")).softmax(dim=-1)
    out = (scores @ values.repeat_interleave(groups, dim=1)).transpose(1, 2).reshape(batch, steps, -1)
    keep = min(window - 1, keys.shape[2])
    new = (keys[:, :, keys.shape[2] - keep :], values[:, :, values.shape[2] - keep :])
    return _linear(out, block.o_proj), new


def forward_chunk(
    model: Any,
    tokens: torch.Tensor,
    state: GriffinState,
    taps: torch.Tensor | None,
    tap_layers: Sequence[int],
    logits: bool,
    hold: Hold | None = None,
) -> tuple[torch.Tensor | None, GriffinState]:
    """Run a chunk [B, T]; write taps[t, :, i, 0, :] = h after step t of layer tap_layers[i].
    hold: channels of one recurrent layer whose state takes no input (zero) or stays (freeze)."""
    config = model.config
    inner = model.model
    tap_index = {layer: i for i, layer in enumerate(tap_layers)}
    last = len(inner.layers) - 1 if logits else max(tap_layers, default=-1)
    new_layers: list[tuple[torch.Tensor, torch.Tensor] | None] = [None] * len(inner.layers)
    with torch.no_grad():
        # The normalizer sqrt(hidden) is a bfloat16 buffer in transformers: use its rounded value.
        x = F.embedding(tokens, inner.embed_tokens.weight.float()) * inner.normalizer.float()
        for index in range(last + 1):
            layer = inner.layers[index]
            carried = state.layers[index]
            if carried is None:
                raise ValueError(f"layer {index} was not advanced by an earlier chunk (logits=False)")
            normed = _rms_norm(x, layer.temporal_pre_norm)
            if config.layers_block_type[index] == _RECURRENT:
                held = hold.at(index) if hold is not None else None
                out, hs, new_layers[index] = _recurrent_block(
                    layer.temporal_block, normed, carried, state.position, held, hold.method if hold else ""
                )
                if taps is not None and index in tap_index:
                    taps[:, :, tap_index[index], 0, :] = hs
            else:
                window = config.attention_window_size
                out, new_layers[index] = _attention_block(
                    layer.temporal_block, normed, carried, state.position, window
                )
            x = x + out
            mlp = layer.mlp_block
            normed = _rms_norm(x, layer.channel_pre_norm)
            gated = mlp.act_fn(_linear(normed, mlp.gate_proj)) * _linear(normed, mlp.up_proj)
            x = x + _linear(gated, mlp.down_proj)
        new_state = GriffinState(position=state.position + tokens.shape[1], layers=new_layers)
        if not logits:
            return None, new_state
        x = _rms_norm(x, inner.final_norm)
        out_logits = F.linear(x, model.lm_head.weight.float())
        cap = config.logits_soft_cap  # Gemma's soft cap: logits squashed into (-cap, cap)
        return torch.tanh(out_logits / cap) * cap, new_state


ARCHITECTURE = Architecture(
    model_type="recurrent_gemma",
    units=lambda config: int(config.lru_width),
    recorded_layers=_recurrent_layers,
    zero_state=zero_state,
    forward_chunk=forward_chunk,
)
