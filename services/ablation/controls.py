"""Random unit sets of the same size as the units tested, and the test's change beside theirs (SPEC 9
ablation, SPEC 13 patching), without torch: the one rule for drawing controls and scoring against
them, so that the API process can check a request and the engines share it."""

from __future__ import annotations

import numpy as np


def control_sets(hidden_size: int, size: int, controls: int, seed: int) -> list[list[int]]:
    """Random unit sets of `size` units of the layer, one per control, reproducible from `seed`."""
    rng = np.random.default_rng(seed)
    return [sorted(rng.choice(hidden_size, size=size, replace=False).tolist()) for _ in range(controls)]


def control_overlap(size: int, hidden_size: int, controls: int) -> str | None:
    """Why controls of `size` of `hidden_size` units would not be controls (None: they would)."""
    if size > hidden_size // 2 and controls > 0:
        return (
            f"{size} of {hidden_size} units: random sets of that size would overlap it too much "
            "to be controls; choose at most half of the layer, or set controls to 0"
        )
    return None


def control_statistics(delta: np.ndarray, control: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """delta [K] (the units tested), control [C, K] (each control) -> the controls' mean [K], std
    [K] (ddof 1) and z [K] = (delta - mean) / std; NaN where undefined (no control, one control,
    std 0)."""
    k = delta.shape[0]
    mean = control.mean(0) if len(control) else np.full(k, np.nan)
    std = control.std(0, ddof=1) if len(control) > 1 else np.full(k, np.nan)
    usable = np.isfinite(std) & (std > 0)
    z = np.full(k, np.nan)
    z[usable] = (delta[usable] - mean[usable]) / std[usable]
    return mean, std, z
