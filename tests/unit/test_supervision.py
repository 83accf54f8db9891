"""What `rnnvis serve` keeps of its processes: serve.pid (runtime/supervision.py), read with care, and
the settings a stack hands its processes (runtime/stack.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.stack import settings_environment
from runtime.supervision import PID_FILE, PidFile
from services.settings import Settings


@pytest.mark.parametrize(
    "content", ['["not", "a record"]', '"text"', "42", '{"serve": "me"}', '{"children": []}']
)
def test_a_foreign_serve_pid_is_named_not_a_crash(tmp_path: Path, content: str) -> None:
    (tmp_path / PID_FILE).write_text(content)
    with pytest.raises(
        ValueError, match="is not the process record rnnvis serve writes: .* remove that file"
    ):
        PidFile(tmp_path).claim()


def test_a_torn_serve_pid_is_taken_as_empty(tmp_path: Path) -> None:
    (tmp_path / PID_FILE).write_text('{"serve": [12')  # a power cut in the middle of a write
    pids = PidFile(tmp_path)
    assert pids.claim() == []
    pids.release()


def test_a_stacks_settings_reach_its_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """runtime.stack hands the settings it was given to the API and workers as their environment:
    read back there, they are the same (a benchmark's short job settings once never arrived)."""
    given = Settings(job_stale_after_s=20.0, cors_origins=["https://a.example"], oidc_new_users=False)
    env = settings_environment(given)
    assert env["RNNVIS_JOB_STALE_AFTER_S"] == "20.0" and "RNNVIS_DATA_DIR" not in env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    read = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (read.job_stale_after_s, read.cors_origins, read.oidc_new_users) == (
        20.0,
        ["https://a.example"],
        False,
    )
