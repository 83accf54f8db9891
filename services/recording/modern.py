"""Recording a SPEC 11 model: its states per step, their responses, and the lags of SPEC 11.

For lag k, the response Δs_{t+k} belongs to the token at step t (a convolution or a token shift
writes a token's effect one or more steps later). A step past a sequence's end writes nothing: its
response is 0, so every token has every lag and the statistics of all channels count the same
tokens. The last `max(lags)` responses of a batch are held back until the steps they need are read,
in a ring of max(lags) + one chunk of steps, never the whole sequence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import torch

from services.models.modern.network import ModernNetwork
from services.recording.channels import Channel, check_lags, check_layers, lag_name

STATE_BUDGET = 32 * 2**20  # floats of states and responses held at once for one chunk of steps


def tap_layers(network: ModernNetwork, layers: Sequence[int] | None) -> list[int]:
    """The recorded layers asked for (None: all that hold a recurrent state), or a UserError."""
    return check_layers(network.recorded_layers, layers, network.spec.num_layers)


def modern_channels(
    network: ModernNetwork, layers: Sequence[int] | None, lags: Sequence[int]
) -> list[Channel]:
    """Channel order: per layer, per lag, its states (y, norm, y@1, norm@1, ...)."""
    return [
        Channel(layer, lag_name(state, lag))
        for layer in tap_layers(network, layers)
        for lag in check_lags(lags)
        for state in network.states
    ]


def chunk_steps(network: ModernNetwork, batch: int, layers: int, lags: int) -> int:
    """Steps read at once for a batch: the states, the ring and the responses stay under STATE_BUDGET."""
    width = layers * len(network.states) * network.spec.hidden_size
    return max(1, STATE_BUDGET // max(1, batch * width * (2 + lags)))


@torch.inference_mode()
def iter_responses(
    network: ModernNetwork,
    tokens: torch.Tensor,
    lengths: torch.Tensor,
    layers: Sequence[int] | None,
    lags: Sequence[int],
    on_states: Callable[[int, torch.Tensor], None] | None = None,
) -> Iterator[tuple[int, torch.Tensor]]:
    """tokens [B, T] (right-padded), lengths [B] -> (t0, responses [n, B, channels, U]) for steps
    t0 .. t0+n-1 in order, every lag of each step's token, channels as modern_channels orders them.
    Responses of steps past a sequence's end are 0 (and are not to be counted).

    on_states(t0, states [n, B, layers * states * U]): each chunk's states as read (a trace, SPEC 13)."""
    chosen, lags = tap_layers(network, layers), check_lags(lags)
    batch, steps = tokens.shape
    states, units = len(network.states), network.spec.hidden_size
    width = (len(chosen), states, units)
    n = chunk_steps(network, batch, len(chosen), len(lags))
    held, most = max(lags), min(steps, n)
    taps = tokens.new_empty((most, batch, *width), dtype=torch.float32)
    ring = tokens.new_zeros((held + most, batch, *width), dtype=torch.float32)
    previous = tokens.new_zeros((batch, *width), dtype=torch.float32)  # s_0 = 0
    past_end = torch.arange(steps, device=tokens.device)[:, None] >= lengths.to(tokens.device)[None, :]
    state = network.zero_state(batch)
    filled = 0  # ring rows holding responses not yet given out (the last `held` of them wait)
    done = 0  # the first step not yet given out
    for t0 in range(0, steps, n):
        t1 = min(steps, t0 + n)
        chunk = taps[: t1 - t0]
        _, state = network.forward_chunk(tokens[:, t0:t1], state, chunk, chosen, logits=False)
        m = t1 - t0
        if on_states is not None:
            on_states(t0, chunk.flatten(2))
        ring[filled : filled + m] = chunk  # then s_t - s_{t-1}, in place
        ring[filled + 1 : filled + m].sub_(chunk[:-1])
        ring[filled].sub_(previous)
        previous.copy_(chunk[-1])
        ring[filled : filled + m].masked_fill_(past_end[t0:t1, :, None, None, None], 0.0)
        filled += m
        ready = filled - held
        if ready > 0:
            yield done, _gather(ring, ready, lags)
            ring[:held] = ring[ready:filled].clone()
            filled, done = held, done + ready
    if filled:  # the steps after the last one read write nothing
        ring[filled:].zero_()
        yield done, _gather(ring, filled, lags)


def _gather(ring: torch.Tensor, ready: int, lags: Sequence[int]) -> torch.Tensor:
    """[ready, B, L, S, U] responses per lag -> [ready, B, L * lags * S, U] (per layer, per lag)."""
    per_lag = torch.stack([ring[k : k + ready] for k in lags], dim=3)  # [ready, B, L, lags, S, U]
    return per_lag.flatten(2, 4)
