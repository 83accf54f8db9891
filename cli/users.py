"""`rnnvis users create NAME [--admin]`: a user and a new API token (printed as the last line)."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from cli.serve import add_data_dir, settings_for
from services.database import session_scope, upgrade
from services.database.tables import User
from services.runtime.embedded import start_postgres
from services.settings import Settings
from services.users import create_user, new_token, revoke_all


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("users", help="create users and API tokens")
    sub = p.add_subparsers(dest="action", required=True)
    create = sub.add_parser("create", help="create a user; prints its API token as the last line")
    create.add_argument("name")
    create.add_argument("--admin", action="store_true", help="an admin sees and changes everything")
    create.add_argument(
        "--expires-days", type=int, default=None, help="token lifetime (default RNNVIS_TOKEN_DAYS)"
    )
    add_data_dir(create)
    create.set_defaults(run=run_create)
    token = sub.add_parser("token", help="a new API token for an existing user (old ones stay valid)")
    token.add_argument("name")
    token.add_argument(
        "--expires-days", type=int, default=None, help="token lifetime (default RNNVIS_TOKEN_DAYS)"
    )
    add_data_dir(token)
    token.set_defaults(run=run_token)
    revoke = sub.add_parser(
        "revoke", help="revoke every token of a user (running servers notice within 10 s)"
    )
    revoke.add_argument("name")
    add_data_dir(revoke)
    revoke.set_defaults(run=run_revoke)


def database_url(args: argparse.Namespace) -> str:
    """The same database `rnnvis serve` uses with these settings, running or not."""
    settings = settings_for(args)
    url = settings.database_url or start_postgres(settings.data_dir.resolve())
    upgrade(url)
    return url


def run_create(args: argparse.Namespace) -> int:
    with session_scope(database_url(args)) as session:
        user, token = create_user(session, args.name, args.admin, _days(args))
        print(f"created {'admin ' if user.is_admin else ''}user {user.name!r} (id {user.id}); its API token:")
    print(token)
    return 0


def run_token(args: argparse.Namespace) -> int:
    with session_scope(database_url(args)) as session:
        user = session.execute(select(User).where(User.name == args.name)).scalar_one_or_none()
        if user is None:
            raise ValueError(f"no user {args.name!r}")
        token = new_token(session, user, _days(args))
    print(token)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    with session_scope(database_url(args)) as session:
        user = session.execute(select(User).where(User.name == args.name)).scalar_one_or_none()
        if user is None:
            raise ValueError(f"no user {args.name!r}")
        print(f"revoked {revoke_all(session, user.id)} token(s) of {user.name!r}")
    return 0


def _days(args: argparse.Namespace) -> int | None:
    return args.expires_days if args.expires_days is not None else Settings().token_days
