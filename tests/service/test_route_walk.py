"""Every route of the OpenAPI schema, with another user's ids: 404, never their data."""

from __future__ import annotations

import re

import httpx

from tests.service.conftest import Uploaded
from tests.service.stack import RunningService, wait_for_job

BODIES = {
    ("post", "/api/v1/models/{model_id}/evaluate"): {"text": "the"},
    ("post", "/api/v1/recordings/{recording_id}/coclusterings"): {},
    ("post", "/api/v1/recordings/{recording_id}/coclustering-scans"): {},
    ("post", "/api/v1/coclusterings/{coclustering_id}/edits"): {"merge": [0, 1]},
    ("post", "/api/v1/coclusterings/{coclustering_id}/ablations"): {"unit_cluster": 0},
}
QUERIES = {
    "/api/v1/recordings/{recording_id}/response": {"word": "the"},
    "/api/v1/recordings/{recording_id}/alignment": {"other": "{recording_id}"},
}


def test_every_route_with_another_users_ids_answers_404(
    service: RunningService, alice: httpx.Client, bob: httpx.Client, uploaded: Uploaded
) -> None:
    training = alice.post(
        "/trainings", json={"corpus_id": uploaded.corpus_id, "hidden_size": 4, "embedding_size": 4}
    )
    job_id = training.json()["job_id"]
    wait_for_job(alice, job_id)
    scan = alice.post(
        f"/recordings/{uploaded.recording_id}/coclustering-scans", json={"k_max": 3, "seeds": 2}
    )
    assert scan.status_code == 202, scan.text
    wait_for_job(alice, scan.json()["job_id"])
    ablation = alice.post(
        f"/coclusterings/{uploaded.coclustering_id}/ablations",
        json={"units": [0, 1], "controls": 1, "max_tokens": 300},
    )
    assert ablation.status_code == 202, ablation.text
    wait_for_job(alice, ablation.json()["job_id"])
    ids = {
        "model_id": uploaded.model_id,
        "corpus_id": uploaded.corpus_id,
        "recording_id": uploaded.recording_id,
        "coclustering_id": uploaded.coclustering_id,
        "training_id": training.json()["id"],
        "job_id": job_id,
        "scan_id": scan.json()["id"],
        "ablation_id": ablation.json()["id"],
        "token_id": alice.get("/tokens").json()[0]["id"],
        "unit": 0,
    }
    schema = httpx.get(f"{service.url}/openapi.json").json()
    walked = 0
    for path, methods in schema["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        if not names or names == ["unit"]:
            continue  # lists and creates without ids are covered by the owner tests
        if path.startswith("/api/v1/users/"):
            continue  # administrators' routes answer 403 to everyone else (test_tokens)
        url = path.format(**ids)
        for method in methods:
            params = {k: v.format(**ids) for k, v in QUERIES.get(path, {}).items()}
            body = BODIES.get((method, path))
            answer = bob.request(method.upper(), url.removeprefix("/api/v1"), params=params, json=body)
            assert answer.status_code == 404, (method, path, answer.status_code, answer.text)
            assert "not found" in answer.json()["detail"]
            walked += 1
    assert walked >= 15
    # and nothing of alice's changed: the deletes and the cancel above did nothing
    assert alice.get(f"/models/{uploaded.model_id}").status_code == 200
    assert alice.get(f"/recordings/{uploaded.recording_id}").json()["status"] == "succeeded"
    assert alice.get(f"/coclustering-scans/{scan.json()['id']}").json()["status"] == "succeeded"
