"""A model's vocabulary (SPEC 1): `vocab.txt` (line i is id i), `vocab.json` (word -> id), built
from the training text in order of first appearance, as PyTorch's `word_language_model` example
builds its `Dictionary`, or, for a model trained here, its corpus's most frequent tokens."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from services.corpora.encoding import EOS
from services.models.spec import ModelFormatError
from services.user_input import JsonRefused, control_character, parse_json

MiB = 1024 * 1024
VocabOrder = Literal["first_appearance"]
VocabFormat = Literal["vocab.txt", "vocab.json"]
VOCAB_ORDERS: tuple[str, ...] = ("first_appearance",)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
LIMIT_NAME = "the server's limit (RNNVIS_MAX_VOCAB_TOKENS)"
MIN_COUNTED_TOKENS = 200_000
COUNTED_PER_VOCAB_TOKEN = 5


def read_vocab(path: str | Path, max_tokens: int | None = None) -> list[str]:
    """vocab.txt (one token per line) or vocab.json (an object of word -> id), told apart by content.
    Over max_tokens tokens: refused before they are kept."""
    return read_vocab_file(path, max_tokens)[0]


def read_vocab_file(path: str | Path, max_tokens: int | None = None) -> tuple[list[str], VocabFormat]:
    """The tokens in id order, and which of the two formats the file is."""
    path = Path(path)
    with path.open("rb") as f:
        head = f.read(64).lstrip()
    if head.startswith(b"{"):
        tokens = _read_json(path, max_tokens)
        if tokens is not None:
            return tokens, "vocab.json"
    if max_tokens is not None:
        lines = 0
        with path.open("rb") as f:
            while chunk := f.read(MiB):
                lines += chunk.count(b"\n")
                if lines > max_tokens:
                    raise ModelFormatError(f"vocab has more than {max_tokens:,} tokens, {LIMIT_NAME}")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelFormatError(f"vocab is not UTF-8 text (byte {exc.start})") from exc
    return parse_vocab(text), "vocab.txt"


def vocab_text(tokens: list[str]) -> bytes:
    """vocab.txt's bytes: token i on line i."""
    return "".join(f"{token}\n" for token in tokens).encode("utf-8")


def parse_vocab(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    tokens = [line.rstrip("\r") for line in lines]
    return _checked(tokens, lambda i: f"vocab line {i + 1}")


def _read_json(path: Path, max_tokens: int | None) -> list[str] | None:
    """The tokens of a vocab.json in id order, or None when the file is not a JSON object (then it is
    a vocab.txt whose first token starts with '{')."""
    if max_tokens is not None:
        commas = 0  # an entry per comma, and commas inside words only count more: a bound before parsing
        with path.open("rb") as f:
            while chunk := f.read(MiB):
                commas += chunk.count(b",")
                if commas > 2 * max_tokens:
                    raise ModelFormatError(f"vocab.json has more than {max_tokens:,} entries, {LIMIT_NAME}")
    try:
        mapping = parse_json(path.read_bytes())
    except JsonRefused:
        return None
    if not isinstance(mapping, dict):
        return None
    if max_tokens is not None and len(mapping) > max_tokens:
        raise ModelFormatError(f"vocab.json has {len(mapping):,} entries, more than {LIMIT_NAME}")
    by_id: dict[int, str] = {}
    for word, index in mapping.items():
        if not isinstance(index, int) or isinstance(index, bool):
            raise ModelFormatError(f"vocab.json gives {word!r} the id {index!r}; ids are integers")
        if index in by_id:
            raise ModelFormatError(f"vocab.json gives the id {index} to both {by_id[index]!r} and {word!r}")
        by_id[index] = word
    missing = next((i for i in range(len(by_id)) if i not in by_id), None)
    if missing is not None:
        raise ModelFormatError(
            f"vocab.json ids must be 0..{len(by_id) - 1} with none missing; {missing} is missing"
        )
    return _checked([by_id[i] for i in range(len(by_id))], lambda i: f"vocab.json's word of id {i}")


def vocab_from_texts(paths: Iterable[tuple[str, Path]], max_tokens: int | None = None) -> list[str]:
    """Ids in order of first appearance over the texts in the order given, each line's words (split
    on white space) followed by <eos>: exactly the example's `Corpus(path)` over train.txt,
    valid.txt, test.txt. paths: (the name the user gave, where it is)."""
    ids: dict[str, int] = {}
    for name, path in paths:
        with path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ModelFormatError(f"{name} is not UTF-8 text (line {number})") from exc
                # the example opens the file as text with universal newlines: \r\n and a lone \r end a
                # line too; an empty piece after the last line break is no line
                lines = _LINE_BREAK.split(text)
                if lines[-1] == "":
                    lines.pop()
                for line in lines:
                    for word in [*line.split(), EOS]:
                        if word not in ids:
                            _add(ids, word, name, number, max_tokens)
    if not ids:
        raise ModelFormatError("the training text files are empty")
    return list(ids)


def vocab_by_frequency(
    texts: Iterable[str],
    split: Callable[[str], list[str]],
    max_vocab: int,
    min_count: int,
    special: list[str],
) -> list[str]:
    """`special` first, then the most frequent tokens seen at least min_count times, ties alphabetical:
    max_vocab tokens at most in all."""
    counts = count_tokens(texts, split, counting_capacity(max_vocab))
    ranked = sorted(
        (t for t, n in counts.items() if n >= min_count and t not in special),
        key=lambda t: (-counts[t], t),
    )
    return special + ranked[: max(0, max_vocab - len(special))]


def counting_capacity(max_vocab: int) -> int:
    """Distinct tokens counted exactly before the counter prunes (it holds at most twice this)."""
    return max(MIN_COUNTED_TOKENS, COUNTED_PER_VOCAB_TOKEN * max_vocab)


def count_tokens(texts: Iterable[str], split: Callable[[str], list[str]], capacity: int) -> Counter[str]:
    """Token counts in bounded memory. While the corpus has at most 2 x capacity distinct tokens the
    counts are exact; past that the counter keeps only its `capacity` most frequent tokens, so a
    token pruned once counts again from 0 (rare tokens come out low, never the frequent ones that
    make a vocabulary). An 87 MB corpus of 11 M distinct tokens held them all before."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(split(text))
        if len(counts) > 2 * capacity:
            counts = Counter(dict(counts.most_common(capacity)))
    return counts


def _add(ids: dict[str, int], word: str, name: str, number: int, max_tokens: int | None) -> None:
    if (control := control_character(word)) is not None:
        raise ModelFormatError(f"{name} line {number} holds the control character {control}")
    ids[word] = len(ids)
    if max_tokens is not None and len(ids) > max_tokens:
        raise ModelFormatError(f"the training text has more than {max_tokens:,} distinct words, {LIMIT_NAME}")


def _checked(tokens: list[str], where: Callable[[int], str]) -> list[str]:
    seen: dict[str, int] = {}
    for i, token in enumerate(tokens):
        place = where(i)
        if token == "":
            raise ModelFormatError(f"{place} is empty")
        if (control := control_character(token)) is not None:
            raise ModelFormatError(f"{place} holds the control character {control}")
        if token in seen:
            raise ModelFormatError(f"vocab token {token!r} appears twice ({where(seen[token])} and {place})")
        seen[token] = i
    if not tokens:
        raise ModelFormatError("vocab is empty")
    return tokens
