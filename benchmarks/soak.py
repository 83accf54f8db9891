"""Soak: a mixed load on `rnnvis serve` for a set time, with the batch worker's process SIGKILLed every
--kill-every seconds (what the out-of-memory killer does); nothing may be lost and nothing may fail.

Each of --users users uploads corpora and a model, records, co-clusters, reads statistics and
co-clusterings, evaluates sentences and deletes corpora it uploaded, at random, without pause. A 429
(too many of the user's jobs active) makes it wait. Jobs are watched until they end: at the end
every job submitted must have succeeded (lost = the others), and no request may have answered 5xx.
Each process of the stack (API, workers and their pool children, Redis, PostgreSQL) is measured at
the start and the end: resident memory and open files.

The stack's jobs settings are shortened so that a killed job is found in seconds: heartbeat 2 s,
stale after 20 s, reaper every 5 s.

    .venv/bin/python -m benchmarks.soak [--minutes 30] [--kill-every 120] [--users 3]
Last line: jobs=N succeeded=N lost=0 errors_5xx=0 requests=N kills=N
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from benchmarks.service_stack import random_lstm, running_stack
from runtime.stack import Stack
from services.database.session import session_scope
from services.domain.users import register
from tests.shared_data import SHARED_DATA

ACTIVE = ("queued", "running")
JOBS = {"job_heartbeat_s": 2.0, "job_stale_after_s": 20.0, "job_reap_interval_s": 5.0}


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    jobs: dict[int, str] = field(default_factory=dict)  # job id -> the token that owns it
    actions: Counter[str] = field(default_factory=Counter)

    def seen(self, answer: httpx.Response) -> httpx.Response:
        with self.lock:
            self.requests += 1
            self.statuses[answer.status_code] += 1
            if answer.status_code >= 500:
                request = answer.request
                self.server_errors.append(
                    f"{request.method} {request.url.path}: {answer.status_code} {answer.text[:200]}"
                )
        return answer


class User:
    """One user's random walk over the API."""

    def __init__(
        self, url: str, token: str, model_dir: Path, lines: list[str], tally: Tally, seed: int
    ) -> None:
        self.api = httpx.Client(
            base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
        self.token, self.model_dir, self.lines, self.tally = token, model_dir, lines, tally
        self.rng = random.Random(seed)
        self.model_id = 0
        self.corpora: list[int] = []
        self.spare: list[int] = []  # corpora uploaded only to be deleted
        self.recordings: list[int] = []
        self.coclusterings: list[int] = []
        self.words: list[str] = ["the"]

    def call(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        return self.tally.seen(self.api.request(method, path, **kwargs))  # type: ignore[arg-type]

    def upload_corpus(self) -> int | None:
        start = self.rng.randrange(0, len(self.lines) - 400)
        text = "".join(self.lines[start : start + self.rng.randint(150, 400)])
        answer = self.call(
            "POST",
            "/corpora",
            data={"name": "soak", "format": "text"},
            files={"file": ("c.txt", text.encode())},
        )
        return int(answer.json()["id"]) if answer.status_code == 201 else None

    def prepare(self) -> None:
        with (
            (self.model_dir / "model.safetensors").open("rb") as w,
            (self.model_dir / "vocab.txt").open("rb") as v,
        ):
            answer = self.call("POST", "/models", data={"name": "soak"}, files={"weights": w, "vocab": v})
        answer.raise_for_status()
        self.model_id = answer.json()["id"]
        corpus = self.upload_corpus()
        assert corpus is not None
        self.corpora.append(corpus)

    def submitted(self, answer: httpx.Response) -> dict[str, int] | None:
        if answer.status_code == 429:
            time.sleep(0.5)
            return None
        if answer.status_code != 202:
            return None
        body = answer.json()
        with self.tally.lock:
            self.tally.jobs[int(body["job_id"])] = self.token
        return {"id": int(body["id"]), "job_id": int(body["job_id"])}

    def step(self) -> None:
        action = self.rng.choices(
            ["upload", "record", "cocluster", "read", "evaluate", "delete"], weights=[1, 2, 2, 6, 3, 1]
        )[0]
        self.tally.actions[action] += 1
        if action == "upload":
            if (corpus := self.upload_corpus()) is not None:
                (self.spare if self.rng.random() < 0.5 else self.corpora).append(corpus)
        elif action == "record":
            body = {"model_id": self.model_id, "corpus_id": self.rng.choice(self.corpora), "top_words": 50}
            if (made := self.submitted(self.call("POST", "/recordings", json=body))) is not None:
                self.recordings.append(made["id"])
        elif action == "cocluster" and self.recordings:
            rec = self.rng.choice(self.recordings)
            if self.call("GET", f"/recordings/{rec}").json().get("status") != "succeeded":
                return
            body = {
                "n_clusters": self.rng.randint(2, 4),
                "top_words": 50,
                "min_count": 1,
                "seed": self.rng.randint(0, 9),
            }
            if (
                made := self.submitted(self.call("POST", f"/recordings/{rec}/coclusterings", json=body))
            ) is not None:
                self.coclusterings.append(made["id"])
        elif action == "read" and self.recordings:
            rec = self.rng.choice(self.recordings)
            matrix = self.call("GET", f"/recordings/{rec}/matrix", params={"top_words": 50})
            if matrix.status_code == 200:
                self.words = matrix.json()["words"] or self.words
                self.call("GET", f"/recordings/{rec}/response", params={"word": self.rng.choice(self.words)})
            if self.coclusterings:
                self.call("GET", f"/coclusterings/{self.rng.choice(self.coclusterings)}")
            self.call("GET", "/jobs", params={"limit": 20})
        elif action == "evaluate":
            words = " ".join(self.rng.choice(self.words) for _ in range(self.rng.randint(5, 30)))
            self.call("POST", f"/models/{self.model_id}/evaluate", json={"text": words})
        elif action == "delete" and self.spare:
            self.call("DELETE", f"/corpora/{self.spare.pop()}")


def small_model(vocab: list[str], folder: Path) -> Path:
    """A 1 x 32 LSTM with random weights: the soak is about the service, not what a model learned."""
    return random_lstm(folder, vocab, layers=1, hidden=32, embedding=16)


def stack_processes(stack: Stack) -> dict[str, psutil.Process]:
    """Every process of the stack by a readable name (pool children numbered)."""
    found: dict[str, psutil.Process] = {}
    for name, child in stack.children.items():
        try:
            main = psutil.Process(child.pid)
        except psutil.NoSuchProcess:
            continue
        found[name] = main
        for i, sub in enumerate(main.children(recursive=True)):
            found[f"{name} child {i + 1}"] = sub
    if stack.redis is not None:
        found["redis-server"] = psutil.Process(stack.redis.process.pid)
    postmaster = stack.settings.data_dir.resolve() / "postgres" / "postmaster.pid"
    if postmaster.exists():
        pg = psutil.Process(int(postmaster.read_text().split()[0]))
        found["postgres"] = pg
        for i, sub in enumerate(pg.children()):
            found[f"postgres backend {i + 1}"] = sub
    return found


def measure(stack: Stack) -> dict[str, tuple[float, int]]:
    """name -> (resident MB, open files) of every process now."""
    figures = {}
    for name, process in stack_processes(stack).items():
        try:
            figures[name] = (process.memory_info().rss / 2**20, process.num_fds())
        except psutil.NoSuchProcess:
            continue
    return figures


def kill_batch_child(stack: Stack) -> int | None:
    """SIGKILL the batch worker's pool process (the one that runs jobs); Celery starts another."""
    worker = psutil.Process(stack.children["batch worker"].pid)
    children = worker.children()
    if not children:
        return None
    os.kill(children[0].pid, signal.SIGKILL)
    return children[0].pid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--kill-every", type=float, default=120.0, help="seconds between SIGKILLs")
    parser.add_argument("--users", type=int, default=3)
    args = parser.parse_args()

    lines = (SHARED_DATA / "ptb.valid.txt").read_text().splitlines(keepends=True)
    vocab = sorted({w for line in lines for w in line.split()}) + ["<eos>"]
    with (
        tempfile.TemporaryDirectory(prefix="rnnvis-soak-") as folder,
        running_stack(**JOBS) as (stack, admin),
    ):
        model_dir = small_model(vocab, Path(folder) / "model")
        tally = Tally()
        url = stack.url
        tokens = []
        with session_scope(stack.database_url) as session:  # as `rnnvis users create` does
            for i in range(args.users):
                tokens.append(register(session, f"soak-{i}")[1])
        users = [User(url, t, model_dir, lines, tally, seed=i) for i, t in enumerate(tokens)]
        for user in users:
            user.prepare()
        before = measure(stack)
        until = time.monotonic() + args.minutes * 60
        stop = threading.Event()

        def walk(user: User) -> None:
            while not stop.is_set() and time.monotonic() < until:
                try:
                    user.step()
                except httpx.HTTPError as exc:  # a request that got no answer at all counts as a failure
                    with tally.lock:
                        tally.server_errors.append(f"no answer: {type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=walk, args=(u,), daemon=True) for u in users]
        for thread in threads:
            thread.start()
        kills = 0
        next_kill = time.monotonic() + args.kill_every
        while time.monotonic() < until:
            time.sleep(1)
            if time.monotonic() >= next_kill:
                killed = kill_batch_child(stack)
                kills += killed is not None
                print(f"{time.strftime('%H:%M:%S')} SIGKILL batch worker process {killed}", flush=True)
                next_kill += args.kill_every
        stop.set()
        for thread in threads:
            thread.join(180)

        # every job must end, and succeed (a killed one is found by the reaper and runs again)
        ends: Counter[str] = Counter()
        deadline = time.monotonic() + 300
        clients = {
            t: httpx.Client(base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {t}"}, timeout=60)
            for t in tokens
        }
        for job, token in sorted(tally.jobs.items()):
            while (
                status := clients[token].get(f"/jobs/{job}").json()["status"]
            ) in ACTIVE and time.monotonic() < deadline:
                time.sleep(0.5)
            ends[status] += 1
        after = measure(stack)

    print(f"{'process':<28}{'MB start':>10}{'MB end':>10}{'files start':>13}{'files end':>11}")
    for name in sorted(before.keys() | after.keys()):
        b, a = before.get(name), after.get(name)
        print(
            f"{name:<28}{(f'{b[0]:.0f}' if b else '-'):>10}{(f'{a[0]:.0f}' if a else '-'):>10}"
            f"{(str(b[1]) if b else '-'):>13}{(str(a[1]) if a else '-'):>11}"
        )
    print(f"actions: {dict(tally.actions)}; answers: {dict(sorted(tally.statuses.items()))}")
    for error in tally.server_errors[:5]:
        print(f"  {error}")
    lost = sum(n for status, n in ends.items() if status != "succeeded")
    print(
        f"jobs={len(tally.jobs)} succeeded={ends['succeeded']} lost={lost} "
        f"errors_5xx={len(tally.server_errors)} requests={tally.requests} kills={kills}"
    )


if __name__ == "__main__":
    main()
