"""The words for a model's files and a local corpus, shared by `rnnvis models upload`, `rnnvis
analyze` and `rnnvis train`."""

import argparse
from pathlib import Path

WEIGHTS_HELP = (
    ".safetensors, a state_dict, a training checkpoint, a Lightning .ckpt, or a module saved with "
    "torch.save(model, f) (read without running its code)"
)
VOCAB_HELP = "vocab.txt (one token per line, line i is id i) or vocab.json (word -> id)"
VOCAB_FROM_HELP = (
    "instead of a vocabulary file: the training text files in order (train.txt valid.txt test.txt), "
    "or the folder that holds them, as PyTorch's word_language_model reads them (ids in order of "
    "first appearance, <eos> after each line)"
)


def add_corpus_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    """--corpus and --format of the commands that read a corpus file here."""
    parser.add_argument("--corpus", required=True, type=Path, help=f"{what}: a file")
    parser.add_argument(
        "--format",
        default="text",
        choices=["text", "labeled"],
        help="text: a line per sequence; labeled: TSV label<TAB>text, or JSONL",
    )
