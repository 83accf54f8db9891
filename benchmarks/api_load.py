"""API read latency under load: 32 concurrent clients for 30 s against `rnnvis serve`.

Each client loops without pause over GET /recordings/{id}/response?word=W (W drawn from the 300 most
frequent words, layer and state drawn too) and GET /coclusterings/{id}, alternately. The recording
is of a 2-layer, 200-unit LSTM over ptb.test.txt (see benchmarks/pipeline.py); the load generator
runs in this process (asyncio), on the same 2 cores as the server.

    .venv/bin/python -m benchmarks.api_load [--clients 32] [--seconds 30]
Last line: requests_per_s=... p50_ms=... p95_ms=... p99_ms=... (target: p95 under 50 ms)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

from benchmarks.pipeline import wait, write_model
from benchmarks.service_stack import SHARED_DATA, running_stack


def prepare(api: httpx.Client, folder: Path) -> tuple[int, int, list[str]]:
    model_dir = write_model(folder)
    with (model_dir / "model.safetensors").open("rb") as w, (model_dir / "vocab.txt").open("rb") as v:
        model = api.post("/models", data={"name": "lstm-200"}, files={"weights": w, "vocab": v}).json()
    with (SHARED_DATA / "ptb.test.txt").open("rb") as f:
        corpus = api.post("/corpora", data={"name": "ptb test", "format": "text"}, files={"file": f}).json()
    rec = api.post("/recordings", json={"model_id": model["id"], "corpus_id": corpus["id"]}).json()
    wait(api, rec["job_id"])
    co = api.post(f"/recordings/{rec['id']}/coclusterings", json={"layer": 1, "n_clusters": 10}).json()
    wait(api, co["job_id"])
    words = api.get(f"/recordings/{rec['id']}/matrix", params={"top_words": 300}).json()["words"]
    return rec["id"], co["id"], words


async def client_loop(
    api: httpx.AsyncClient, recording: int, coclustering: int, words: list[str], until: float, seed: int
) -> tuple[list[float], int]:
    rng = random.Random(seed)
    latencies, errors, turn = [], 0, seed % 2
    while time.perf_counter() < until:
        if turn:
            params = {"word": rng.choice(words), "layer": rng.randint(0, 1), "state": rng.choice(["h", "c"])}
            request = api.get(f"/recordings/{recording}/response", params=params)
        else:
            request = api.get(f"/coclusterings/{coclustering}")
        started = time.perf_counter()
        answer = await request
        latencies.append(time.perf_counter() - started)
        errors += answer.status_code != 200
        turn ^= 1
    return latencies, errors


async def load(url: str, token: str, recording: int, coclustering: int, words: list[str], clients: int, seconds: float) -> None:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=30) as api:
        await asyncio.gather(*(api.get(f"/coclusterings/{coclustering}") for _ in range(clients)))  # warm up
        until = time.perf_counter() + seconds
        results = await asyncio.gather(
            *(client_loop(api, recording, coclustering, words, until, i) for i in range(clients))
        )
    latencies = np.concatenate([np.asarray(r[0]) for r in results]) * 1000
    errors = sum(r[1] for r in results)
    p50, p95, p99 = np.percentile(latencies, [50, 95, 99])
    print(f"{clients} clients, {seconds:.0f} s: {len(latencies):,} requests, {errors} errors")
    print(f"requests_per_s={len(latencies) / seconds:.0f} p50_ms={p50:.1f} p95_ms={p95:.1f} p99_ms={p99:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running_stack() as (stack, token):
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"{stack.url}/api/v1", headers=headers, timeout=120) as api:
            recording, coclustering, words = prepare(api, Path(folder))
        asyncio.run(load(f"{stack.url}/api/v1", token, recording, coclustering, words, args.clients, args.seconds))


if __name__ == "__main__":
    main()
