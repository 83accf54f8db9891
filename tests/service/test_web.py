"""The web client end to end: headless Chromium (playwright-core) against this module's `rnnvis serve`.

web/e2e/run.mjs visits every view, checks its marks against the API's answers, clicks words, chips
and forms, and saves a screenshot of each view (1280x800 and 1920x1080) into docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import Uploaded
from tests.service.stack import RunningService

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"


def test_every_view_in_chromium(service: RunningService, alice: httpx.Client, uploaded: Uploaded) -> None:
    if not (ROOT / "web" / "dist" / "index.html").exists():
        pytest.fail("web/dist is missing: `make test` builds the web client before the tests")
    if shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is missing: `make test` installs it (make browser)")
    page = httpx.get(f"{service.url}/")
    assert page.status_code == 200 and "<title>RNNVis</title>" in page.text  # the API serves the client
    # the compare view aligns layer 0 with layer 1 of the same recording: a second co-clustering
    other = alice.post(
        f"/recordings/{uploaded.recording_id}/coclusterings", json={"layer": 0, "n_clusters": 4}
    )
    assert other.status_code == 202, other.text
    token = str(alice.headers["Authorization"]).removeprefix("Bearer ")
    env = {
        **os.environ,
        "RNNVIS_URL": service.url,
        "RNNVIS_TOKEN": token,
        "RNNVIS_MODEL": str(uploaded.model_id),
        "RNNVIS_COCLUSTERING": str(uploaded.coclustering_id),
        "RNNVIS_OTHER_COCLUSTERING": str(other.json()["id"]),
        "RNNVIS_TEXT": "the company said it will sell its stake in the unit",
        "RNNVIS_SHOTS": str(SHOTS),
    }
    run = subprocess.run(
        ["node", "e2e/run.mjs"], cwd=ROOT / "web", env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    assert "all views checked" in run.stdout
    for view in ("signin", "dashboard", "cocluster", "unit", "word", "sentence", "compare"):
        assert (SHOTS / f"{view}-1280x800.png").exists(), view
