"""serve.pid (runtime/supervision.py): what an earlier `rnnvis serve` left, read with care."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.supervision import PID_FILE, PidFile


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
