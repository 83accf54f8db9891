"""xLSTM (transformers' xLSTMForCausalLM, the mLSTM of xLSTM-7B), stepped: every value channel's
memory at every step.

A block normalises its input (RMS norm) and projects it, per head, to a query q_t and a key k_t
(dk each), a value v_t (dv), an output gate o_t (dv) and two scalar gate preactivations ĩ_t, f̃_t
(soft-capped by `gate_soft_cap`). The head's memory is a matrix C (dk × dv), a normaliser n (dk) and
a stabiliser m (a scalar), updated as transformers' `mlstm_recurrent_step_native` does:
    m_t = max(logσ(f̃_t) + m_{t-1}, ĩ_t)
    C_t = exp(logσ(f̃_t) + m_{t-1} - m_t) · C_{t-1} + exp(ĩ_t - m_t) · k_t v_tᵀ      (n_t alike, with k_t)
    h̃_t = (q̂_t C_t) / (max(|q̂_t · n_t|, exp(-m_t)) + eps),   q̂_t = q_t / √dk      (recorded: `y`)
    out_t = out_proj(σ(o_t) ⊙ multi-head-layer-norm(h̃_t))
then the block adds a gated feed-forward (SwiGLU) after a second RMS norm. The model ends with an
RMS norm, the LM head and a tanh soft cap of the logits (`output_logit_soft_cap`).

Recorded per block, per value channel (head, v): `y` = h̃_t[v], the cell's readout before the
multi-head norm and the output gate, exactly what the step kernel returns as h; and `norm` =
‖C_t[:, v]‖₂. The C kept here is the stabilised one, as transformers stores it in its cache: the
true memory times exp(-m_t). It is the state the recurrence carries and the readout divides, it is
what the tests compare with transformers' cache, and it cannot overflow; m_t is shared by a head's
channels, so within a head at one step it rescales all units alike (the true norm is norm·exp(m_t)).
The chunkwise kernel reaches the same (C, n, m) at a chunk's end, so the stored state does not
depend on how transformers split the sequence.

Shapes: B batch, T steps, D hidden_size, H num_heads, dk = int(D·qk_dim_factor)/H, dv =
int(D·v_dim_factor)/H (the layer's own sizes: the config's qk_dim/v_dim round up to 64 and are only
used by xLSTMCache), U = H·dv units, flattened head-major. The carried state per block: C [B, H, dk,
dv], n [B, H, dk], m [B, H, 1], float32.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F

from services.models.modern.base import Architecture, Hold
from services.models.modern.rms_norm import rms_norm
from services.models.modern.step_blocks import steps_per_block
from services.models.spec import ModelFormatError

BlockState = tuple[torch.Tensor, torch.Tensor, torch.Tensor]  # (C [B,H,dk,dv], n [B,H,dk], m [B,H,1])


def _dims(config: Any) -> tuple[int, int, int]:
    """(heads, dk, dv) as xLSTMLayer sizes its projections; refuses what it cannot compute faithfully."""
    weight_mode = getattr(config, "weight_mode", "single")
    if weight_mode not in ("single", "fused"):
        raise ModelFormatError(f"xLSTM weight_mode {weight_mode!r} is not supported (only 'single', 'fused')")
    if not getattr(config, "add_out_norm", True):
        # transformers applies its out_norm whatever this says, the original xlstm package skips it:
        # the two disagree, so neither answer would be trustworthy.
        raise ModelFormatError("xLSTM add_out_norm=False is not supported (transformers ignores it)")
    hidden, embedding = int(config.hidden_size), int(config.embedding_dim or config.hidden_size)
    if embedding != hidden:
        raise ModelFormatError(f"xLSTM embedding_dim {embedding} differs from hidden_size {hidden}")
    heads = int(config.num_heads)
    qk, v = int(hidden * config.qk_dim_factor), int(hidden * config.v_dim_factor)
    if heads < 1 or qk < heads or v < heads or qk % heads or v % heads:
        raise ModelFormatError(
            f"xLSTM qk dim {qk} and v dim {v} must be positive multiples of num_heads {heads}"
        )
    return heads, qk // heads, v // heads


def _units(config: Any) -> int:
    heads, _, dv = _dims(config)
    return heads * dv


def _layers(config: Any) -> list[int]:
    _dims(config)
    return list(range(int(config.num_blocks or config.num_hidden_layers)))


def zero_state(model: Any, batch: int) -> list[BlockState]:
    """Zeros per block, as the backend starts a sequence (float32 whatever the model's dtype)."""
    heads, dk, dv = _dims(model.config)
    weight = model.backbone.embeddings.weight
    return [
        (
            weight.new_zeros(batch, heads, dk, dv, dtype=torch.float32),
            weight.new_zeros(batch, heads, dk, dtype=torch.float32),
            weight.new_zeros(batch, heads, 1, dtype=torch.float32),
        )
        for _ in model.backbone.blocks
    ]


def _soft_cap(x: torch.Tensor, cap: float | None) -> torch.Tensor:
    return x if cap is None else cap * torch.tanh(x / cap)


def _norm(norm: Any, x: torch.Tensor) -> torch.Tensor:
    """xLSTMRMSNorm: weight always, bias when use_bias."""
    y = rms_norm(x, norm.weight, float(norm.eps))
    return y if norm.bias is None else y + norm.bias


def forward_chunk(
    model: Any,
    tokens: torch.Tensor,
    state: list[BlockState],
    taps: torch.Tensor | None,
    tap_layers: Sequence[int],
    logits: bool,
    hold: Hold | None = None,
) -> tuple[torch.Tensor | None, list[BlockState]]:
    """tokens [B, T] -> (logits [B, T, V] or None, state after the chunk); taps [T, B, len(tap_layers),
    2, U] get y and norm of those blocks. With logits False, blocks after the last tapped one are not
    run and their state is returned unchanged. hold: value channels (columns of C) of one block that
    take no write (zero) or keep their value (freeze)."""
    config = model.config
    _dims(config)
    backbone = model.backbone
    last = len(backbone.blocks) - 1 if logits else max(tap_layers, default=-1)
    x = backbone.embeddings(tokens.to(backbone.embeddings.weight.device))
    new_state = list(state)
    for layer, block in enumerate(backbone.blocks):
        if layer > last:
            break
        slot = tap_layers.index(layer) if taps is not None and layer in tap_layers else None
        record = taps[:, :, slot] if slot is not None and taps is not None else None
        held = hold.at(layer) if hold is not None else None
        out, new_state[layer] = _mlstm(
            block.mlstm_layer,
            config,
            _norm(block.norm_mlstm, x),
            state[layer],
            record,
            held,
            hold.method if hold else "",
        )
        x = x + out
        x = x + _ffn(block.ffn, config, _norm(block.norm_ffn, x))
    if not logits:
        return None, new_state
    x = _norm(backbone.out_norm, x)
    head = model.lm_head
    return _soft_cap(head(x.to(head.weight.dtype)).float(), config.output_logit_soft_cap), new_state


def _ffn(ffn: Any, config: Any, x: torch.Tensor) -> torch.Tensor:
    if config.weight_mode == "single":
        return ffn.proj_down(F.silu(ffn.proj_up_gate(x)) * ffn.proj_up(x))
    gate, z = torch.tensor_split(ffn.proj_up_gate_z(x), (ffn.up_proj_dim,), dim=-1)
    return ffn.proj_down(F.silu(gate) * z)


def _mlstm(
    layer: Any,
    config: Any,
    x: torch.Tensor,
    state: BlockState,
    record: torch.Tensor | None,
    held: torch.Tensor | None = None,
    method: str = "",
) -> tuple[torch.Tensor, BlockState]:
    """One block's mLSTM layer over a chunk: x [B, T, D] -> (out [B, T, D], state after the chunk);
    record [T, B, 2, U] (a view of the taps), when given, gets y and norm. held [B, U]: value
    channels whose column C[:, v] takes no write (zero: it still decays by f), or keeps its true
    value (freeze: the stored column only follows the stabiliser, C·exp(m_{t-1} - m_t))."""
    heads, dk, dv = _dims(config)
    batch, steps, _ = x.shape
    cap = config.gate_soft_cap
    if config.weight_mode == "single":
        q, k, v, o = layer.q(x), layer.k(x), layer.v(x), layer.ogate_preact(x)
        i_pre, f_pre = _soft_cap(layer.igate_preact(x), cap), _soft_cap(layer.fgate_preact(x), cap)
    else:
        q, k, v, o = torch.tensor_split(
            layer.qkv_opreact(x), (dk * heads, 2 * dk * heads, 2 * dk * heads + dv * heads), dim=-1
        )
        i_pre, f_pre = torch.tensor_split(_soft_cap(layer.ifgate_preact(x), cap), (heads,), dim=-1)

    # time-major [T, B, H, ...] so that one step is a contiguous slice; the state is float32
    def heads_first(a: torch.Tensor, size: int) -> torch.Tensor:
        return a.float().reshape(batch, steps, heads, size).transpose(0, 1).contiguous()

    q, k, v = heads_first(q, dk) * dk**-0.5, heads_first(k, dk), heads_first(v, dv)
    ig, lf = heads_first(i_pre, 1), F.logsigmoid(heads_first(f_pre, 1))  # [T, B, H, 1]
    c, n, m = state

    # the stabiliser first (a scalar per head), so the gates of all steps come at once
    ms = torch.empty_like(ig)
    m_prev = m
    for t in range(steps):
        m_prev = ms[t] = torch.maximum(lf[t] + m_prev, ig[t])
    m_before = torch.cat([m[None], ms[:-1]])
    keep, write = torch.exp(lf + m_before - ms), torch.exp(ig - ms)  # [T, B, H, 1]
    columns = None if held is None else held.view(batch, heads, dv)  # [B, H, dv]
    keep_c = keep[..., None]  # [T, B, H, 1, 1]: what C keeps of itself, per column when held
    if columns is not None and method == "freeze":
        keep_c = torch.where(columns[None, :, :, None, :], torch.exp(m_before - ms)[..., None], keep_c)

    h = torch.empty_like(v)  # [T, B, H, dv]
    block = steps_per_block(3 * batch * heads * dk * dv * 4, steps)
    for t0 in range(0, steps, block):
        t1 = min(steps, t0 + block)
        # what each step writes, i'·k vᵀ and i'·k, for the whole block; then the stepped update
        # C_t = write_t + f'·C_{t-1} in place, so that every step's C stays for the readout and norm
        held_c = write[t0:t1, ..., None] * (k[t0:t1, ..., :, None] * v[t0:t1, ..., None, :])  # [b,B,H,dk,dv]
        held_n = write[t0:t1] * k[t0:t1]  # [b, B, H, dk]
        if columns is not None:
            held_c.masked_fill_(columns[None, :, :, None, :], 0.0)
        for s in range(t1 - t0):
            c = held_c[s].addcmul_(keep_c[t0 + s], c)
            n = held_n[s].addcmul_(keep[t0 + s], n)
        qb = q[t0:t1]
        num = (qb[..., None, :] @ held_c).squeeze(-2)
        qn = (qb[..., None, :] @ held_n[..., None]).squeeze(-2)
        h[t0:t1] = num / (torch.maximum(qn.abs(), torch.exp(-ms[t0:t1])) + float(config.eps))
        if record is not None:
            record[t0:t1, :, 0] = h[t0:t1].reshape(t1 - t0, batch, -1)
            # ‖C[:, v]‖ as a sum of squares: linalg.vector_norm over a middle dim is ~20x slower on CPU
            record[t0:t1, :, 1] = (held_c * held_c).sum(-2).sqrt_().reshape(t1 - t0, batch, -1)

    # multi-head layer norm over each head's dv, then the output gate and the out projection
    mh = layer.multihead_norm
    hn = (h - h.mean(-1, keepdim=True)) * torch.rsqrt(h.var(-1, keepdim=True, unbiased=False) + mh.eps)
    hn = hn.reshape(steps, batch, heads * dv).transpose(0, 1) * mh.weight
    if mh.bias is not None:
        hn = hn + mh.bias
    out = layer.out_proj((torch.sigmoid(o) * hn).to(x.dtype))
    # clones: the last step's views would keep the whole block's scratch alive with the state
    return out, (c.clone(), n.clone(), ms[-1].clone()) if steps else (c, n, m)


ARCHITECTURE = Architecture(
    model_type="xlstm",
    units=_units,
    recorded_layers=_layers,
    zero_state=zero_state,
    forward_chunk=forward_chunk,
)
