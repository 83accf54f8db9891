"""`rnnvis demo`: the main job end to end on text a dependency ships.

Trains a GRU sentiment classifier on Rotten Tomatoes snippets and an LSTM language model on Hamlet,
records each over its corpus, co-clusters the top layer, and prints what the hidden memory holds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cli.progress import step_bar, token_bar
from services.corpora.bundled import hamlet, write_review_snippets
from services.models import save_model
from services.recording import RecordingOptions, record
from services.reports import AnalysisSettings, cocluster_recording, format_summary, summarize
from services.training import TrainingOptions, train


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("demo", help="train, record and co-clusters two small models on bundled text")
    p.add_argument("--out", type=Path, default=Path("demo-output"), help="folder for models and statistics")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    reviews = write_review_snippets(args.out / "data" / "reviews.tsv")
    jobs = [
        (
            "sentiment",
            reviews,
            "labeled",
            TrainingOptions(
                task="classifier",
                cell="gru",
                hidden_size=64,
                embedding_size=64,
                epochs=args.epochs,
                max_vocab=8000,
                tokenizer="words",
                batch_size=64,
            ),
        ),
        (
            "hamlet",
            hamlet(),
            "text",
            TrainingOptions(
                task="language_model",
                cell="lstm",
                hidden_size=96,
                embedding_size=64,
                epochs=args.epochs * 2,
                max_vocab=4000,
                tokenizer="words",
                batch_size=32,
            ),
        ),
    ]
    for name, corpus, fmt, options in jobs:
        print(
            f"\n== {name}: training a {options.cell.upper()} {options.task.replace('_', ' ')} "
            f"on {corpus.name}",
            flush=True,
        )
        with step_bar("training", args.quiet) as progress:
            trained = train(corpus, fmt, options, progress=progress)
        model = trained.model
        folder = save_model(args.out / name, model.spec, model.vocab, model.state_dict)
        if trained.validation_accuracy is not None:
            print(f"validation accuracy {trained.validation_accuracy:.3f}")
        elif trained.validation_loss is not None:
            print(f"validation loss {trained.validation_loss:.3f}")
        print(f"recording its hidden states over {corpus.name}", flush=True)
        with token_bar("recording", args.quiet) as progress:
            recording = record(model, corpus, fmt, RecordingOptions(), progress=progress)
        recording.statistics.save(folder / "statistics.npz")
        settings = AnalysisSettings(layer=model.spec.num_layers - 1, state="h", n_clusters=6, top_words=300)
        words, matrix, chips = cocluster_recording(recording, settings)
        print(format_summary(summarize(recording, settings, words, matrix, chips)))
        print(f"model and statistics in {folder}/")
    print(
        f"\ndemo done in {time.perf_counter() - started:.0f} s. Analyze your own model with:\n"
        f"  .venv/bin/rnnvis analyze --weights {args.out}/sentiment/model.safetensors "
        f"--vocab {args.out}/sentiment/vocab.txt --config {args.out}/sentiment/config.json "
        f"--corpus {reviews} --format labeled --clusters 6"
    )
    return 0
