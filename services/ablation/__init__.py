"""Ablation (SPEC 9): a memory chip's units frozen or zeroed while the model reads a corpus, beside
random unit sets of the same size; the loss change per word cloud."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

# The engine (torch) is imported when first used, as in services.recording and services.training:
# importing the package costs an API process nothing.
_LAZY = {name: "engine" for name in ("AblationOptions", "AblationResult", "ablate", "control_sets")}

if TYPE_CHECKING:
    from services.ablation.engine import AblationOptions, AblationResult, ablate, control_sets


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"services.ablation.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'services.ablation' has no attribute {name!r}")


__all__ = ["AblationOptions", "AblationResult", "ablate", "control_sets"]
