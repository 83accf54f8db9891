"""Training small language models and classifiers from a corpus."""

from typing import TYPE_CHECKING

from services.lazy import lazy_names
from services.training.options import TrainingOptions

# The trainer (torch) is imported when first used: the API reads trainings' figures through this
# package (services.training.quality), and its processes then start without torch.
_LAZY = {name: "trainer" for name in ("TrainedModel", "build_vocab", "train")}

if TYPE_CHECKING:
    from services.training.trainer import TrainedModel, build_vocab, train


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = ["TrainedModel", "TrainingOptions", "build_vocab", "train"]
