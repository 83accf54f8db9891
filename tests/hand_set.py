"""A one-layer rnn_relu model whose weights a test sets by hand (numpy arrays), for the tests of
patching and attribution that work its answers out apart."""

from __future__ import annotations

import numpy as np
import torch

from services.models.network import RNNModel
from services.models.spec import ModelSpec


def rnn_relu(w: dict[str, np.ndarray]) -> RNNModel:
    """w: emb [V, E], w_ih [H, E], w_hh [H, H], b [H] (the input bias; the recurrent one is 0) and,
    when given, dec [V, H] and dec_b [V]; the model in eval mode."""
    vocab_size, embedding = w["emb"].shape
    spec = ModelSpec(
        cell="rnn_relu",
        num_layers=1,
        hidden_size=w["w_hh"].shape[0],
        embedding_size=embedding,
        vocab_size=vocab_size,
        task="language_model",
    )
    model = RNNModel(spec)
    with torch.no_grad():
        model.encoder.weight.copy_(torch.tensor(w["emb"]))
        model.rnn.weight_ih_l0.copy_(torch.tensor(w["w_ih"]))
        model.rnn.weight_hh_l0.copy_(torch.tensor(w["w_hh"]))
        model.rnn.bias_ih_l0.copy_(torch.tensor(w["b"]))
        model.rnn.bias_hh_l0.zero_()
        if "dec" in w:
            model.decoder.weight.copy_(torch.tensor(w["dec"]))
            model.decoder.bias.copy_(torch.tensor(w["dec_b"]))
    return model.eval()
