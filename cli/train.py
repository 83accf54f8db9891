"""`rnnvis train`: train a small model from a corpus and write it in the SPEC 1 layout."""

from __future__ import annotations

import argparse
import dataclasses
import json
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
    p.add_argument(
        "--retrain",
        action="store_true",
        help="train even when --out already holds this very training (same corpus, options and torch)",
    )
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


# What trained the model in --out: the corpus's checksum, the options and torch's version (training
# is seeded, so the same three give the same weights), the weights' checksum and the metrics. A
# second `rnnvis train` with the same three keeps the model instead of training it again.
TRAINING_RECORD = "training.json"


def run(args: argparse.Namespace) -> int:
    # heavy imports (torch, scikit-learn) only when this command runs: `rnnvis users` starts fast
    import torch

    from cli.progress import step_bar
    from services.models import save_model
    from services.storage.cache import sha256_of
    from services.training import TrainingOptions, train
    from services.training.quality import assess, summary

    options = TrainingOptions(**model_options(args))
    training = {
        "corpus_sha256": sha256_of(args.corpus),
        "format": args.format,
        "options": dataclasses.asdict(options),
        "torch": torch.__version__,
    }
    kept = None if args.retrain else kept_training(args.out, training)
    if kept is not None:
        print(
            f"{args.out} already holds this training (the same corpus, options and torch): "
            "kept, not trained again (--retrain trains it again)"
        )
        metrics = kept["metrics"]
    else:
        with step_bar("training", quiet=args.quiet) as progress:
            trained = train(args.corpus, args.format, options, progress=progress)
        model = trained.model
        if model.is_modern:  # a Mamba-2 or RWKV: the save_pretrained folder it uploads as (SPEC 11)
            from services.models.modern.folder import write_folder

            write_folder(model, args.out)
        else:
            save_model(args.out, model.spec, model.vocab, model.state_dict)
        metrics = trained.history.as_metrics()
        record = {
            "trained": training,
            "weights_sha256": sha256_of(args.out / "model.safetensors"),
            "metrics": metrics,
        }
        (args.out / TRAINING_RECORD).write_text(json.dumps(record, indent=2) + "\n")
        written = "config.json, tokenizer.json" if model.is_modern else "vocab.txt, config.json"
        print(f"wrote {args.out}/model.safetensors, {written}")
    print(summary(metrics))
    warning = assess(metrics)
    if warning:
        print(f"warning: {warning}")
    return 0


def kept_training(out: Path, training: dict[str, Any]) -> dict[str, Any] | None:
    """The folder's training record when it holds this very training, its files as written then."""
    from services.storage.cache import sha256_of

    try:
        record = json.loads((out / TRAINING_RECORD).read_text())
        if not isinstance(record, dict) or record.get("trained") != training:
            return None
        if not ((out / "vocab.txt").is_file() and (out / "config.json").is_file()):
            return None
        if record.get("weights_sha256") != sha256_of(out / "model.safetensors"):
            return None  # the weights were replaced since
    except (OSError, json.JSONDecodeError):
        return None
    return record if isinstance(record.get("metrics"), dict) else None
