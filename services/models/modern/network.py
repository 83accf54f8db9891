"""A SPEC 11 model ready to run: transformers' module holding the weights, and its stepped recurrence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from services.models.loading import LoadedModel
from services.models.modern import architecture
from services.models.modern.base import Architecture, ChunkState, Hold
from services.models.modern.folder import build_empty, load_weights
from services.models.spec import ModelSpec


class ModernNetwork:
    """The network of a SPEC 11 model: `forward_chunk` reads a chunk of steps and writes the states
    of the layers asked for (Architecture.forward_chunk); the chunk's end state carries over."""

    def __init__(self, loaded: LoadedModel, device: str | torch.device = "cpu") -> None:
        assert loaded.transformers_config is not None
        self.spec: ModelSpec = loaded.spec
        self.architecture: Architecture = architecture(loaded.spec.cell)
        self.module: Any = load_weights(
            build_empty(loaded.spec.cell, loaded.transformers_config), loaded.state_dict
        )
        self.module.to(device).eval()
        self.recorded_layers: list[int] = self.architecture.recorded_layers(self.module.config)
        self.device = torch.device(device)

    @property
    def states(self) -> tuple[str, ...]:
        return self.architecture.states

    def zero_state(self, batch: int) -> ChunkState:
        return self.architecture.zero_state(self.module, batch)

    def forward_chunk(
        self,
        tokens: torch.Tensor,
        state: ChunkState,
        taps: torch.Tensor | None = None,
        tap_layers: Sequence[int] = (),
        logits: bool = False,
        hold: Hold | None = None,
    ) -> tuple[torch.Tensor | None, ChunkState]:
        """tokens [B, T] -> (logits [B, T, V] or None, the state after); taps [T, B, len(tap_layers),
        S, U] are written when given; hold: units of one layer held (ablation)."""
        return self.architecture.forward_chunk(
            self.module, tokens, state, taps, list(tap_layers), logits, hold=hold
        )

    def logits(self, tokens: torch.Tensor) -> torch.Tensor:
        """Logits [B, T, V] of whole sequences read from the zero state."""
        out, _ = self.forward_chunk(tokens, self.zero_state(tokens.shape[0]), logits=True)
        assert out is not None
        return out
