"""The `rnnvis` command line.

Local work: analyze, train, demo, serve, users, backup, restore, migrate. On a server, through the
Python client: models, corpora, recordings, coclusterings, trainings, jobs, record, cocluster,
evaluate, export, projects, share.
"""

from __future__ import annotations

import argparse
import os
import sys

from cli import (
    backup,
    demo,
    figures,
    local_analysis,
    memory,
    migrate,
    resources,
    serve,
    server_analysis,
    sharing,
    timelines,
    train,
    users,
)
from cli.remote import EXIT_BAD_INPUT, exit_code
from rnnvis_client.errors import InvalidArgument
from services.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rnnvis", description="Understand the hidden memory of RNNs.")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (
        local_analysis,
        train,
        demo,
        serve,
        users,
        backup,
        migrate,
        resources,
        server_analysis,
        memory,
        timelines,
        figures,
        sharing,
    ):
        module.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (UserError, InvalidArgument, FileNotFoundError, IsADirectoryError) as exc:  # bad input, files
        print(f"rnnvis {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted (a job on the server goes on: rnnvis jobs cancel ID stops it)", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other commands do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's exit flush would fail again
        return 141
    except Exception as exc:
        code = exit_code(exc)
        if code is None:
            raise
        print(f"rnnvis {args.command}: {exc}", file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
