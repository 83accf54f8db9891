"""The words an ablation hurts most (SPEC 9), without torch: the engine lists them, and the API reads
results stored before the list had a minimum count through `listed`.

A word read once or twice moves by chance: its mean loss change is one or two steps' worth, and the
top of an unfiltered list is all such words. Only words read at least MOST_HURT_MIN_COUNT times
(steps after the word for a language model, sequences with it for a classifier) are listed."""

from __future__ import annotations

from typing import Any

import numpy as np

MOST_HURT = 20  # words listed
MOST_HURT_MIN_COUNT = 5  # times a word was read before it may be listed


def most_hurt(
    vocab: list[str], counts: np.ndarray, deltas: np.ndarray, min_count: int = MOST_HURT_MIN_COUNT
) -> list[dict[str, Any]]:
    """The MOST_HURT words of the largest mean loss change among those read at least `min_count`
    times (ties in vocabulary order), each with its count and mean change."""
    often = np.flatnonzero(counts >= max(min_count, 1))
    hurt = often[np.argsort(-deltas[often], kind="stable")][:MOST_HURT]
    return [{"word": vocab[w], "count": int(counts[w]), "delta": float(deltas[w])} for w in hurt]


def listed(result: dict[str, Any]) -> dict[str, Any]:
    """A stored result as the API answers it: one stored before the minimum count had every word
    read at all; its rarer words are left out now, and the minimum said."""
    if "most_hurt" not in result or "most_hurt_min_count" in result:
        return result
    kept = [w for w in result["most_hurt"] if w.get("count", 0) >= MOST_HURT_MIN_COUNT]
    return {**result, "most_hurt": kept, "most_hurt_min_count": MOST_HURT_MIN_COUNT}
