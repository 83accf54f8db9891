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
from services.models.modern import FAMILIES
from services.models.spec import RECORDED_GATES


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


MAX_LAGS, MAX_LAG = 8, 16  # SPEC 11: a recording's lags, at most 8 values in 0..16
# Every state name a recording can hold: SPEC 1's (h, c, gates), SPEC 11's, and those with a lag
STATE_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(
        ["h", "c", *(f"gate_{g}" for gates in RECORDED_GATES.values() for g in gates)]
        + [s for family in FAMILIES.values() for s in family.states]
    )
)
STATE_PATTERN = rf"^({'|'.join(STATE_NAMES)})(@([1-9]|1[0-{MAX_LAG - 10}]))?$"


def lag_name(state: str, lag: int) -> str:
    """A lagged channel's state name: `y` for lag 0, `y@1` for lag 1 (SPEC 11)."""
    return state if lag == 0 else f"{state}@{lag}"


def check_lags(lags: Sequence[int]) -> tuple[int, ...]:
    """Sorted, distinct lags within SPEC 11's bounds, or a UserError saying which."""
    if not lags:
        raise UserError("lags must hold at least one lag (0: the step's own response)")
    if len(set(lags)) > MAX_LAGS or any(not 0 <= k <= MAX_LAG for k in lags):
        raise UserError(f"lags takes at most {MAX_LAGS} values, each in 0..{MAX_LAG}")
    return tuple(sorted({int(k) for k in lags}))


def check_layers(have: Sequence[int], layers: Sequence[int] | None, num_layers: int) -> list[int]:
    """The recorded layers asked for (None: all that hold a recurrent state), or a UserError."""
    if layers is None:
        return list(have)
    wrong = [layer for layer in layers if layer not in have]
    if wrong or not layers:
        skipped = sorted(set(range(num_layers)) - set(have))
        note = f" (attention layers {', '.join(map(str, skipped))} hold no state)" if skipped else ""
        raise UserError(
            f"layers must be among this model's recurrent layers {', '.join(map(str, have))}{note}; "
            f"got {', '.join(map(str, layers)) or 'none'}"
        )
    return sorted(set(layers))


def check_classic_options(cell: str, layers: Sequence[int] | None, lags: Sequence[int]) -> None:
    """layers and lags are SPEC 11's: an RNN of SPEC 1 records every layer at lag 0."""
    if layers is not None or tuple(lags) != (0,):
        raise UserError(
            "layers and lags are options of the models of SPEC 11 (Mamba, RWKV, ...); a "
            f"{cell} recording keeps every layer at lag 0"
        )


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
