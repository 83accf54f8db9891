"""The Python client's sharing (SPEC 12) against the live service: projects, members and roles, a
resource shared and unshared, the audit trail, and read-only links read by a client with no token."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import numpy as np
import pandas as pd
import pytest

from rnnvis_client import Client, Forbidden, NotFound, Unauthorized
from tests.service.conftest import Uploaded
from tests.service.stack import RunningService, token_of

LAYER = 1  # the uploaded co-clustering's layer


@pytest.fixture(scope="module")
def alice_api(service: RunningService, alice: httpx.Client) -> Iterator[Client]:
    with Client(service.url, token_of(alice), progress=False) as api:
        yield api


@pytest.fixture(scope="module")
def bob_api(service: RunningService, bob: httpx.Client) -> Iterator[Client]:
    with Client(service.url, token_of(bob), progress=False) as api:
        yield api


@pytest.fixture
def anonymous(
    service: RunningService, bob: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Client]:
    """A client with no token at all: token="" ignores RNNVIS_TOKEN (here bob's, who could read
    what the test shares with him: an Unauthorized shows that nothing was sent)."""
    monkeypatch.setenv("RNNVIS_TOKEN", token_of(bob))
    with Client(service.url, token="", progress=False) as api:
        assert api.token is None
        yield api


def test_share_a_coclustering_with_a_viewer_then_a_link(
    alice_api: Client, bob_api: Client, anonymous: Client, uploaded: Uploaded
) -> None:
    co_id, rec_id = uploaded.coclustering_id, uploaded.recording_id
    project = alice_api.create_project("client sharing")
    assert (project.name, project.role) == ("client sharing", "owner")
    try:
        member = alice_api.add_member(project.id, "bob")
        assert (member.user, member.role) == ("bob", "viewer")
        with pytest.raises(NotFound):  # not shared yet: bob cannot tell it exists
            bob_api.coclustering(co_id)

        shared = alice_api.share("coclustering", co_id, project.id)
        assert shared.id == co_id and shared.project_id == project.id

        # bob reads it, its project and the lists that name it
        assert bob_api.coclustering(co_id).project_id == project.id
        assert bob_api.coclusters(co_id).n_clusters == alice_api.coclusters(co_id).n_clusters
        seen = bob_api.project(project.id)
        assert seen.role == "viewer"
        assert {(m.user, m.role) for m in seen.members} == {("alice", "owner"), ("bob", "viewer")}
        assert [(r.kind, r.id, r.owner) for r in seen.resources] == [("coclustering", co_id, "alice")]
        assert project.id in {p.id for p in bob_api.projects()}
        assert co_id in {c.id for c in bob_api.coclusterings(project_id=project.id)}
        assert co_id in {c.id for c in bob_api.coclusterings(owner="alice")}
        assert co_id not in {c.id for c in bob_api.coclusterings(owner="bob")}

        # a viewer reads; deleting is its creator's (or a project owner's): 403 in the server's words
        with pytest.raises(Forbidden) as refused:
            bob_api.delete_coclustering(co_id)
        assert refused.value.status_code == 403 and refused.value.detail
        assert str(refused.value.detail) in str(refused.value)
        with pytest.raises(Forbidden):
            bob_api.unshare("coclustering", co_id)
        assert alice_api.coclustering(co_id).status == "succeeded"

        # a link: read with no account, the same numbers as alice's own reads
        link = alice_api.create_link("coclustering", co_id, expires_days=7)
        assert link.kind == "coclustering" and link.resource_id == co_id and not link.expired
        assert link.url.endswith(f"/s/{link.token}") and link.embed_url.endswith(f"/embed/{link.token}")
        assert link.id in {made.id for made in alice_api.links()}
        with pytest.raises(Unauthorized):
            anonymous.coclustering(co_id)  # no token (bob's is in the environment): only links answer

        opened = anonymous.shared(link.url)
        assert opened.kind == "coclustering" and opened.id == co_id
        assert anonymous.shared(link.token) == opened
        np.testing.assert_array_equal(
            anonymous.shared_coclusters(link.embed_url).unit_labels, alice_api.coclusters(co_id).unit_labels
        )
        theirs = anonymous.shared_response(link.token, "the", layer=LAYER, state="h")
        mine = alice_api.response(rec_id, "the", layer=LAYER, state="h")
        assert (theirs.word, theirs.layer, theirs.state, theirs.count) == (
            mine.word,
            mine.layer,
            mine.state,
            mine.count,
        )
        np.testing.assert_array_equal(theirs.mean, mine.mean)
        np.testing.assert_array_equal(theirs.std, mine.std)
        assert theirs.quantiles is not None and mine.quantiles is not None
        for level, values in mine.quantiles.items():
            np.testing.assert_array_equal(theirs.quantiles[level], values)
        pd.testing.assert_frame_equal(
            anonymous.shared_unit_words(link.url, 3, layer=LAYER, k=5),
            alice_api.unit_words(rec_id, 3, layer=LAYER, k=5),
        )
        pd.testing.assert_frame_equal(
            anonymous.shared_matrix(link.token, layer=LAYER, top_words=20).to_frame(),
            alice_api.matrix(rec_id, layer=LAYER, top_words=20).to_frame(),
        )

        # revoked: the link answers 404 at once, as an unknown one does
        alice_api.revoke_link(link.id)
        with pytest.raises(NotFound):
            anonymous.shared(link.token)
        with pytest.raises(NotFound):
            anonymous.shared_response(link.token, "the", layer=LAYER)
        with pytest.raises(NotFound):
            anonymous.shared("not-a-token")

        # the audit trail names who shared what
        events = alice_api.project_events(project.id)
        assert ("alice", "shared", "coclustering", co_id) in {
            (e.actor, e.action, e.kind, e.resource_id) for e in events
        }
        assert events == bob_api.project_events(project.id)

        unshared = alice_api.unshare("coclustering", co_id)
        assert unshared.project_id is None
        with pytest.raises(NotFound):
            bob_api.coclustering(co_id)
    finally:
        alice_api.share("coclustering", co_id, None)  # the session's co-clustering stays alice's alone
        alice_api.delete_project(project.id)
    with pytest.raises(NotFound):
        alice_api.project(project.id)


def test_roles_decide_who_shares_into_a_project(alice_api: Client, bob_api: Client) -> None:
    project = alice_api.create_project("client roles")
    try:
        assert alice_api.add_member(project.id, "bob", role="editor").role == "editor"
        # an editor shares on create; the owner finds it by project and by owner
        corpus = bob_api.upload_corpus("bob's lines", ["the cat sat", "a dog ran"], project_id=project.id)
        assert corpus.project_id == project.id and corpus.owner_id != alice_api.me().id
        assert corpus.id in {c.id for c in alice_api.corpora(project_id=project.id)}
        assert corpus.id in {c.id for c in alice_api.corpora(owner="bob")}
        assert corpus.id not in {c.id for c in alice_api.corpora(owner="alice")}

        renamed = alice_api.rename_project(project.id, "client roles, renamed")
        assert renamed.name == "client roles, renamed"
        assert alice_api.set_role(project.id, "bob", "viewer").role == "viewer"
        with pytest.raises(Forbidden):  # a viewer no longer shares into it
            bob_api.upload_corpus("more lines", ["a b c"], project_id=project.id)
        with pytest.raises(Forbidden):  # nor manages its members
            bob_api.add_member(project.id, "root")

        bob_api.remove_member(project.id, "bob")  # leaving: what bob shared goes back to bob
        with pytest.raises(NotFound):
            bob_api.project(project.id)
        assert bob_api.corpus(corpus.id).project_id is None
        actions = [e.action for e in alice_api.project_events(project.id)]
        assert {"member added", "role changed", "member removed", "renamed"} <= set(actions)
        bob_api.delete_corpus(corpus.id)
    finally:
        alice_api.delete_project(project.id)
