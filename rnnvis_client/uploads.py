"""Upload parts from files on disk or from Python objects (a torch module, a vocabulary list, lines)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from rnnvis_client.errors import InvalidArgument

Part = tuple[str, IO[bytes] | bytes, str]  # (file name, content, media type) as httpx takes it
OCTETS = "application/octet-stream"


def _open(path: str | Path, opened: list[IO[bytes]]) -> Part:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    handle = path.open("rb")
    opened.append(handle)
    return path.name, handle, OCTETS


def weights_part(weights: Any, opened: list[IO[bytes]]) -> Part:
    """A weights file, or a torch.nn.Module / state_dict in SPEC 1's layout, sent as safetensors."""
    if isinstance(weights, str | Path):
        return _open(weights, opened)
    state = weights.state_dict() if hasattr(weights, "state_dict") else weights
    if not isinstance(state, Mapping):
        raise TypeError(f"weights must be a path, a torch.nn.Module or a state_dict, not {type(weights)}")
    from safetensors.torch import save

    # clone: safetensors refuses tensors that share memory (tied encoder and decoder weights)
    tensors = {str(k): v.detach().to("cpu").contiguous().clone() for k, v in state.items()}
    return "weights.safetensors", save(tensors), OCTETS


def vocab_part(vocab: str | Path | Iterable[str], opened: list[IO[bytes]]) -> Part:
    """vocab.txt from a path, or from a list of tokens (token i has id i)."""
    if isinstance(vocab, str | Path):
        return _open(vocab, opened)
    tokens = list(vocab)
    bad = [t for t in tokens if not isinstance(t, str) or "\n" in t or "\r" in t]
    if bad:
        raise InvalidArgument(
            f"vocabulary tokens must be strings without line breaks; first bad one: {bad[0]!r}"
        )
    return "vocab.txt", ("\n".join(tokens) + "\n").encode(), "text/plain"


FOLDER_ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz")


def is_model_folder(path: str | Path) -> bool:
    """A save_pretrained folder, or one archive of it (SPEC 11), rather than a weights file."""
    path = Path(path)
    return path.is_dir() or path.name.lower().endswith(FOLDER_ARCHIVES)


def folder_parts(folder: str | Path, opened: list[IO[bytes]]) -> list[Part]:
    """The files of a save_pretrained folder (each part named by its file name), or its archive."""
    folder = Path(folder)
    if folder.is_file():
        return [_open(folder, opened)]
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise InvalidArgument(f"{folder} holds no files: save the model there with save_pretrained")
    return [_open(p, opened) for p in files]


EXAMPLE_TEXTS = ("train.txt", "valid.txt", "test.txt")  # what word_language_model's Corpus reads


def text_parts(texts: Sequence[str | Path] | str | Path | None, opened: list[IO[bytes]]) -> list[Part]:
    """The training text files a vocabulary is built from, in order (see text_paths)."""
    return [] if texts is None else [_open(path, opened) for path in text_paths(texts)]


def text_paths(texts: Sequence[str | Path] | str | Path) -> list[Path]:
    """Files in the order given; a folder stands for the example's data folder: its train.txt, then
    valid.txt and test.txt where present."""
    paths: list[Path] = []
    for item in [texts] if isinstance(texts, str | Path) else texts:
        path = Path(item)
        if path.is_dir():
            if not (path / EXAMPLE_TEXTS[0]).is_file():
                raise FileNotFoundError(f"{path} is a folder without {EXAMPLE_TEXTS[0]}: name the text files")
            paths += [path / name for name in EXAMPLE_TEXTS if (path / name).is_file()]
        elif not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
        else:
            paths.append(path)
    if not paths:
        raise InvalidArgument("vocab_from names no files")
    return paths


def config_part(config: str | Path | Mapping[str, Any], opened: list[IO[bytes]]) -> Part:
    if isinstance(config, str | Path):
        return _open(config, opened)
    return "config.json", json.dumps(dict(config)).encode(), "application/json"


def corpus_part(
    corpus: str | Path | Iterable[str] | Iterable[tuple[str, str]],
    fmt: str | None,
    opened: list[IO[bytes]],
) -> tuple[Part, str]:
    """(the file part, its format): a path (.tsv and .jsonl are labeled), lines of text, or
    (label, text) pairs."""
    if isinstance(corpus, str | Path):
        suffix = Path(corpus).suffix.lower()
        return _open(corpus, opened), fmt or ("labeled" if suffix in (".tsv", ".jsonl") else "text")
    items = list(corpus)
    labeled = bool(items) and all(isinstance(i, tuple | list) and len(i) == 2 for i in items)
    if labeled:
        lines = [f"{_one_line(label)}\t{_one_line(text)}" for label, text in items]
        return ("corpus.tsv", ("\n".join(lines) + "\n").encode(), "text/plain"), fmt or "labeled"
    texts = [i for i in items if isinstance(i, str)]
    if len(texts) != len(items):
        raise TypeError("a corpus is a path, a list of lines, or a list of (label, text) pairs")
    lines = [_one_line(line) for line in texts]
    return ("corpus.txt", ("\n".join(lines) + "\n").encode(), "text/plain"), fmt or "text"


def _one_line(text: str) -> str:
    """A sequence is a line: line breaks and tabs inside one become spaces."""
    return " ".join(str(text).replace("\t", " ").splitlines())


def model_parts(
    weights: Any,
    vocab: str | Path | Iterable[str] | None,
    config: str | Path | Mapping[str, Any] | None,
    vocab_from: Sequence[str | Path] | str | Path | None,
    folder: str | Path | None,
    opened: list[IO[bytes]],
) -> list[tuple[str, Part]]:
    """A model upload's file parts (POST /models, and a checkpoint's POST /models/{id}/checkpoints)."""
    if folder is not None:
        if weights is not None or vocab is not None or config is not None or vocab_from is not None:
            raise InvalidArgument(
                "a model folder carries its own weights, config and tokenizer: give folder alone"
            )
        return [("files", part) for part in folder_parts(folder, opened)]
    if weights is None:
        raise InvalidArgument("give weights (and vocab or vocab_from), or folder")
    files = [("weights", weights_part(weights, opened))]
    if vocab is not None:
        files.append(("vocab", vocab_part(vocab, opened)))
    files += [("vocab_from", part) for part in text_parts(vocab_from, opened)]
    if config is not None:
        files.append(("config", config_part(config, opened)))
    return files
