"""`rnnvis checkpoint | checkpoints | timeline`: a model's series of checkpoints and the timeline of
its chips across them (issue 34), on a server through the Python client. Timelines are listed,
shown and deleted with `rnnvis timelines list|show|delete`; their tables saved with
`rnnvis export timeline/ID`."""

from __future__ import annotations

import argparse
from typing import Any

from cli.model_files import VOCAB_FROM_HELP, VOCAB_HELP, WEIGHTS_HELP
from cli.remote import add_connection, add_wait, connect, emit, print_queued, print_record, print_table
from cli.schema import from_schema
from rnnvis_client.uploads import is_model_folder

# the request fields a flag of the same name sets; left out: the server's default
TIMELINE_FLAGS = ("layer", "state", "n_clusters", "word_selection", "words", "top_words", "min_count", "mode",
                  "seed", "seeds", "consensus", "checkpoints", "max_tokens", "threshold")  # fmt: skip


def add_parser(commands: argparse._SubParsersAction) -> None:
    ck = commands.add_parser("checkpoint", help="add a checkpoint (the weights saved at a step) to a model")
    ck.add_argument("model", type=int, help="the model whose series it joins")
    ck.add_argument("step", type=int, help="the training step (or epoch) it was saved at")
    ck.add_argument("weights", help=WEIGHTS_HELP + "; or a save_pretrained folder (or its .zip/.tar)")
    vocab = ck.add_mutually_exclusive_group()
    vocab.add_argument("vocab", nargs="?", help=VOCAB_HELP)
    vocab.add_argument("--vocab-from", nargs="+", metavar="TEXT", help=VOCAB_FROM_HELP)
    ck.add_argument("--config", help="config.json (optional: absent fields are inferred)")
    ck.add_argument("--name", help="a name to know it by (default: the model's name @ step N)")
    add_connection(ck)
    ck.set_defaults(run=add_checkpoint)

    cs = commands.add_parser("checkpoints", help="a model's series of checkpoints, ordered by step")
    cs.add_argument("model", type=int, help="model id (the model or any of its checkpoints)")
    add_connection(cs)
    cs.set_defaults(run=list_checkpoints)

    tl = commands.add_parser("timeline", help="follow a model's chips across its checkpoints over a corpus")
    tl.add_argument("model", type=int, help="model id: its series of checkpoints is followed")
    tl.add_argument("--corpus", dest="corpus_id", type=int, required=True, help="corpus id, read by each")
    for field in TIMELINE_FLAGS:
        flag = "--k" if field == "n_clusters" else "--" + field.replace("_", "-")
        tl.add_argument(flag, dest=field, **from_schema("TimelineCreate", field))
    add_wait(tl)
    add_connection(tl)
    tl.set_defaults(run=timeline)


def add_checkpoint(args: argparse.Namespace) -> int:
    with connect(args) as api:
        if is_model_folder(args.weights):
            model = api.add_checkpoint(args.model, args.step, folder=args.weights, name=args.name)
        else:
            model = api.add_checkpoint(
                args.model, args.step, args.weights, args.vocab, args.config,
                name=args.name, vocab_from=args.vocab_from,
            )  # fmt: skip
    emit(args, model, lambda: print_record(model))
    return 0


def list_checkpoints(args: argparse.Namespace) -> int:
    with connect(args) as api:
        series = api.checkpoints(args.model)
    emit(args, series, lambda: print_table(series, ["model_id", "step", "name", "head", "created_at"]))
    return 0


def timeline(args: argparse.Namespace) -> int:
    options: dict[str, Any] = {field: getattr(args, field) for field in TIMELINE_FLAGS}
    with connect(args) as api:
        found = api.follow_chips(args.model, args.corpus_id, wait=args.wait, timeout=args.timeout, **options)
    if not (args.wait or args.json):
        print_queued("timeline", found.id, found.job_id)
        return 0

    def show() -> None:
        points = found.checkpoints or []
        rows = [
            {
                "step": "last" if c.step is None else c.step,
                "model": c.model_id,
                "loss": None if c.loss is None else round(c.loss, 3),
                "modularity": round(float(c.quality.get("modularity", 0.0)), 3),
                "chips": sum(chip.size > 0 for chip in c.chips),
                "recording": f"{c.recording_id}{' (reused)' if c.reused else ''}",
            }
            for c in points
        ]
        print(
            f"timeline {found.id}: layer {found.layer} {found.state}, k {found.n_clusters}, "
            f"{len(rows)} checkpoints"
        )
        print_table(rows, list(rows[0]) if rows else [])
        steps = [r["step"] for r in rows]
        print(f"events (a link counts when it carries at least {found.threshold:.0%} of a chip's units):")
        for event in found.events or []:
            print(f"  step {steps[event.checkpoint]} -> {steps[event.checkpoint + 1]}: {event.text}")
        if not found.events:
            print("  none: every chip continues")

    emit(args, found, show)
    return 0
