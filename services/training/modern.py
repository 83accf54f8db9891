"""Training the small SPEC 11 language models the server offers (Mamba-2 and RWKV-4): transformers'
own class from a small config, a WordLevel tokenizer over the corpus's vocabulary, and the same
loop as the RNNs (language_model.py). The model comes out as a save_pretrained folder.

Each bptt segment is read from the zero state (these models are trained on fixed contexts; their
state is not carried between segments as an RNN's is), and so is each validation chunk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from services.corpora.encoding import UNK
from services.corpora.tokenizers import WORDS_PATTERN
from services.errors import UserError
from services.training.options import TrainingOptions

HEAD_DIM = 16  # Mamba-2: channels per head; num_heads = 2 * hidden_size / HEAD_DIM
STATE_SIZE = 16  # Mamba-2: numbers each channel keeps


def check_modern(options: TrainingOptions) -> None:
    """What the server can train of SPEC 11, refused in words otherwise."""
    if options.task != "language_model":
        raise UserError(f"a {options.cell} is trained as a language model here, not a {options.task}")
    if options.embedding_size != options.hidden_size:
        raise UserError(
            f"a {options.cell}'s token embedding is as wide as its hidden_size: set embedding_size to "
            f"{options.hidden_size}"
        )
    if options.tokenizer not in ("whitespace", "words"):
        raise UserError(f"a {options.cell}'s tokenizer.json is written for tokenizer whitespace or words")
    if options.cell == "mamba2" and (2 * options.hidden_size) % HEAD_DIM:
        raise UserError(f"a mamba2's hidden_size must be a multiple of {HEAD_DIM // 2} (heads of {HEAD_DIM})")


def config_for(options: TrainingOptions, vocab_size: int) -> Any:
    import transformers

    if options.cell == "mamba2":
        return transformers.Mamba2Config(
            vocab_size=vocab_size,
            hidden_size=options.hidden_size,
            num_hidden_layers=options.num_layers,
            expand=2,
            head_dim=HEAD_DIM,
            num_heads=2 * options.hidden_size // HEAD_DIM,
            n_groups=1,
            state_size=STATE_SIZE,
            conv_kernel=4,
            chunk_size=64,
            tie_word_embeddings=False,
        )
    return transformers.RwkvConfig(
        vocab_size=vocab_size,
        hidden_size=options.hidden_size,
        attention_hidden_size=options.hidden_size,
        intermediate_size=4 * options.hidden_size,
        num_hidden_layers=options.num_layers,
        context_length=max(options.bptt, 64),
        rescale_every=0,  # else its eval forward divides the weights in place (models/modern/rwkv.py)
        tie_word_embeddings=False,
    )


class TransformersLM(nn.Module):
    """transformers' causal LM as the training loop reads an RNN: forward(tokens, hidden) -> (the
    last hidden states, None: nothing carried), and its head as `decoder`."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.model = model
        self.decoder = model.get_output_embeddings()

    def forward(self, tokens: torch.Tensor, hidden: None = None) -> tuple[torch.Tensor, None]:
        base = self.model.backbone if hasattr(self.model, "backbone") else self.model.rwkv
        return base(input_ids=tokens, use_cache=False).last_hidden_state, None


def build(options: TrainingOptions, vocab: list[str]) -> TransformersLM:
    import transformers

    config = config_for(options, len(vocab))
    cls = transformers.Mamba2ForCausalLM if options.cell == "mamba2" else transformers.RwkvForCausalLM
    return TransformersLM(cls(config))


def word_tokenizer(vocab: list[str], options: TrainingOptions) -> Any:
    """A WordLevel tokenizer.json that cuts text as the training's tokenizer did (services/corpora/
    tokenizers.py): white space, or `words` (lowercased words and punctuation marks)."""
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel

    tokenizer = Tokenizer(WordLevel({w: i for i, w in enumerate(vocab)}, unk_token=UNK))
    split: list[Any] = [pre_tokenizers.WhitespaceSplit()]
    if options.tokenizer == "words":
        split.append(pre_tokenizers.Split(Regex(WORDS_PATTERN), behavior="isolated"))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(split)
    if options.lowercase or options.tokenizer == "words":
        tokenizer.normalizer = normalizers.Lowercase()
    return tokenizer


def save_folder(
    network: TransformersLM, vocab: list[str], eos: str, options: TrainingOptions, directory: Path
) -> Path:
    """The trained model as save_pretrained writes it, with a WordLevel tokenizer.json over vocab."""
    from transformers.utils import logging as transformers_logging

    directory.mkdir(parents=True, exist_ok=True)
    transformers_logging.disable_progress_bar()  # its "Writing model shards" bar on a worker's stderr
    network.model.cpu().save_pretrained(directory)
    word_tokenizer(vocab, options).save(str(directory / "tokenizer.json"))
    (directory / "tokenizer_config.json").write_text(f'{{"eos_token": "{eos}", "unk_token": "{UNK}"}}\n')
    return directory
