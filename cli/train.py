"""`rnnvis train`: train a small model from a corpus and write it in the SPEC 1 layout."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("train", help="train a small language model or classifier from a corpus")
    p.add_argument("--corpus", required=True, type=Path)
    p.add_argument("--format", default="text", choices=["text", "labeled"])
    p.add_argument(
        "--out", required=True, type=Path, help="folder for model.safetensors, vocab.txt, config.json"
    )
    add_model_options(p)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(run=run)


def add_model_options(p: argparse.ArgumentParser) -> None:
    """The model and training flags, shared with `rnnvis trainings start` (training on a server)."""
    p.add_argument("--task", default="language_model", choices=["language_model", "classifier"])
    p.add_argument("--cell", default="lstm", choices=["lstm", "gru", "rnn_tanh", "rnn_relu"])
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--embedding", type=int, default=64)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--max-vocab", type=int, default=10000)
    p.add_argument("--tokenizer", default="whitespace", choices=["whitespace", "words", "chars"])
    p.add_argument("--lowercase", action="store_true")
    p.add_argument("--seed", type=int, default=0)


def model_options(args: argparse.Namespace) -> dict[str, Any]:
    """The flags of add_model_options under the names of TrainingOptions and POST /trainings."""
    return {
        "task": args.task,
        "cell": args.cell,
        "num_layers": args.layers,
        "hidden_size": args.hidden,
        "embedding_size": args.embedding,
        "epochs": args.epochs,
        "learning_rate": args.lr,
        "batch_size": args.batch_size,
        "max_vocab": args.max_vocab,
        "tokenizer": args.tokenizer,
        "lowercase": args.lowercase,
        "seed": args.seed,
    }


def run(args: argparse.Namespace) -> int:
    # heavy imports (torch, scikit-learn) only when this command runs: `rnnvis users` starts fast
    from cli.progress import step_bar
    from services.models import save_model
    from services.training import TrainingOptions, train

    options = TrainingOptions(**model_options(args))
    with step_bar("training", quiet=args.quiet) as progress:
        trained = train(args.corpus, args.format, options, progress=progress)
    model = trained.model
    save_model(args.out, model.spec, model.vocab, model.state_dict)
    print(f"wrote {args.out}/model.safetensors, vocab.txt, config.json")
    if trained.validation_accuracy is not None:
        print(f"validation accuracy {trained.validation_accuracy:.3f}")
    if trained.validation_loss is not None:
        print(f"validation loss {trained.validation_loss:.3f}")
    return 0
