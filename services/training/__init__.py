"""Training small language models and classifiers from a corpus."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from services.training.options import TrainingOptions

# The trainer (torch) is imported when first used: the API reads trainings' figures through this
# package (services.training.quality), and its processes then start without torch.
_LAZY = {name: "trainer" for name in ("TrainedModel", "build_vocab", "train")}

if TYPE_CHECKING:
    from services.training.trainer import TrainedModel, build_vocab, train


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"services.training.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'services.training' has no attribute {name!r}")


__all__ = ["TrainedModel", "TrainingOptions", "build_vocab", "train"]
