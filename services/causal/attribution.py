"""Attribution over time (SPEC 13): how much each token up to `step` contributed to chosen units'
summed state at `step`, by integrated gradients over the token embeddings from a zero baseline.

f(x) = sum over the units of the (layer, state) at `step`, read from the embeddings x [S, E] of
tokens 0..step (S = step + 1; later tokens cannot reach it). The attribution of token t is
x_t . integral_0^1 df/dx_t(a x) da; their sum equals f(x) - f(0) when the integral is exact
(completeness), and what it misses is reported as the completeness error.

The integral is taken by Gauss-Legendre quadrature on [0, 1] with n_steps nodes, exact for an
integrand polynomial in a of degree < 2 n_steps (a linear RNN's is constant) and converging fast
for the smooth cells (tanh, sigmoid). All nodes, the input and the baseline are rows of one batch:
one forward and one backward, in float64 so that the completeness error is the quadrature's, not
rounding. A ReLU RNN's integrand has kinks, where any quadrature converges more slowly.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from services.ablation.stepping import layer_modules
from services.causal.reading import checked_steps, checked_units, state_index, token_ids
from services.errors import UserError
from services.models.network import RNNModel

METHOD = "integrated gradients, Gauss-Legendre quadrature on [0, 1], zero embedding baseline"
MAX_N_STEPS = 256


@dataclass
class Attribution:
    tokens: list[str]  # every token of the text
    layer: int
    state: str
    units: list[int]
    step: int
    attributions: list[float]  # [step + 1]: tokens 0..step
    value: float  # f(x): the units' summed state at step
    baseline: float  # f(0): the same with every embedding 0
    completeness_error: float  # sum(attributions) - (value - baseline)
    n_steps: int
    method: str = METHOD

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes [n] and weights [n] of n-point Gauss-Legendre quadrature moved to [0, 1]."""
    nodes, weights = np.polynomial.legendre.leggauss(n)
    return (nodes + 1.0) / 2.0, weights / 2.0


def attribute(
    model: RNNModel,
    vocab: list[str],
    text: str,
    units: Sequence[int],
    layer: int | None = None,
    state: str = "h",
    step: int | None = None,
    n_steps: int = 32,
) -> Attribution:
    """Integrated gradients of the units' summed (layer, state) (layer None: the top one) at `step`
    (None: the last token) over the embeddings of tokens 0..step."""
    spec = model.spec
    layer = spec.num_layers - 1 if layer is None else layer
    which = state_index(model, layer, state)
    chosen = checked_units(model, units, allow_empty=False)
    ids = token_ids(model, vocab, text)
    at = len(ids) - 1 if step is None else checked_steps([step], len(ids), "the text")[0]
    if not 1 <= n_steps <= MAX_N_STEPS:
        raise UserError(f"n_steps must be in 1..{MAX_N_STEPS}")
    device = model.encoder.weight.device
    alphas, weights = gauss_legendre(n_steps)
    rows = torch.tensor([*alphas, 0.0, 1.0], dtype=torch.float64, device=device)  # nodes, baseline, x
    # inference_mode(False): a worker may call this inside inference mode, where no graph is built
    with torch.inference_mode(False), torch.enable_grad():
        layers = _float64_copies(layer_modules(model.rnn)[: layer + 1])
        embedded = model.encoder.weight.detach()[ids[: at + 1]].double().clone()  # [S, E]
        x = (rows[:, None, None] * embedded[None]).requires_grad_()  # [n + 2, S, E]
        h = x
        for module in layers[:-1]:
            h, _ = module(h)
        _, final = layers[-1](h)  # the state after token `at`: [1, n + 2, H] (h, or (h, c))
        carried = final[which] if isinstance(final, tuple) else final
        f = carried[0][:, chosen].sum(1)  # [n + 2]
        (grad,) = torch.autograd.grad(f[:n_steps].sum(), x)  # rows are independent: one backward
    f = f.detach()
    w = torch.tensor(weights, dtype=torch.float64, device=device)
    integral = (grad[:n_steps] * w[:, None, None]).sum(0)  # [S, E]
    attributions = (integral * embedded).sum(1)  # [S]
    value, baseline = float(f[n_steps + 1]), float(f[n_steps])
    return Attribution(
        tokens=[vocab[i] for i in ids],
        layer=layer,
        state=state,
        units=chosen,
        step=at,
        attributions=attributions.tolist(),
        value=value,
        baseline=baseline,
        completeness_error=float(attributions.sum()) - (value - baseline),
        n_steps=n_steps,
    )


def _float64_copies(modules: list[nn.RNNBase]) -> list[nn.RNNBase]:
    """The layers in float64, their weights constants (only the input's gradient is wanted). Train
    mode: cuDNN runs an RNN's backward only in train mode, and a single layer has no dropout to
    switch on."""
    copies = []
    for module in modules:
        double = copy.deepcopy(module).double().train()
        double.requires_grad_(False)
        copies.append(double)
    return copies
