"""RWKV-4 (transformers' RwkvForCausalLM), stepped: every channel's state at every step.

A layer's time mixing projects the token-shifted, normalised input to a key k, a value v and a
receptance r per channel c of `attention_hidden_size`. With w = -exp(time_decay) and u = time_first,
channel c keeps a numerator and a denominator of exponentially decayed past keys:
    a_t = e^w a_{t-1} + e^{k_t} v_t      b_t = e^w b_{t-1} + e^{k_t}      (a_0 = b_0 = 0)
    wkv_t = (a_{t-1} + e^{u+k_t} v_t) / (b_{t-1} + e^{u+k_t})             (recorded: `wkv`)
    out_t = output(sigmoid(r_t) * wkv_t)
a and b are carried as (num, den, max) with a = num·e^max, b = den·e^max, exactly as transformers'
`rwkv_linear_attention_cpu` does (it starts from max = -1e38); the recorded `norm` is
log b_t = log(den_t) + max_t, the log of the denominator after step t. Units: the channels.

Rescaling: in eval mode transformers divides, in place and once, `attention.output` and
`feed_forward.value` of block b by 2^(b // rescale_every) and halves the hidden state after every
rescale_every-th block (`RwkvModel._rescale_layers`). We compute that eval forward without touching
the model: if its weights are not rescaled yet (`layers_are_rescaled` False) the two projections'
outputs are divided here instead (a power of two, so bit for bit the same). A train-mode transformers
forward differs from this only through the layer norms' eps; the recorded states not at all.

Shapes: B batch, T steps, D hidden_size, A attention_hidden_size. The carried state per layer: the
last normalised input of the time mixing [B, D] and of the feed-forward [B, D] (token shift), and
num, den, max [B, A]. With logits False the layers after the last tap layer are not run: their state
comes back as None, so a later call that needs them fails instead of reading a stale state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import torch
import torch.nn.functional as F

from services.models.modern.base import Architecture, Hold

START_MAX = -1e38  # transformers' starting max: e^(max - anything) is 0, so num and den start empty


class LayerState(NamedTuple):
    att_x: torch.Tensor  # [B, D] the time mixing's last normalised input (its token shift)
    ffn_x: torch.Tensor  # [B, D] the feed-forward's last normalised input
    num: torch.Tensor  # [B, A] a / e^max
    den: torch.Tensor  # [B, A] b / e^max
    max: torch.Tensor  # [B, A]


def _units(config: Any) -> int:
    return int(config.attention_hidden_size)


def _layers(config: Any) -> list[int]:
    return list(range(int(config.num_hidden_layers)))


def zero_state(model: Any, batch: int) -> list[LayerState | None]:
    config, weight = model.config, model.rwkv.embeddings.weight
    d, a = int(config.hidden_size), int(config.attention_hidden_size)
    return [
        LayerState(
            weight.new_zeros(batch, d),
            weight.new_zeros(batch, d),
            weight.new_zeros(batch, a, dtype=torch.float32),
            weight.new_zeros(batch, a, dtype=torch.float32),
            weight.new_full((batch, a), START_MAX, dtype=torch.float32),
        )
        for _ in _layers(config)
    ]


def forward_chunk(
    model: Any,
    tokens: torch.Tensor,
    state: list[LayerState | None],
    taps: torch.Tensor | None,
    tap_layers: Sequence[int],
    logits: bool,
    hold: Hold | None = None,
) -> tuple[torch.Tensor | None, list[LayerState | None]]:
    """tokens [B, T] -> (logits [B, T, V] or None, state after the chunk); taps [T, B, len(tap_layers),
    2, A] get wkv and norm of those layers; hold: channels whose (num, den) are held at one layer."""
    rwkv, config = model.rwkv, model.config
    blocks = rwkv.blocks
    if any(not 0 <= layer < len(blocks) for layer in tap_layers):
        raise ValueError(f"tap_layers {list(tap_layers)} not all in 0..{len(blocks) - 1}")
    last = len(blocks) - 1 if logits else max(tap_layers, default=-1)
    every = int(config.rescale_every)
    # the eval forward's scaled weights: already divided in the model, or divided here
    divide_here = every > 0 and not rwkv.layers_are_rescaled
    x = F.embedding(tokens, rwkv.embeddings.weight)  # [B, T, D]
    new_state: list[LayerState | None] = list(state)
    for layer, block in enumerate(blocks):
        if layer > last:
            new_state[layer] = None  # not advanced over this chunk
            continue
        carried = state[layer]
        if carried is None:
            raise ValueError(f"layer {layer}'s state was not carried (an earlier call stopped short)")
        scale = 2.0 ** (layer // every) if divide_here else 1.0
        if layer == 0:
            x = _ln(block.pre_ln, x)
        slot = tap_layers.index(layer) if taps is not None and layer in tap_layers else None
        held = hold.at(layer) if hold is not None else None
        att, att_x, num, den, mx = _time_mix(block, x, carried, taps, slot, held, hold.method if hold else "")
        x = x + att / scale
        h = _ln(block.ln2, x)
        shifted = _shift(h, carried.ffn_x)
        ffn = block.feed_forward
        k = torch.square(torch.relu(ffn.key(_mix(h, shifted, ffn.time_mix_key))))
        r = torch.sigmoid(ffn.receptance(_mix(h, shifted, ffn.time_mix_receptance)))
        x = x + r * (ffn.value(k) / scale)
        new_state[layer] = LayerState(att_x, h[:, -1], num, den, mx)
        if every > 0 and (layer + 1) % every == 0:
            x = x / 2
    if not logits:
        return None, new_state
    return model.head(_ln(rwkv.ln_out, x)).float(), new_state


def _ln(norm: Any, x: torch.Tensor) -> torch.Tensor:
    return F.layer_norm(x, norm.normalized_shape, norm.weight, norm.bias, norm.eps)


def _shift(h: torch.Tensor, last: torch.Tensor) -> torch.Tensor:
    """Token shift: each step sees the previous step's input; the first, the previous chunk's last."""
    return torch.cat([last[:, None].to(h.dtype), h[:, :-1]], dim=1)


def _mix(h: torch.Tensor, shifted: torch.Tensor, mix: torch.Tensor) -> torch.Tensor:
    return h * mix + shifted * (1 - mix)


def _time_mix(
    block: Any,
    x: torch.Tensor,
    state: LayerState,
    taps: torch.Tensor | None,
    slot: int | None,
    held: torch.Tensor | None = None,
    method: str = "",
) -> tuple[torch.Tensor, ...]:
    """One layer's time mixing over a chunk: x [B, T, D] -> out [B, T, D] (before the eval scaling)
    and its state after the chunk: the last normalised input [B, D], num, den, max [B, A].
    held [B, A]: channels whose state takes no write (zero: k = -inf in the update, so it only
    decays) or neither write nor decay (freeze: also w = 0); their readout of the past is as usual."""
    att = block.attention
    h = _ln(block.ln1, x)
    shifted = _shift(h, state.att_x)
    k = att.key(_mix(h, shifted, att.time_mix_key)).float()  # [B, T, A]
    v = att.value(_mix(h, shifted, att.time_mix_value))
    r = torch.sigmoid(att.receptance(_mix(h, shifted, att.time_mix_receptance)))
    w = -torch.exp(att.time_decay.float())  # [A] log of the per-step decay
    u = att.time_first.float()  # [A] the bonus of the current token
    ku = k + u  # readout: the current token weighs e^(u + k)
    written, decay = k, w.expand(k.shape[0], -1)  # what the update adds, and the decay, per channel
    if held is not None:
        written = k.masked_fill(held[:, None, :], -torch.inf)
        if method == "freeze":
            decay = decay.masked_fill(held, 0.0)
    num, den, mx = state.num, state.den, state.max
    outs, dens, maxes = [], [], []
    # the same operations, in the same order, as rwkv_linear_attention_cpu: only this is stepped
    for t in range(k.shape[1]):
        kt, kut, vt = written[:, t], ku[:, t], v[:, t]
        top = torch.maximum(mx, kut)
        e1, e2 = torch.exp(mx - top), torch.exp(kut - top)
        outs.append((e1 * num + e2 * vt) / (e1 * den + e2))
        past = mx + decay  # update: the past decays by e^w, the token adds e^k
        top = torch.maximum(past, kt)
        e1, e2 = torch.exp(past - top), torch.exp(kt - top)
        num, den, mx = e1 * num + e2 * vt, e1 * den + e2, top
        dens.append(den)
        maxes.append(mx)
    wkv = torch.stack(outs, dim=1)  # [B, T, A]
    if slot is not None and taps is not None:
        taps[:, :, slot, 0] = wkv.transpose(0, 1)
        # den >= 1 after any step (the larger of the two terms is scaled to 1): a finite log
        taps[:, :, slot, 1] = torch.log(torch.stack(dens)) + torch.stack(maxes)
    out = att.output(r * wkv.to(r.dtype))
    return out, h[:, -1], num, den, mx


ARCHITECTURE = Architecture(
    model_type="rwkv",
    units=_units,
    recorded_layers=_layers,
    zero_state=zero_state,
    forward_chunk=forward_chunk,
)
