"""Weights as people save them (SPEC 1, "Checkpoints as people have them"), read without running any
code of the file.

A file is one of: `.safetensors`; a state_dict saved with torch.save; a training-loop checkpoint
dict holding the state_dict under a usual key; a PyTorch Lightning `.ckpt`; or a whole module
pickled with `torch.save(model, f)` as PyTorch's `word_language_model` example does. Pickles are
read by torch's weights-only unpickler. For a module pickle, the classes it names are first sorted
from the pickle's opcodes (pickletools reads them, nothing is imported): torch's own layer classes
(an allowlist) and the user's own classes (e.g. `model.RNNModel`) are each stood in for by an inert
record of the attributes the pickle sets, so neither the user's code nor even torch's constructors
run; every other global refuses the file in words.
"""

from __future__ import annotations

import io
import pickletools
import re
import sys
import threading
import zipfile
from _compat_pickle import IMPORT_MAPPING, NAME_MAPPING
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file as load_safetensors

from services.models.spec import ModelFormatError

StateDict = dict[str, torch.Tensor]
MiB = 1024 * 1024
MAX_ARCHIVE_ENTRIES = 4096  # tensors, pickles and records of a checkpoint's zip
MAX_INFLATION = 4  # declared uncompressed bytes per byte of the zip file
MAX_PICKLE_BYTES = 64 * MiB  # a checkpoint's data.pkl holds structure, not tensor data
MAX_DEPTH = 32  # modules nested in a module pickle
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C  # the first pickle of torch's pre-1.6 format
STATE_DICT_KEYS = ("state_dict", "model_state_dict", "model", "net")  # where training loops put it
SAVE_WEIGHTS = "save the weights alone with torch.save(model.state_dict(), f)"

# torch's layer classes a recurrent language model or classifier is built of, read by name only.
LAYER_CLASSES = frozenset(
    f"torch.nn.modules.{name}"
    for name in (
        "rnn.RNN",
        "rnn.LSTM",
        "rnn.GRU",
        "sparse.Embedding",
        "linear.Linear",
        "dropout.Dropout",
        "container.ModuleList",
        "container.ModuleDict",
        "container.Sequential",
        "activation.Tanh",
        "activation.ReLU",
        "activation.LogSoftmax",
        "activation.Softmax",
        "loss.CrossEntropyLoss",
        "loss.NLLLoss",
    )
)
RECURRENT_MODES = {"torch.nn.modules.rnn.LSTM": "LSTM", "torch.nn.modules.rnn.GRU": "GRU"}
# Globals torch's own unpickler judges: torch's (its tensor rebuilders, Parameter, dtypes) and the few
# containers of Python's that its default allowlist holds.
TORCH_JUDGES = ("torch",)
PYTHON_CONTAINERS = frozenset(
    (
        "collections.OrderedDict",
        "collections.Counter",
        "builtins.set",
        "builtins.bytearray",
        "builtins.complex",
    )
    + ("_codecs.encode",)
)
_CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9_]*$")
_MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_UNSUPPORTED = re.compile(r"GLOBAL (\S+) was not an allowed global")  # torch's words for a refused global
_REASON = re.compile(r"WeightsUnpickler error:\s*(\S[^\n]*)")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_LOAD_LOCK = threading.Lock()  # torch's allowlist is process-wide state


@dataclass(frozen=True)
class Checkpoint:
    """What a weights file held: the state_dict in SPEC 1's key layout, the form it came in, and the
    config fields the file itself states (a pickled nn.RNN's nonlinearity)."""

    state_dict: StateDict
    form: str
    stated: dict[str, Any] = field(default_factory=dict)


class PickledObject:
    """An inert stand-in for a class named in a pickle: it keeps the attributes the pickle sets and
    has no behaviour. `pickled_name` is the class it stands in for."""

    pickled_name = ""

    def __init__(self) -> None:  # no arguments: a pickle that calls the class with some is refused
        self.attributes: dict[str, Any] = {}

    def fields(self) -> dict[str, Any]:
        """The attributes the pickle set (none when it never set any)."""
        return self.__dict__.get("attributes", {})

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, tuple) and len(state) == 2:  # (__dict__, slots) as pickle writes it
            state = {**(state[0] or {}), **(state[1] or {})}
        if not isinstance(state, dict):
            raise ModelFormatError(f"the pickled {self.pickled_name} has a state that is not a mapping")
        self.attributes = state


def read_checkpoint(path: str | Path) -> Checkpoint:
    """Read a weights file by its content, whatever its name."""
    path = Path(path)
    with path.open("rb") as f:
        head = f.read(9)
    if len(head) < 9:
        raise ModelFormatError("weights file is empty or truncated")
    if head[:2] == b"PK":
        return _from_pickle(path, _zip_pickle(path))
    if head[:1] == b"\x80":
        return _from_pickle(path, _legacy_globals(path))
    try:
        tensors = load_safetensors(str(path), device="cpu")
    except (SafetensorError, OSError, ValueError) as exc:
        raise ModelFormatError(
            f"weights are not a readable safetensors file, nor a PyTorch one: {plain(exc)}; "
            "RNNVis reads .safetensors or what torch.save writes"
        ) from exc
    return Checkpoint(_in_layout(tensors, "safetensors"), "safetensors")


def plain(exc: BaseException) -> str:
    """An exception's first line, without terminal escape codes, short enough to read."""
    lines = _ANSI.sub("", str(exc)).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__


# -- what the pickle names, before anything is loaded --------------------------------------------


def _zip_pickle(path: Path) -> list[str]:
    """The globals of a torch.save zip's one pickle, after checking the zip is what torch.save writes."""
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_entries(entries, size)
            pickles = [e for e in entries if e.filename.endswith(".pkl")]
            if any(e.filename.endswith("/constants.pkl") or "/code/" in e.filename for e in entries):
                raise ModelFormatError(
                    "weights are a TorchScript archive (torch.jit.save); RNNVis reads weights: "
                    f"{SAVE_WEIGHTS} from the original model"
                )
            if len(pickles) != 1 or not pickles[0].filename.endswith("/data.pkl"):
                names = ", ".join(e.filename for e in pickles[:4]) or "none"
                raise ModelFormatError(
                    f"weights zip holds pickles {names}; a torch.save file holds exactly one, data.pkl"
                )
            if pickles[0].file_size > MAX_PICKLE_BYTES:
                raise ModelFormatError(
                    f"the checkpoint's data.pkl declares {pickles[0].file_size:,} bytes; "
                    f"a checkpoint's structure takes under {MAX_PICKLE_BYTES:,}"
                )
            data = archive.read(pickles[0])
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        if isinstance(exc, ModelFormatError):
            raise
        raise ModelFormatError(f"weights are not a readable PyTorch zip file: {plain(exc)}") from exc
    return _globals(io.BytesIO(data))


def _check_entries(entries: list[zipfile.ZipInfo], size: int) -> None:
    """Refuse a zip whose entries would inflate far beyond the file, before anything inflates them.

    torch.save stores its entries uncompressed, so a real checkpoint declares about its own size; a
    re-zipped one shrinks float weights by well under 2x. A 1 MB file that declares a gigabyte is a
    zip bomb. The check reads only the archive's directory."""
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise ModelFormatError(
            f"weights archive has {len(entries):,} entries; a checkpoint has at most {MAX_ARCHIVE_ENTRIES:,}"
        )
    declared = sum(entry.file_size for entry in entries)
    allowed = MAX_INFLATION * size + MiB
    if declared > allowed:
        raise ModelFormatError(
            f"weights archive of {size:,} bytes declares {declared:,} bytes uncompressed "
            f"(more than {MAX_INFLATION}x its size): refused as a zip bomb; save it with torch.save"
        )


def _legacy_globals(path: Path) -> list[str]:
    """The globals of a file in torch's pre-1.6 format: four pickles (magic number, protocol, system
    information, the object), then the tensor data."""
    found: list[str] = []
    with path.open("rb") as f:
        try:
            magic = next(arg for op, arg, _ in pickletools.genops(f) if op.name != "PROTO")
        except Exception as exc:
            raise ModelFormatError(f"weights are not a readable PyTorch file: {plain(exc)}") from exc
        if magic != LEGACY_MAGIC:
            raise ModelFormatError(
                "weights are a plain Python pickle (pickle.dump or joblib), not a torch.save file: "
                f"refused; {SAVE_WEIGHTS}"
            )
        f.seek(0)
        for _ in range(4):
            found += _globals(f)
    return found


def _globals(stream: BinaryIO) -> list[str]:
    """Every `module.name` one pickle names, read opcode by opcode (pickletools executes nothing)."""
    names: list[str] = []
    try:
        for opcode, arg, _ in pickletools.genops(stream):
            if opcode.name == "GLOBAL":
                module, _, name = str(arg).partition(" ")
                # Python 2 names, renamed as the unpickler renames them (torch.save writes protocol 2)
                module, name = NAME_MAPPING.get((module, name), (IMPORT_MAPPING.get(module, module), name))
                names.append(f"{module}.{name}")
            elif opcode.name in ("STACK_GLOBAL", "INST", "OBJ"):
                raise ModelFormatError(
                    f"weights pickle uses the {opcode.name} instruction, which torch.save never writes: "
                    f"refused; {SAVE_WEIGHTS}"
                )
    except ModelFormatError:
        raise
    except Exception as exc:  # pickletools raises ValueError and others on a damaged stream
        raise ModelFormatError(f"weights are not a readable PyTorch file: {plain(exc)}") from exc
    return names


def _stand_ins(names: list[str]) -> list[tuple[type[PickledObject], str]]:
    """Decide every global: an inert stand-in (torch layers, the user's classes), torch's own judgement
    (tensor rebuilders and containers), or a refusal that says what the file named."""
    transformers = sorted(
        (n for n in set(names) if "transformer" in n.lower() or n.endswith(".PositionalEncoding")),
        key=lambda n: ("Transformer" not in n.rpartition(".")[2], n),  # the model's own class first
    )
    if transformers:
        raise ModelFormatError(
            f"weights are a Transformer model ({transformers[0]}); RNNVis explains recurrent networks "
            "(RNN_TANH, RNN_RELU, LSTM, GRU): train the example with --model LSTM, GRU, RNN_TANH "
            "or RNN_RELU"
        )
    stand_ins: list[tuple[type[PickledObject], str]] = []
    for full in sorted(set(names)):
        module, _, name = full.rpartition(".")
        top = module.split(".")[0]
        if full in LAYER_CLASSES or _is_user_class(module, name, top):
            stand_ins.append((type(name, (PickledObject,), {"pickled_name": full}), full))
        elif top not in TORCH_JUDGES and full not in PYTHON_CONTAINERS:
            raise ModelFormatError(_never_loaded(full))
    return stand_ins


def _never_loaded(full: str) -> str:
    return (
        f"weights pickle names {full}, which RNNVis never loads from a file (only tensors, torch's "
        f"recurrent, embedding and linear layers and your model's own classes): refused; {SAVE_WEIGHTS}"
    )


def _is_user_class(module: str, name: str, top: str) -> bool:
    """A class of the user's own code: a CapWords name in a module that is neither Python's own
    library nor torch. Functions (os.system, builtins.eval, torch.load) never are."""
    return (
        bool(_CLASS_NAME.match(name))
        and bool(_MODULE_NAME.match(module))
        and top not in sys.stdlib_module_names
        and top not in (*TORCH_JUDGES, "numpy", "dill", "cloudpickle", "joblib")
    )


# -- loading, then finding the state_dict ---------------------------------------------------------


def _from_pickle(path: Path, names: list[str]) -> Checkpoint:
    allowed: list[Callable[..., Any] | tuple[Callable[..., Any], str]] = [*_stand_ins(names)]
    try:
        with _LOAD_LOCK, torch.serialization.safe_globals(allowed):
            loaded = torch.load(path, map_location="cpu", weights_only=True)
    except ModelFormatError:
        raise
    except Exception as exc:  # the weights-only unpickler raises UnpicklingError, RuntimeError, TypeError ...
        text = _ANSI.sub("", str(exc))
        if unsupported := _UNSUPPORTED.search(text):
            raise ModelFormatError(_never_loaded(unsupported.group(1))) from exc
        if "persistent_load of storage" in text:  # the pre-1.6 format keeps a module's source code
            raise ModelFormatError(
                "weights are a whole module saved in torch's pre-1.6 format, which keeps the model's "
                "source code and cannot be read without running it: load it where its code lives and "
                f"{SAVE_WEIGHTS}"
            ) from exc
        reason = _REASON.search(text)  # torch's own reason, after its long preamble
        said = reason.group(1).strip() if reason else plain(exc)
        raise ModelFormatError(f"weights refused: {said[:300]}; {SAVE_WEIGHTS}") from exc
    return _find_state_dict(loaded)


def _find_state_dict(loaded: Any) -> Checkpoint:
    if isinstance(loaded, PickledObject):
        return _from_module(loaded, "module pickle")
    if not isinstance(loaded, dict):
        raise ModelFormatError(
            f"weights file holds a {type(loaded).__name__}, not a state_dict or a model; {SAVE_WEIGHTS}"
        )
    if loaded and all(isinstance(v, torch.Tensor) for v in loaded.values()):
        return Checkpoint(_in_layout(loaded, "state_dict"), "state_dict")
    lightning = any(str(k).startswith(("pytorch-lightning_version", "lightning_version")) for k in loaded)
    for key in STATE_DICT_KEYS:
        inner = loaded.get(key)
        form = "Lightning checkpoint" if lightning else f"checkpoint dict (weights under {key!r})"
        if isinstance(inner, PickledObject):
            return _from_module(inner, form)
        if isinstance(inner, dict) and inner and all(isinstance(v, torch.Tensor) for v in inner.values()):
            return Checkpoint(_in_layout(inner, form), form)
    keys = ", ".join(repr(str(k)) for k in list(loaded)[:8])
    raise ModelFormatError(
        f"weights refused: the file holds a dict with keys {keys} but no state_dict; RNNVis looks at the top "
        f"or under {', '.join(map(repr, STATE_DICT_KEYS))}; {SAVE_WEIGHTS}"
    )


def _from_module(root: PickledObject, form: str) -> Checkpoint:
    """A module pickle's parameters, named as nn.Module.state_dict names them (walked here: no code of
    the module runs), and the nonlinearity of its recurrent layer."""
    tensors: StateDict = {}
    recurrent: dict[str, PickledObject] = {}
    for prefix, node in _walk(root, ""):
        for kind in ("_parameters", "_buffers"):
            for name, tensor in (node.fields().get(kind) or {}).items():
                if isinstance(tensor, torch.Tensor):
                    tensors[f"{prefix}{name}"] = tensor.detach()
        if node.pickled_name in ("torch.nn.modules.rnn.RNN", *RECURRENT_MODES):
            recurrent[prefix] = node
    if not tensors:
        raise ModelFormatError(f"the pickled {root.pickled_name} holds no parameters; {SAVE_WEIGHTS}")
    label = f"{form} of {root.pickled_name}"
    state_dict = _in_layout(tensors, label)
    stated: dict[str, Any] = {}
    rnn = next((node for prefix, node in recurrent.items() if f"{prefix}weight_hh_l0" in tensors), None)
    if rnn is not None:
        for flag, what in (("bidirectional", "bidirectional"), ("proj_size", "projections (proj_size)")):
            if rnn.fields().get(flag):
                raise ModelFormatError(f"the pickled {rnn.pickled_name} is {what}: not supported")
        mode = str(rnn.fields().get("mode", RECURRENT_MODES.get(rnn.pickled_name, "")))
        if mode == "RNN_RELU" or rnn.fields().get("nonlinearity") == "relu":
            stated["cell"] = "rnn_relu"
    return Checkpoint(state_dict, label, stated)


def _walk(node: PickledObject, prefix: str, depth: int = 0) -> Iterator[tuple[str, PickledObject]]:
    if depth > MAX_DEPTH:
        raise ModelFormatError(f"the pickled model nests modules more than {MAX_DEPTH} deep")
    yield prefix, node
    children = node.fields().get("_modules") or {}
    if not isinstance(children, dict):
        raise ModelFormatError(f"the pickled {node.pickled_name} has submodules that are not a mapping")
    for name, child in children.items():
        if isinstance(child, PickledObject):
            yield from _walk(child, f"{prefix}{name}.", depth + 1)


def _in_layout(tensors: dict[Any, Any], form: str) -> StateDict:
    """Keys in SPEC 1's layout: a prefix before `encoder.weight` (Lightning's `model.`, DataParallel's
    `module.`) is taken off, and keys outside it (a loss module's weight, say) are left out."""
    if not all(isinstance(v, torch.Tensor) for v in tensors.values()):
        raise ModelFormatError(f"the {form} must map names to tensors")
    keys = [str(k) for k in tensors]
    prefixes = sorted((k[: -len("encoder.weight")] for k in keys if k.endswith("encoder.weight")), key=len)
    prefix = next((p for p in prefixes if p == "" or p.endswith(".")), "")
    return {str(k)[len(prefix) :]: v for k, v in tensors.items() if str(k).startswith(prefix)}
