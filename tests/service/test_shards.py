"""Sharded recordings across two "hosts" (SPEC 10): `rnnvis serve` (host A: its API and batch worker)
and a second batch worker started apart (host B) with its own data folder, cache and staging, sharing
nothing with A but PostgreSQL, Redis and the object store, as a worker on another machine would.

- a recording cut into shards, recorded by both workers, equals the same recording in one piece:
  identical counts and quantiles, mean and std within 1e-6;
- host B SIGKILLed while it records a shard: that shard is queued again alone and run by A, the
  others are kept, and the result is the same;
- the object store stopped while shards record and started again once a shard's upload failed: the
  shard keeps its result, sends it again, and the result is the same;
- when a shard has recorded, it merges the others in place only when that cannot wait on a queued
  shard (the decision, against the database, for each state the other shards can be in).

The object store is moto's standalone S3 server (tests/object_store.py), a stand-in for MinIO or AWS
S3 because no S3-compatible server installs on this machine. One machine, so both "hosts" share its
two cores.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.orm import Session

from runtime.embedded import start_postgres, stop_postgres
from services.database.session import sqlalchemy_url
from services.database.tables import Job, Recording, RecordingShard, utcnow
from services.jobs.reaper import reap_shards
from services.jobs.sharded_recording.reporter import ShardReporter
from services.models import save_model
from services.settings import Settings
from tests.conftest import random_model
from tests.object_store import BUCKET, keys, service_on_s3
from tests.service.conftest import upload_corpus
from tests.service.stack import RunningService, start_batch_worker, wait_for_job

# fast heartbeats, so that a lost worker is noticed in seconds, not minutes
JOBS: dict[str, Any] = {
    "job_heartbeat_s": 1,
    "job_stale_after_s": 6,
    "job_reap_interval_s": 1,
    "progress_interval_s": 0.2,
}
RECORDING = {"top_words": 50}


@pytest.fixture(scope="module")
def host_a(
    store: tuple[ThreadedMotoServer, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningService]:
    with service_on_s3(tmp_path_factory.mktemp("host-a") / "data", BUCKET, store[1], **JOBS) as service:
        yield service
    stop_postgres(service.data_dir)


class HostB:
    """The second worker; start() again after it was killed."""

    def __init__(self, service: RunningService, data_dir: Path) -> None:
        self.service, self.data_dir = service, data_dir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        logged = len(self.log())  # a restart appends to the log of the run before
        self.process = start_batch_worker(self.service, self.data_dir, "host-b")
        deadline = time.monotonic() + 60
        while b"ready." not in self.log()[logged:]:
            assert self.process.poll() is None, self.log().decode()
            assert time.monotonic() < deadline, "host B's worker did not start"
            time.sleep(0.2)

    def pids(self) -> set[int]:
        assert self.process is not None
        main = psutil.Process(self.process.pid)
        return {main.pid, *(child.pid for child in main.children(recursive=True))}

    def kill(self) -> None:
        for pid in self.pids():
            os.kill(pid, signal.SIGKILL)
        assert self.process is not None
        self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(60)

    def log(self) -> bytes:
        path = self.data_dir / "worker.log"
        return path.read_bytes() if path.exists() else b""


@pytest.fixture(scope="module")
def host_b(host_a: RunningService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostB]:
    host = HostB(host_a, tmp_path_factory.mktemp("host-b") / "data")
    host.start()
    yield host
    host.stop()


@pytest.fixture(scope="module")
def database(host_a: RunningService) -> Iterator[Any]:
    engine = create_engine(sqlalchemy_url(start_postgres(host_a.data_dir)))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def uploaded(
    host_a: RunningService, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """A 2 x 128 LSTM (random weights: the statistics are the point, not what it learned) and PTB
    valid + test twice over: 312k tokens in 14,262 lines, four batching windows."""
    folder = tmp_path_factory.mktemp("sharded")
    text_ = ((shared_data / "ptb.valid.txt").read_text() + (shared_data / "ptb.test.txt").read_text()) * 2
    corpus = folder / "ptb-twice.txt"
    corpus.write_text(text_)
    vocab = sorted(set(text_.split())) + ["<eos>"]
    model = random_model(vocab, hidden=128, embedding=32)
    model_folder = save_model(folder / "model", model.spec, model.vocab, model.state_dict)
    token = host_a.create_user("shards")
    with host_a.client(token) as client:
        with (
            (model_folder / "model.safetensors").open("rb") as w,
            (model_folder / "vocab.txt").open("rb") as v,
        ):
            model_id = client.post("/models", data={"name": "lstm128"}, files={"weights": w, "vocab": v})
        corpus_id = upload_corpus(client, corpus, name="ptb twice").raise_for_status().json()["id"]
        return {"token": token, "model_id": model_id.raise_for_status().json()["id"], "corpus_id": corpus_id}


def _record(client: httpx.Client, uploaded: dict[str, Any], shards: int) -> dict[str, Any]:
    body = {
        "model_id": uploaded["model_id"],
        "corpus_id": uploaded["corpus_id"],
        "shards": shards,
        **RECORDING,
    }
    answer = client.post("/recordings", json=body)
    assert answer.status_code == 202, answer.text
    return dict(answer.json())


def _statistics(client: httpx.Client, recording_id: int) -> dict[str, np.ndarray]:
    answer = client.get(f"/recordings/{recording_id}/export", params={"format": "npz"})
    answer.raise_for_status()
    with np.load(io.BytesIO(answer.content), allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def _assert_same(sharded: dict[str, np.ndarray], whole: dict[str, np.ndarray]) -> None:
    assert sharded.keys() == whole.keys()
    for name, values in whole.items():
        if name == "meta":  # the recording's description: its id and options differ
            continue
        if values.dtype.kind == "f" and name in ("mean", "std"):
            np.testing.assert_allclose(sharded[name], values, rtol=1e-6, atol=1e-9, err_msg=name)
        else:  # counts, words, quantiles: identical
            np.testing.assert_array_equal(sharded[name], values, err_msg=name)


def _shards(database: Any, recording_id: int) -> list[dict[str, Any]]:
    with database.connect() as connection:
        rows = connection.execute(
            text(
                'SELECT "index", status, attempts, tokens_done, worker FROM recording_shards '
                'WHERE recording_id = :r ORDER BY "index"'
            ),
            {"r": recording_id},
        )
        return [dict(row._mapping) for row in rows]


@pytest.fixture(scope="module")
def whole(host_a: RunningService, host_b: HostB, uploaded: dict[str, Any]) -> dict[str, np.ndarray]:
    with host_a.client(uploaded["token"]) as client:
        rec = _record(client, uploaded, shards=1)
        assert wait_for_job(client, rec["job_id"])["status"] == "succeeded"
        answer = client.get(f"/recordings/{rec['id']}").json()
        assert (answer["shards"], answer["shards_done"]) == (1, 1)
        return _statistics(client, rec["id"])


def test_shards_on_two_hosts_equal_the_whole_recording(
    host_a: RunningService,
    host_b: HostB,
    uploaded: dict[str, Any],
    whole: dict[str, np.ndarray],
    database: Any,
    store: tuple[ThreadedMotoServer, str],
) -> None:
    with host_a.client(uploaded["token"]) as client:
        rec = _record(client, uploaded, shards=4)
        job = wait_for_job(client, rec["job_id"])
        assert job["status"] == "succeeded", job
        assert "in 4 shards" in job["message"]
        answer = client.get(f"/recordings/{rec['id']}").json()
        assert (answer["shards"], answer["shards_done"], answer["tokens"]) == (4, 4, 312_380)
        _assert_same(_statistics(client, rec["id"]), whole)
    shards = _shards(database, rec["id"])
    assert [s["status"] for s in shards] == ["done"] * 4
    b_pids = host_b.pids()
    on_b = [s for s in shards if int(s["worker"].rsplit(":", 1)[1]) in b_pids]
    assert 0 < len(on_b) < 4, shards  # both hosts recorded shards
    assert list((host_b.data_dir / "cache" / "models").iterdir())  # B read the model through its own cache
    assert not [
        k for k in keys(store[1], BUCKET) if k.startswith(f"lab/recordings/{rec['id']}/")
    ]  # merged: gone


def test_a_shard_whose_host_is_killed_runs_again_alone(
    host_a: RunningService,
    host_b: HostB,
    uploaded: dict[str, Any],
    whole: dict[str, np.ndarray],
    database: Any,
) -> None:
    with host_a.client(uploaded["token"]) as client:
        rec = _record(client, uploaded, shards=4)
        b_pids = host_b.pids()
        deadline = time.monotonic() + 60
        victim = None
        while victim is None:
            assert time.monotonic() < deadline, _shards(database, rec["id"])
            for shard in _shards(database, rec["id"]):
                if shard["status"] == "running" and int(shard["worker"].rsplit(":", 1)[1]) in b_pids:
                    victim = shard["index"]
            time.sleep(0.05)
        host_b.kill()  # SIGKILL, main process and child, in the middle of its shard
        try:
            job = wait_for_job(client, rec["job_id"])
            assert job["status"] == "succeeded", job
            shards = _shards(database, rec["id"])
            assert shards[victim]["attempts"] == 2, shards  # run again, once
            assert [s["attempts"] for s in shards if s["index"] != victim] == [1, 1, 1]  # the others kept
            _assert_same(_statistics(client, rec["id"]), whole)
        finally:
            host_b.start()


def test_the_object_store_restarting_while_shards_upload_loses_nothing(
    host_a: RunningService,
    host_b: HostB,
    uploaded: dict[str, Any],
    whole: dict[str, np.ndarray],
    database: Any,
    store: tuple[ThreadedMotoServer, str],
) -> None:
    server = store[0]
    logs_before = len(host_b.log()), _log_a(host_a)
    with host_a.client(uploaded["token"]) as client:
        rec = _record(client, uploaded, shards=2)
        deadline = time.monotonic() + 60
        while not all(
            s["status"] == "running" and s["tokens_done"] > 0
            for s in _shards(database, rec["id"]) or [{"status": "queued"}]
        ):
            assert time.monotonic() < deadline, _shards(database, rec["id"])
            time.sleep(0.02)
        # both shards have their inputs and are recording, one on each host: the first stores its
        # partial when done, the last waits for it and merges it in place
        server.stop()
        try:
            deadline = time.monotonic() + 60
            while (
                b"trying again in"
                not in host_b.log()[logs_before[0] :] + _log_a(host_a)[len(logs_before[1]) :]
            ):
                assert time.monotonic() < deadline, "no shard tried to upload while the store was away"
                time.sleep(0.1)
        finally:
            server.start()
        job = wait_for_job(client, rec["job_id"])
        assert job["status"] == "succeeded", job
        assert [s["attempts"] for s in _shards(database, rec["id"])] == [1, 1]  # kept their work
        _assert_same(_statistics(client, rec["id"]), whole)


def _log_a(service: RunningService) -> bytes:
    return (service.data_dir / "logs" / "batch-worker.log").read_bytes()


def _recording_by_hand(database: Any, shards: int) -> tuple[int, int]:
    """A running job's recording in `shards` shards, each running with a fresh heartbeat, written
    straight into PostgreSQL (no worker was sent one): (job id, recording id)."""
    with Session(database) as session:
        model = session.query(Recording).filter(Recording.planned_shards == 1).first()
        assert model is not None
        job = Job(owner_id=model.owner_id, kind="recording", status="running", heartbeat_at=utcnow())
        session.add(job)
        session.flush()
        rec = Recording(
            owner_id=model.owner_id,
            model_id=model.model_id,
            corpus_id=model.corpus_id,
            job_id=job.id,
            options=model.options,
            label="by hand",
            hidden_size=model.hidden_size,
            planned_shards=shards,
        )
        session.add(rec)
        session.flush()
        for index in range(shards):
            session.add(
                RecordingShard(
                    recording_id=rec.id, index=index, first_sequence=0, skip_batches=0, num_batches=1,
                    tokens=1, status="running", attempts=1, heartbeat_at=utcnow(),
                )
            )  # fmt: skip
        session.commit()
        return job.id, rec.id


def _set_shard(database: Any, recording_id: int, index: int, **values: Any) -> None:
    with database.begin() as connection:
        connection.execute(
            update(RecordingShard)
            .where(RecordingShard.recording_id == recording_id, RecordingShard.index == index)
            .values(**values)
        )


def test_the_last_shard_merges_in_place_only_when_no_shard_is_queued(
    host_a: RunningService, whole: dict[str, np.ndarray], database: Any
) -> None:
    """ShardReporter.merges_here against PostgreSQL: a three-shard recording's rows set by hand (no
    worker takes them: the job is ended before the reaper's staleness window)."""
    job_id, recording_id = _recording_by_hand(database, 3)
    settings = Settings(database_url=str(database.url.render_as_string(hide_password=False)), **JOBS)

    def reporter(index: int) -> ShardReporter:
        shard = ShardReporter(settings, job_id, index)
        shard.recording_id, shard.shards = recording_id, 3
        return shard

    def set_shard(index: int, **values: Any) -> None:
        _set_shard(database, recording_id, index, **values)

    try:
        # not the last: never waits, though the others record on live workers
        assert reporter(0).merges_here() is False
        # the last, shard 1 recording on a live worker: it waits until shard 1 is done, then merges
        set_shard(0, status="done")
        timer = threading.Timer(1.5, set_shard, [1], {"status": "done"})
        started = time.monotonic()
        timer.start()
        assert reporter(2).merges_here() is True
        assert time.monotonic() - started >= 1.4
        # shard 1 queued again (its worker died): the last shard does not wait for a worker
        set_shard(1, status="queued", heartbeat_at=None)
        assert reporter(2).merges_here() is False
        # shard 1 running but its heartbeat stale (its worker is gone, not yet reaped)
        set_shard(
            1, status="running", heartbeat_at=utcnow() - timedelta(seconds=JOBS["job_stale_after_s"] + 1)
        )
        assert reporter(2).merges_here() is False
        # every other shard done: any shard merges (here the first, recorded again after a failure)
        set_shard(1, status="done")
        set_shard(2, status="done")
        set_shard(0, status="running")
        assert reporter(0).merges_here() is True
        # the job cancelled while the last shard waits: it stops
        set_shard(0, status="done")
        set_shard(1, status="running", heartbeat_at=utcnow())
        set_shard(2, status="running")
        with database.begin() as connection:
            connection.execute(update(Job).where(Job.id == job_id).values(cancel_requested=True))
        last = reporter(2)
        assert last.merges_here() is False
        assert last.should_stop()
    finally:
        with database.begin() as connection:
            connection.execute(update(Job).where(Job.id == job_id).values(status="cancelled"))


def test_a_merge_saving_its_statistics_is_not_taken_for_a_lost_shard(
    host_a: RunningService, whole: dict[str, np.ndarray], database: Any
) -> None:
    """While the last shard's merge holds its job's row (saving the statistics can take minutes), the
    shard's heartbeat goes on and the reaper neither waits for the row nor queues the shard again.
    Seen on a slowed machine: the heartbeat waited behind the merge, the shard looked lost, and the
    reaper (holding the shard's row, waiting for the job's) deadlocked with the merge's commit."""
    job_id, recording_id = _recording_by_hand(database, 2)
    _set_shard(database, recording_id, 0, status="done")
    settings = Settings(database_url=str(database.url.render_as_string(hide_password=False)), **JOBS)
    merging = ShardReporter(settings, job_id, 1)
    merging.recording_id, merging.shards = recording_id, 2
    sent: list[tuple[str, int, int | None]] = []

    def within(seconds: float, work: Any) -> bool:
        """Whether work() returned within the time (it may wait on a row lock)."""
        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(seconds)
        return not thread.is_alive()

    merge = database.connect()
    held = merge.begin()
    try:
        merge.execute(select(Job.id).where(Job.id == job_id).with_for_update())  # as _merge does
        stale = utcnow() - timedelta(seconds=JOBS["job_stale_after_s"] + 1)
        _set_shard(database, recording_id, 1, heartbeat_at=stale)

        def reap() -> None:
            reap_shards(settings.database_url, lambda *m: sent.append(m), JOBS["job_stale_after_s"], 3)

        assert within(10, reap), "the reaper waited for the job's row while holding the shard's"
        assert sent == []
        assert within(10, merging.beat), "the shard's heartbeat waited behind the merge"
        with Session(database) as session:
            shard = session.get_one(RecordingShard, (recording_id, 1))
            assert shard.status == "running" and shard.heartbeat_at > stale
        merge.execute(update(Job).where(Job.id == job_id).values(status="cancelled"))  # no worker runs it
        held.commit()
    finally:
        if held.is_active:
            held.rollback()
        merge.close()
        with database.begin() as connection:
            connection.execute(update(Job).where(Job.id == job_id).values(status="cancelled"))
