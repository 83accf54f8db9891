"""How many steps a recurrence computes its per-step tensors for at once (decays and writes of a
block of steps), so that a wide batch never holds more than a fixed scratch budget."""

from __future__ import annotations

SCRATCH_BYTES = 32 * 2**20  # per-step tensors computed for a block of steps at once, at most this much


def steps_per_block(per_step_bytes: int, steps: int) -> int:
    """How many steps' worth of a per-step tensor fit in SCRATCH_BYTES (at least one)."""
    return max(1, min(steps, SCRATCH_BYTES // max(1, per_step_bytes)))
