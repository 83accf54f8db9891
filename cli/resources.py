"""`rnnvis models|corpora|recordings|coclusterings|trainings|jobs ...`: records on a server.

Every group has list, show ID and (but jobs) delete ID; models and corpora have upload; jobs have
cancel and wait.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from cli.model_files import VOCAB_FROM_HELP, VOCAB_HELP, WEIGHTS_HELP
from cli.remote import (
    add_connection,
    add_list_filters,
    add_project,
    add_wait,
    connect,
    emit,
    print_queued,
    print_record,
    print_table,
)
from cli.schema import from_schema
from cli.train import add_model_options, model_options
from rnnvis_client.uploads import is_model_folder
from services.domain.ports import JobKind

STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"]
STATUS_FILTER = {"choices": STATUSES, "help": "only those in this state"}
JOB_KINDS = list(get_args(JobKind))


@dataclass(frozen=True)
class Resource:
    plural: str  # the group's name and the client's list method
    singular: str  # the client's get method; delete_<singular> deletes
    columns: tuple[str, ...]  # of the list table
    filters: dict[str, dict[str, Any]] = field(default_factory=dict)  # list options -> argparse kwargs
    deletable: bool = True
    shareable: bool = True  # SPEC 12: lists take --project and --owner


RESOURCES = (
    Resource(
        "models",
        "model",
        (
            "id",
            "name",
            "cell",
            "num_layers",
            "hidden_size",
            "vocab_size",
            "task",
            "num_classes",
            "created_at",
        ),
    ),
    Resource(
        "corpora", "corpus", ("id", "name", "format", "num_sequences", "num_tokens", "labels", "created_at")
    ),
    Resource(
        "recordings",
        "recording",
        ("id", "status", "progress", "model_id", "corpus_id", "tokens", "words", "created_at"),
        {"status": STATUS_FILTER, "model_id": {"type": int, "help": "only those of this model"}},
    ),
    Resource(
        "coclusterings",
        "coclustering",
        ("id", "status", "recording_id", "layer", "state", "n_clusters", "top_words", "mode", "created_at"),
        {"status": STATUS_FILTER, "recording_id": {"type": int, "help": "only those of this recording"}},
    ),
    Resource(
        "trainings",
        "training",
        ("id", "status", "progress", "name", "corpus_id", "model_id", "created_at"),
        {"status": STATUS_FILTER},
    ),
    Resource(
        "timelines",
        "timeline",
        ("id", "status", "progress", "model_id", "corpus_id", "layer", "state", "n_clusters", "created_at"),
        {"model_id": {"type": int, "help": "only those of this model"}},
        shareable=False,
    ),
    Resource(
        "jobs",
        "job",
        ("id", "kind", "status", "progress", "message", "created_at", "finished_at"),
        {
            "status": STATUS_FILTER,
            "kind": {"choices": JOB_KINDS, "help": "only jobs of this kind"},
        },
        deletable=False,
        shareable=False,
    ),
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    for resource in RESOURCES:
        group = commands.add_parser(resource.plural, help=f"{resource.plural} on the server")
        actions = group.add_subparsers(dest="action", required=True)
        listing = actions.add_parser(
            "list",
            help=f"your {resource.plural}" + (" and those shared with you" if resource.shareable else ""),
        )
        for name, options in resource.filters.items():
            listing.add_argument(f"--{name.replace('_', '-')}", dest=name, **options)
        if resource.shareable:
            add_list_filters(listing)
        listing.add_argument("--limit", type=int, help="at most this many")
        listing.set_defaults(run=_list, resource=resource)
        show = actions.add_parser("show", help=f"one {resource.singular}")
        show.add_argument("id", type=int, help=f"the {resource.singular}'s id")
        show.set_defaults(run=_show, resource=resource)
        parsers = [listing, show]
        if resource.deletable:
            delete = actions.add_parser("delete", help=f"delete a {resource.singular}")
            delete.add_argument("id", type=int, help=f"the {resource.singular}'s id")
            delete.set_defaults(run=_delete, resource=resource)
            parsers.append(delete)
        parsers += _extra(resource.plural, actions)
        for parser in parsers:
            add_connection(parser)


def _extra(plural: str, actions: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    if plural == "models":
        up = actions.add_parser(
            "upload", help="upload a trained model (SPEC 1 layout), or a save_pretrained folder (SPEC 11)"
        )
        up.add_argument("name", help="a name to know it by")
        up.add_argument("weights", help=WEIGHTS_HELP + "; or a save_pretrained folder (or its .zip/.tar)")
        vocab = up.add_mutually_exclusive_group()
        vocab.add_argument("vocab", nargs="?", help=VOCAB_HELP)
        vocab.add_argument("--vocab-from", nargs="+", metavar="TEXT", help=VOCAB_FROM_HELP)
        up.add_argument("--config", help="config.json (optional: absent fields are inferred)")
        add_project(up, "Body_create_model")
        up.set_defaults(run=_upload_model)
        down = actions.add_parser(
            "download", help="save a model's files as a .zip (a SPEC 11 model: its save_pretrained folder)"
        )
        down.add_argument("id", type=int, help="model id")
        down.add_argument(
            "target", nargs="?", default=".", help="a file, or a folder to keep the server's name"
        )
        down.set_defaults(run=_download_model)
        return [up, down]
    if plural == "corpora":
        up = actions.add_parser("upload", help="upload a corpus")
        up.add_argument("name", help="a name to know it by")
        up.add_argument("file", help="text: one sequence per line; labeled: TSV label<TAB>text or JSONL")
        up.add_argument("--format", choices=["text", "labeled"], help="default: labeled for .tsv/.jsonl")
        add_project(up, "Body_create_corpus")
        up.set_defaults(run=_upload_corpus)
        return [up]
    if plural == "trainings":
        start = actions.add_parser("start", help="train a model on an uploaded corpus, on the server")
        start.add_argument("corpus", type=int, help="corpus id")
        start.add_argument("--name", help="the model's name (default: made from the options)")
        add_model_options(start)
        for option in ("checkpoint_every", "checkpoint_by"):
            start.add_argument(
                "--" + option.replace("_", "-"), dest=option, **from_schema("TrainingCreate", option)
            )
        add_project(start, "TrainingCreate")
        add_wait(start)
        start.set_defaults(run=_train)
        return [start]
    if plural == "jobs":
        cancel = actions.add_parser("cancel", help="cancel a queued or running job")
        cancel.add_argument("id", type=int, help="the job's id")
        cancel.set_defaults(run=_cancel)
        wait = actions.add_parser("wait", help="follow a job to its end with a progress bar")
        wait.add_argument("id", type=int, help="the job's id")
        wait.add_argument("--timeout", type=float, help="give up waiting after this many seconds")
        wait.set_defaults(run=_wait)
        return [cancel, wait]
    return []


def _list(args: argparse.Namespace) -> int:
    resource: Resource = args.resource
    filters = {name: getattr(args, name) for name in resource.filters}
    if resource.shareable:
        filters |= {"project_id": args.project_id, "owner": args.owner}
    with connect(args) as api:
        rows = getattr(api, resource.plural)(limit=args.limit, **filters)
    emit(args, rows, lambda: print_table(rows, resource.columns))
    return 0


def _show(args: argparse.Namespace) -> int:
    with connect(args) as api:
        record = getattr(api, args.resource.singular)(args.id)
    emit(args, record, lambda: print_record(record))
    return 0


def _delete(args: argparse.Namespace) -> int:
    with connect(args) as api:
        getattr(api, f"delete_{args.resource.singular}")(args.id)
    emit(
        args,
        {"deleted": args.resource.singular, "id": args.id},
        lambda: print(f"deleted {args.resource.singular} {args.id}"),
    )
    return 0


def _upload_model(args: argparse.Namespace) -> int:
    with connect(args) as api:
        if is_model_folder(args.weights):  # SPEC 11: the folder carries its weights, config and tokenizer
            model = api.upload_model(args.name, folder=args.weights, project_id=args.project_id)
        else:
            model = api.upload_model(
                args.name,
                args.weights,
                args.vocab,
                args.config,
                vocab_from=args.vocab_from,
                project_id=args.project_id,
            )
    emit(args, model, lambda: print_record(model))
    return 0


def _download_model(args: argparse.Namespace) -> int:
    with connect(args) as api:
        saved = api.download_model(args.id, Path(args.target))
    assert isinstance(saved, Path)  # a target always gives the path written
    emit(args, {"path": str(saved)}, lambda: print(f"saved {saved}"))
    return 0


def _upload_corpus(args: argparse.Namespace) -> int:
    with connect(args) as api:
        corpus = api.upload_corpus(args.name, args.file, args.format, project_id=args.project_id)
    emit(args, corpus, lambda: print_record(corpus))
    return 0


def _cancel(args: argparse.Namespace) -> int:
    with connect(args) as api:
        job = api.cancel_job(args.id)
    emit(args, job, lambda: print_record(job))
    return 0


def _wait(args: argparse.Namespace) -> int:
    with connect(args) as api:
        job = api.wait(args.id, timeout=args.timeout)
    emit(args, job, lambda: print_record(job))
    return 0


def _train(args: argparse.Namespace) -> int:
    with connect(args) as api:
        training = api.train(
            args.corpus,
            name=args.name,
            project_id=args.project_id,
            wait=args.wait,
            timeout=args.timeout,
            **model_options(args),
            **{
                o: getattr(args, o)
                for o in ("checkpoint_every", "checkpoint_by")
                if getattr(args, o) is not None
            },
        )
    if args.wait or args.json:
        emit(args, training, lambda: print_record(training))
    else:
        print_queued("training", training.id, training.job_id)
    return 0
