"""`rnnvis serve` itself: Ctrl-C stops every child, and the data survives a restart."""

from __future__ import annotations

import signal
from pathlib import Path

import psutil

from tests.service.stack import start_service


def _processes_of(data_dir: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if any(str(data_dir) in part for part in proc.info["cmdline"] or []):
                found.append(proc)
        except psutil.Error:
            continue
    return found


def test_ctrl_c_stops_everything_and_data_survives(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = start_service(data_dir)
    token = first.create_user("dora")
    with first.client(token) as client:
        corpus = client.post(
            "/corpora", data={"name": "kept", "format": "text"}, files={"file": ("c.txt", b"a b c\nd e\n")}
        ).json()
    assert first.stop(signal.SIGINT) == 0
    assert _processes_of(data_dir.resolve()) == []  # PostgreSQL, Redis, workers and API all gone
    assert not (data_dir / "postgres" / "postmaster.pid").exists()

    second = start_service(data_dir)
    try:
        with second.client(token) as client:
            again = client.get(f"/corpora/{corpus['id']}")
            assert again.status_code == 200
            assert again.json()["files"] == corpus["files"]
            assert again.json()["num_sequences"] == 2
    finally:
        assert second.stop(signal.SIGTERM) == 0
