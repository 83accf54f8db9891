"""A bounded load test in CI: users submit jobs and read results at once; no error, no lost job.

(benchmarks/job_load.py runs the same with 50 users for 60 s and reports the figures.)
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from benchmarks.job_load import format_result, run_load
from tests.service.stack import RunningService

USERS, SECONDS = 6, 8


def test_users_at_once_lose_nothing(
    service: RunningService, admin: httpx.Client, model_dir: Path, ptb_lines: Path
) -> None:
    tokens = [admin.post("/users", json={"name": f"load-{i}"}).json()["token"] for i in range(USERS)]
    result = asyncio.run(run_load(service.url, tokens, model_dir, ptb_lines, SECONDS))
    print(format_result(result))
    assert result["errors"] == 0, result["first_errors"]
    assert result["jobs"] >= USERS and result["lost"] == 0
