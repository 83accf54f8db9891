"""`rnnvis backup` of a serving server and `rnnvis restore` onto a new data folder (services/backups.py).

A populated server (a model, a corpus, a recording, a co-clustering, a scan, an ablation, a finished
training) is backed up while a training runs. The restored server answers every GET route of the
OpenAPI schema exactly as the original did, the running training is restored as queued and is sent
to the new workers, and a damaged backup or a folder that already holds a server is refused.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from runtime.embedded import start_postgres, stop_postgres
from services.backups import RESTORED
from services.database.session import sqlalchemy_url
from tests.service.conftest import Uploaded, sso_settings
from tests.service.stack import RNNVIS, RunningService, start_service, wait_for_job
from tests.service.test_route_walk import QUERIES


def _rnnvis(service: RunningService, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RNNVIS), *args], capture_output=True, text=True, env=service.env, timeout=300)


def _every_get(
    service: RunningService, client: httpx.Client, ids: dict[str, Any], running: dict[str, int]
) -> dict[str, Any]:
    """Every GET route of the schema with these ids: status and body (JSON parsed), without the
    running training and its job (they go on changing, and restore as queued)."""
    schema = httpx.get(f"{service.url}/openapi.json").json()
    answers: dict[str, Any] = {}
    for path, methods in schema["paths"].items():
        if "get" not in methods or not path.startswith("/api/v1/"):
            continue
        if {"/api/v1/jobs/{job_id}": "job_id", "/api/v1/trainings/{training_id}": "training_id"}.get(path):
            answers[path] = _answer(client.get(path.format(**ids).removeprefix("/api/v1")))
            continue
        missing = set(re.findall(r"{(\w+)}", path)) - ids.keys()
        assert not missing, f"{path}: no id for {missing}"
        params = {k: v.format(**ids) for k, v in QUERIES.get(path, {}).items()}
        answers[path] = _answer(client.get(path.format(**ids).removeprefix("/api/v1"), params=params))
    for listing, key in (("/api/v1/jobs", "job"), ("/api/v1/trainings", "training")):
        status, body = answers[listing]
        items = body["items"] if isinstance(body, dict) and "items" in body else body
        kept = [item for item in items if item["id"] != running[key]]
        assert len(kept) == len(items) - 1, (listing, items)
        answers[listing] = (status, kept)
    return answers


def _answer(response: httpx.Response) -> tuple[int, Any]:
    if response.headers.get("content-type", "").startswith("application/json"):
        return response.status_code, response.json()
    return response.status_code, response.content


def test_a_backup_taken_while_serving_restores_to_the_same_answers(
    service: RunningService, alice: httpx.Client, uploaded: Uploaded, tmp_path: Path, oidc_provider: str
) -> None:
    training = alice.post(
        "/trainings", json={"corpus_id": uploaded.corpus_id, "hidden_size": 4, "embedding_size": 4}
    ).json()
    assert wait_for_job(alice, training["job_id"])["status"] == "succeeded"
    scan = alice.post(
        f"/recordings/{uploaded.recording_id}/coclustering-scans", json={"k_max": 3, "seeds": 2}
    )
    ablation = alice.post(
        f"/coclusterings/{uploaded.coclustering_id}/ablations",
        json={"units": [0, 1], "controls": 1, "max_tokens": 300},
    )
    for started in (scan, ablation):
        assert started.status_code == 202, started.text
        assert wait_for_job(alice, started.json()["job_id"])["status"] == "succeeded"
    ids = {
        "model_id": uploaded.model_id,
        "corpus_id": uploaded.corpus_id,
        "recording_id": uploaded.recording_id,
        "coclustering_id": uploaded.coclustering_id,
        "training_id": training["id"],
        "job_id": training["job_id"],
        "scan_id": scan.json()["id"],
        "ablation_id": ablation.json()["id"],
        "unit": 0,
        "user_id": 1,
    }
    # a training that runs for minutes: it is running when the backup is taken
    long = alice.post(
        "/trainings",
        json={"corpus_id": uploaded.corpus_id, "hidden_size": 64, "embedding_size": 32, "epochs": 100},
    ).json()
    running = {"job": long["job_id"], "training": long["id"]}
    deadline = time.monotonic() + 60
    while alice.get(f"/jobs/{long['job_id']}").json()["status"] != "running":
        assert time.monotonic() < deadline, "the long training did not start"
        time.sleep(0.2)

    backup = tmp_path / "backup"
    done = _rnnvis(service, "backup", str(backup), "--data-dir", str(service.data_dir))
    assert done.returncode == 0, done.stderr
    assert re.match(r"backed up \d+ models and corpora \(\d+ files, [\d,]+ bytes\)", done.stdout), done.stdout
    assert alice.get(f"/jobs/{long['job_id']}").json()["status"] == "running"  # served all along
    before = _every_get(service, alice, ids, running)
    alice.post(f"/jobs/{long['job_id']}/cancel")
    assert (backup / "manifest.json").is_file() and (backup / "database.dump").is_file()

    # refused: a backup into a folder that holds something; a damaged backup
    refused = _rnnvis(service, "backup", str(backup), "--data-dir", str(service.data_dir))
    assert refused.returncode == 2 and "is not empty" in refused.stderr
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    weights = next((damaged / "artifacts" / "models").glob("*/*"))
    weights.write_bytes(weights.read_bytes()[:-1] + b"\0")
    refused = _rnnvis(service, "restore", str(damaged), "--data-dir", str(tmp_path / "never"))
    assert refused.returncode == 2 and "the backup is damaged" in refused.stderr, refused.stderr
    assert not (tmp_path / "never" / "postgres").exists()  # nothing made

    target = tmp_path / "restored"
    done = _rnnvis(service, "restore", str(backup), "--data-dir", str(target))
    assert done.returncode == 0, done.stderr
    assert "1 jobs were running or queued: queued again" in done.stdout
    engine = create_engine(sqlalchemy_url(start_postgres(target)))
    with engine.connect() as connection:
        job = connection.execute(
            text("SELECT status, message FROM jobs WHERE id = :id"), {"id": long["job_id"]}
        ).one()
    engine.dispose()
    stop_postgres(target)
    assert tuple(job) == ("queued", RESTORED)
    refused = _rnnvis(service, "restore", str(backup), "--data-dir", str(target))
    assert refused.returncode == 2 and "already holds a server" in refused.stderr

    restored = start_service(target, **sso_settings(oidc_provider))  # the original's settings
    try:
        with restored.client(alice.headers["Authorization"].removeprefix("Bearer ")) as same_user:
            assert _every_get(restored, same_user, ids, running) == before
            # the restored training was sent to the new server's workers
            deadline = time.monotonic() + 60
            while same_user.get(f"/jobs/{long['job_id']}").json()["status"] != "running":
                assert time.monotonic() < deadline, same_user.get(f"/jobs/{long['job_id']}").json()
                time.sleep(0.2)
            same_user.post(f"/jobs/{long['job_id']}/cancel")
            assert wait_for_job(same_user, long["job_id"])["status"] == "cancelled"
    finally:
        assert restored.stop() == 0
