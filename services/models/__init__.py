"""Models: the weight layout of SPEC 1, validation, and the PyTorch network."""

from typing import TYPE_CHECKING

from services.lazy import lazy_names
from services.models.spec import ModelFormatError, ModelSpec
from services.models.vocabulary import (
    read_vocab,
    read_vocab_file,
    vocab_by_frequency,
    vocab_from_texts,
    vocab_text,
)

# What needs torch (loading weights, the network) is imported when first used: the API validates an
# upload with it, and its processes start without torch until the first upload.
_LAZY = {
    "LoadedModel": "loading",
    "check_model": "loading",
    "load_model": "loading",
    "read_weights": "loading",
    "RNNModel": "network",
    "build_network": "network",
    "network_state_dict": "network",
    "save_model": "network",
}

if TYPE_CHECKING:
    from services.models.loading import LoadedModel, check_model, load_model, read_weights
    from services.models.network import RNNModel, build_network, network_state_dict, save_model


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "LoadedModel",
    "ModelFormatError",
    "ModelSpec",
    "RNNModel",
    "build_network",
    "check_model",
    "load_model",
    "network_state_dict",
    "read_vocab",
    "read_weights",
    "save_model",
    "read_vocab_file",
    "vocab_by_frequency",
    "vocab_from_texts",
    "vocab_text",
]
