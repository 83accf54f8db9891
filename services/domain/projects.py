"""Projects (SPEC 12): a group's shared space, its members and their roles.

A project is visible to its members (and administrators); to anyone else it does not exist (404).
Only its owners change it; the last owner can neither leave nor step down, so a project always has
one. Deleting a project returns what was shared into it to its owners alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.database.tables import Job, Project, ProjectMember, User
from services.domain import audit, sharing
from services.domain.access import Caller, Role, at_least, role_in
from services.domain.errors import Conflict, Forbidden, NotFound
from services.domain.paging import PageOf, Paging, page
from services.domain.uploads import check_name
from services.domain.users import name_key

MAX_LISTED = 500  # resources of one kind listed in a project's answer (the lists' filters give all)


@dataclass(frozen=True)
class Membership:
    project: Project
    role: str | None  # None: an administrator who is not a member


def _membership(db: Session, user: Caller, project_id: int, needed: Role = "viewer") -> Membership:
    project = db.get(Project, project_id)
    role = role_in(db, user, project_id) if project is not None else None
    if project is None or (role is None and not user.is_admin):
        raise NotFound(f"project {project_id} not found")
    if not user.is_admin and not at_least(role, needed):
        raise Forbidden(f"you are a {role} of project {project_id}: only its owners may change it")
    return Membership(project, role)


def describe(membership: Membership) -> dict[str, Any]:
    p = membership.project
    return {"id": p.id, "name": p.name, "role": membership.role, "created_at": p.created_at}


def create(db: Session, user: Caller, name: str) -> Membership:
    project = Project(name=check_name(name))
    db.add(project)
    db.flush()
    db.add(ProjectMember(project_id=project.id, user_id=user.id, role="owner"))
    audit.log(db, project.id, user, "created", resource=project.name)
    db.commit()
    return Membership(project, "owner")


def list_projects(db: Session, user: Caller, paging: Paging) -> PageOf[Any]:
    """(project, the user's role) for the user's projects (an administrator: every project)."""
    query = select(Project, ProjectMember.role).outerjoin(
        ProjectMember, (ProjectMember.project_id == Project.id) & (ProjectMember.user_id == user.id)
    )
    if not user.is_admin:
        query = query.where(ProjectMember.user_id == user.id)
    return page(db, query.order_by(Project.id), paging)


def get(db: Session, user: Caller, project_id: int) -> Membership:
    return _membership(db, user, project_id)


def members(db: Session, project_id: int) -> list[dict[str, Any]]:
    rows = db.execute(
        select(ProjectMember, User.name)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project_id)
        .order_by(ProjectMember.added_at, User.name)
    ).all()
    return [{"user_id": m.user_id, "user": name, "role": m.role, "added_at": m.added_at} for m, name in rows]


def resources(db: Session, project_id: int) -> list[dict[str, Any]]:
    """What is shared into the project, every kind, oldest first within a kind."""
    found: list[dict[str, Any]] = []
    for kind, shared in sharing.KINDS.items():
        table = shared.table
        query = select(table, User.name).join(User, User.id == table.owner_id)
        if hasattr(table, "job_id"):
            query = (
                select(table, User.name, Job.status)
                .join(User, User.id == table.owner_id)
                .join(Job, Job.id == table.job_id)
            )
        rows = db.execute(
            query.where(table.project_id == project_id).order_by(table.id).limit(MAX_LISTED)
        ).all()
        for row in rows:
            found.append(
                {
                    "kind": kind,
                    "id": row[0].id,
                    "name": sharing.name_of(row[0]),
                    "owner_id": row[0].owner_id,
                    "owner": row[1],
                    "status": row[2] if len(row) > 2 else None,
                    "created_at": row[0].created_at,
                }
            )
    return found


def rename(db: Session, user: Caller, project_id: int, name: str) -> Membership:
    found = _membership(db, user, project_id, "owner")
    found.project.name = check_name(name)
    audit.log(db, project_id, user, "renamed", resource=found.project.name)
    db.commit()
    return found


def delete(db: Session, user: Caller, project_id: int) -> None:
    """Delete the project (its owners): its members and trail go, its resources stay with their
    owners, private (the foreign keys set their project_id to null)."""
    found = _membership(db, user, project_id, "owner")
    db.delete(found.project)
    db.commit()


def _user_named(db: Session, name: str) -> User:
    found = db.execute(select(User).where(User.name_key == name_key(name.strip()))).scalar_one_or_none()
    if found is None:
        raise NotFound(f"no user is named {name!r}")
    return found


def _owners(db: Session, project_id: int) -> int:
    count = db.execute(
        select(func.count()).where(ProjectMember.project_id == project_id, ProjectMember.role == "owner")
    ).scalar_one()
    return int(count)


def add_member(db: Session, user: Caller, project_id: int, name: str, role: Role) -> dict[str, Any]:
    _membership(db, user, project_id, "owner")
    member = _user_named(db, name)
    if db.get(ProjectMember, (project_id, member.id)) is not None:
        raise Conflict(
            f"{member.name} is already a member of project {project_id}: change their role instead"
        )
    db.add(ProjectMember(project_id=project_id, user_id=member.id, role=role))
    audit.log(db, project_id, user, "member added", resource=member.name, detail={"role": role})
    db.commit()
    return next(m for m in members(db, project_id) if m["user_id"] == member.id)


def _member(db: Session, project_id: int, name: str) -> tuple[User, ProjectMember]:
    member = _user_named(db, name)
    row = db.get(ProjectMember, (project_id, member.id), with_for_update=True)
    if row is None:
        raise NotFound(f"{member.name} is not a member of project {project_id}")
    return member, row


def set_role(db: Session, user: Caller, project_id: int, name: str, role: Role) -> dict[str, Any]:
    _membership(db, user, project_id, "owner")
    member, row = _member(db, project_id, name)
    if row.role == "owner" and role != "owner" and _owners(db, project_id) == 1:
        raise Conflict(
            f"{member.name} is the last owner of project {project_id}: make another member owner first"
        )
    if row.role != role:
        audit.log(
            db, project_id, user, "role changed", resource=member.name, detail={"from": row.role, "to": role}
        )
        row.role = role
    db.commit()
    return next(m for m in members(db, project_id) if m["user_id"] == member.id)


def remove_member(db: Session, user: Caller, project_id: int, name: str) -> None:
    """An owner removes a member, or a member leaves. What they shared into the project goes back
    to them alone: a shared record's owner is always a member."""
    member = _user_named(db, name)
    leaving = member.id == user.id
    _membership(db, user, project_id, "viewer" if leaving else "owner")
    member, row = _member(db, project_id, name)
    if row.role == "owner" and _owners(db, project_id) == 1:
        raise Conflict(
            f"{member.name} is the last owner of project {project_id}: make another member owner first"
        )
    why = "left the project" if leaving else "removed from the project"
    sharing.unshare_all(db, user, project_id, member.id, f"{member.name} {why}")
    db.delete(row)
    audit.log(db, project_id, user, "member removed", resource=member.name, detail={"role": row.role})
    db.commit()


def events(db: Session, user: Caller, project_id: int, paging: Paging) -> PageOf[Any]:
    _membership(db, user, project_id)
    return audit.events(db, project_id, paging)
