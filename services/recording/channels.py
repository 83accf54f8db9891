"""A recorded channel (layer, state) and the one lookup of a channel in a recording, with its error.

A recording stores its channels in order; statistics rows name a channel by its index in that
order. API routes, jobs, exports and the engine all find a channel here, so a missing one is
refused everywhere in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from services.errors import UserError


@dataclass(frozen=True)
class Channel:
    """One recorded quantity: a layer's state (h, c: responses) or gate (gate_i ...: values)."""

    layer: int
    state: str

    @property
    def is_gate(self) -> bool:
        return self.state.startswith("gate_")

    def __str__(self) -> str:
        return f"{self.layer}/{self.state}"


class UnknownChannel(UserError):
    """No channel of a recording matches the layer and state asked for."""


def as_channels(stored: Iterable[Channel | Sequence[Any]]) -> list[Channel]:
    """Channels from a recording's stored [[layer, state], ...] (or Channels)."""
    return [c if isinstance(c, Channel) else Channel(int(c[0]), str(c[1])) for c in stored]


def select_channels(
    stored: Iterable[Channel | Sequence[Any]],
    layer: int | None = None,
    state: str | None = None,
    where: str = "this recording",
) -> list[tuple[int, Channel]]:
    """(index, channel) of every stored channel matching layer and state (None: any); UnknownChannel
    when none does."""
    channels = as_channels(stored)
    chosen = [
        (i, c)
        for i, c in enumerate(channels)
        if (layer is None or c.layer == layer) and (state is None or c.state == state)
    ]
    if not chosen:
        asked = " ".join(
            [*([f"layer {layer}"] if layer is not None else []), *([f"state {state!r}"] if state else [])]
        )
        have = ", ".join(map(str, channels)) or "none"
        raise UnknownChannel(f"no {asked} in {where} (it has {have})")
    return chosen


def find_channel(
    stored: Iterable[Channel | Sequence[Any]], layer: int, state: str, where: str = "this recording"
) -> int:
    """The index of (layer, state) among a recording's channels; UnknownChannel when it has none."""
    return select_channels(stored, layer, state, where)[0][0]
