"""What every stepped recurrence of SPEC 11 provides: one module per `model_type`, one interface.

Each module (mamba.py, mamba2.py, rwkv.py, xlstm.py, recurrent_gemma.py) reads the weights of the
`transformers` model it is given (its submodules' parameters: `nn.Linear`, norms, embeddings) and
computes the forward pass itself, so that the recurrent state of every layer is seen at every step.
The recurrent part (the scan) is the project's own code, stepped one token at a time; everything
that is not recurrent (projections, convolutions over a window, norms, MLPs) runs over a whole chunk
of steps at once. `transformers`' own forward is the oracle in the tests, never used here.

Shapes: B batch, T steps of a chunk, L_r recorded layers, S states, U units per recorded layer.
Sequences in a batch are right-padded (the model is causal, so padding never changes a real step);
a chunk's final state is the next chunk's starting state, so a corpus is read chunk by chunk with
memory bounded by the chunk, never by the sequence length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

# The carried state between chunks: whatever a module needs (a list of per-layer tensors, ...).
ChunkState = Any


@dataclass(frozen=True)
class Hold:
    """Units of one layer held while the model reads (SPEC 11 ablation): `freeze`, the units' state
    rows keep their value (what they held stays, unchanged by decay or writes); `zero`, the units'
    writes are zero (what they held still decays as it would). units [B, U] bool: rows may hold
    different units (an ablation's variants stacked in one batch)."""

    layer: int
    units: torch.Tensor
    method: str  # "freeze" | "zero"

    def at(self, layer: int) -> torch.Tensor | None:
        """The [B, U] mask when `layer` is the held one, else None."""
        return self.units if layer == self.layer else None


@dataclass(frozen=True)
class Architecture:
    """One model_type: its transformers class, its recorded states and the stepped recurrence."""

    model_type: str  # its class, states and their meaning: services.models.modern.FAMILIES
    # config -> units per recorded layer (the same for every recorded layer)
    units: Callable[[Any], int]
    # config -> the model's layer indices that have a recurrent state (attention layers left out)
    recorded_layers: Callable[[Any], list[int]]
    # (model, batch) -> the zero state every sequence starts from
    zero_state: Callable[[Any, int], ChunkState]
    # (model, tokens [B, T] long, state, taps [T, B, len(tap_layers), S, U] float32 or None,
    #  tap_layers (model layer indices to write, a subset of recorded_layers, in order), logits,
    #  hold: units held at one layer, or None) -> (logits [B, T, V] or None, the state after the
    # chunk). Writes taps in place when given; with logits False it may stop after the last layer
    # in tap_layers.
    forward_chunk: Callable[..., tuple[torch.Tensor | None, ChunkState]]

    @property
    def states(self) -> tuple[str, ...]:
        """Recorded state names, in channel order."""
        from services.models.modern import FAMILIES

        return FAMILIES[self.model_type].states
