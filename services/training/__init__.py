"""Training small language models and classifiers from a corpus."""

from services.training.trainer import (
    TrainedModel,
    TrainingCancelled,
    TrainingOptions,
    build_vocab,
    train,
)

__all__ = ["TrainedModel", "TrainingCancelled", "TrainingOptions", "build_vocab", "train"]
