"""`rnnvis serve` itself: Ctrl-C stops every child, and the data survives a restart."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import psutil

from tests.service.stack import RNNVIS, free_port, start_service, wait_for_job


def _processes_of(data_dir: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if any(str(data_dir) in part for part in proc.info["cmdline"] or []):
                found.append(proc)
        except psutil.Error:
            continue
    return found


def _celery_main(node: str, missing_ok: bool = False) -> psutil.Process | None:
    """The main process of the Celery worker whose node name starts with `node`."""
    for proc in psutil.process_iter(["cmdline"]):
        try:
            cmdline = proc.info["cmdline"] or []
            if not any(part.startswith(node) for part in cmdline) or proc.status() == psutil.STATUS_ZOMBIE:
                continue
            parent = proc.parent()
            if parent is not None and "celery" not in " ".join(parent.cmdline()):
                return proc
        except psutil.Error:
            # a killed worker's children and the killed main itself (a zombie until reaped)
            # vanish or stop answering while we look; they are not the worker we want
            continue
    assert missing_ok, f"no worker {node}"
    return None


def test_ctrl_c_stops_everything_and_data_survives(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = start_service(data_dir)
    token = first.create_user("dora")
    with first.client(token) as client:
        corpus = client.post(
            "/corpora", data={"name": "kept", "format": "text"}, files={"file": ("c.txt", b"a b c\nd e\n")}
        ).json()
        # a worker that dies (killed for memory, say) is started again, and jobs run on it
        batch = _celery_main(f"batch-{first.process.pid}@")
        batch.kill()
        deadline = time.monotonic() + 60
        while _celery_main(f"batch-{first.process.pid}@", missing_ok=True) in (None, batch):
            assert time.monotonic() < deadline, "the batch worker was not started again"
            time.sleep(0.2)
        training = client.post(
            "/trainings", json={"corpus_id": corpus["id"], "hidden_size": 4, "embedding_size": 4}
        )
        assert wait_for_job(client, training.json()["job_id"])["status"] == "succeeded"
    assert first.stop(signal.SIGINT) == 0
    assert _processes_of(data_dir.resolve()) == []  # PostgreSQL, Redis, workers and API all gone
    assert not (data_dir / "postgres" / "postmaster.pid").exists()

    second = start_service(data_dir)
    try:
        with second.client(token) as client:
            again = client.get(f"/corpora/{corpus['id']}")
            assert again.status_code == 200
            assert again.json()["files"] == corpus["files"]
            assert again.json()["num_sequences"] == 2
    finally:
        assert second.stop(signal.SIGTERM) == 0


def test_a_signal_while_starting_stops_what_was_started(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    process = subprocess.Popen(
        [str(RNNVIS), "serve", "--data-dir", str(data_dir), "--port", str(free_port())],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not (data_dir / "postgres" / "postmaster.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # PostgreSQL is up; Redis, the workers and the API are on their way
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    assert _processes_of(data_dir.resolve()) == []
