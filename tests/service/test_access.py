"""Who sees what: tokens, owners, admins; another user's ids answer 404, never their data."""

from __future__ import annotations

import httpx
import pytest

from tests.service.conftest import Uploaded
from tests.service.stack import RunningService


def test_health_needs_no_token(service: RunningService) -> None:
    health = httpx.get(f"{service.url}/healthz").json()
    assert health["status"] == "ok" and isinstance(health["internal_errors"], int)
    ready = httpx.get(f"{service.url}/readyz").json()
    assert ready["status"] == "ready" and ready["checks"]["workers"] >= 1


def test_openapi_lists_every_endpoint(service: RunningService) -> None:
    paths = httpx.get(f"{service.url}/openapi.json").json()["paths"]
    for path in (
        "/api/v1/models",
        "/api/v1/models/{model_id}",
        "/api/v1/models/{model_id}/evaluate",
        "/api/v1/corpora",
        "/api/v1/corpora/{corpus_id}",
        "/api/v1/recordings",
        "/api/v1/recordings/{recording_id}",
        "/api/v1/recordings/{recording_id}/response",
        "/api/v1/recordings/{recording_id}/units/{unit}/words",
        "/api/v1/recordings/{recording_id}/matrix",
        "/api/v1/recordings/{recording_id}/alignment",
        "/api/v1/recordings/{recording_id}/coclusterings",
        "/api/v1/coclusterings",
        "/api/v1/coclusterings/{coclustering_id}",
        "/api/v1/trainings",
        "/api/v1/trainings/{training_id}",
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}",
        "/api/v1/jobs/{job_id}/cancel",
    ):
        assert path in paths, path
    assert httpx.get(f"{service.url}/docs").status_code == 200


@pytest.mark.parametrize("token", [None, "rnv_not-a-token"])
def test_a_token_is_required(service: RunningService, token: str | None) -> None:
    with service.client(token) as anonymous:
        for path in ("/models", "/corpora", "/recordings", "/jobs"):
            answer = anonymous.get(path)
            assert answer.status_code == 401, path
            assert "token" in answer.json()["detail"]


def test_another_users_ids_answer_404(bob: httpx.Client, uploaded: Uploaded) -> None:
    u = uploaded
    for path in (
        f"/models/{u.model_id}",
        f"/corpora/{u.corpus_id}",
        f"/recordings/{u.recording_id}",
        f"/recordings/{u.recording_id}/response?word=the",
        f"/recordings/{u.recording_id}/units/0/words",
        f"/recordings/{u.recording_id}/matrix",
        f"/recordings/{u.recording_id}/alignment?other={u.recording_id}",
        f"/coclusterings/{u.coclustering_id}",
    ):
        answer = bob.get(path)
        assert answer.status_code == 404, path
        assert "not found" in answer.json()["detail"]
    for path in (f"/models/{u.model_id}", f"/corpora/{u.corpus_id}", f"/recordings/{u.recording_id}"):
        assert bob.delete(path).status_code == 404
    assert bob.post(f"/models/{u.model_id}/evaluate", json={"text": "the"}).status_code == 404
    assert bob.post("/recordings", json={"model_id": u.model_id, "corpus_id": u.corpus_id}).status_code == 404
    assert bob.post(f"/recordings/{u.recording_id}/coclusterings", json={}).status_code == 404
    assert bob.post("/trainings", json={"corpus_id": u.corpus_id}).status_code == 404
    for listing in ("/models", "/corpora", "/recordings", "/coclusterings", "/jobs", "/trainings"):
        assert bob.get(listing).json()["items"] == [], listing


def test_another_users_jobs_are_hidden(alice: httpx.Client, bob: httpx.Client, uploaded: Uploaded) -> None:
    job_id = alice.get(f"/recordings/{uploaded.recording_id}").json()["job_id"]
    assert bob.get(f"/jobs/{job_id}").status_code == 404
    assert bob.post(f"/jobs/{job_id}/cancel").status_code == 404


def test_an_admin_sees_everything(admin: httpx.Client, alice: httpx.Client, uploaded: Uploaded) -> None:
    assert admin.get(f"/models/{uploaded.model_id}").status_code == 200
    owners = {m["owner_id"] for m in admin.get("/models").json()["items"]}
    alice_id = alice.get(f"/models/{uploaded.model_id}").json()["owner_id"]
    assert alice_id in owners
    assert admin.get(f"/coclusterings/{uploaded.coclustering_id}").json()["status"] == "succeeded"


def test_lists_are_paginated_and_filtered(alice: httpx.Client, uploaded: Uploaded) -> None:
    page = alice.get("/jobs", params={"limit": 1, "offset": 0}).json()
    assert page["limit"] == 1 and len(page["items"]) == 1 and page["total"] >= 2
    second = alice.get("/jobs", params={"limit": 1, "offset": 1}).json()
    assert second["items"][0]["id"] != page["items"][0]["id"]
    done = alice.get("/recordings", params={"status": "succeeded"}).json()["items"]
    assert uploaded.recording_id in [r["id"] for r in done]
    assert (
        alice.get("/recordings", params={"status": "failed", "model_id": uploaded.model_id}).json()["items"]
        == []
    )
    assert alice.get("/jobs", params={"limit": 0}).status_code == 422
