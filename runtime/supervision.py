"""What `rnnvis serve` leaves in its data folder to find its processes again: `serve.pid`, written as
the stack starts and removed when it stops. A start that finds one left by a stack that was killed
(SIGKILL, power loss) stops whatever of it still runs; one left by a live `serve` is refused with its
process id."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import psutil

from services.errors import UserError

PID_FILE = "serve.pid"


def _identity(process: psutil.Process) -> list[float]:
    return [process.pid, process.create_time()]  # a pid alone may have been reused since


def _is_identity(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )


def _alive(identity: list[float]) -> psutil.Process | None:
    try:
        process = psutil.Process(int(identity[0]))
        if abs(process.create_time() - identity[1]) < 0.01 and process.status() != psutil.STATUS_ZOMBIE:
            return process
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        pass
    return None


class PidFile:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / PID_FILE
        self.children: dict[str, list[float]] = {}
        self.owned = False  # claimed: ours to rewrite and remove

    def claim(self) -> list[int]:
        """Take the data folder: refuse it while another `serve` runs on it, stop what a dead one
        left running. Returns the process ids stopped."""
        stopped: list[int] = []
        if self.path.exists():
            earlier = self._earlier()
            owner = _alive(earlier.get("serve", [0, 0]))
            if owner is not None and owner.pid != os.getpid():
                raise UserError(
                    f"rnnvis serve (process {owner.pid}) is running on {self.path.parent}; stop it "
                    f"first (Ctrl-C in its terminal, or kill {owner.pid})"
                )
            for identity in earlier.get("children", {}).values():
                process = _alive(identity)
                if process is not None:
                    stopped += _stop_tree(process)
        self.owned = True
        self._write()
        return stopped

    def _earlier(self) -> dict[str, Any]:
        """What an earlier serve wrote: {} for a torn write (a power cut), UserError in words for a
        file that is not one this server writes."""
        try:
            earlier = json.loads(self.path.read_text(errors="replace"))
        except json.JSONDecodeError:
            return {}
        children = earlier.get("children", {}) if isinstance(earlier, dict) else None
        if (
            not isinstance(earlier, dict)
            or not _is_identity(earlier.get("serve", [0, 0]))
            or not isinstance(children, dict)
            or not all(_is_identity(identity) for identity in children.values())
        ):
            raise UserError(
                f"{self.path} is not the process record rnnvis serve writes: if no rnnvis serve runs on "
                f"{self.path.parent}, remove that file and start again"
            )
        return earlier

    def add(self, name: str, pid: int) -> None:
        try:
            self.children[name] = _identity(psutil.Process(pid))
        except psutil.NoSuchProcess:
            self.children.pop(name, None)
        if self.owned:
            self._write()

    def release(self) -> None:
        if self.owned:
            self.path.unlink(missing_ok=True)
            self.owned = False

    def _write(self) -> None:
        record = {"serve": _identity(psutil.Process()), "children": self.children}
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(record))
        os.replace(partial, self.path)


def _stop_tree(process: psutil.Process) -> list[int]:
    """SIGKILL a process and everything under it (it belongs to a stack that is gone)."""
    try:
        tree = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
    for member in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.send_signal(signal.SIGKILL)
    psutil.wait_procs(tree, timeout=10)
    return [member.pid for member in tree]


def stop_postgres_of(pgdata: Path, timeout: float = 15.0) -> bool:
    """Fast shutdown (SIGINT) of the PostgreSQL whose postmaster.pid is in pgdata, if it runs; then
    immediate (SIGQUIT) past the timeout. True when one was running."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
        postmaster = psutil.Process(pid)
        if "postgres" not in postmaster.name():
            return False
    except (OSError, ValueError, IndexError, psutil.NoSuchProcess):
        return False
    postmaster.send_signal(signal.SIGINT)
    deadline = time.monotonic() + timeout
    while postmaster.is_running() and postmaster.status() != psutil.STATUS_ZOMBIE:
        if time.monotonic() > deadline:
            postmaster.send_signal(signal.SIGQUIT)
            break
        time.sleep(0.1)
    return True
