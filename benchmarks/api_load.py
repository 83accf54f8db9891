"""API read latency under load: 32 concurrent clients for 30 s against `rnnvis serve`.

Each client loops without pause over GET /recordings/{id}/response?word=W (W drawn from the 300 most
frequent words, layer and state drawn too) and GET /coclusterings/{id}, alternately. The recording
is of a 2-layer, 200-unit LSTM over ptb.test.txt (see benchmarks/pipeline.py); the load generator
(benchmarks/http_load.py, asyncio streams) runs in this process, on the same 2 cores as the server.
The first read of each word fills the API processes' result cache; later reads come from it.

    .venv/bin/python -m benchmarks.api_load [--clients 32] [--seconds 30]
Last line: requests_per_s=... p50_ms=... p95_ms=... p99_ms=... (target: p95 under 50 ms)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import httpx
import numpy as np

from benchmarks.http_load import run_clients
from benchmarks.pipeline import wait, write_model
from benchmarks.service_stack import running_stack
from tests.shared_data import SHARED_DATA


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


def measure(
    port: int, token: str, recording: int, coclustering: int, words: list[str], clients: int, seconds: float
) -> None:
    rngs = [random.Random(i) for i in range(clients)]

    def next_path(client: int, turn: int) -> str:
        if (client + turn) % 2:
            return f"/api/v1/coclusterings/{coclustering}"
        rng = rngs[client]
        query = urlencode(
            {"word": rng.choice(words), "layer": rng.randint(0, 1), "state": rng.choice(["h", "c"])}
        )
        return f"/api/v1/recordings/{recording}/response?{query}"

    headers = {"Authorization": f"Bearer {token}"}
    latencies, errors = asyncio.run(run_clients("127.0.0.1", port, headers, clients, seconds, next_path))
    ms = np.asarray(latencies) * 1000
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    print(f"{clients} clients, {seconds:.0f} s: {len(ms):,} requests, {errors} errors")
    print(f"requests_per_s={len(ms) / seconds:.0f} p50_ms={p50:.1f} p95_ms={p95:.1f} p99_ms={p99:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running_stack() as (stack, token):
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"{stack.url}/api/v1", headers=headers, timeout=120) as api:
            recording, coclustering, words = prepare(api, Path(folder))
        measure(stack.port, token, recording, coclustering, words, args.clients, args.seconds)


if __name__ == "__main__":
    main()
