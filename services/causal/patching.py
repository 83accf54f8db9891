"""Patching (SPEC 13): the model reads a target text while chosen units of one layer's state take,
at chosen steps, their values from a source text; the output after the target's last token before
and after, beside random unit sets of the same size patched the same way.

The layers below the patched one run at once (the fused kernel), the patched layer is stepped one
step at a time so that each patched state is what the next step and the layers above read, and the
layers above run at once again (services.ablation.stepping). The target as it is, the units patched
and every control are rows of one batch: one stepped pass for all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from services.ablation.controls import control_sets, control_statistics
from services.ablation.stepping import above, below, layer_modules, unit_mask
from services.causal.reading import checked_steps, checked_units, state_index, token_ids
from services.errors import UserError
from services.models.network import RNNModel

Hidden = torch.Tensor | tuple[torch.Tensor, torch.Tensor]


@dataclass
class PatchResult:
    task: str
    source_tokens: list[str]
    target_tokens: list[str]
    layer: int
    state: str
    units: list[int]
    steps: list[int]  # the target's steps patched
    offset: int  # target step t took the source's step t - offset (aligned from the end)
    output: int
    label: str
    output_chosen: str  # "given", or how the default was chosen
    before: dict[str, float]  # logit, probability
    after: dict[str, float]
    delta_logit: float
    delta_probability: float
    controls: dict[str, Any]  # units [C][n], delta_logit [C], delta_probability [C], mean, std, z

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def stepped_layer(
    module: nn.RNNBase,
    x: torch.Tensor,
    which: int,
    mask: torch.Tensor | None = None,
    at: Sequence[bool] = (),
    values: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """One layer stepped over its input x [B, T, F] from the zero state -> (its output h [B, T, H],
    its state `which` (0 h, 1 c) [B, T, H]). At each step t with at[t], after the cell computes the
    state, the units in mask [B, H] (rows may differ) are overwritten with values [T, H] at t, and the
    patched state is carried on."""
    batch, steps = x.shape[:2]
    hidden = module.hidden_size
    zeros = x.new_zeros(1, batch, hidden)
    state: Hidden = (zeros, zeros.clone()) if isinstance(module, nn.LSTM) else zeros
    out = x.new_empty(batch, steps, hidden)
    kept = x.new_empty(batch, steps, hidden)
    for t in range(steps):
        _, state = module(x[:, t : t + 1], state)
        parts = list(state) if isinstance(state, tuple) else [state]
        if t < len(at) and at[t]:
            assert mask is not None and values is not None
            parts[which] = torch.where(mask, values[t], parts[which])  # [1, B, H]
            state = (parts[0], parts[1]) if len(parts) == 2 else parts[0]
        out[:, t] = parts[0][0]
        kept[:, t] = parts[which][0]
    return out, kept


@torch.inference_mode()
def patch(
    model: RNNModel,
    vocab: list[str],
    source_text: str,
    target_text: str,
    units: Sequence[int],
    layer: int | None = None,
    state: str = "h",
    steps: Sequence[int] | None = None,
    output: int | str | None = None,
    controls: int = 20,
    seed: int = 0,
    labels: list[str] | None = None,
) -> PatchResult:
    """Patch units of (layer, state) (layer None: the top one) in the target's run with the source's
    values at the aligned steps (steps None: every target step the source reaches; source step
    s = t - offset, offset = len(target) - len(source)), and read output (LM: the next token after
    the target, default the target's own most likely; classifier: a class, default the predicted
    one) before and after; `controls` random unit sets of the same size drawn from `seed`."""
    spec = model.spec
    layer = spec.num_layers - 1 if layer is None else layer
    which = state_index(model, layer, state)
    chosen = checked_units(model, units, allow_empty=True)
    source_ids = token_ids(model, vocab, source_text, "source_text")
    target_ids = token_ids(model, vocab, target_text, "target_text")
    length, offset = len(target_ids), len(target_ids) - len(source_ids)
    reached = list(range(max(offset, 0), length))  # target steps with a source step aligned
    if steps is None:
        patched = reached
    else:
        patched = checked_steps(steps, length, "target_text")
        early = [t for t in patched if t < offset]
        if early:
            raise UserError(
                f"target step {early[0]} has no source step: aligned from the end, the source's "
                f"{len(source_ids)} tokens meet target steps {offset}..{length - 1}"
            )
    drawn = control_sets(spec.hidden_size, len(chosen), controls, seed)

    device = model.encoder.weight.device
    modules = layer_modules(model.rnn)
    source_x = below(modules, model, torch.tensor([source_ids], device=device), layer)
    _, source_states = stepped_layer(modules[layer], source_x, which)  # [1, Ts, H]
    # values[t]: the source's state at the target step t's aligned step (0 where none is aligned)
    values = source_x.new_zeros(length, spec.hidden_size)
    values[reached] = source_states[0, [t - offset for t in reached]]

    sets = [[], chosen, *drawn]  # row 0: the target as it is
    mask = torch.cat(
        [unit_mask(torch.tensor(s, dtype=torch.long, device=device), 1, spec.hidden_size) for s in sets]
    )  # [rows, H]
    patched_set = set(patched)
    at = [t in patched_set for t in range(length)]
    target_x = below(modules, model, torch.tensor([target_ids], device=device), layer)
    h, _ = stepped_layer(modules[layer], target_x.expand(len(sets), -1, -1), which, mask, at, values)
    top = above(modules, h, layer)  # [rows, T, H]
    logits = model.decoder(top[:, -1]).double()  # [rows, outputs]: after the target's last token
    probs = torch.softmax(logits, dim=1)
    names = vocab if spec.task == "language_model" else (spec.labels or labels)
    index, how = _output(logits[0], output, spec.task, names)
    logit, prob = logits[:, index].cpu().numpy(), probs[:, index].cpu().numpy()  # [rows]
    return _result(
        model, vocab, labels, source_ids, target_ids, layer, state, chosen, patched, offset,
        index, how, logit, prob, drawn,
    )  # fmt: skip


def _output(
    logits: torch.Tensor, output: int | str | None, task: str, names: Sequence[str] | None
) -> tuple[int, str]:
    """The output read (given as an index or by name, or the unpatched target's most likely) and how
    it was chosen. names: the vocabulary (language model) or the class labels (classifier)."""
    if output is None:
        most = "next token" if task == "language_model" else "class"
        return int(torch.argmax(logits)), f"default: the target's most likely {most} before patching"
    if isinstance(output, str):
        what = "word of the model's vocabulary" if task == "language_model" else "class label of the model"
        if names is None or output not in names:
            raise UserError(f"output {output!r} is not a {what}")
        return list(names).index(output), "given"
    if not 0 <= output < len(logits):
        raise UserError(f"output {output} is not one of 0..{len(logits) - 1}")
    return output, "given"


def _result(
    model: RNNModel,
    vocab: list[str],
    labels: list[str] | None,
    source_ids: list[int],
    target_ids: list[int],
    layer: int,
    state: str,
    units: list[int],
    steps: list[int],
    offset: int,
    index: int,
    how: str,
    logit: np.ndarray,
    prob: np.ndarray,
    drawn: list[list[int]],
) -> PatchResult:
    """logit, prob [rows]: row 0 the target as it is, row 1 the units patched, rows 2.. controls."""
    spec = model.spec
    names = (spec.labels or labels) if spec.task == "classifier" else None
    delta = np.array([logit[1] - logit[0], prob[1] - prob[0]])  # [2]: logit, probability
    control = np.stack([logit[2:] - logit[0], prob[2:] - prob[0]], axis=1)  # [C, 2]
    mean, std, z = control_statistics(delta, control)

    def number(v: float) -> float | None:
        return float(v) if np.isfinite(v) else None

    return PatchResult(
        task=spec.task,
        source_tokens=[vocab[i] for i in source_ids],
        target_tokens=[vocab[i] for i in target_ids],
        layer=layer,
        state=state,
        units=units,
        steps=steps,
        offset=offset,
        output=index,
        label=vocab[index] if spec.task == "language_model" else (names[index] if names else str(index)),
        output_chosen=how,
        before={"logit": float(logit[0]), "probability": float(prob[0])},
        after={"logit": float(logit[1]), "probability": float(prob[1])},
        delta_logit=float(delta[0]),
        delta_probability=float(delta[1]),
        controls={
            "units": drawn,
            "delta_logit": control[:, 0].tolist(),
            "delta_probability": control[:, 1].tolist(),
            "mean": {"logit": number(mean[0]), "probability": number(mean[1])},
            "std": {"logit": number(std[0]), "probability": number(std[1])},
            "z": {"logit": number(z[0]), "probability": number(z[1])},
        },
    )
