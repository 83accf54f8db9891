"""The soak benchmark's short run (benchmarks/soak.py, 30 s, the batch worker's process SIGKILLed once,
after 20 s; the reaper's 20 s window then ends a few seconds after the load): a mixed load of
uploads, recordings, co-clusterings, reads, deletes and sentence evaluations loses no job and answers
no 5xx. The 30-minute run's figures are in docs/reliability.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.long  # minutes: started first in the parallel run


def test_mixed_load_with_a_worker_killed_loses_nothing() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.soak", "--minutes", "0.5", "--kill-every", "20", "--users", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    last = run.stdout.strip().splitlines()[-1]
    figures = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", last)}
    assert figures["lost"] == 0 and figures["errors_5xx"] == 0, run.stdout[-3000:]
    assert figures["kills"] >= 1 and figures["jobs"] >= 5, last
    assert figures["succeeded"] == figures["jobs"], last
