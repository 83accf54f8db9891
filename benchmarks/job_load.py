"""Many users at once: each submits co-clustering jobs and reads results, for a while; nothing is lost.

Each user owns a small model and corpus with one recording (made first). Then every user, at the
same time and without pause, submits a co-clustering, reads word statistics and its job while it
runs, and reads the result when it is done; a 429 (too many of its jobs active) makes it wait.
At the end every submitted job must have succeeded, and no request may have failed.

    .venv/bin/python -m benchmarks.job_load [--users 50] [--seconds 60]
Last line: users=... jobs=... lost=0 errors=0 requests_per_s=... p50_ms=... p95_ms=...
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

from tests.shared_data import SHARED_DATA


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    submitted: list[int] = field(default_factory=list)
    throttled: int = 0


async def _timed(tally: Tally, call: asyncio.Future | object) -> httpx.Response:
    started = time.perf_counter()
    answer: httpx.Response = await call  # type: ignore[misc]
    tally.latencies.append(time.perf_counter() - started)
    if answer.status_code >= 500 or answer.status_code in (401, 403, 404, 422):
        tally.errors.append(
            f"{answer.request.method} {answer.request.url.path}: {answer.status_code} {answer.text[:200]}"
        )
    return answer


async def user_loop(
    api: httpx.AsyncClient, recording: int, words: list[str], until: float, tally: Tally, seed: int
) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < until:
        body = {
            "n_clusters": rng.randint(2, 5),
            "top_words": rng.choice([50, 100, 200]),
            "min_count": 1,
            "seed": rng.randint(0, 9),
        }
        answer = await _timed(tally, api.post(f"/recordings/{recording}/coclusterings", json=body))
        if answer.status_code == 429:
            tally.throttled += 1
            await asyncio.sleep(0.5)
            continue
        if answer.status_code != 202:
            continue
        job, co = answer.json()["job_id"], answer.json()["id"]
        tally.submitted.append(job)
        while time.perf_counter() < until + 120:
            await _timed(
                tally, api.get(f"/recordings/{recording}/response", params={"word": rng.choice(words)})
            )
            status = (await _timed(tally, api.get(f"/jobs/{job}"))).json()["status"]
            if status not in ("queued", "running"):
                break
            await asyncio.sleep(0.2)
        await _timed(tally, api.get(f"/coclusterings/{co}"))


async def prepare_user(api: httpx.AsyncClient, model_dir: Path, corpus: Path) -> tuple[int, list[str]]:
    with (model_dir / "model.safetensors").open("rb") as w, (model_dir / "vocab.txt").open("rb") as v:
        model = (
            await api.post("/models", data={"name": "m"}, files={"weights": w.read(), "vocab": v.read()})
        ).json()
    corpus_id = (
        await api.post("/corpora", data={"name": "c", "format": "text"}, files={"file": corpus.read_bytes()})
    ).json()["id"]
    rec = (
        await api.post("/recordings", json={"model_id": model["id"], "corpus_id": corpus_id, "top_words": 50})
    ).json()
    while (await api.get(f"/jobs/{rec['job_id']}")).json()["status"] in ("queued", "running"):
        await asyncio.sleep(0.2)
    words = (await api.get(f"/recordings/{rec['id']}/matrix", params={"top_words": 100})).json()["words"]
    return rec["id"], words


async def run_load(
    url: str, tokens: list[str], model_dir: Path, corpus: Path, seconds: float
) -> dict[str, float]:
    clients = [
        httpx.AsyncClient(base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {t}"}, timeout=120)
        for t in tokens
    ]
    try:
        prepared = await asyncio.gather(*(prepare_user(c, model_dir, corpus) for c in clients))
        tally = Tally()
        until = time.perf_counter() + seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(
                user_loop(c, rec, words, until, tally, i)
                for i, (c, (rec, words)) in enumerate(zip(clients, prepared, strict=True))
            )
        )
        elapsed = time.perf_counter() - started
        # every submitted job must end, and succeed
        states = []
        for job in tally.submitted:
            owner = clients[0]
            for c in clients:
                answer = await c.get(f"/jobs/{job}")
                if answer.status_code == 200:
                    owner = c
                    break
            while (status := (await owner.get(f"/jobs/{job}")).json()["status"]) in ("queued", "running"):
                await asyncio.sleep(0.2)
            states.append(status)
    finally:
        for c in clients:
            await c.aclose()
    ms = np.asarray(tally.latencies) * 1000
    return {
        "users": len(tokens),
        "seconds": elapsed,
        "jobs": len(tally.submitted),
        "succeeded": states.count("succeeded"),
        "lost": len(states) - states.count("succeeded"),
        "throttled": tally.throttled,
        "errors": len(tally.errors),
        "first_errors": tally.errors[:3],  # type: ignore[dict-item]
        "requests": len(ms),
        "requests_per_s": len(ms) / elapsed,
        "p50_ms": float(np.percentile(ms, 50)),
        "p95_ms": float(np.percentile(ms, 95)),
    }


def format_result(r: dict[str, float]) -> str:
    return (
        f"users={r['users']} jobs={r['jobs']} lost={r['lost']} errors={r['errors']} "
        f"throttled={r['throttled']} requests_per_s={r['requests_per_s']:.0f} "
        f"p50_ms={r['p50_ms']:.1f} p95_ms={r['p95_ms']:.1f}"
    )


def main() -> None:
    from benchmarks.service_stack import running_stack
    from services.database import session_scope
    from services.domain.users import create_user
    from services.models import save_model
    from services.training import TrainingOptions, train

    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running_stack(max_active_jobs=2) as (stack, _):
        text = Path(folder) / "corpus.txt"
        text.write_text("".join((SHARED_DATA / "ptb.test.txt").read_text().splitlines(keepends=True)[:400]))
        trained = train(text, "text", TrainingOptions(hidden_size=32, embedding_size=16, max_vocab=2000))
        model_dir = save_model(
            Path(folder) / "m", trained.model.spec, trained.model.vocab, trained.model.state_dict
        )
        with session_scope(stack.database_url) as session:
            tokens = [create_user(session, f"load-{i}")[1] for i in range(args.users)]
        print(
            f"{args.users} users, each with a model, a corpus of 400 PTB lines and its recording; "
            f"then {args.seconds:.0f} s of load"
        )
        result = asyncio.run(run_load(stack.url, tokens, model_dir, text, args.seconds))
    jobs, ok, waited = result["jobs"], result["succeeded"], result["throttled"]
    print(f"{jobs} co-clustering jobs submitted, {ok} succeeded; {waited} submissions waited on 429")
    for error in result["first_errors"]:  # type: ignore[union-attr]
        print("error:", error)
    print(format_result(result))


if __name__ == "__main__":
    main()
