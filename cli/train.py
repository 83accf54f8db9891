"""`rnnvis train`: train a small model from a corpus and write it in the SPEC 1 layout."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.model_files import add_corpus_arguments
from cli.schema import from_schema


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("train", help="train a small language model or classifier from a corpus")
    add_corpus_arguments(p, "the training text")
    p.add_argument(
        "--out", required=True, type=Path, help="folder for model.safetensors, vocab.txt, config.json"
    )
    add_model_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


FLAG_OF_OPTION = {  # TrainingOptions' (and POST /trainings') names -> the flags
    "task": "task",
    "cell": "cell",
    "num_layers": "layers",
    "hidden_size": "hidden",
    "embedding_size": "embedding",
    "epochs": "epochs",
    "learning_rate": "lr",
    "batch_size": "batch_size",
    "max_vocab": "max_vocab",
    "tokenizer": "tokenizer",
    "lowercase": "lowercase",
    "seed": "seed",
}


def add_model_options(p: argparse.ArgumentParser) -> None:
    """The model and training flags, shared with `rnnvis trainings start` (training on a server).
    A flag left out is not set: TrainingOptions' default applies here, the server's on a server."""
    for option, flag in FLAG_OF_OPTION.items():
        p.add_argument(f"--{flag.replace('_', '-')}", dest=flag, **from_schema("TrainingCreate", option))


def model_options(args: argparse.Namespace) -> dict[str, Any]:
    """The flags of add_model_options that were given, under the names of TrainingOptions and
    POST /trainings."""
    given = {option: getattr(args, flag) for option, flag in FLAG_OF_OPTION.items()}
    return {option: value for option, value in given.items() if value is not None}


def run(args: argparse.Namespace) -> int:
    # heavy imports (torch, scikit-learn) only when this command runs: `rnnvis users` starts fast
    from cli.progress import step_bar
    from services.models import save_model
    from services.training import TrainingOptions, train
    from services.training.quality import assess, summary

    options = TrainingOptions(**model_options(args))
    with step_bar("training", quiet=args.quiet) as progress:
        trained = train(args.corpus, args.format, options, progress=progress)
    model = trained.model
    save_model(args.out, model.spec, model.vocab, model.state_dict)
    print(f"wrote {args.out}/model.safetensors, vocab.txt, config.json")
    metrics = trained.history.as_metrics()
    print(summary(metrics))
    warning = assess(metrics)
    if warning:
        print(f"warning: {warning}")
    return 0
