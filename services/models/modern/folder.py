"""Reading a model folder as `save_pretrained` writes it (SPEC 11), checked before anything is kept.

Nothing is unpickled and nothing is fetched: the weights are safetensors only, the config's
`model_type` must be one of SPEC 11's, the architecture is `transformers`' own class built from the
config (never `trust_remote_code`), and the tokenizer is `tokenizer.json` read by `tokenizers`.
Every refusal says what to change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open

from services.models.loading import LoadedModel, StateDict
from services.models.modern import FAMILIES, MODEL_TYPES, architecture
from services.models.spec import ModelFormatError, ModelSpec
from services.user_input import JsonRefused, parse_json

CONFIG, WEIGHTS, INDEX, TOKENIZER, TOKENIZER_CONFIG = (
    "config.json",
    "model.safetensors",
    "model.safetensors.index.json",
    "tokenizer.json",
    "tokenizer_config.json",
)
# what a stored SPEC 11 model keeps, by role (its files keep their own names: a save_pretrained folder)
FOLDER_ROLES: dict[str, str] = {
    "weights": WEIGHTS,
    "config": CONFIG,
    "tokenizer": TOKENIZER,
    "tokenizer_config": TOKENIZER_CONFIG,
}
SHARD = re.compile(r"^model-\d{5}-of-\d{5}\.safetensors$")
PICKLES = re.compile(r"\.(bin|pt|pth|ckpt|pkl)$")
# Files a save_pretrained folder may hold that are not read (the tokenizer's sources, generation
# settings, a model card): accepted and not kept.
IGNORED = re.compile(
    r"^(generation_config\.json|special_tokens_map\.json|vocab\.json|vocab\.txt|merges\.txt|"
    r"tokenizer\.model|added_tokens\.json|README\.md|\.gitattributes|training_args\.bin)$"
)
SAFE_SAVE = "save it with model.save_pretrained(folder) (safetensors, transformers' default)"


def is_folder_file(name: str) -> bool:
    """Whether an uploaded file name is one a model folder may hold (the rest is refused by name)."""
    return bool(
        name in (CONFIG, WEIGHTS, INDEX, TOKENIZER, TOKENIZER_CONFIG)
        or SHARD.match(name)
        or PICKLES.search(name)
        or IGNORED.match(name)
    )


def read_folder(files: Mapping[str, Path]) -> LoadedModel:
    """A model folder's files by name -> the checked model, its tokenizer and its vocabulary."""
    config = _json(files, CONFIG, "config.json is missing: the folder must hold what save_pretrained writes")
    model_type = config.get("model_type")
    if model_type not in FAMILIES:
        raise ModelFormatError(
            f"config.json model_type {model_type!r} is not supported; supported: {', '.join(MODEL_TYPES)}"
        )
    if TOKENIZER not in files:
        raise ModelFormatError(
            "tokenizer.json is missing: save the tokenizer too, with tokenizer.save_pretrained(folder) "
            "(a fast tokenizer writes tokenizer.json)"
        )
    network = build_empty(model_type, config, shapes_only=True)
    state_dict = _weights(files, network)
    _check_shapes(state_dict, network, config)
    tokenizer_text = files[TOKENIZER].read_text(encoding="utf-8")
    vocab, eos = _vocabulary(tokenizer_text, files, int(network.get_input_embeddings().weight.shape[0]))
    family = architecture(model_type)
    hf_config = network.config
    spec = ModelSpec(
        cell=model_type,
        # xLSTM counts its blocks in num_blocks (its num_hidden_layers is not read)
        num_layers=int(getattr(hf_config, "num_blocks", None) or hf_config.num_hidden_layers),
        hidden_size=family.units(hf_config),
        embedding_size=int(network.get_input_embeddings().weight.shape[1]),
        vocab_size=len(vocab),
        task="language_model",
        tokenizer="tokenizer.json",
    )
    return LoadedModel(
        spec=spec,
        vocab=vocab,
        state_dict=state_dict,
        weights_form="safetensors (a transformers folder)",
        transformers_config=config,
        tokenizer_json=tokenizer_text,
        eos=eos,
    )


def transformers_config(model_type: str, config: Mapping[str, Any]) -> Any:
    """transformers' config object of config.json (its own class for the model_type)."""
    import transformers
    from huggingface_hub.errors import StrictDataclassFieldValidationError

    config_class = transformers.CONFIG_MAPPING[model_type]
    try:
        hf_config = config_class.from_dict(_special_floats(dict(config)))
    except (ValueError, TypeError, KeyError, StrictDataclassFieldValidationError) as exc:
        raise ModelFormatError(f"config.json is not a valid {model_type} config: {exc}") from exc
    hf_config.use_cache = False
    return hf_config


def build_empty(model_type: str, config: Mapping[str, Any], shapes_only: bool = False) -> Any:
    """transformers' own class for the config, its weights not initialised (they are loaded next).
    shapes_only: on the meta device, holding no memory (what reading a folder checks against)."""
    import transformers
    from transformers.initialization import no_init_weights

    hf_config = transformers_config(model_type, config)
    cls = getattr(transformers, FAMILIES[model_type].class_name)
    try:
        # no random initialisation: every weight is loaded next (and transformers' initialisation of
        # a fused xLSTM fails)
        with no_init_weights(), torch.device("meta" if shapes_only else "cpu"):
            network = cls(hf_config)
        network.tie_weights()  # skipped without initialisation; follows config.tie_word_embeddings
        return network.eval()
    except (ValueError, TypeError, RuntimeError) as exc:
        raise ModelFormatError(f"config.json does not make a {cls.__name__}: {exc}") from exc


def row_config(loaded: LoadedModel) -> dict[str, Any]:
    """What a model row keeps of a SPEC 11 model (services.database.tables.model_columns)."""
    assert loaded.transformers_config is not None
    hf_config = transformers_config(loaded.spec.cell, loaded.transformers_config)
    return {
        **loaded.spec.to_config(),
        "model_type": loaded.spec.cell,
        "transformers_config": loaded.transformers_config,
        "eos": loaded.eos,
        "recorded_layers": architecture(loaded.spec.cell).recorded_layers(hf_config),
    }


def write_folder(loaded: LoadedModel, directory: Path) -> dict[str, Path]:
    """The model as save_pretrained writes it (what read_folder reads back): file name -> path."""
    from safetensors.torch import save_file

    assert loaded.transformers_config is not None and loaded.tokenizer_json is not None
    directory.mkdir(parents=True, exist_ok=True)
    (directory / CONFIG).write_text(json.dumps(loaded.transformers_config, indent=2), encoding="utf-8")
    save_file({k: v.contiguous() for k, v in loaded.state_dict.items()}, str(directory / WEIGHTS))
    (directory / TOKENIZER).write_text(loaded.tokenizer_json, encoding="utf-8")
    if loaded.eos is not None:
        (directory / TOKENIZER_CONFIG).write_text(json.dumps({"eos_token": loaded.eos}), encoding="utf-8")
    return {p.name: p for p in directory.iterdir()}


def _special_floats(value: Any) -> Any:
    """transformers writes inf and nan in config.json as {"__float__": "Infinity"}; read them back."""
    if isinstance(value, dict):
        if set(value) == {"__float__"} and value["__float__"] in ("Infinity", "-Infinity", "NaN"):
            return float(value["__float__"].replace("Infinity", "inf"))
        return {k: _special_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_special_floats(v) for v in value]
    return value


def _json(files: Mapping[str, Path], name: str, missing: str) -> dict[str, Any]:
    if name not in files:
        raise ModelFormatError(missing)
    try:
        value = parse_json(files[name].read_bytes())
    except JsonRefused as exc:
        raise ModelFormatError(f"{name} refused: {exc}") from exc
    if not isinstance(value, dict):
        raise ModelFormatError(f"{name} must be a JSON object")
    return value


def _weights(files: Mapping[str, Path], network: Any) -> StateDict:
    """Every tensor of model.safetensors, or of the shards model.safetensors.index.json names."""
    if WEIGHTS in files:
        shards = [files[WEIGHTS]]
    elif INDEX in files:
        index = _json(files, INDEX, "")
        weight_map = index.get("weight_map")
        if not isinstance(weight_map, dict):
            raise ModelFormatError(f"{INDEX} has no weight_map object")
        names = sorted({str(v) for v in weight_map.values()})
        missing = [n for n in names if n not in files]
        if missing:
            raise ModelFormatError(f"{INDEX} names {', '.join(missing)}, which the folder does not hold")
        shards = [files[n] for n in names]
    else:
        pickled = sorted(name for name in files if PICKLES.search(name))
        if pickled:
            raise ModelFormatError(
                f"{', '.join(pickled)} is a pickle, which is never read here: {SAFE_SAVE}, or pass "
                "safe_serialization=True"
            )
        raise ModelFormatError(f"the folder holds no weights (model.safetensors): {SAFE_SAVE}")
    state_dict: StateDict = {}
    for shard in shards:
        try:
            with safe_open(str(shard), framework="pt") as f:
                for key in f.keys():  # noqa: SIM118 (safe_open is not a mapping)
                    state_dict[key] = f.get_tensor(key)
        except (SafetensorError, OSError, ValueError) as exc:
            raise ModelFormatError(f"{shard.name} is not a readable safetensors file: {exc}") from exc
    return state_dict


def _check_shapes(state_dict: StateDict, network: Any, config: Mapping[str, Any]) -> None:
    """The weights must be exactly those the config's architecture has, in the same shapes."""
    expected = network.state_dict()
    for key, tensor in state_dict.items():
        if key not in expected:
            raise ModelFormatError(
                f"model.safetensors holds {key}, which a {config['model_type']} with this config.json "
                "does not have"
            )
        if list(tensor.shape) != list(expected[key].shape):
            raise ModelFormatError(
                f"{key} has shape {list(tensor.shape)} in the weights but config.json makes it "
                f"{list(expected[key].shape)}: the config's sizes disagree with the weights"
            )
        if not torch.is_floating_point(tensor) or not bool(torch.isfinite(tensor).all()):
            raise ModelFormatError(f"{key} must hold finite floating-point numbers")
    tied = _tied(network)
    missing = [k for k in expected if k not in state_dict and k not in tied]
    if missing:
        raise ModelFormatError(
            f"the weights lack {', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}"
        )


def _tied(network: Any) -> set[str]:
    """Parameters saved once under another name (an LM head tied to the embedding)."""
    head = network.get_output_embeddings()
    if head is not None and head.weight is network.get_input_embeddings().weight:
        names = {name for name, p in network.named_parameters(remove_duplicate=False) if p is head.weight}
        return names
    return set()


def load_weights(network: Any, state_dict: StateDict) -> Any:
    """The checked weights put into the network (float32; a tied head follows its embedding)."""
    network.load_state_dict({k: v.to(torch.float32) for k, v in state_dict.items()}, strict=False)
    return network


def _vocabulary(text: str, files: Mapping[str, Path], rows: int) -> tuple[list[str], str | None]:
    """Token strings by id (ids the tokenizer never gives are named <unused id>), and the end of
    sequence token appended to every line in `lines` mode (SPEC 11)."""
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_str(text)
    except Exception as exc:  # tokenizers raises its own Exception subclass for any bad file
        raise ModelFormatError(
            f"tokenizer.json is not a tokenizer the tokenizers library reads: {exc}"
        ) from exc
    by_id = {i: token for token, i in tokenizer.get_vocab(with_added_tokens=True).items()}
    if by_id and max(by_id) >= rows:
        raise ModelFormatError(
            f"tokenizer.json gives ids up to {max(by_id)} but the model's embedding has {rows} rows"
        )
    vocab = [by_id.get(i, f"<unused {i}>") for i in range(rows)]
    eos = None
    if "<eos>" in by_id.values():
        eos = "<eos>"
    elif TOKENIZER_CONFIG in files:
        stated = _json(files, TOKENIZER_CONFIG, "").get("eos_token")
        if isinstance(stated, dict):
            stated = stated.get("content")
        if isinstance(stated, str) and stated in by_id.values():
            eos = stated
    return vocab, eos
