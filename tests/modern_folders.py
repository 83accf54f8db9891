"""Small SPEC 11 model folders, written as `save_pretrained` writes them, for the tests.

A model here is transformers' own class with a tiny config, its weights moved off their
initialisation (so no path is degenerate), and a WordLevel tokenizer.json over the test's words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

WORDS = ["<unk>", "<eos>", "the", "cat", "dog", "sat", "ran", "on", "a", "mat", "big", "small", "and", "."]

CONFIGS: dict[str, dict[str, Any]] = {
    "mamba": dict(hidden_size=16, state_size=4, num_hidden_layers=2, expand=2, conv_kernel=3),
    "mamba2": dict(
        hidden_size=16,
        state_size=4,
        num_hidden_layers=2,
        expand=2,
        num_heads=4,
        head_dim=8,
        n_groups=2,
        conv_kernel=3,
    ),
    "rwkv": dict(
        hidden_size=16, num_hidden_layers=2, attention_hidden_size=16, intermediate_size=32, context_length=64
    ),
    "xlstm": dict(hidden_size=16, embedding_dim=16, num_heads=2, num_blocks=2, num_hidden_layers=2),
    "recurrent_gemma": dict(
        hidden_size=16,
        lru_width=16,
        num_attention_heads=2,
        num_key_value_heads=1,
        intermediate_size=32,
        num_hidden_layers=3,
        attention_window_size=4,
    ),
}


def tiny_model(model_type: str, vocab_size: int = len(WORDS), seed: int = 0, **overrides: Any) -> Any:
    """transformers' model of this type, small, its weights perturbed from their initialisation."""
    import transformers

    from services.models.modern import FAMILIES

    torch.manual_seed(seed)
    config = transformers.AutoConfig.for_model(
        model_type, vocab_size=vocab_size, **{**CONFIGS[model_type], **overrides}
    )
    model = getattr(transformers, FAMILIES[model_type].class_name)(config)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return model.eval()


def word_tokenizer(words: list[str] = WORDS) -> Any:
    """A WordLevel tokenizer (white-space split) whose ids are the words' positions."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit

    tokenizer = Tokenizer(WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tokenizer.pre_tokenizer = WhitespaceSplit()
    return tokenizer


def save_folder(model: Any, folder: Path, words: list[str] = WORDS) -> Path:
    """model.save_pretrained(folder) and the tokenizer's tokenizer.json beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    word_tokenizer(words).save(str(folder / "tokenizer.json"))
    return folder


def folder_files(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in folder.iterdir() if p.is_file()}
