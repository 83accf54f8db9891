"""Cause over time (SPEC 13): patching a layer's units with another text's values, and integrated
gradients of a memory chip's summed state over the earlier tokens' embeddings.

The engine (torch) is imported when first used, as in services.ablation: the API process imports
this package for `not_yet` only."""

from typing import TYPE_CHECKING

from services.lazy import lazy_names
from services.models.modern import FAMILIES

_LAZY = {
    "PatchResult": "patching",
    "patch": "patching",
    "Attribution": "attribution",
    "attribute": "attribution",
}

if TYPE_CHECKING:
    from services.causal.attribution import Attribution, attribute
    from services.causal.patching import PatchResult, patch


__getattr__ = lazy_names(__name__, _LAZY)


def not_yet(cell: str, what: str) -> str | None:
    """Why `what` (patching, attribution) is refused for a model of this cell; None: it is not.

    A SPEC 11 model's recorded states (y, norm, wkv, ...) are readouts of a larger state, not the
    state its recurrence carries, so overwriting one or differentiating through its embeddings needs
    each architecture's own recurrence opened up: not done yet."""
    if cell in FAMILIES:
        return (
            f"{what} is not yet for {cell} models (SPEC 11); it reads the RNNs of SPEC 1 "
            "(rnn_tanh, rnn_relu, lstm, gru)"
        )
    return None


__all__ = ["Attribution", "PatchResult", "attribute", "not_yet", "patch"]
