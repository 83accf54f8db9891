"""The PyTorch network behind a ModelSpec, and writing a model back in the same layout."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import save_file
from torch import nn

from services.models.loading import LoadedModel, StateDict
from services.models.spec import ModelSpec
from services.models.vocabulary import vocab_text

Hidden = torch.Tensor | tuple[torch.Tensor, torch.Tensor]


class RNNModel(nn.Module):
    """encoder -> multi-layer RNN -> decoder, in PyTorch's word_language_model layout."""

    def __init__(self, spec: ModelSpec) -> None:
        super().__init__()
        self.spec = spec
        self.encoder = nn.Embedding(spec.vocab_size, spec.embedding_size)
        args = (spec.embedding_size, spec.hidden_size, spec.num_layers)
        self.rnn: nn.RNNBase
        if spec.cell == "lstm":
            self.rnn = nn.LSTM(*args, bias=spec.bias, batch_first=True)
        elif spec.cell == "gru":
            self.rnn = nn.GRU(*args, bias=spec.bias, batch_first=True)
        else:
            nonlinearity = "relu" if spec.cell == "rnn_relu" else "tanh"
            self.rnn = nn.RNN(*args, nonlinearity=nonlinearity, bias=spec.bias, batch_first=True)
        self.decoder = nn.Linear(spec.hidden_size, spec.output_size)
        if spec.tie_weights:
            self.decoder.weight = self.encoder.weight

    def zero_hidden(self, batch_size: int) -> Hidden:
        shape = (self.spec.num_layers, batch_size, self.spec.hidden_size)
        h = torch.zeros(shape, device=self.encoder.weight.device)
        return (h, torch.zeros_like(h)) if self.spec.cell == "lstm" else h

    def forward(self, tokens: torch.Tensor, hidden: Hidden | None = None) -> tuple[torch.Tensor, Hidden]:
        """tokens [batch, time] -> top-layer h [batch, time, hidden], final hidden."""
        output, hidden = self.rnn(self.encoder(tokens), hidden)
        return output, hidden

    def classify(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Class logits [batch, C] from the top layer's h at each sequence's last token."""
        output, _ = self.forward(tokens)
        last = output[torch.arange(tokens.shape[0], device=tokens.device), lengths - 1]
        return self.decoder(last)


def build_network(model: LoadedModel, device: str | torch.device = "cpu") -> RNNModel:
    network = RNNModel(model.spec)
    network.load_state_dict(model.state_dict, strict=True)
    return network.to(device).eval()


def network_state_dict(network: RNNModel) -> StateDict:
    """A detached copy of the weights; a tied decoder is written out in full (safetensors refuses
    shared storage)."""
    return {k: v.detach().cpu().clone().contiguous() for k, v in network.state_dict().items()}


def save_model(directory: str | Path, spec: ModelSpec, vocab: list[str], state_dict: StateDict) -> Path:
    """Write model.safetensors, vocab.txt and config.json into directory."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in state_dict.items()}, str(directory / "model.safetensors"))
    (directory / "vocab.txt").write_bytes(vocab_text(vocab))
    (directory / "config.json").write_text(json.dumps(spec.to_config(), indent=2), encoding="utf-8")
    return directory
