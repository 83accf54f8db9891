"""`rnnvis serve`: the whole service on one port, with its own PostgreSQL and Redis unless told otherwise."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.settings import Settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("serve", help="run the API, a worker and the web client (embedded database)")
    add_data_dir(p)
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (0.0.0.0: every interface)")
    p.add_argument("--port", type=int, default=8000, help="the port of the API and the web client")
    p.set_defaults(run=run)


def add_data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where the database, the queue and uploads live (default $RNNVIS_DATA_DIR or ./rnnvis-data)",
    )


def settings_for(args: argparse.Namespace) -> Settings:
    from services.settings import Settings

    if args.data_dir is not None:
        os.environ["RNNVIS_DATA_DIR"] = str(args.data_dir.resolve())
    return Settings()


def run(args: argparse.Namespace) -> int:
    from runtime.stack import Stack, run_until_stopped

    def serve(stack: Stack) -> None:
        print(f"RNNVis is serving at {stack.url}  (API docs {stack.url}/docs). Ctrl-C stops it.", flush=True)
        stack.serve_forever()

    stack = Stack(settings_for(args), host=args.host, port=args.port)
    run_until_stopped(stack, f"starting RNNVis (data in {stack.settings.data_dir.resolve()})", serve)
    return 0
