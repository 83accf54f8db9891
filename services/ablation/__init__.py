"""Ablation (SPEC 9): a memory chip's units frozen or zeroed while the model reads a corpus, beside
random unit sets of the same size; the loss change per word cloud."""

from typing import TYPE_CHECKING

from services.lazy import lazy_names

# The engine (torch) is imported when first used, as in services.recording and services.training:
# importing the package costs an API process nothing.
_LAZY = {name: "engine" for name in ("AblationOptions", "AblationResult", "ablate", "control_sets")}

if TYPE_CHECKING:
    from services.ablation.engine import AblationOptions, AblationResult, ablate, control_sets


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = ["AblationOptions", "AblationResult", "ablate", "control_sets"]
