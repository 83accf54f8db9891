"""`rnnvis analyze`: record a corpus with a model, co-cluster one layer and state, print a summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.model_files import VOCAB_FROM_HELP, VOCAB_HELP, WEIGHTS_HELP, add_corpus_arguments
from cli.schema import from_schema

# the recording options `analyze` sets with a flag of the same name (--max-tokens sets max_tokens)
RECORDING_FLAGS = ("sequence_mode", "segment_length", "max_tokens", "gates", "seed")


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("analyze", help="record a corpus with a model, co-cluster, print a summary")
    p.add_argument("--weights", required=True, type=Path, help=WEIGHTS_HELP)
    vocab = p.add_mutually_exclusive_group(required=True)
    vocab.add_argument("--vocab", type=Path, help=VOCAB_HELP)
    vocab.add_argument("--vocab-from", nargs="+", type=Path, metavar="TEXT", help=VOCAB_FROM_HELP)
    p.add_argument("--config", type=Path, help="optional config.json")
    add_corpus_arguments(p, "the text to read")
    p.add_argument("--layer", **from_schema("CoclusteringCreate", "layer", local=True))
    p.add_argument("--state", **from_schema("CoclusteringCreate", "state", local=True))
    p.add_argument("--clusters", **from_schema("CoclusteringCreate", "n_clusters", local=True))
    for field in ("mode", "top_words", "min_count"):
        p.add_argument(f"--{field.replace('_', '-')}", **from_schema("CoclusteringCreate", field, local=True))
    for field in RECORDING_FLAGS:
        p.add_argument(f"--{field.replace('_', '-')}", **from_schema("RecordingCreate", field, local=True))
    p.add_argument("--save", type=Path, help="write the recording's statistics to this .npz")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # heavy imports (torch, scikit-learn) only when this command runs: `rnnvis users` starts fast
    from cli.progress import token_bar
    from services.models import load_model
    from services.recording import RecordingOptions, record
    from services.reports import AnalysisSettings, cocluster_recording, format_summary, summarize

    model = load_model(args.weights, _vocabulary(args), args.config)
    options = RecordingOptions(**{field: getattr(args, field) for field in RECORDING_FLAGS})
    with token_bar("recording", quiet=args.quiet or args.json) as progress:
        recording = record(model, args.corpus, args.format, options, progress=progress)
    if args.save:
        recording.statistics.save(args.save)
    layer = model.spec.num_layers - 1 if args.layer is None else args.layer
    settings = AnalysisSettings(
        layer, args.state, args.clusters, args.top_words, args.min_count, args.mode, args.seed
    )
    words, matrix, chips = cocluster_recording(recording, settings)
    summary = summarize(recording, settings, words, matrix, chips)
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(format_summary(summary))
    return 0


def _vocabulary(args: argparse.Namespace) -> Path | list[str]:
    """The --vocab file, or the vocabulary built from the --vocab-from texts."""
    if args.vocab is not None:
        return Path(args.vocab)
    from rnnvis_client.uploads import text_paths
    from services.models import vocab_from_texts

    return vocab_from_texts([(path.name, path) for path in text_paths(args.vocab_from)])
