"""Reading a batch with chosen units of one layer frozen or zeroed (SPEC 9, ablation).

The layers below the ablated one run over the whole batch at once (the fused kernel); the ablated
layer is stepped one time step at a time so that its chosen units can be held at their previous
value (freeze: their Δs is 0, h and for LSTM c) or at 0 (zero) before the next step and the layer
above read them; the layers above run at once again. Every variant (unablated, ablated, controls)
shares the layers below, computed once per batch.
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import nn

from services.models.network import RNNModel

Method = Literal["freeze", "zero"]
Hidden = torch.Tensor | tuple[torch.Tensor, torch.Tensor]


def layer_modules(rnn: nn.RNNBase) -> list[nn.RNNBase]:
    """One single-layer module per layer, sharing the multi-layer module's parameters."""
    modules: list[nn.RNNBase] = []
    for layer in range(rnn.num_layers):
        size = rnn.input_size if layer == 0 else rnn.hidden_size
        single: nn.RNNBase
        if isinstance(rnn, nn.LSTM):
            single = nn.LSTM(size, rnn.hidden_size, num_layers=1, bias=rnn.bias, batch_first=True)
        elif isinstance(rnn, nn.GRU):
            single = nn.GRU(size, rnn.hidden_size, num_layers=1, bias=rnn.bias, batch_first=True)
        else:
            single = nn.RNN(
                size,
                rnn.hidden_size,
                num_layers=1,
                nonlinearity=rnn.nonlinearity,
                bias=rnn.bias,
                batch_first=True,
            )
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            if hasattr(rnn, f"{name}_l{layer}"):
                setattr(single, f"{name}_l0", getattr(rnn, f"{name}_l{layer}"))
        single.to(next(rnn.parameters()).device)
        if single.weight_hh_l0.is_cuda:
            single.flatten_parameters()
        modules.append(single.eval())
    return modules


def _held(new: torch.Tensor, old: torch.Tensor, mask: torch.Tensor, method: Method) -> torch.Tensor:
    """new [1, B, H] with the masked units ([B, H] bool) set back to old (freeze) or to 0 (zero)."""
    return torch.where(mask, old, new) if method == "freeze" else new.masked_fill(mask, 0.0)


def _hold(new: Hidden, old: Hidden, mask: torch.Tensor, method: Method) -> Hidden:
    """new with the masked units set back to old (freeze) or to 0 (zero); h and, for LSTM, c."""
    if isinstance(new, tuple) and isinstance(old, tuple):
        return (_held(new[0], old[0], mask, method), _held(new[1], old[1], mask, method))
    assert isinstance(new, torch.Tensor) and isinstance(old, torch.Tensor)
    return _held(new, old, mask, method)


def unit_mask(units: torch.Tensor, batch: int, hidden_size: int) -> torch.Tensor:
    """[batch, hidden] True at `units` for every row."""
    mask = torch.zeros(batch, hidden_size, dtype=torch.bool, device=units.device)
    mask[:, units] = True
    return mask


@torch.inference_mode()
def below(modules: list[nn.RNNBase], network: RNNModel, tokens: torch.Tensor, layer: int) -> torch.Tensor:
    """The input of layer `layer` for a batch: tokens [B, T] -> [B, T, features]."""
    x = network.encoder(tokens)
    for module in modules[:layer]:
        x, _ = module(x)
    return x


@torch.inference_mode()
def ablated_layer(
    module: nn.RNNBase, x: torch.Tensor, units: torch.Tensor | None, method: Method
) -> torch.Tensor:
    """The ablated layer's h [B, T, H] over its input x [B, T, F], `units` held at every step (None:
    the layer as it is, in one fused call). units: unit indices [n] (the same for every row), or a
    [B, H] bool mask (rows may hold different units: several variants stacked in one batch, one
    step-by-step pass for all of them). Sequences start from the zero state."""
    if units is None or units.numel() == 0:
        out, _ = module(x)
        return out
    batch, steps = x.shape[:2]
    hidden_size = module.hidden_size
    mask = units if units.dtype == torch.bool else unit_mask(units, batch, hidden_size)
    zeros = x.new_zeros(1, batch, hidden_size)
    state: Hidden = (zeros, zeros.clone()) if isinstance(module, nn.LSTM) else zeros
    out = x.new_empty(batch, steps, hidden_size)
    for t in range(steps):
        _, new = module(x[:, t : t + 1], state)
        state = _hold(new, state, mask, method)
        h = state[0] if isinstance(state, tuple) else state
        out[:, t] = h[0]
    return out


@torch.inference_mode()
def above(modules: list[nn.RNNBase], h: torch.Tensor, layer: int) -> torch.Tensor:
    """The top layer's h [B, T, H] from the ablated layer's h."""
    for module in modules[layer + 1 :]:
        h, _ = module(h)
    return h
