"""The Client's methods for a lab that shares (SPEC 12): projects, members and roles, sharing a
resource, read-only links, and what a link reads with no account. Client (rnnvis_client/client.py) has
them as its own; they live here so that each module holds one part of the API."""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote, urlsplit

import pandas as pd

from rnnvis_client.connection import Connection, fields_of
from rnnvis_client.errors import Conflict, InvalidArgument
from rnnvis_client.models import (
    AblationOut,
    CoclusteringOut,
    CorpusOut,
    EventOut,
    MemberOut,
    ModelOut,
    ProjectDetail,
    ProjectOut,
    RecordingOut,
    ScanOut,
    SharedAblation,
    SharedCoclustering,
    SharedCorpus,
    SharedModel,
    SharedRecording,
    SharedScan,
    SharedTraining,
    ShareLinkMade,
    ShareLinkOut,
    TrainingOut,
)
from rnnvis_client.results import Coclusters, Matrix, WordResponse, unit_words_frame

# SPEC 12: what can be shared into a project or through a link, by the `kind` the API names it with:
# its collection (PATCH /{collection}/{id} shares it) and its result class.
Kind = Literal["model", "corpus", "recording", "coclustering", "scan", "ablation", "training"]
Role = Literal["viewer", "editor", "owner"]
Resource = ModelOut | CorpusOut | RecordingOut | CoclusteringOut | ScanOut | AblationOut | TrainingOut
COLLECTIONS: dict[str, tuple[str, type[Resource]]] = {
    "model": ("models", ModelOut),
    "corpus": ("corpora", CorpusOut),
    "recording": ("recordings", RecordingOut),
    "coclustering": ("coclusterings", CoclusteringOut),
    "scan": ("coclustering-scans", ScanOut),
    "ablation": ("ablations", AblationOut),
    "training": ("trainings", TrainingOut),
}
# What a link shows (GET /shared/{token}): the resource's own body, with its kind.
SharedResource = (
    SharedModel
    | SharedCorpus
    | SharedRecording
    | SharedCoclustering
    | SharedScan
    | SharedAblation
    | SharedTraining
)
SHARED: dict[str, type[SharedResource]] = {
    "model": SharedModel,
    "corpus": SharedCorpus,
    "recording": SharedRecording,
    "coclustering": SharedCoclustering,
    "scan": SharedScan,
    "ablation": SharedAblation,
    "training": SharedTraining,
}


def link_token(link: str) -> str:
    """The token of a read-only link: the token itself, or the link's URL as the server gave it
    (.../s/{token} or .../embed/{token}, with or without a query)."""
    text = link.strip()
    if "/" in text:
        text = next((part for part in reversed(urlsplit(text).path.split("/")) if part), "")
    if not text:
        raise InvalidArgument(f"no link token in {link!r}: give the token or the link's URL")
    return quote(text, safe="")


def _collection(kind: str) -> tuple[str, type[Resource]]:
    if kind not in COLLECTIONS:
        raise InvalidArgument(f"kind must be one of {', '.join(COLLECTIONS)}, not {kind!r}")
    return COLLECTIONS[kind]


class SharingMethods:
    """Projects, sharing and links: mixed into Client, which sets _api."""

    _api: Connection

    # -- projects and sharing (SPEC 12) -------------------------------------------------------------

    def create_project(self, name: str) -> ProjectOut:
        """A new project, owned by you: a place to share models, corpora and results with others."""
        return ProjectOut.model_validate(self._api.post("/projects", {"name": name}))

    def projects(self, *, limit: int | None = None) -> list[ProjectOut]:
        """The projects you are a member of, each with your role."""
        return self._api.all(ProjectOut, "/projects", limit)

    def project(self, project_id: int) -> ProjectDetail:
        """A project with its members (and their roles) and what is shared into it."""
        return self._api.one(ProjectDetail, f"/projects/{project_id}")

    def rename_project(self, project_id: int, name: str) -> ProjectOut:
        """Rename a project (its owners)."""
        answer = self._api.request("PATCH", f"/projects/{project_id}", json={"name": name})
        return ProjectOut.model_validate(answer.json())

    def delete_project(self, project_id: int) -> None:
        """Delete a project (its owners); what was shared into it goes back to its owners, private."""
        self._api.request("DELETE", f"/projects/{project_id}")

    def add_member(self, project_id: int, user: str, role: Role = "viewer") -> MemberOut:
        """Add a user (by name) to a project (its owners): viewer reads what is shared; editor also
        shares into it and runs jobs on what is shared; owner also manages members and deletes."""
        body = {"user": user, "role": role}
        return MemberOut.model_validate(self._api.post(f"/projects/{project_id}/members", body))

    def set_role(self, project_id: int, user: str, role: Role) -> MemberOut:
        """Change a member's role (its owners; the last owner stays an owner)."""
        path = f"/projects/{project_id}/members/{quote(user, safe='')}"
        return MemberOut.model_validate(self._api.request("PATCH", path, json={"role": role}).json())

    def remove_member(self, project_id: int, user: str) -> None:
        """Remove a member (its owners), or leave (your own name); what they shared goes back to them."""
        self._api.request("DELETE", f"/projects/{project_id}/members/{quote(user, safe='')}")

    def project_events(self, project_id: int, *, limit: int | None = None) -> list[EventOut]:
        """The project's audit trail, newest first: who shared, unshared, ran or deleted what, when."""
        return self._api.all(EventOut, f"/projects/{project_id}/events", limit)

    def share(self, kind: Kind, resource_id: int, project_id: int | None) -> Resource:
        """Share one of your resources into a project where you are at least an editor (project_id
        None: unshare it). kind: model, corpus, recording, coclustering, scan, ablation or training.
        Answers the resource, as its get method does."""
        collection, out = _collection(kind)
        answer = self._api.request("PATCH", f"/{collection}/{resource_id}", json={"project_id": project_id})
        return out.model_validate(answer.json())

    def unshare(self, kind: Kind, resource_id: int) -> Resource:
        """Make a shared resource private again (its creator, or an owner of its project)."""
        return self.share(kind, resource_id, None)

    # -- read-only links (SPEC 12) -----------------------------------------------------------------

    def create_link(self, kind: Kind, resource_id: int, expires_days: int | None = None) -> ShareLinkMade:
        """A read-only link to a resource you can read, for anyone who has it (no account): .url (the
        web client's view), .embed_url (for an <iframe>) and .token, shown this once. expires_days:
        the server's default (30) when left out, at most 365."""
        _collection(kind)
        body = {"kind": kind, "id": resource_id, "expires_days": expires_days}
        return ShareLinkMade.model_validate(self._api.post("/share-links", body))

    def links(self) -> list[ShareLinkOut]:
        """Your links, newest first (their tokens are not kept: only when made are they shown)."""
        return [ShareLinkOut.model_validate(link) for link in self._api.get("/share-links")]

    def revoke_link(self, link_id: int) -> None:
        """Revoke a link: it answers 404 from then on, everywhere."""
        self._api.request("DELETE", f"/share-links/{link_id}")

    # What a link reads needs no account: a client with no token calls these. `link` is the token or
    # the link's URL. An expired, revoked or unknown link, or a deleted resource, raises NotFound.

    def shared(self, link: str) -> SharedResource:
        """The linked resource (as its get method answers it, with .kind)."""
        body = self._api.get(f"/shared/{link_token(link)}")
        return SHARED[body["kind"]].model_validate(body)

    def shared_coclusters(self, link: str) -> Coclusters:
        """A linked co-clustering as numpy arrays and DataFrames, as coclusters() gives it."""
        path = f"/shared/{link_token(link)}"
        body = self._api.get(path)
        if body["kind"] != "coclustering":
            raise InvalidArgument(f"the link shows a {body['kind']}, not a co-clustering")
        if body["status"] != "succeeded":
            raise Conflict(409, f"the linked co-clustering is {body['status']}", "GET", path)
        return Coclusters.from_json(body)

    def shared_response(self, link: str, word: str, layer: int = 0, state: str = "h") -> WordResponse:
        """response() of a linked recording (or a linked co-clustering's recording)."""
        body = self._api.get(f"/shared/{link_token(link)}/response", word=word, layer=layer, state=state)
        return WordResponse.from_json(body)

    def shared_unit_words(
        self,
        link: str,
        unit: int,
        layer: int | None = None,
        state: str | None = None,
        k: int | None = None,
        min_count: int | None = None,
        score: Literal["shrunk", "mean"] | None = None,
        prior_count: int | None = None,
    ) -> pd.DataFrame:
        """unit_words() of a linked recording (or a linked co-clustering's recording)."""
        query = fields_of(locals(), besides=("link", "unit"))
        return unit_words_frame(self._api.get(f"/shared/{link_token(link)}/units/{unit}/words", **query))

    def shared_matrix(
        self,
        link: str,
        layer: int | None = None,
        state: str | None = None,
        top_words: int | None = None,
        min_count: int | None = None,
    ) -> Matrix:
        """matrix() of a linked recording (or a linked co-clustering's recording)."""
        query = fields_of(locals(), besides=("link",))
        return Matrix.from_json(self._api.get(f"/shared/{link_token(link)}/matrix", **query))
