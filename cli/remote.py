"""What the commands that talk to a server share: the connection, tables or JSON, and exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cli.schema import from_schema

if TYPE_CHECKING:
    from rnnvis_client import Client

# Exit codes (docs/guide.md lists them): scripts can tell what went wrong without parsing text.
EXIT_JOB_FAILED = 1  # a job waited for ended failed or cancelled
EXIT_BAD_INPUT = 2  # usage, a file that cannot be read, 400 / 413 / 422
EXIT_NOT_FOUND = 3  # 404: no such record, or another user's
EXIT_NOT_ALLOWED = 4  # 401 / 403: no valid token, an administrator's route, or a project role
EXIT_REFUSED = 5  # 409 / 429: not possible in the record's state, or too many jobs
EXIT_UNAVAILABLE = 6  # the server cannot be reached, or 503
EXIT_SERVER_ERROR = 7  # another 5xx: a bug in the server
EXIT_TIMEOUT = 124  # --timeout passed while waiting (the job goes on)


def exit_code(exc: BaseException) -> int | None:
    """The exit code for a client error; None for anything else."""
    from rnnvis_client import errors

    table: dict[int, tuple[type[BaseException], ...]] = {
        EXIT_JOB_FAILED: (errors.JobError,),
        EXIT_TIMEOUT: (errors.WaitTimeout,),
        EXIT_UNAVAILABLE: (errors.ConnectionFailed, errors.Unavailable),
        EXIT_BAD_INPUT: (errors.BadRequest, errors.TooLarge),
        EXIT_NOT_FOUND: (errors.NotFound,),
        EXIT_NOT_ALLOWED: (errors.Unauthorized, errors.Forbidden),
        EXIT_REFUSED: (errors.Conflict, errors.TooManyJobs),
        EXIT_SERVER_ERROR: (errors.ServerError,),
    }
    return next((code for code, classes in table.items() if isinstance(exc, classes)), None)


def add_connection(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("server")
    group.add_argument("--url", help="the server (default: $RNNVIS_URL, else http://127.0.0.1:8000)")
    group.add_argument("--token", help="an API token (default: $RNNVIS_TOKEN)")
    group.add_argument("--json", action="store_true", help="print JSON for scripts instead of a table")
    group.add_argument("--quiet", action="store_true", help="no progress bars")


def add_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", action="store_true", help="follow the job to its end with a progress bar")
    parser.add_argument("--timeout", type=float, help="with --wait: give up waiting after this many seconds")


def add_project(parser: argparse.ArgumentParser, request: str) -> None:
    """--project ID on a command that makes something: share it into that project at once (SPEC 12)."""
    parser.add_argument("--project", dest="project_id", metavar="ID", **from_schema(request, "project_id"))


def add_list_filters(parser: argparse.ArgumentParser) -> None:
    """--project and --owner on a list of things that can be shared (SPEC 12)."""
    parser.add_argument(
        "--project", dest="project_id", type=int, metavar="ID", help="only those shared into this project"
    )
    parser.add_argument("--owner", metavar="USER", help="only those of this user (a name)")


def print_queued(kind: str, record_id: int, job_id: int) -> None:
    print(f"{kind} {record_id} queued as job {job_id}; follow it with: rnnvis jobs wait {job_id}")


def connect(args: argparse.Namespace) -> Client:
    from rnnvis_client import Client

    return Client(args.url, args.token, progress=not args.quiet)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | tuple) and len(value) > 8:
        return f"[{len(value)} items]"
    if isinstance(value, dict):
        return json.dumps(value, default=str)
    return str(value)


def print_table(rows: Sequence[Any], columns: Sequence[str]) -> None:
    """Rows (pydantic models or dicts) as an aligned table with the given columns."""
    if not rows:
        print("(none)")
        return
    import pandas as pd

    def get(row: Any, name: str) -> Any:
        return row.get(name) if isinstance(row, dict) else getattr(row, name)

    frame = pd.DataFrame([[_cell(get(row, c)) for c in columns] for row in rows], columns=list(columns))
    print(frame.to_string(index=False))


def print_record(record: Any) -> None:
    """One record as `field: value` lines (long lists summarised; --json prints them whole)."""
    fields = record.model_dump() if hasattr(record, "model_dump") else dict(record)
    width = max(len(k) for k in fields)
    for key, value in fields.items():
        print(f"{key:<{width}}  {_cell(value)}")


def emit(args: argparse.Namespace, data: Any, human: Callable[[], None]) -> None:
    """--json: data as JSON on stdout; else the human form."""
    if args.json:
        if isinstance(data, list):
            payload: Any = [d.model_dump(mode="json") if hasattr(d, "model_dump") else d for d in data]
        else:
            payload = data.model_dump(mode="json") if hasattr(data, "model_dump") else data
        json.dump(payload, sys.stdout, indent=2, default=str)
        print()
    else:
        human()
