"""The three tokenizers of SPEC 2."""

from __future__ import annotations

import re
from collections.abc import Callable

from services.errors import UserError

# Words (with inner apostrophes or hyphens) and every punctuation mark as its own token.
WORDS_PATTERN = r"\w+(?:['’\-]\w+)*|[^\w\s]"  # also in a trained SPEC 11 model's tokenizer.json
_WORDS = re.compile(WORDS_PATTERN, re.UNICODE)


def whitespace(text: str) -> list[str]:
    return text.split()


def words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def chars(text: str) -> list[str]:
    return list(text.rstrip("\r\n"))


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {"whitespace": whitespace, "words": words, "chars": chars}


def get_tokenizer(name: str, lowercase: bool = False) -> Callable[[str], list[str]]:
    if name not in TOKENIZERS:
        raise UserError(f"unknown tokenizer {name!r}; expected one of {', '.join(TOKENIZERS)}")
    split = TOKENIZERS[name]
    if lowercase and name != "words":
        return lambda text: split(text.lower())
    return split
