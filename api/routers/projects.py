"""/projects (SPEC 12): a group's shared space, its members and roles, and its audit trail."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import CurrentUser, Db, Pages, page_of
from api.requests import StrictJsonRoute
from api.schemas.fields import ERRORS, IdPath, Page
from api.schemas.sharing import (
    EventOut,
    MemberIn,
    MemberOut,
    MemberRole,
    ProjectCreate,
    ProjectDetail,
    ProjectOut,
    ProjectRename,
)
from services.database.tables import Project, ProjectEvent
from services.domain import audit, projects

router = APIRouter(route_class=StrictJsonRoute, tags=["projects"], responses=ERRORS)
MemberPath = Annotated[str, Path(min_length=1, max_length=100, description="the member's user name")]


def project_out(found: projects.Membership) -> ProjectOut:
    return ProjectOut.model_validate(projects.describe(found))


@router.post("/projects", status_code=201, response_model=ProjectOut, summary="Make a project (you own it)")
def create_project(body: ProjectCreate, db: Db, user: CurrentUser) -> ProjectOut:
    return project_out(projects.create(db, user, body.name))


@router.get("/projects", response_model=Page[ProjectOut], summary="The projects you are a member of")
def list_projects(db: Db, user: CurrentUser, paging: Pages) -> dict[str, Any]:
    def convert(project: Project, role: str | None) -> ProjectOut:
        return project_out(projects.Membership(project, role))

    return page_of(projects.list_projects(db, user, paging), convert)


@router.get("/projects/{project_id}", response_model=ProjectDetail, summary="Its members and resources")
def get_project(project_id: IdPath, db: Db, user: CurrentUser) -> ProjectDetail:
    found = projects.get(db, user, project_id)
    return ProjectDetail.model_validate(
        {
            **projects.describe(found),
            "members": projects.members(db, project_id),
            "resources": projects.resources(db, project_id),
        }
    )


@router.patch("/projects/{project_id}", response_model=ProjectOut, summary="Rename a project (its owners)")
def rename_project(project_id: IdPath, body: ProjectRename, db: Db, user: CurrentUser) -> ProjectOut:
    return project_out(projects.rename(db, user, project_id, body.name))


@router.delete(
    "/projects/{project_id}",
    status_code=204,
    summary="Delete a project (its owners); what was shared into it stays with its owners, private",
)
def delete_project(project_id: IdPath, db: Db, user: CurrentUser) -> None:
    projects.delete(db, user, project_id)


@router.post(
    "/projects/{project_id}/members", status_code=201, response_model=MemberOut, summary="Add one (owners)"
)
def add_member(project_id: IdPath, body: MemberIn, db: Db, user: CurrentUser) -> MemberOut:
    return MemberOut.model_validate(projects.add_member(db, user, project_id, body.user, body.role))


@router.patch(
    "/projects/{project_id}/members/{user}", response_model=MemberOut, summary="Change a role (owners)"
)
def set_role(
    project_id: IdPath, user: MemberPath, body: MemberRole, db: Db, caller: CurrentUser
) -> MemberOut:
    return MemberOut.model_validate(projects.set_role(db, caller, project_id, user, body.role))


@router.delete(
    "/projects/{project_id}/members/{user}",
    status_code=204,
    summary="Remove a member (owners), or leave (yourself); what they shared goes back to them",
)
def remove_member(project_id: IdPath, user: MemberPath, db: Db, caller: CurrentUser) -> None:
    projects.remove_member(db, caller, project_id, user)


@router.get(
    "/projects/{project_id}/events",
    response_model=Page[EventOut],
    summary="The audit trail: who shared, unshared, ran or deleted what, and when (newest first)",
)
def events(project_id: IdPath, db: Db, user: CurrentUser, paging: Pages) -> dict[str, Any]:
    def convert(event: ProjectEvent) -> EventOut:
        return EventOut.model_validate(audit.describe(event))

    return page_of(projects.events(db, user, project_id, paging), convert)
