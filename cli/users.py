"""`rnnvis users create NAME [--admin]`: a user and a new API token (printed as the last line);
`users token`, `users password` (for the web client's sign-in), `users link` (single sign-on) and
`users revoke`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cli.serve import add_data_dir, settings_for
from services.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# the database modules are imported when a command runs: `rnnvis` starts fast for everything else


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("users", help="create users and API tokens")
    sub = p.add_subparsers(dest="action", required=True)
    create = _on_a_user(
        sub,
        "create",
        "create a user; prints its API token as the last line",
        run_create,
        "the user's name, unique",
    )
    create.add_argument("--admin", action="store_true", help="an admin sees and changes everything")
    _add_expiry(create)
    token = _on_a_user(
        sub, "token", "print a new API token for a user, and only it (old tokens stay valid)", run_token
    )
    token.add_argument("--create", action="store_true", help="create the user first when there is none")
    _add_expiry(token)
    password = _on_a_user(
        sub,
        "password",
        "set a user's password for the web client (asked twice on a terminal, else one line of stdin)",
        run_password,
    )
    link = _on_a_user(
        sub,
        "link",
        "let a user sign in with single sign-on as SUBJECT (the provider's `sub` claim; "
        "RNNVIS_OIDC_ISSUER names the provider)",
        run_link,
    )
    link.add_argument("subject", nargs="?", help="the subject at the provider (leave out with --unlink)")
    link.add_argument("--unlink", action="store_true", help="end the user's single sign-on")
    revoke = _on_a_user(
        sub, "revoke", "revoke every token of a user (running servers notice within 10 s)", run_revoke
    )
    for command in (create, token, password, link, revoke):  # each works on the data folder's database
        add_data_dir(command)


def _on_a_user(
    sub: argparse._SubParsersAction,
    action: str,
    help: str,
    run: Callable[[argparse.Namespace], int],
    name_help: str = "the user's name",
) -> argparse.ArgumentParser:
    """`rnnvis users ACTION NAME ...`: the caller adds what follows the user's name."""
    parser: argparse.ArgumentParser = sub.add_parser(action, help=help)
    parser.add_argument("name", help=name_help)
    parser.set_defaults(run=run)
    return parser


def _add_expiry(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--expires-days", type=int, default=None, help="token lifetime (default RNNVIS_TOKEN_DAYS)"
    )


def database_url(args: argparse.Namespace) -> str:
    """The same database `rnnvis serve` uses with these settings, running or not. A data folder
    that holds no database is refused rather than made: a second, empty one the server never
    reads would take the user silently."""
    from runtime.embedded import start_postgres
    from services.database import upgrade

    settings = settings_for(args)
    url = settings.database_url
    if url is None:
        folder = settings.data_dir.resolve()
        if not (folder / "postgres").is_dir():
            raise FileNotFoundError(
                f"no RNNVis data folder at {folder}: run this where `rnnvis serve` runs (its data folder is "
                "./rnnvis-data), or name it with --data-dir or RNNVIS_DATA_DIR"
            )
        print(f"data folder {folder}", file=sys.stderr)
        url = start_postgres(folder)
    upgrade(url)
    return url


def _session(args: argparse.Namespace) -> Any:
    from services.database import session_scope

    return session_scope(database_url(args))


def _find(session: Session, name: str) -> Any:
    from sqlalchemy import select

    from services.database.tables import User

    return session.execute(select(User).where(User.name == name)).scalar_one_or_none()


def _user(session: Session, name: str) -> Any:
    user = _find(session, name)
    if user is None:
        raise UserError(f"no user {name!r} (rnnvis users create {name}, or users token {name} --create)")
    return user


def run_create(args: argparse.Namespace) -> int:
    from services.domain.users import create_user

    with _session(args) as session:
        user, token = create_user(session, args.name, args.admin, _days(args))
        print(f"created {'admin ' if user.is_admin else ''}user {user.name!r} (id {user.id}); its API token:")
    print(token)
    return 0


def run_token(args: argparse.Namespace) -> int:
    from services.domain.users import create_user, new_token

    with _session(args) as session:
        if args.create and _find(session, args.name) is None:
            user, token = create_user(session, args.name, False, _days(args))
            print(f"created user {user.name!r} (id {user.id})", file=sys.stderr)
        else:
            token = new_token(session, _user(session, args.name), _days(args), name="rnnvis users token")
    print(token)  # alone on stdout: T=$(rnnvis users token alice) takes it whole
    return 0


def run_password(args: argparse.Namespace) -> int:
    from services.domain.accounts import check_password, reset_password

    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"new password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise UserError("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    check_password(password)
    with _session(args) as session:
        user = _user(session, args.name)
        ended = reset_password(session, user, password)
        print(f"{user.name!r} can sign in to the web client with this password")
        if ended:
            print(f"{ended} browser sign-ins of {user.name!r} ended (they used the old password)")
    return 0


def run_link(args: argparse.Namespace) -> int:
    from services.domain.sso import link

    if args.unlink == (args.subject is not None):
        raise UserError("give a SUBJECT to link, or --unlink alone")
    issuer = settings_for(args).oidc_issuer
    with _session(args) as session:
        user = _user(session, args.name)
        link(session, user, issuer, "" if args.unlink else args.subject)
        if args.unlink:
            print(f"{user.name!r} no longer signs in with single sign-on")
        else:
            print(f"{user.name!r} signs in with single sign-on as {args.subject!r} at {issuer}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from services.domain.users import revoke_all

    with _session(args) as session:
        user = _user(session, args.name)
        print(f"revoked {revoke_all(session, user.id)} token(s) of {user.name!r}")
    return 0


def _days(args: argparse.Namespace) -> int | None:
    from services.settings import Settings

    return args.expires_days if args.expires_days is not None else Settings().token_days
