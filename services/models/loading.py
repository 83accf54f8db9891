"""Reading uploaded weights, vocabulary and config, and checking that they agree (SPEC 1).

Weights files are read by services.models.checkpoints (nothing unpickled with code execution),
vocabularies by services.models.vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import torch

from services.models.checkpoints import StateDict, read_checkpoint
from services.models.spec import (
    CELLS,
    GATE_MULTIPLIER,
    TASKS,
    TOKENIZERS,
    ModelFormatError,
    ModelSpec,
    VocabSizeMismatch,
)
from services.models.vocabulary import read_vocab
from services.user_input import JsonRefused, parse_json

_LAYER_KEY = re.compile(r"^rnn\.(weight|bias)_(ih|hh|hr)_l(\d+)(_reverse)?$")
_KNOWN_CONFIG = {f.name for f in fields(ModelSpec)}


@dataclass(frozen=True)
class LoadedModel:
    spec: ModelSpec
    vocab: list[str]
    state_dict: StateDict
    weights_form: str = "state_dict"  # how the file held the weights (services.models.checkpoints)
    # SPEC 11 (services.models.modern): config.json as saved, tokenizer.json's text, the line end token
    transformers_config: dict[str, Any] | None = None
    tokenizer_json: str | None = None
    eos: str | None = None

    @property
    def is_modern(self) -> bool:
        return self.transformers_config is not None


def read_weights(path: str | Path) -> StateDict:
    """The state_dict of a weights file in any form read_checkpoint takes."""
    return read_checkpoint(path).state_dict


def read_config(path: str | Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        config = parse_json(Path(path).read_bytes())
    except JsonRefused as exc:
        raise ModelFormatError(f"config.json refused: {exc}") from exc
    if not isinstance(config, dict):
        raise ModelFormatError("config.json must be a JSON object")
    return config


def load_model(
    weights: str | Path,
    vocab: str | Path | list[str],
    config: str | Path | dict[str, Any] | None = None,
    max_vocab_tokens: int | None = None,
) -> LoadedModel:
    """Read and check a model in the word_language_model layout (SPEC 1)."""
    tokens = vocab if isinstance(vocab, list) else read_vocab(vocab, max_vocab_tokens)
    checkpoint = read_checkpoint(weights)
    stated = config if isinstance(config, dict) else read_config(config)
    for name, value in checkpoint.stated.items():
        if name in stated and stated[name] != value:
            raise ModelFormatError(
                f"config {name} is {stated[name]!r} but the {checkpoint.form} says {value!r}"
            )
    loaded = check_model(checkpoint.state_dict, tokens, {**checkpoint.stated, **stated})
    return replace(loaded, weights_form=checkpoint.form)


def check_model(state_dict: StateDict, vocab: list[str], config: dict[str, Any]) -> LoadedModel:
    state_dict = {k: v for k, v in state_dict.items()}
    spec = infer_spec(state_dict, config)
    if len(vocab) != spec.vocab_size:
        raise VocabSizeMismatch(
            f"vocab has {len(vocab)} tokens but encoder.weight has {spec.vocab_size} rows"
        )
    if spec.tie_weights and "decoder.weight" not in state_dict:
        state_dict["decoder.weight"] = state_dict["encoder.weight"]
    for key, tensor in state_dict.items():
        if not torch.isfinite(tensor).all():
            raise ModelFormatError(f"{key} contains NaN or Inf values")
    state_dict = {k: v.to(torch.float32).contiguous() for k, v in state_dict.items()}
    return LoadedModel(spec=spec, vocab=vocab, state_dict=state_dict)


def infer_spec(state_dict: StateDict, config: dict[str, Any]) -> ModelSpec:
    """Infer every field the config leaves out from the shapes; a stated field must agree with them."""
    unknown = set(config) - _KNOWN_CONFIG
    if unknown:
        raise ModelFormatError(f"config.json has unknown fields: {', '.join(sorted(unknown))}")
    for key in state_dict:
        if not torch.is_floating_point(state_dict[key]):
            raise ModelFormatError(f"{key} has dtype {state_dict[key].dtype}; weights must be floating point")
        match = _LAYER_KEY.match(key)
        if match and match.group(4):
            raise ModelFormatError(f"bidirectional weights ({key}) are not supported")
        if match and match.group(2) == "hr":
            raise ModelFormatError(f"LSTM projections (proj_size, {key}) are not supported")

    encoder = _require(state_dict, "encoder.weight", ndim=2)
    vocab_size, embedding_size = encoder.shape
    hh0 = _require(state_dict, "rnn.weight_hh_l0", ndim=2)
    hidden_size = int(hh0.shape[1])
    rows = int(hh0.shape[0])
    by_rows = {GATE_MULTIPLIER[c] * hidden_size: c for c in ("lstm", "gru", "rnn_tanh")}
    if rows not in by_rows:
        raise ModelFormatError(
            f"rnn.weight_hh_l0 has shape {list(hh0.shape)}; expected [4H, H] (LSTM), [3H, H] (GRU) "
            f"or [H, H] (RNN) with H={hidden_size}"
        )
    inferred_cell = by_rows[rows]
    cell = _agree(config, "cell", inferred_cell, allowed=CELLS)
    if cell == "rnn_relu" and inferred_cell == "rnn_tanh":
        pass  # relu is only known when stated: same shapes as tanh
    elif cell != inferred_cell:
        raise ModelFormatError(f"config cell is {cell!r} but the weight shapes say {inferred_cell!r}")

    num_layers = _count_layers(state_dict)
    num_layers = _agree(config, "num_layers", num_layers)
    _agree(config, "hidden_size", hidden_size)
    _agree(config, "embedding_size", int(embedding_size))
    _agree(config, "vocab_size", int(vocab_size))
    has_bias = "rnn.bias_ih_l0" in state_dict
    bias = _agree(config, "bias", has_bias)

    gates = GATE_MULTIPLIER[cell] * hidden_size
    for k in range(num_layers):
        in_size = embedding_size if k == 0 else hidden_size
        _expect(state_dict, f"rnn.weight_ih_l{k}", [gates, in_size])
        _expect(state_dict, f"rnn.weight_hh_l{k}", [gates, hidden_size])
        if bias:
            _expect(state_dict, f"rnn.bias_ih_l{k}", [gates])
            _expect(state_dict, f"rnn.bias_hh_l{k}", [gates])
    extra_layers = sorted(
        int(m.group(3))
        for key in state_dict
        if (m := _LAYER_KEY.match(key)) and int(m.group(3)) >= num_layers
    )
    if extra_layers:
        raise ModelFormatError(f"weights hold layer {extra_layers[0]} but num_layers is {num_layers}")

    tie_weights = bool(config.get("tie_weights", "decoder.weight" not in state_dict))
    if tie_weights:
        if embedding_size != hidden_size:
            raise ModelFormatError(
                f"tied weights need embedding_size == hidden_size, found {embedding_size} and {hidden_size}"
            )
        if "decoder.weight" in state_dict:
            _expect(state_dict, "decoder.weight", [int(vocab_size), hidden_size])
        out_rows = int(vocab_size)
    else:
        decoder = _require(state_dict, "decoder.weight", ndim=2)
        if decoder.shape[1] != hidden_size:
            raise ModelFormatError(
                f"decoder.weight has shape {list(decoder.shape)}; expected [V or C, {hidden_size}]"
            )
        out_rows = int(decoder.shape[0])
    _expect(state_dict, "decoder.bias", [out_rows])

    inferred_task = "language_model" if out_rows == vocab_size else "classifier"
    task = _agree(config, "task", inferred_task, allowed=TASKS)
    if task == "language_model" and out_rows != vocab_size:
        raise ModelFormatError(
            f"config task is language_model but the decoder has {out_rows} rows, not V={vocab_size}"
        )
    num_classes = _agree(config, "num_classes", out_rows) if task == "classifier" else None
    labels = config.get("labels")
    if labels is not None and (
        not isinstance(labels, list) or len(labels) != out_rows or task != "classifier"
    ):
        raise ModelFormatError(f"config labels must be a list of {out_rows} class names for a classifier")

    tokenizer = _agree(config, "tokenizer", "whitespace", allowed=TOKENIZERS)
    lowercase = config.get("lowercase", False)
    if not isinstance(lowercase, bool):
        raise ModelFormatError(f"config lowercase must be true or false, found {lowercase!r}")
    return ModelSpec(
        cell=cell,
        num_layers=num_layers,
        hidden_size=hidden_size,
        embedding_size=int(embedding_size),
        vocab_size=int(vocab_size),
        task=task,
        num_classes=num_classes,
        tokenizer=tokenizer,
        lowercase=lowercase,
        bias=bias,
        tie_weights=tie_weights,
        labels=[str(x) for x in labels] if labels else None,
    )


def _count_layers(state_dict: StateDict) -> int:
    layers = {int(m.group(3)) for key in state_dict if (m := _LAYER_KEY.match(key))}
    count = 0
    while count in layers:
        count += 1
    return count


def _agree(config: dict[str, Any], name: str, inferred: Any, allowed: tuple[str, ...] | None = None) -> Any:
    if name not in config:
        return inferred
    stated = config[name]
    if allowed is not None:
        if stated not in allowed:
            raise ModelFormatError(f"config {name} is {stated!r}; expected one of {', '.join(allowed)}")
        return stated
    if type(stated) is not type(inferred) or stated != inferred:
        raise ModelFormatError(f"config {name} is {stated!r} but the weights say {inferred!r}")
    return stated


def _require(state_dict: StateDict, key: str, ndim: int) -> torch.Tensor:
    if key not in state_dict:
        raise ModelFormatError(f"weights have no {key}")
    tensor = state_dict[key]
    if tensor.ndim != ndim:
        raise ModelFormatError(f"{key} has shape {list(tensor.shape)}; expected {ndim} dimensions")
    return tensor


def _expect(state_dict: StateDict, key: str, shape: list[int]) -> None:
    if key not in state_dict:
        raise ModelFormatError(f"weights have no {key} (expected shape {shape})")
    found = list(state_dict[key].shape)
    if found != shape:
        raise ModelFormatError(f"{key} has shape {found}; expected {shape}")
