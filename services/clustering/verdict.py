"""A co-clustering's quality in one word (issue 30): `flat`, `weak` or `clear`, judged against what
co-clustering pure noise of the same size and mode gives. Derived when a co-clustering is read (so
co-clustered before, too); the web client, the Python client and the CLI all say the same.

The noise's modularity: i.i.d. random responses give about c * sqrt(1/words + 1/units), with c =
0.31-0.37 in `abs` mode, 0.6-0.7 in `positive` or `negative` mode (half the matrix is zero, so chance
blocks stand out more) and 0.08-0.14 in `raw` mode (the shift to non-negative values flattens every
block), measured with services/clustering at k = 2 to 12 and 48 to 1500 units; responses whose rows
and columns have unequal scales, as real ones do, give up to 1.5 times more. The coefficients take
the upper end: 300 words x 48 units in `abs` mode gives 0.062; the guide's sentiment models (800 x
64: 0.052) scored 0.05-0.065 in `abs` mode with chips that changed from seed to seed. In noise the
block share lies about as far above its share for random labels as the modularity lies above 0, so
the same reference serves for both."""

from __future__ import annotations

import math
from typing import Any, Literal

Band = Literal["flat", "weak", "clear"]

NOISE_COEFFICIENT = {"abs": 0.4, "positive": 0.75, "negative": 0.75, "raw": 0.12}
# Clear structure: the modularity at least this many times the noise's. A PTB model (300 words x 48
# units) gives 0.28 in `positive` mode at k = 4, with clean noun, preposition and determiner clouds
# (2.4 times its noise, 0.116); its `abs` chips at k = 6 (0.104, 1.7 times 0.062) are visibly mixed.
CLEAR_RATIO = 2.0
# Seeds agreeing less than this (adjusted Rand index, units and words averaged) change from seed to
# seed: the guide's k = 6 chips (0.14-0.24) did, its `positive` mode ones (0.65-0.86) did not.
STABLE_ARI = 0.5


def noise_modularity(mode: str, words: int, units: int) -> float:
    """The modularity that co-clustering random responses of this size in this mode reaches."""
    if words <= 0 or units <= 0:
        return 0.0
    return NOISE_COEFFICIENT.get(mode, NOISE_COEFFICIENT["abs"]) * math.sqrt(1 / words + 1 / units)


def band(modularity: float, block_share: float, block_share_random: float, noise: float) -> Band:
    """flat: no more structure than noise gives (the modularity, or the block share's lead over random
    labels, within the noise's); clear: CLEAR_RATIO times the noise's modularity or more; weak between."""
    if modularity < noise or block_share - block_share_random < noise:
        return "flat"
    return "clear" if modularity >= CLEAR_RATIO * noise else "weak"


def judged(result: dict[str, Any], mode: str) -> dict[str, Any]:
    """A finished co-clustering's result with its quality's band and noise reference, and whether its
    seeds agree (stability.stable), as the API answers them."""
    quality, stability = result.get("quality"), result.get("stability")
    if not quality:
        return result
    # the matrix co-clustered: its words and units with a cluster (those dropped as empty are not)
    words = sum(1 for label in result.get("word_labels") or [] if label >= 0)
    units = sum(1 for label in result.get("unit_labels") or [] if label >= 0)
    noise = noise_modularity(mode, words, units)
    q = quality["modularity"], quality["block_share"], quality["block_share_random"]
    answer = {**result, "quality": {**quality, "band": band(*q, noise), "noise_modularity": noise}}
    if stability:
        answer["stability"] = {
            **stability,
            "stable": (stability["units"] + stability["words"]) / 2 >= STABLE_ARI,
        }
    return answer
