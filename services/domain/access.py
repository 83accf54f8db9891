"""Who may do what with a record: the one access rule (SPEC 7, SPEC 12). Every read and write goes
through here.

A record is visible to its owner, to every member of the project it is shared into (any role), and
to administrators. What is not visible is not found (404), never forbidden, so ids tell nobody what
exists. What is visible but not allowed is forbidden (403), in words:
- reading (every GET, exports, views, a sentence read with it): anyone it is visible to;
- using it as a job's input (a recording of a shared model, a co-clustering of a shared recording):
  its owner, an `editor` or `owner` of its project, an administrator;
- deleting or unsharing it: its owner, an `owner` of its project, an administrator;
- sharing it into a project: its owner, when at least `editor` there.
Jobs and API tokens are never shared: only their owner (and administrators) see them.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol, TypeVar, cast

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services.database.tables import ProjectMember, User
from services.domain.errors import Forbidden, NotFound
from services.domain.paging import Shared

Row = TypeVar("Row")
Role = Literal["viewer", "editor", "owner"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "owner")  # each may do what the ones before it may
Need = Literal["read", "use", "manage"]
NEEDS: dict[Need, Role] = {
    "read": "viewer",
    "use": "editor",
    "manage": "owner",
}  # the project role each needs
DOING: dict[Need, str] = {"read": "read", "use": "run jobs on", "manage": "delete or unshare"}


class Caller(Protocol):
    """The calling user as the rules need it (a users row, or the API's cached copy of one)."""

    @property
    def id(self) -> int: ...

    @property
    def is_admin(self) -> bool: ...


def at_least(role: str | None, needed: Role) -> bool:
    return role in ROLES and ROLES.index(cast(Role, role)) >= ROLES.index(needed)


def is_own(user: Caller, owner_id: int | None) -> bool:
    """The user's own record (or any, for an administrator): no project needs to be asked."""
    return owner_id is not None and (user.is_admin or owner_id == user.id)


def role_in(db: Session, user: Caller, project_id: int | None) -> str | None:
    """The user's role in the project (None: not a member, or no project)."""
    if project_id is None:
        return None
    return db.execute(
        select(ProjectMember.role).where(
            ProjectMember.project_id == project_id, ProjectMember.user_id == user.id
        )
    ).scalar_one_or_none()


def check(
    db: Session,
    user: Caller,
    owner_id: int | None,
    project_id: int | None,
    what: str,
    record_id: int,
    need: Need,
) -> None:
    """NotFound unless the record (owner_id None: there is none) is visible to the user; Forbidden
    when it is visible but the user's project role does not allow `need`."""
    if is_own(user, owner_id):
        return
    role = role_in(db, user, project_id) if owner_id is not None else None
    if role is None:
        raise NotFound(f"{what} {record_id} not found")
    if not at_least(role, NEEDS[need]):
        raise Forbidden(
            f"you are a {role} of project {project_id}: only its owner"
            + (", its editors" if need == "use" else "")
            + f" and the {what}'s owner may {DOING[need]} {what} {record_id}"
        )


def record(
    db: Session, table: type[Row], record_id: int, user: Caller, what: str, need: Need = "read"
) -> Row:
    """The record if it exists and the user may do `need` with it; NotFound or Forbidden otherwise."""
    row = db.get(table, record_id)
    found = cast(Any, row)
    check(
        db,
        user,
        None if row is None else found.owner_id,
        getattr(found, "project_id", None),
        what,
        record_id,
        need,
    )
    return cast(Row, row)


def owned(db: Session, table: type[Row], record_id: int, user: Caller, what: str) -> Row:
    """A record that is never shared (a job, a token): its owner's or an administrator's, else NotFound."""
    row = db.get(table, record_id)
    if row is None or not is_own(user, cast(Any, row).owner_id):
        raise NotFound(f"{what} {record_id} not found")
    return cast(Row, row)


def check_reader(
    db: Session, user: Caller, table: Any, record_id: int, owner_id: int | None, what: str
) -> None:
    """NotFound unless the user may read the record, whose owner is known (a kept answer, a row read
    with its statistics): the owner and administrators cost nothing; others ask its project once."""
    if is_own(user, owner_id):
        return
    project_id = db.execute(select(table.project_id).where(table.id == record_id)).scalar_one_or_none()
    check(db, user, owner_id, project_id, what, record_id, "read")


def member_projects(user: Caller) -> Any:
    """The ids of the projects the user is a member of, as a subquery."""
    return select(ProjectMember.project_id).where(ProjectMember.user_id == user.id)


def visible(query: Any, table: Any, user: Caller) -> Any:
    """Restrict a select to the rows the user may see: their own and those shared into their
    projects (administrators: all)."""
    if user.is_admin:
        return query
    if not hasattr(table, "project_id"):  # jobs: never shared
        return query.where(table.owner_id == user.id)
    return query.where(or_(table.owner_id == user.id, table.project_id.in_(member_projects(user))))


def filtered(query: Any, table: Any, shared: Shared | None) -> Any:
    """A list's `project_id` and `owner` filters (SPEC 12), on top of what `visible` allows."""
    if shared is not None and shared.project_id is not None:
        query = query.where(table.project_id == shared.project_id)
    if shared is not None and shared.owner is not None:
        query = query.where(table.owner_id.in_(select(User.id).where(User.name == shared.owner)))
    return query
