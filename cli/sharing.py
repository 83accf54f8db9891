"""`rnnvis projects ...` and `rnnvis share ...`: a lab that shares (SPEC 12), through the Python client.

projects: list, create, show, rename, delete, add-member, set-role, remove-member, events.
share: KIND ID --project P (or --private), link KIND ID, links, revoke ID.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cli.remote import add_connection, connect, emit, print_record, print_table

KINDS = ["model", "corpus", "recording", "coclustering", "scan", "ablation", "training"]
ROLES = ["viewer", "editor", "owner"]
ROLES_HELP = "viewer: reads; editor: also shares into it and runs jobs on what is shared; owner: all"


def add_parser(commands: argparse._SubParsersAction) -> None:
    _add_projects(commands)
    _add_share(commands)


def _action(
    actions: argparse._SubParsersAction, name: str, help: str, run: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(name, help=help)
    parser.set_defaults(run=run)
    return parser


def _add_projects(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("projects", help="projects: share models, corpora and results with others")
    actions = group.add_subparsers(dest="action", required=True)
    parsers = [_action(actions, "list", "the projects you are a member of, with your role", _list)]
    create = _action(actions, "create", "make a project (you own it)", _create)
    create.add_argument("name", help="its name")
    show = _action(actions, "show", "a project's members and what is shared into it", _show)
    rename = _action(actions, "rename", "rename a project (its owners)", _rename)
    delete = _action(
        actions, "delete", "delete a project (its owners): what was shared goes back to its owners", _delete
    )
    add = _action(actions, "add-member", "add a user to a project (its owners)", _add_member)
    role = _action(actions, "set-role", "change a member's role (its owners)", _set_role)
    remove = _action(
        actions, "remove-member", "remove a member (its owners), or leave (your own name)", _remove_member
    )
    events = _action(actions, "events", "the audit trail: who shared, ran or deleted what, and when", _events)
    for parser in (show, rename, delete, add, role, remove, events):
        parser.add_argument("id", type=int, help="the project's id")
    rename.add_argument("name", help="its new name")
    for parser in (add, role, remove):
        parser.add_argument("user", help="the user's name")
    add.add_argument("--role", choices=ROLES, default="viewer", help=ROLES_HELP + " (default viewer)")
    role.add_argument("role", choices=ROLES, help=ROLES_HELP)
    for parser in (events, parsers[0]):
        parser.add_argument("--limit", type=int, help="at most this many")
    for parser in (*parsers, create, show, rename, delete, add, role, remove, events):
        add_connection(parser)


def _add_share(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "share",
        help="share a resource into a project or make it private; read-only links",
        description="`rnnvis share KIND ID --project P` shares one of your resources into a project "
        "where you are at least an editor; --private makes it private again. `share link KIND ID` "
        "makes a read-only link anyone can open without an account.",
    )
    actions = group.add_subparsers(dest="action", required=True, metavar="{KIND,link,links,revoke}")
    parsers = []
    for kind in KINDS:
        article = "an" if kind[0] in "aeiou" else "a"
        one = _action(actions, kind, f"share {article} {kind} into a project, or make it private", _share)
        one.add_argument("id", type=int, help=f"the {kind}'s id")
        where = one.add_mutually_exclusive_group(required=True)
        where.add_argument(
            "--project",
            dest="project_id",
            type=int,
            metavar="ID",
            help="the project (you must be at least its editor)",
        )
        where.add_argument("--private", action="store_true", help="unshare: only its owner sees it")
        one.set_defaults(kind=kind)
        parsers.append(one)
    link = _action(
        actions, "link", "make a read-only link to a resource (no account needed to open it)", _link
    )
    link.add_argument("kind", choices=KINDS, help="what it is")
    link.add_argument("id", type=int, help="its id")
    link.add_argument(
        "--days", type=int, help="it stops answering after this many days (default 30, at most 365)"
    )
    links = _action(actions, "links", "your links (their tokens are shown only when made)", _links)
    revoke = _action(actions, "revoke", "revoke a link: it answers 404 from then on", _revoke)
    revoke.add_argument("id", type=int, help="the link's id (rnnvis share links)")
    for parser in (*parsers, link, links, revoke):
        add_connection(parser)


def _list(args: argparse.Namespace) -> int:
    with connect(args) as api:
        rows = api.projects(limit=args.limit)
    emit(args, rows, lambda: print_table(rows, ("id", "name", "role", "created_at")))
    return 0


def _create(args: argparse.Namespace) -> int:
    with connect(args) as api:
        project = api.create_project(args.name)
    emit(args, project, lambda: print_record(project))
    return 0


def _show(args: argparse.Namespace) -> int:
    with connect(args) as api:
        project = api.project(args.id)

    def human() -> None:
        print(f"project {project.id}: {project.name} (your role: {project.role or 'none, an administrator'})")
        print("\nmembers:")
        print_table(project.members, ("user", "role", "added_at"))
        print("\nshared into it:")
        print_table(project.resources, ("kind", "id", "name", "owner", "status", "created_at"))

    emit(args, project, human)
    return 0


def _rename(args: argparse.Namespace) -> int:
    with connect(args) as api:
        project = api.rename_project(args.id, args.name)
    emit(args, project, lambda: print_record(project))
    return 0


def _delete(args: argparse.Namespace) -> int:
    with connect(args) as api:
        api.delete_project(args.id)
    emit(args, {"deleted": "project", "id": args.id}, lambda: print(f"deleted project {args.id}"))
    return 0


def _add_member(args: argparse.Namespace) -> int:
    with connect(args) as api:
        member = api.add_member(args.id, args.user, args.role)
    emit(args, member, lambda: print(_is_member(member.user, member.role, args.id)))
    return 0


def _is_member(user: str, role: str, project_id: int) -> str:
    return f"{user} is {'an' if role[0] in 'aeiou' else 'a'} {role} of project {project_id}"


def _set_role(args: argparse.Namespace) -> int:
    with connect(args) as api:
        member = api.set_role(args.id, args.user, args.role)
    emit(args, member, lambda: print(_is_member(member.user, member.role, args.id)))
    return 0


def _remove_member(args: argparse.Namespace) -> int:
    with connect(args) as api:
        api.remove_member(args.id, args.user)
    emit(
        args,
        {"removed": args.user, "project_id": args.id},
        lambda: print(f"{args.user} is no longer a member of project {args.id}"),
    )
    return 0


def _events(args: argparse.Namespace) -> int:
    with connect(args) as api:
        rows = api.project_events(args.id, limit=args.limit)
    emit(args, rows, lambda: print_table(rows, ("at", "actor", "action", "kind", "resource_id", "resource")))
    return 0


def _share(args: argparse.Namespace) -> int:
    with connect(args) as api:
        shared = api.share(args.kind, args.id, None if args.private else args.project_id)
    if shared.project_id is None:
        said = f"{args.kind} {args.id} is private"
    else:
        said = f"{args.kind} {args.id} is shared into project {shared.project_id}"
    emit(args, shared, lambda: print(said))
    return 0


def _link(args: argparse.Namespace) -> int:
    with connect(args) as api:
        made = api.create_link(args.kind, args.id, args.days)

    def human() -> None:
        until = f"{made.expires_at:%Y-%m-%d}"
        print(f"link {made.id} to {made.kind} {made.resource_id} ({made.resource}), until {until}")
        print(f"url    {made.url}")
        print(f"embed  {made.embed_url}")
        print(f"token  {made.token}")
        print(f"(the token is shown this once; rnnvis share revoke {made.id} ends the link)")

    emit(args, made, human)
    return 0


def _links(args: argparse.Namespace) -> int:
    with connect(args) as api:
        rows = api.links()
    columns = ("id", "kind", "resource_id", "resource", "created_at", "expires_at", "expired")
    emit(args, rows, lambda: print_table(rows, columns))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    with connect(args) as api:
        api.revoke_link(args.id)
    emit(args, {"revoked": "link", "id": args.id}, lambda: print(f"revoked link {args.id}"))
    return 0
