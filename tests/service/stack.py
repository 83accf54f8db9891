"""A real `rnnvis serve` in a subprocess (its own PostgreSQL, Redis, workers and API) for the tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from rnnvis_client.client import FINISHED  # the job statuses after which nothing changes
from runtime.stack import free_port

RNNVIS = Path(sys.executable).with_name("rnnvis")


@dataclass
class RunningService:
    data_dir: Path
    port: int
    process: subprocess.Popen[str]
    env: dict[str, str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def create_user(self, name: str, admin: bool = False, expires_days: int | None = None) -> str:
        args = [str(RNNVIS), "users", "create", name, "--data-dir", str(self.data_dir)]
        if expires_days is not None:
            args += ["--expires-days", str(expires_days)]
        out = subprocess.run(
            args + (["--admin"] if admin else []), capture_output=True, text=True, env=self.env, timeout=120
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.strip().splitlines()[-1]

    def client(self, token: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=f"{self.url}/api/v1", headers=headers, timeout=60)

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()


def start_service(data_dir: Path, **settings: Any) -> RunningService:
    """`rnnvis serve` on a free port, ready. One API process unless `api_processes` is given: each
    costs about 2 CPU-s to start, and only the session's service (conftest: 2, the default of
    `serve`) tests what API processes share (the caches' evictions, the throttles)."""
    settings.setdefault("api_processes", 1)
    env = {**os.environ, **{f"RNNVIS_{k.upper()}": str(v) for k, v in settings.items()}}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "serve.log").open("a")  # a file, not a pipe: nobody reads a pipe while tests run
    process = subprocess.Popen(
        [str(RNNVIS), "serve", "--data-dir", str(data_dir), "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    service = RunningService(data_dir, port, process, env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"rnnvis serve exited early:\n{(data_dir / 'serve.log').read_text()}")
        try:
            if httpx.get(f"{service.url}/readyz", timeout=2).status_code == 200:
                return service
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    service.stop(signal.SIGKILL)
    raise RuntimeError("rnnvis serve was not ready within 120 s")


# How long a job may stand still (no new status, progress, message or attempt) before a test gives up
# on it. The bound is on progress, not on the wall clock, so a machine twice as slow waits twice as
# long and a stuck job still fails; RNNVIS_TEST_STALL_S raises it for a machine slower still.
STALL_S = float(os.environ.get("RNNVIS_TEST_STALL_S", "180"))


def token_of(http: httpx.Client) -> str:
    """The API token an authenticated test client sends."""
    return str(http.headers["Authorization"]).removeprefix("Bearer ")


def wait_for_job(client: httpx.Client, job_id: int, stall: float = STALL_S) -> dict[str, Any]:
    """The job once it has finished. A queued job waits behind others: while it does, any job of the
    same user that moves counts as movement too (the tests' queues hold their own users' jobs)."""
    last: object = None
    moved = time.monotonic()
    while True:
        job: dict[str, Any] = client.get(f"/jobs/{job_id}").raise_for_status().json()
        if job["status"] in FINISHED:
            return job
        state: object = (job["status"], job["progress"], job["message"], job["attempts"])
        if job["status"] == "queued":
            running = (
                client.get("/jobs", params={"status": "running", "limit": 500}).raise_for_status().json()
            )
            state = (state, [(j["id"], j["progress"], j["message"]) for j in running["items"]])
        if state != last:
            last, moved = state, time.monotonic()
        elif time.monotonic() - moved > stall:
            raise TimeoutError(
                f"job {job_id} stood still for {stall:g} s: {job['status']}, {job['message']!r}"
            )
        time.sleep(0.2)


def start_batch_worker(service: RunningService, data_dir: Path, name: str) -> subprocess.Popen[bytes]:
    """A batch worker as a second host would run it: its own data folder (so its own cache and
    staging), sharing only the service's PostgreSQL, Redis and artifact store. Logs to data_dir/worker.log."""
    from runtime.embedded import redis_socket_path, start_postgres

    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **service.env,
        "DATABASE_URL": start_postgres(service.data_dir),  # joins the service's server
        "REDIS_URL": f"redis+socket://{redis_socket_path(service.data_dir)}",
        "RNNVIS_DATA_DIR": str(data_dir),
    }
    command = [sys.executable, "-m", "celery", "-A", "worker.app", "worker", "--loglevel", "INFO"]
    command += ["--without-mingle", "--without-gossip", "-c", "1", "-Q", "batch", "-n", f"{name}@%h"]
    log = (data_dir / "worker.log").open("ab")
    return subprocess.Popen(
        command,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
