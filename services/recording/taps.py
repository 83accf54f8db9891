"""Tapping every layer's h (and c, and gates on request) at every step of a batch.

The fused PyTorch kernel is called one step at a time carrying the multi-layer state, so h and c of
every layer come out exact at close to full speed for large batches (see ../shared/NOTES.md).
Gates are recomputed afterwards from the tapped inputs in one batched matrix product per chunk.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch
import torch.nn.functional as F

from services.models.network import RNNModel
from services.models.spec import GATE_ORDER, RECORDED_GATES
from services.recording.statistics import Channel


def channels_for(model: RNNModel, gates: bool) -> list[Channel]:
    """Channel order: for each layer, its states (h, c) then its gates."""
    spec = model.spec
    names = list(spec.state_names) + (list(spec.gate_state_names) if gates else [])
    return [Channel(layer, name) for layer in range(spec.num_layers) for name in names]


@torch.inference_mode()
def iter_states(
    model: RNNModel, tokens: torch.Tensor, chunk_steps: int
) -> Iterator[tuple[int, torch.Tensor]]:
    """tokens [batch, time] -> (t0, states [batch, steps, layers, n_states, hidden]) per chunk of steps.

    Every sequence starts from the zero state. n_states is 2 (h, c) for LSTM, else 1.
    """
    spec = model.spec
    batch, steps = tokens.shape
    embedded = model.encoder(tokens)  # [batch, time, embedding]
    hidden = model.zero_hidden(batch)
    n_states = len(spec.state_names)
    for t0 in range(0, steps, chunk_steps):
        t1 = min(steps, t0 + chunk_steps)
        out = torch.empty(batch, t1 - t0, spec.num_layers, n_states, spec.hidden_size, device=tokens.device)
        for t in range(t0, t1):
            _, hidden = model.rnn(embedded[:, t : t + 1], hidden)
            if isinstance(hidden, tuple):
                out[:, t - t0, :, 0] = hidden[0].transpose(0, 1)  # [batch, layers, hidden]
                out[:, t - t0, :, 1] = hidden[1].transpose(0, 1)
            else:
                out[:, t - t0, :, 0] = hidden.transpose(0, 1)
        yield t0, out


@torch.inference_mode()
def gate_values(
    model: RNNModel, layer_input: torch.Tensor, previous_h: torch.Tensor, layer: int
) -> torch.Tensor:
    """Recorded gate activations of one layer.

    layer_input [N, in], previous_h [N, hidden] -> [N, gates, hidden].
    """
    spec = model.spec
    rnn = model.rnn
    names = RECORDED_GATES[spec.cell]
    order = GATE_ORDER[spec.cell]
    size = spec.hidden_size
    rows = torch.cat([torch.arange(order.index(g) * size, (order.index(g) + 1) * size) for g in names])
    rows = rows.to(layer_input.device)
    w_ih = getattr(rnn, f"weight_ih_l{layer}")[rows]
    w_hh = getattr(rnn, f"weight_hh_l{layer}")[rows]
    pre = F.linear(layer_input, w_ih) + F.linear(previous_h, w_hh)
    if spec.bias:
        pre = pre + getattr(rnn, f"bias_ih_l{layer}")[rows] + getattr(rnn, f"bias_hh_l{layer}")[rows]
    return torch.sigmoid(pre).view(-1, len(names), size)
