"""The whole service on one machine: PostgreSQL, Redis, migrations, workers and the API.

`rnnvis serve` runs this in the foreground; `rnnvis demo` runs it while it drives the API.
Children get their own sessions, so Ctrl-C reaches only this process, which stops them in order:
the API, then the workers (they finish or hand back their task), then Redis, then PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from runtime.embedded import EmbeddedRedis, start_postgres, stop_postgres
from runtime.supervision import PidFile
from services.database import upgrade
from services.errors import UserError
from services.jobs.reaper import mark_all_lost
from services.processes import DIE_WITH_PARENT, die_with_parent
from services.settings import Settings
from services.storage.artifacts import artifact_store

MAX_RESTARTS = 5  # child restarts allowed within RESTART_WINDOW_S before `serve` gives up
RESTART_WINDOW_S = 60.0


def free_port() -> int:
    """A port nothing listens on now, chosen by the kernel (for tests and benchmarks: another process
    could take it before the caller binds it, which the callers' start-up waits would show)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(host: str, port: int) -> bool:
    """Whether the API could listen there: tried as uvicorn binds (SO_REUSEADDR), so sockets of an
    earlier run left in TIME_WAIT do not count as in use."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


@dataclass
class Stack:
    settings: Settings
    host: str = "127.0.0.1"
    port: int = 8000
    children: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    redis: EmbeddedRedis | None = None
    database_url: str = ""
    _commands: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)
    _restarts: list[float] = field(default_factory=list)
    _pids: PidFile | None = None
    _guard: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        data_dir = self.settings.data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        self._pids = PidFile(data_dir)
        left = self._pids.claim()  # UserError while another serve runs here
        if left:
            print(f"stopped {len(left)} processes an earlier run left behind ({_pid_list(left)})", flush=True)
        if not port_is_free(self.host, self.port):
            raise UserError(f"port {self.port} on {self.host} is in use; choose another with --port")
        embedded = self.settings.database_url is None
        self.database_url = database_url = self.settings.database_url or start_postgres(data_dir)
        if embedded:  # PostgreSQL runs detached: a guard stops it when this process ends, however
            self._guard = subprocess.Popen(
                [sys.executable, "-m", "runtime.postgres_guard", str(data_dir / "postgres")],
                stdin=subprocess.PIPE,
                cwd=Path(__file__).resolve().parents[1],
                start_new_session=True,
            )
            self._pids.add("postgres guard", self._guard.pid)
        if self.settings.redis_url is None:
            self.redis = EmbeddedRedis(data_dir)
            self._pids.add("redis-server", self.redis.process.pid)
        redis_url = self.settings.redis_url or (self.redis.url if self.redis else "")
        upgrade(database_url)
        if embedded:
            # this database is this folder's alone, and no worker of a stack before this one is alive:
            # its running jobs and shards are queued again as soon as a worker is ready
            lost = mark_all_lost(database_url)
            if lost:
                print(
                    f"{lost} jobs or shards were running when the server last stopped; queued again",
                    flush=True,
                )
        # nothing of this stack runs yet: whatever is staged was left by one that died
        artifact_store(self.settings).sweep_staging(older_than_s=0)
        env = {
            **os.environ,
            **settings_environment(self.settings),  # what this stack was given, for its processes too
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "RNNVIS_DATA_DIR": str(data_dir),
            DIE_WITH_PARENT: "1",
        }
        (data_dir / "logs").mkdir(exist_ok=True)
        celery = [sys.executable, "-m", "celery", "-A", "worker.app", "worker", "--loglevel", "INFO"]
        celery += ["--without-mingle", "--without-gossip"]  # no peers to sync with: starts a second sooner
        # Two workers: long jobs never hold up a sentence evaluation.
        batch = [*celery, "-c", "1", "-Q", "batch", "-n", f"batch-{os.getpid()}@%h"]
        self._spawn("batch worker", batch, env)
        # One process more than a user may keep busy (max_interactive_calls): another user's sentence
        # always finds a free one, however one user floods.
        processes = str(self.settings.max_interactive_calls + 1)
        interactive = [*celery, "-c", processes, "-Q", "interactive", "-n", f"interactive-{os.getpid()}@%h"]
        self._spawn("interactive worker", interactive, env)
        self._spawn(
            "api",
            [
                sys.executable, "-m", "runtime.http_server",
                "--host", self.host, "--port", str(self.port), "--log-level", self.settings.api_log_level,
                "--workers", str(self.settings.api_processes),
            ],
            env,
        )  # fmt: skip

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self._commands[name] = (command, env)
        log = (self.settings.data_dir.resolve() / "logs" / f"{name.replace(' ', '-')}.log").open("ab")
        self.children[name] = subprocess.Popen(
            command,
            env=env,
            cwd=Path(__file__).resolve().parents[1],
            stdin=subprocess.DEVNULL,
            stdout=log if name != "api" else None,
            stderr=log if name != "api" else None,
            start_new_session=True,
            preexec_fn=die_with_parent,  # noqa: PLW1509 (only prctl runs between fork and exec)
        )
        if self._pids is not None:
            self._pids.add(name, self.children[name].pid)

    def wait_ready(self, timeout: float = 90) -> None:
        """Until /readyz answers 200 (database, broker and a worker up); RuntimeError on a dead child."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            self.check_children()
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=5):
                    return  # 200
            except urllib.error.HTTPError as answer:  # 503: says what is missing
                body = answer.read().decode(errors="replace")
                try:
                    last = ", ".join(json.loads(body).get("missing", [])) or body
                except json.JSONDecodeError:
                    last = body
            except OSError as exc:  # refused, reset, timed out: not listening yet
                last = type(exc).__name__
            time.sleep(0.3)
        raise RuntimeError(f"the service was not ready after {timeout:.0f} s (missing: {last})")

    def check_children(self) -> None:
        """Start again a child that died (a worker killed for memory, say); give up when they keep dying."""
        if self.redis is not None and self.redis.process.poll() is not None:
            self._count_restart("redis-server", self.redis.process.returncode)
            self.redis.start()
            if self._pids is not None:
                self._pids.add("redis-server", self.redis.process.pid)
        for name, child in list(self.children.items()):
            if child.poll() is None:
                continue
            self._count_restart(name, child.returncode)
            self._spawn(name, *self._commands[name])

    def _count_restart(self, name: str, code: int | None) -> None:
        logs = self.settings.data_dir.resolve() / "logs"
        now = time.monotonic()
        self._restarts = [t for t in self._restarts if now - t < RESTART_WINDOW_S] + [now]
        if len(self._restarts) > MAX_RESTARTS:
            raise RuntimeError(f"the {name} keeps exiting (code {code}); see {logs}")
        print(f"the {name} exited with code {code}; starting it again (logs in {logs})", flush=True)

    def stop(self) -> None:
        for name in ("api", "batch worker", "interactive worker"):
            child = self.children.get(name)
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)  # celery: warm shutdown, uvicorn: graceful
        for child in self.children.values():
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if self.redis is not None:
            self.redis.stop()
        if self.settings.database_url is None and self.database_url:
            stop_postgres(self.settings.data_dir)  # ours: stopped last, once nothing uses it
        if self._guard is not None and self._guard.stdin is not None:
            self._guard.stdin.close()  # the guard stops PostgreSQL if another process still held it
            self._guard.wait(30)
        if self._pids is not None:
            self._pids.release()

    def serve_forever(self) -> None:
        """Supervise the children until SIGINT/SIGTERM raise StopRequested (see catch_signals)."""
        while True:
            self.check_children()
            time.sleep(0.2)


def settings_environment(settings: Settings) -> dict[str, str]:
    """The settings given explicitly (by the environment, a .env file or the caller) as the environment
    variables the API and worker processes read: a Settings object built in code reaches them too."""
    found = {}
    for name in settings.model_fields_set - {"database_url", "redis_url", "data_dir"}:
        value = getattr(settings, name)
        if value is None:
            continue
        text = json.dumps(value) if isinstance(value, list | dict) else str(value)
        found[f"RNNVIS_{name.upper()}"] = text
    return found


def _pid_list(pids: list[int]) -> str:
    return ", ".join(f"process {pid}" for pid in pids[:8]) + (" and more" if len(pids) > 8 else "")


class StopRequested(Exception):
    """SIGINT or SIGTERM arrived: stop everything that was started, in order."""


def catch_signals() -> None:
    """Turn SIGINT and SIGTERM into StopRequested from the very start, so a signal that arrives
    while PostgreSQL or the workers are still starting stops them too instead of orphaning them."""

    def on_signal(signum: int, _frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise StopRequested(signal.Signals(signum).name)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)


def run_until_stopped(stack: Stack, starting: str, work: Callable[[Stack], None]) -> None:
    """Start the stack, wait until it answers, do the work (`rnnvis serve`: serve until a signal;
    `rnnvis demo`: the demo, then serve), and stop the stack however that ends. Signals are caught
    before `starting` is printed: Ctrl-C or SIGTERM from then on, even while PostgreSQL or the
    workers start, ends it quietly and stops what was started."""
    catch_signals()
    try:
        print(starting, flush=True)
        stack.start()
        stack.wait_ready()
        work(stack)
    except StopRequested:
        print("stopping...", flush=True)
    finally:
        stack.stop()
