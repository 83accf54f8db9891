"""Jobs: progress, cancel (queued and running), the per-user limit, failures in words, deletes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import ACTIVE_JOB_LIMIT, upload_corpus, upload_model
from tests.service.stack import RunningService, wait_for_job

LONG_TRAINING = {"hidden_size": 64, "embedding_size": 32, "epochs": 100, "batch_size": 8}


@pytest.fixture(scope="module")
def carol(service: RunningService) -> Iterator[httpx.Client]:
    with service.client(service.create_user("carol")) as client:
        yield client


def _wait_status(client: httpx.Client, job_id: int, status: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/jobs/{job_id}").json()
        if job["status"] == status:
            return job
        time.sleep(0.1)
    raise TimeoutError(f"job {job_id} never reached {status}: {job}")


def test_cancel_limit_and_progress(carol: httpx.Client, ptb_lines: Path, model_dir: Path) -> None:
    corpus = upload_corpus(carol, ptb_lines).json()["id"]
    first = carol.post("/trainings", json={"corpus_id": corpus, **LONG_TRAINING}).json()
    running = _wait_status(carol, first["job_id"], "running")
    assert running["started_at"] is not None
    # progress moves while it runs
    deadline = time.monotonic() + 60
    while carol.get(f"/jobs/{first['job_id']}").json()["progress"] == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    job = carol.get(f"/jobs/{first['job_id']}").json()
    assert 0 < job["progress"] < 1 and "step" in job["message"]

    # behind it in the queue: a recording, whose statistics are not there yet
    model = upload_model(carol, model_dir).json()["id"]
    queued = carol.post("/recordings", json={"model_id": model, "corpus_id": corpus}).json()
    early = carol.post(f"/recordings/{queued['id']}/coclusterings", json={})
    assert early.status_code == 409 and "queued" in early.json()["detail"]
    assert carol.get(f"/recordings/{queued['id']}/response", params={"word": "the"}).status_code == 409

    more = [
        carol.post("/trainings", json={"corpus_id": corpus, **LONG_TRAINING})
        for _ in range(ACTIVE_JOB_LIMIT - 2)
    ]
    assert all(m.status_code == 202 for m in more)
    refused = carol.post("/trainings", json={"corpus_id": corpus, **LONG_TRAINING})
    assert refused.status_code == 429 and f"limit is {ACTIVE_JOB_LIMIT}" in refused.json()["detail"]

    # a queued job is cancelled at once; the worker skips it later
    cancelled = carol.post(f"/jobs/{queued['job_id']}/cancel").json()
    assert cancelled["status"] == "cancelled"
    for m in more:
        assert carol.post(f"/jobs/{m.json()['job_id']}/cancel").json()["status"] == "cancelled"
    # a running job stops at its next check
    assert carol.post(f"/jobs/{first['job_id']}/cancel").json()["cancel_requested"] is True
    stopped = wait_for_job(carol, first["job_id"])
    assert stopped["status"] == "cancelled" and stopped["finished_at"] is not None
    assert carol.get(f"/trainings/{first['id']}").json()["model_id"] is None
    # with the queue free again, a new job runs (the cancelled ones were skipped, not run)
    quick = carol.post(
        "/trainings", json={"corpus_id": corpus, "epochs": 1, "hidden_size": 8, "embedding_size": 8}
    )
    done = wait_for_job(carol, quick.json()["job_id"])
    assert done["status"] == "succeeded", done
    training = carol.get(f"/trainings/{quick.json()['id']}").json()
    assert training["model_id"] is not None and training["metrics"]["train_loss"]
    trained = carol.get(f"/models/{training['model_id']}").json()
    assert (trained["cell"], trained["hidden_size"], trained["task"]) == ("lstm", 8, "language_model")
    assert carol.get(f"/recordings/{queued['id']}").json()["status"] == "cancelled"


def test_a_failed_job_says_why(
    carol: httpx.Client, service: RunningService, ptb_lines: Path, model_dir: Path
) -> None:
    corpus = upload_corpus(carol, ptb_lines, name="to be damaged").json()["id"]
    model = upload_model(carol, model_dir).json()["id"]
    stored = service.data_dir / "artifacts" / "corpora" / str(corpus) / "corpus.txt"
    with stored.open("ab") as f:
        f.write(b"bytes written behind the server's back\n")
    rec = carol.post("/recordings", json={"model_id": model, "corpus_id": corpus}).json()
    job = wait_for_job(carol, rec["job_id"])
    assert job["status"] == "failed"
    assert "changed since upload" in job["error"]
    assert carol.get(f"/recordings/{rec['id']}").json()["error"] == job["error"]
    # the damaged corpus goes: the session's server is shared with the other files' tests (a backup
    # of it refuses a stored file that no longer matches its checksum)
    assert carol.delete(f"/recordings/{rec['id']}").status_code == 204
    assert carol.delete(f"/corpora/{corpus}").status_code == 204


def test_deleting_a_model_removes_its_files_and_results(
    carol: httpx.Client, service: RunningService, ptb_lines: Path, model_dir: Path
) -> None:
    corpus = upload_corpus(carol, ptb_lines).json()["id"]
    model = upload_model(carol, model_dir).json()["id"]
    rec = carol.post("/recordings", json={"model_id": model, "corpus_id": corpus, "max_tokens": 3000}).json()
    assert wait_for_job(carol, rec["job_id"])["status"] == "succeeded"
    co = carol.post(f"/recordings/{rec['id']}/coclusterings", json={"n_clusters": 3, "min_count": 1}).json()
    assert wait_for_job(carol, co["job_id"])["status"] == "succeeded"
    folder = service.data_dir / "artifacts" / "models" / str(model)
    assert (folder / "weights.bin").exists()
    reads = [f"/coclusterings/{co['id']}", f"/recordings/{rec['id']}/response?word=the"]
    fresh = {"Connection": "close"}  # a new connection each time: every API process answers some
    for _ in range(10):
        for path in reads:  # fills the result caches of the API processes
            assert carol.get(path, headers=fresh).status_code == 200
    assert carol.delete(f"/models/{model}").status_code == 204
    for _ in range(10):
        for path in reads:  # no process serves a deleted result from its cache
            assert carol.get(path, headers=fresh).status_code == 404
    assert not folder.exists()
    assert carol.get(f"/models/{model}").status_code == 404
    assert carol.get(f"/recordings/{rec['id']}").status_code == 404
    assert carol.get(f"/coclusterings/{co['id']}").status_code == 404
    assert carol.delete(f"/corpora/{corpus}").status_code == 204
    assert not (service.data_dir / "artifacts" / "corpora" / str(corpus)).exists()
