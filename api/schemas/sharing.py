"""A lab that shares (SPEC 12): projects, members and roles, the audit trail, sharing a resource,
read-only links and what a link reads."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from api.schemas.coclusterings import AblationOut, CoclusteringOut, ScanOut
from api.schemas.corpora import CorpusOut
from api.schemas.fields import MAX_INT, Strict
from api.schemas.models import ModelOut
from api.schemas.recordings import RecordingOut
from api.schemas.trainings import TrainingOut
from services.domain.access import Role
from services.domain.audit import Action
from services.domain.share_links import DEFAULT_DAYS, MAX_DAYS
from services.domain.sharing import Kind

SHARE_SUMMARY = "Share it into a project (project_id), or unshare it (null)"  # every resource's PATCH
ProjectName = Annotated[str, Field(min_length=1, max_length=200, description="1 to 200 characters")]
UserName = Annotated[str, Field(min_length=1, max_length=100, description="the user's name")]
RoleField = Annotated[
    Role,
    Field(
        description="viewer: reads; editor: also runs jobs on what is shared and shares into it; owner: all"
    ),
]


class ProjectCreate(Strict):
    name: ProjectName


class ProjectRename(Strict):
    name: ProjectName


class ProjectOut(BaseModel):
    id: int
    name: str
    role: Role | None = Field(description="your role in it (null: an administrator who is not a member)")
    created_at: datetime


class MemberIn(Strict):
    user: UserName
    role: RoleField = "viewer"


class MemberRole(Strict):
    role: RoleField


class MemberOut(BaseModel):
    user_id: int
    user: str
    role: Role
    added_at: datetime


class ProjectResource(BaseModel):
    kind: Kind
    id: int
    name: str
    owner_id: int
    owner: str
    status: str | None = Field(description="its job's status (null for a model or a corpus)")
    created_at: datetime


class ProjectDetail(ProjectOut):
    members: list[MemberOut]
    resources: list[ProjectResource] = Field(description="what is shared into it, by kind, oldest first")


class EventOut(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor: str = Field(description="who did it (the name at the time)")
    action: Action
    kind: Kind | None = Field(description="what kind of resource (null for a project or member event)")
    resource_id: int | None
    resource: str = Field(description="the resource's or member's name at the time")
    detail: dict[str, Any] | None


class ShareChange(Strict):
    project_id: int | None = Field(
        ge=1, le=MAX_INT, description="the project to share it into (at least its editor); null: unshare"
    )


class ShareLinkCreate(Strict):
    kind: Kind = Field(description="what the link shows: a model, corpus, recording, coclustering, scan, ...")
    id: int = Field(ge=1, le=MAX_INT, description="the resource's id")
    expires_days: int = Field(
        DEFAULT_DAYS, ge=1, le=MAX_DAYS, description="the link stops answering after this"
    )


class ShareLinkOut(BaseModel):
    id: int
    kind: Kind
    resource_id: int
    resource: str = Field(description="the resource's name (empty once it is deleted)")
    created_at: datetime
    expires_at: datetime
    expired: bool


class ShareLinkMade(ShareLinkOut):
    token: str = Field(description="shown once; only its hash is kept")
    url: str = Field(description="the read-only view in the web client: /s/{token}")
    embed_url: str = Field(description="the view for an <iframe>: /embed/{token}")


# What GET /shared/{token} answers: the resource's own GET body, with its kind.


class SharedModel(ModelOut):
    kind: Literal["model"]


class SharedCorpus(CorpusOut):
    kind: Literal["corpus"]


class SharedRecording(RecordingOut):
    kind: Literal["recording"]


class SharedCoclustering(CoclusteringOut):
    kind: Literal["coclustering"]


class SharedScan(ScanOut):
    kind: Literal["scan"]


class SharedAblation(AblationOut):
    kind: Literal["ablation"]


class SharedTraining(TrainingOut):
    kind: Literal["training"]


SharedOut = Annotated[
    SharedModel
    | SharedCorpus
    | SharedRecording
    | SharedCoclustering
    | SharedScan
    | SharedAblation
    | SharedTraining,
    Field(discriminator="kind"),
]
