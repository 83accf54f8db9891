"""Models: the weight layout of SPEC 1, validation, and the PyTorch network."""

from services.models.loading import LoadedModel, check_model, load_model, read_weights
from services.models.network import RNNModel, build_network, network_state_dict, save_model
from services.models.spec import ModelFormatError, ModelSpec
from services.models.vocabulary import read_vocab, read_vocab_file, vocab_from_texts, vocab_text

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
    "vocab_from_texts",
    "vocab_text",
]
