"""A full disk: the artifact folder (records' files and staging) on a 16 MiB tmpfs mounted for this
test (root can mount one here; the test is skipped, saying so, where it cannot), the database on
another disk. The disk is filled to a few KiB with a file of the test's, then:

- an upload answers 507 in words, and its part written is gone;
- an export answers 507 in words;
- a training and a sharded recording fail with the reason, their partial files gone;
- the server goes on serving: reads answer, and once space is freed an upload that fits is kept.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime.embedded import stop_postgres
from services.storage.artifacts import disk_full_words
from tests.service.conftest import upload_corpus, upload_model
from tests.service.stack import RunningService, start_service, wait_for_job

DISK_BYTES = 16 * 1024 * 1024
FULL = disk_full_words("x").split(" (")[0]  # "the server's disk is full": the one wording


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    mount = tmp_path_factory.mktemp("small-disk")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here ({done.stderr.strip()}): the disk-full tests need root")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=False)


@pytest.fixture(scope="module")
def service(small_disk: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    running = start_service(
        tmp_path_factory.mktemp("disk-full") / "data", artifact_url=str(small_disk / "artifacts")
    )
    yield running
    assert running.stop() == 0
    stop_postgres(running.data_dir)


@pytest.fixture(scope="module")
def client(service: RunningService) -> Iterator[httpx.Client]:
    with service.client(service.create_user("fills-disks")) as c:
        yield c


@pytest.fixture(scope="module")
def stored(client: httpx.Client, model_dir: Path, ptb_lines: Path) -> dict[str, Any]:
    """A model, a corpus and a recording of them, stored while there is room."""
    model = upload_model(client, model_dir).raise_for_status().json()
    corpus = upload_corpus(client, ptb_lines).raise_for_status().json()
    rec = client.post("/recordings", json={"model_id": model["id"], "corpus_id": corpus["id"]}).json()
    assert wait_for_job(client, rec["job_id"])["status"] == "succeeded"
    return {"model_id": model["id"], "corpus_id": corpus["id"], "recording_id": rec["id"]}


@contextmanager
def filled(disk: Path, leave: int) -> Iterator[None]:
    """The disk filled up to `leave` bytes free, for the block's time."""
    stats = os.statvfs(disk)
    filler = disk / "filler"
    with filler.open("wb") as out:
        out.truncate(0)
        left = stats.f_bavail * stats.f_frsize - leave
        while left > 0:
            left -= out.write(b"\0" * min(left, 1 << 20))
    try:
        yield
    finally:
        filler.unlink()


def staging(disk: Path) -> list[str]:
    return sorted(p.name for p in (disk / "artifacts" / "staging").iterdir())


def test_uploads_exports_and_jobs_on_a_full_disk_say_so_and_leave_nothing(
    service: RunningService,
    client: httpx.Client,
    stored: dict[str, Any],
    small_disk: Path,
    ptb_lines: Path,
    model_dir: Path,
) -> None:
    corpora_before = client.get("/corpora").json()
    with filled(small_disk, leave=64 * 1024):
        answer = upload_corpus(client, ptb_lines, name="too big")  # about 170 KB
        assert answer.status_code == 507, answer.text
        assert answer.json()["detail"].startswith(FULL), answer.text
        assert "nothing was kept" in answer.json()["detail"]
        assert staging(small_disk) == []  # the part written is gone
        assert client.get("/corpora").json() == corpora_before

        answer = client.get(f"/recordings/{stored['recording_id']}/export", params={"format": "json"})
        assert answer.status_code == 507, answer.text[:300]
        assert answer.json()["detail"].startswith(FULL)

        training = client.post("/trainings", json={"corpus_id": stored["corpus_id"], "hidden_size": 64})
        assert training.status_code == 202, training.text
        job = wait_for_job(client, training.json()["job_id"])
        assert job["status"] == "failed" and job["error"].startswith(FULL), job

        sharded = client.post(
            "/recordings",
            json={"model_id": stored["model_id"], "corpus_id": stored["corpus_id"], "shards": 2},
        )
        assert sharded.status_code == 202, sharded.text
        job = wait_for_job(client, sharded.json()["job_id"])
        assert job["status"] == "failed" and job["error"].startswith(FULL), job
        assert staging(small_disk) == []
        assert not (small_disk / "artifacts" / "recordings" / str(sharded.json()["id"])).exists()

        # everything stored before answers as it did
        assert client.get(f"/models/{stored['model_id']}").status_code == 200
        words = client.get(f"/recordings/{stored['recording_id']}/response", params={"word": "the"})
        assert words.status_code == 200, words.text
    # room again: an upload that fits is kept, an export answers
    assert upload_model(client, model_dir, name="after").status_code == 201
    assert (
        client.get(f"/recordings/{stored['recording_id']}/export", params={"format": "json"}).status_code
        == 200
    )
