"""`rnnvis migrate`: bring the database at DATABASE_URL (or the embedded one) to the latest schema."""

from __future__ import annotations

import argparse

from cli.serve import add_data_dir


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("migrate", help="apply the database migrations (compose runs this once)")
    add_data_dir(p)
    p.add_argument("--revision", default="head", help="target revision (default head)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cli.serve import settings_for
    from runtime.embedded import start_postgres
    from services.database import upgrade

    settings = settings_for(args)
    url = settings.database_url or start_postgres(settings.data_dir.resolve())
    upgrade(url, args.revision)
    print(f"database at revision {args.revision}")
    return 0
