"""A project's audit trail (SPEC 12): who shared, unshared, ran or deleted what, and when; and who
joined, changed role or left."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.database.tables import ProjectEvent, User
from services.domain.access import Caller
from services.domain.paging import PageOf, Paging, page

Action = Literal[
    "created",  # the project
    "renamed",
    "member added",
    "role changed",
    "member removed",
    "shared",  # a resource into the project
    "unshared",
    "ran",  # a job on a resource of the project (its result is the runner's, private until shared)
    "deleted",
]
ACTIONS: tuple[str, ...] = Action.__args__  # type: ignore[attr-defined]


def actor_name(db: Session, user: Caller) -> str:
    name = getattr(user, "name", None)
    return (
        name
        if isinstance(name, str)
        else db.execute(select(User.name).where(User.id == user.id)).scalar_one()
    )


def log(
    db: Session,
    project_id: int,
    user: Caller,
    action: Action,
    kind: str | None = None,
    resource_id: int | None = None,
    resource: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an event to the session (the caller commits it with the change it records)."""
    db.add(
        ProjectEvent(
            project_id=project_id,
            actor_id=user.id,
            actor=actor_name(db, user),
            action=action,
            kind=kind,
            resource_id=resource_id,
            resource=resource[:500],
            detail=detail,
        )
    )


def describe(event: ProjectEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": event.at,
        "actor_id": event.actor_id,
        "actor": event.actor,
        "action": event.action,
        "kind": event.kind,
        "resource_id": event.resource_id,
        "resource": event.resource,
        "detail": event.detail,
    }


def events(db: Session, project_id: int, paging: Paging) -> PageOf[Any]:
    """The project's events, newest first."""
    query = select(ProjectEvent).where(ProjectEvent.project_id == project_id).order_by(ProjectEvent.id.desc())
    return page(db, query, paging)
