"""Scaling one recording out over batch workers (SPEC 10), through the service.

The benchmarks/recording.py model (2-layer LSTM, 650 units, 10,000 words; h and c of both layers,
quantiles of the top 300 words) over PTB text repeated to --tokens tokens, with the artifact store in
an S3 server (moto's, the stand-in for MinIO: no S3 server installs here):

  whole     shards=1 on one batch worker (the recording as one piece: the reference result)
  1 worker  shards=N on one batch worker (`rnnvis serve`'s own), the shards one after another
  2 workers shards=N with a second batch worker started apart (its own data folder and cache,
            sharing only PostgreSQL, Redis and the object store, as another host would)

Every worker process uses one torch thread. Each shard's and the merge's phases come from the
workers' `rnnvis-timing` log lines: inputs, record, write (the compressed partial), store (its
upload); fetch, add, statistics (quantiles) and save (PostgreSQL) for the merge.

    .venv/bin/python benchmarks/scaling.py [--tokens 1000000] [--shards 2]
Last line: speedup=<t 1 worker / t 2 workers> identical=<true|false> (2 workers vs whole)
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import httpx
import numpy as np
from moto.server import ThreadedMotoServer

from benchmarks.recording import build_corpus, build_model
from benchmarks.service_stack import free_port, running_stack
from runtime.stack import Stack
from services.models import save_model

BUCKET = "rnnvis-bench"
KEYS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"}
TIMING = re.compile(rb"rnnvis-timing (shard|merge) (.*)")


def record(client: httpx.Client, model_id: int, corpus_id: int, shards: int) -> tuple[float, int]:
    """Seconds from the request to the job's end, and the recording's id."""
    started = time.perf_counter()
    rec = client.post("/recordings", json={"model_id": model_id, "corpus_id": corpus_id, "shards": shards})
    rec.raise_for_status()
    job_id = rec.json()["job_id"]
    while True:
        job = client.get(f"/jobs/{job_id}").raise_for_status().json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.25)
    elapsed = time.perf_counter() - started
    if job["status"] != "succeeded":
        raise SystemExit(f"recording {rec.json()['id']} {job['status']}: {job.get('error')}")
    return elapsed, int(rec.json()["id"])


def statistics(client: httpx.Client, recording_id: int) -> dict[str, np.ndarray]:
    answer = client.get(f"/recordings/{recording_id}/export", params={"format": "npz"}, timeout=600)
    answer.raise_for_status()
    with np.load(io.BytesIO(answer.content), allow_pickle=False) as data:
        return {name: data[name] for name in data.files if name != "meta"}


def identical(sharded: dict[str, np.ndarray], whole: dict[str, np.ndarray]) -> bool:
    """Counts, words and quantiles identical; mean and std within 1e-6 relative (SPEC 10). Says
    which array differs, and by how much."""
    same = sharded.keys() == whole.keys()
    for name, values in whole.items():
        if name in ("mean", "std"):
            close = np.isclose(sharded[name], values, rtol=1e-6, atol=1e-9)
            if not close.all():
                worst = np.abs(sharded[name] - values).max()
                print(f"  {name}: {int((~close).sum()):,} of {values.size:,} differ (max |diff| {worst:.3g})")
                same = False
        elif not np.array_equal(sharded[name], values):
            differ = sharded[name] != values if sharded[name].shape == values.shape else np.ones(1, bool)
            print(f"  {name}: {int(differ.sum()):,} of {values.size:,} values differ")
            same = False
    return same


def timings(logs: list[Path], job_id: int) -> list[tuple[str, dict[str, float]]]:
    found = []
    for log in logs:
        for kind, fields in TIMING.findall(log.read_bytes() if log.exists() else b""):
            values = dict(item.split("=", 1) for item in fields.decode().split())
            if values.get("job") == str(job_id):
                found.append((kind.decode(), {k: float(v) for k, v in values.items() if k != "job"}))
    return found


def second_worker(stack: Stack, folder: Path) -> subprocess.Popen[bytes]:
    assert stack.redis is not None
    env = {**os.environ, "DATABASE_URL": stack.database_url, "REDIS_URL": stack.redis.url}
    env["RNNVIS_DATA_DIR"] = str(folder)
    command = [sys.executable, "-m", "celery", "-A", "worker.app", "worker", "--loglevel", "INFO"]
    command += ["--without-mingle", "--without-gossip", "-c", "1", "-Q", "batch", "-n", "second@%h"]
    folder.mkdir(parents=True)
    log = (folder / "worker.log").open("ab")
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=log, cwd=Path(__file__).resolve().parents[1]
    )
    deadline = time.monotonic() + 60
    while b"ready." not in (folder / "worker.log").read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the second worker did not start:\n" + (folder / "worker.log").read_text())
        time.sleep(0.2)
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tokens", type=int, default=1_000_000, help="corpus size (PTB text repeated)")
    parser.add_argument("--shards", type=int, default=2, help="shards of the sharded runs")
    args = parser.parse_args()

    os.environ.update(KEYS)
    port = free_port(8900)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=BUCKET)
    os.environ["RNNVIS_ARTIFACT_URL"] = f"s3://{BUCKET}/bench"
    os.environ["RNNVIS_S3_ENDPOINT_URL"] = endpoint
    os.environ["RNNVIS_JOB_TIME_LIMIT_S"] = "7200"
    second: subprocess.Popen[bytes] | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="rnnvis-scaling-") as tmp, running_stack() as (stack, token):
            folder = Path(tmp)
            corpus = build_corpus(args.tokens, folder)
            loaded = build_model()
            model_folder = save_model(folder / "model", loaded.spec, loaded.vocab, loaded.state_dict)
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=f"{stack.url}/api/v1", headers=headers, timeout=120) as client:
                with (
                    (model_folder / "model.safetensors").open("rb") as w,
                    (model_folder / "vocab.txt").open("rb") as v,
                ):
                    model_id = client.post(
                        "/models", data={"name": "lstm650"}, files={"weights": w, "vocab": v}
                    )
                with corpus.open("rb") as f:
                    corpus_id = client.post(
                        "/corpora", data={"name": "ptb", "format": "text"}, files={"file": f}
                    )
                model_id, corpus_id = (
                    model_id.raise_for_status().json()["id"],
                    corpus_id.raise_for_status().json()["id"],
                )
                logs = [
                    stack.settings.data_dir / "logs" / "batch-worker.log",
                    folder / "second" / "worker.log",
                ]

                t_whole, whole_id = record(client, model_id, corpus_id, 1)
                print(f"whole, 1 worker:        {t_whole:8.1f} s", flush=True)
                t1, one_id = record(client, model_id, corpus_id, args.shards)
                print(f"{args.shards} shards, 1 worker:    {t1:8.1f} s", flush=True)
                second = second_worker(stack, folder / "second")
                t2, two_id = record(client, model_id, corpus_id, args.shards)
                print(f"{args.shards} shards, 2 workers:   {t2:8.1f} s", flush=True)

                time.sleep(2)  # the merge logs its timing just after it commits
                rec = client.get(f"/recordings/{two_id}").json()
                jobs = {
                    name: client.get(f"/recordings/{i}").json()["job_id"]
                    for name, i in (("1 worker", one_id), ("2 workers", two_id))
                }
                for name, job_id in jobs.items():
                    for kind, values in timings(logs, job_id):
                        print(f"  {name}: {kind} " + " ".join(f"{k}={v:g}" for k, v in values.items()))
                whole, sharded = statistics(client, whole_id), statistics(client, two_id)
                same = identical(sharded, whole) and identical(statistics(client, one_id), whole)
                print(f"tokens={rec['tokens']} shards={rec['shards']} words={rec['words']}")
                print(f"speedup over the whole recording: {t_whole / t2:.2f}")
                print(f"speedup={t1 / t2:.2f} identical={str(same).lower()}")
    finally:
        if second is not None:
            second.terminate()
            second.wait(60)
        server.stop()


if __name__ == "__main__":
    main()
