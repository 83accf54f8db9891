"""The web client end to end: headless Chromium (playwright-core) against this module's `rnnvis serve`.

web/e2e/run.mjs visits every view, checks its marks against the API's answers, clicks words, chips
and forms, and saves a screenshot of each view (1440x900 and 1920x1080) into web/e2e/screenshots/
(ignored by git). `make screenshots` runs it with RNNVIS_SHOTS_DIR=docs/screenshots to refresh the
committed ones, so a test run never dirties a clone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from services.models import save_model
from tests.conftest import SHARED_DATA, random_model
from tests.service.conftest import Uploaded, upload_model
from tests.service.stack import RunningService, wait_for_job

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("RNNVIS_SHOTS_DIR") or ROOT / "web" / "e2e" / "screenshots")
MARKUP_NAME = "<img src=x onerror=\"document.title='pwned'\">'; DROP TABLE corpora;--"


def large_coclustering(client: httpx.Client, folder: Path, corpus_id: int) -> int:
    """A 1500-unit layer co-clustered over 1000 words (random weights: the view's load is what counts)."""
    vocab = sorted(set((SHARED_DATA / "ptb.test.txt").read_text().split())) + ["<eos>"]
    model = random_model(vocab, "rnn_tanh", 1, 1500, 16, task="classifier", num_classes=2, scale=0.5)
    saved = save_model(folder / "large", model.spec, model.vocab, model.state_dict)
    uploaded = upload_model(client, saved, "1500 units").raise_for_status().json()
    rec = client.post(
        "/recordings",
        json={"model_id": uploaded["id"], "corpus_id": corpus_id, "max_tokens": 12000, "top_words": 10},
    ).json()
    assert wait_for_job(client, rec["job_id"])["status"] == "succeeded"
    co = client.post(
        f"/recordings/{rec['id']}/coclusterings", json={"n_clusters": 10, "top_words": 1000, "min_count": 1}
    ).json()
    assert wait_for_job(client, co["job_id"])["status"] == "succeeded"
    return int(co["id"])


def test_every_view_in_chromium(
    service: RunningService, alice: httpx.Client, uploaded: Uploaded, tmp_path: Path
) -> None:
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
    big = large_coclustering(alice, tmp_path, uploaded.corpus_id)
    markup = alice.post(
        "/corpora", data={"name": MARKUP_NAME, "format": "text"}, files={"file": ("m.txt", b"a b c\n")}
    )
    assert markup.status_code == 201
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
        "RNNVIS_BIG_COCLUSTERING": str(big),
        "RNNVIS_MARKUP_NAME": MARKUP_NAME,
        "RNNVIS_NEWCOMER_TOKEN": service.create_user("newcomer"),  # owns nothing yet
    }
    run = subprocess.run(
        ["node", "e2e/run.mjs"], cwd=ROOT / "web", env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    assert "all views checked" in run.stdout
    print("\n".join(line for line in run.stdout.splitlines() if line.startswith("timing")))
    for view in ("signin", "dashboard", "cocluster", "unit", "word", "sentence", "compare"):
        assert (SHOTS / f"{view}-1440x900.png").exists(), view
