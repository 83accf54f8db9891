"""Tapping every layer's h (and c, and gates on request) at every step of a batch.

The fused PyTorch kernel is called one step at a time carrying the multi-layer state, so h and c of
every layer come out exact at close to full speed for large batches (see ../shared/NOTES.md).
Gates are recomputed afterwards from the tapped inputs in one batched matrix product per chunk.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import torch
import torch.nn.functional as F

from services.models.network import RNNModel
from services.models.spec import GATE_ORDER, RECORDED_GATES
from services.recording.channels import Channel


def channels_for(model: RNNModel, gates: bool) -> list[Channel]:
    """Channel order: for each layer, its states (h, c) then its gates."""
    spec = model.spec
    names = list(spec.state_names) + (list(spec.gate_state_names) if gates else [])
    return [Channel(layer, name) for layer in range(spec.num_layers) for name in names]


@torch.inference_mode()
def iter_states(
    model: RNNModel,
    tokens: torch.Tensor,
    chunk_steps: int,
    lengths: torch.Tensor | None = None,
    workspace: torch.Tensor | None = None,
) -> Iterator[tuple[int, torch.Tensor]]:
    """tokens [batch, time] -> (t0, states [1 + steps, batch, layers, n_states, hidden]) per chunk.

    Row 0 of each chunk holds the states just before it (zeros before the first chunk: every
    sequence starts from the zero state), so responses are rows[1:] - rows[:-1]. n_states is 2
    (h, c) for LSTM, else 1. With lengths sorted longest first, finished sequences drop out of the
    batch and their rows past their end are left stale. The buffer is reused between chunks, and is
    carved from `workspace` (a flat float tensor) when that is large enough.
    """
    spec = model.spec
    batch, steps = tokens.shape
    if lengths is None:
        lengths = torch.full((batch,), steps)
    lengths = lengths.cpu()
    if bool((lengths[1:] > lengths[:-1]).any()):
        raise ValueError("lengths must be sorted longest first")
    active = [int((lengths > t).sum()) for t in range(steps)]  # sequences still running at step t
    hidden = model.zero_hidden(batch)
    n_states = len(spec.state_names)
    shape = (min(chunk_steps, steps) + 1, batch, spec.num_layers, n_states, spec.hidden_size)
    # Not zeroed: rows past a sequence's end are never read. Reusing memory avoids page faults.
    size = math.prod(shape)
    if workspace is not None and workspace.numel() >= size:
        buffer = workspace[:size].view(shape)
    else:
        buffer = torch.empty(shape, device=tokens.device)
    buffer[0] = 0
    for t0 in range(0, steps, chunk_steps):
        t1 = min(steps, t0 + chunk_steps)
        if t0 > 0:
            buffer[0] = buffer[chunk_steps]
        for t in range(t0, t1):
            rows = active[t]
            if isinstance(hidden, tuple):
                hidden = (hidden[0][:, :rows], hidden[1][:, :rows])
            else:
                hidden = hidden[:, :rows]
            # embedding looked up step by step: no [batch, time, embedding] tensor whose size varies
            _, hidden = model.rnn(model.encoder(tokens[:rows, t : t + 1]), hidden)
            slot = buffer[t - t0 + 1, :rows]  # [rows, layers, states, hidden]
            if isinstance(hidden, tuple):
                slot[:, :, 0] = hidden[0].transpose(0, 1)
                slot[:, :, 1] = hidden[1].transpose(0, 1)
            else:
                slot[:, :, 0] = hidden.transpose(0, 1)
        yield t0, buffer[: t1 - t0 + 1]


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
