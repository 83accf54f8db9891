"""Where researchers work (issue 35): the tour notebook run from start to end by nbclient, and the
notebook widgets in a real JupyterLab opened in headless Chromium (web/e2e/notebook.mjs), against
this session's live service.

Both run the notebook in a scratch copy laid out as the repository is (docs/notebooks/ with
shared/ beside it), so that nothing they write lands in the clone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import nbformat
import pypdf
import pytest
from nbclient import NotebookClient

from tests.service.stack import RunningService
from tests.shared_data import SHARED_DATA

pytestmark = pytest.mark.long  # a JupyterLab and a notebook's training: started first in the parallel run

ROOT = Path(__file__).resolve().parents[2]
TOUR = ROOT / "docs" / "notebooks" / "tour.ipynb"
SHOTS = Path(os.environ.get("RNNVIS_SHOTS_DIR") or ROOT / "web" / "e2e" / "screenshots")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CELL_TIMEOUT_S = 600  # a hang guard: the tour's longest cell (training) takes seconds


def scratch_repository(tmp_path: Path) -> Path:
    """docs/notebooks/ with the tour, and shared/data beside the scratch 'repository'."""
    notebooks = tmp_path / "repo" / "docs" / "notebooks"
    notebooks.mkdir(parents=True)
    shutil.copy(TOUR, notebooks / TOUR.name)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "data").symlink_to(SHARED_DATA)
    return notebooks


def text_of(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output["text"])
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "".join(parts)


def test_the_tour_runs_from_start_to_end(
    service: RunningService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebooks = scratch_repository(tmp_path)
    token = service.create_user("tour-reader")
    monkeypatch.setenv("RNNVIS_URL", service.url)  # the kernel inherits this process's environment
    monkeypatch.setenv("RNNVIS_TOKEN", token)
    notebook = nbformat.read(notebooks / TOUR.name, as_version=4)
    NotebookClient(
        notebook, timeout=CELL_TIMEOUT_S, resources={"metadata": {"path": str(notebooks)}}
    ).execute()

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [o for cell in code for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    out = "\n".join(text_of(cell) for cell in code)
    assert "signed in as tour-reader" in out
    learned = re.search(r"held-out perplexity (\d+) against (\d+) for the word frequencies", out)
    assert learned and int(learned[1]) < int(learned[2]), out  # the model learned something
    ids = re.search(r"model (\d+), recording (\d+), co-clustering (\d+): modularity (-?[\d.]+)", out)
    assert ids, out
    with service.client(token) as http:
        co = http.get(f"/coclusterings/{ids[3]}").json()
    assert co["status"] == "succeeded" and co["n_clusters"] == 6
    # every widget cell answers a widget view (drawn by the front end, checked in the browser test)
    widgets = [
        cell for cell in code if any(WIDGET_VIEW in o.get("data", {}) for o in cell.get("outputs", []))
    ]
    assert len(widgets) == 3
    chosen = re.search(r"chip (\d+): (\d+) units; its cloud: (.*)", out)
    assert chosen, out
    chip = int(chosen[1])
    assert int(chosen[2]) == len(co["unit_clusters"][chip])
    cloud = [co["words"][w] for w in co["word_clusters"][chip]]
    assert set(chosen[3].split(", ")) <= set(cloud)
    assert "cluster" in out and "strength" in out  # the pandas tables
    # the figure for the paper: a PDF whose title is the co-clustering's caption, and the citation
    with service.client(token) as http:
        caption = http.get(f"/provenance/coclustering/{co['id']}").json()["caption"]
    assert "tour-chips.pdf" in out and caption in out and "@inproceedings{ming2017understanding," in out
    pdf = pypdf.PdfReader(notebooks / "tour-chips.pdf")
    assert pdf.metadata is not None and pdf.metadata.title == caption


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def jupyterlab(service: RunningService, tmp_path: Path, rnnvis_token: str) -> Iterator[tuple[str, str]]:
    """JupyterLab on loopback over a scratch copy of the notebooks, its kernels given the service's
    address and a user's token as a researcher's environment would; answers its URL and token."""
    notebooks = scratch_repository(tmp_path)
    port, token = free_port(), "lab-" + os.urandom(16).hex()
    env = {**os.environ, "RNNVIS_URL": service.url, "RNNVIS_TOKEN": rnnvis_token}
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")  # no user settings of this machine
    settings = tmp_path / "lab-settings"
    # no "get notified about Jupyter news?" toast over the widgets (it would ask the internet)
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false"}))
    # the notebook's own kernel (python3) starts without asking: JupyterLab otherwise may ask which
    # kernel to start when its list of kernels arrives after the notebook opened
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"autoStartDefaultKernel": True}))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}"]
    command += [f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}"]
    command += ["--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    command += [
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
    ]
    command += ["--allow-root", "--ServerApp.terminals_enabled=False"]  # CI runs as root; no shell to offer
    log = (tmp_path / "jupyterlab.log").open("w")
    lab = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=notebooks)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a hang guard: JupyterLab starts in a few seconds
        while True:
            assert lab.poll() is None, (tmp_path / "jupyterlab.log").read_text()
            try:
                if httpx.get(f"{url}/api/status", params={"token": token}, timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "jupyterlab.log").read_text()
            time.sleep(0.5)
        yield url, token
    finally:
        lab.terminate()
        try:
            lab.wait(30)
        except subprocess.TimeoutExpired:
            lab.kill()
        log.close()


def test_widgets_in_jupyterlab(service: RunningService, tmp_path: Path) -> None:
    owner, reader = service.create_user("lab-owner"), service.create_user("lab-reader")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with jupyterlab(service, tmp_path, owner) as (url, lab_token):
        env = {**os.environ, "LAB_URL": url, "LAB_TOKEN": lab_token, "RNNVIS_URL": service.url}
        env |= {
            "TOUR_TOKEN": owner,
            "READER_NAME": "lab-reader",
            "READER_TOKEN": reader,
            "SHOTS_DIR": str(SHOTS),
        }
        run = subprocess.run(
            ["node", "e2e/notebook.mjs"],
            cwd=ROOT / "web",
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )  # a hang guard over a run of about a minute
    print(run.stdout)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(run.stdout.split("RESULT ", 1)[1].splitlines()[0])

    with service.client(owner) as http:
        co = http.get(f"/coclusterings/{result['coclustering']}").json()
    with_units = sorted(c for c, units in enumerate(co["unit_clusters"]) if units)
    assert sorted(result["chips"]) == with_units
    for cloud in result["clouds"] + result["shared"]["clouds"]:  # the owner's kernel's, the reader's
        members = {co["words"][w] for w in co["word_clusters"][cloud["cloud"]]}
        assert cloud["words"] and set(cloud["words"]) <= members, cloud
    chip = result["clicked"]
    words = {co["words"][w] for w in co["word_clusters"][chip]}
    printed = re.match(r"chip (\d+): (\d+) units; its cloud: (.*)", result["selection"])
    assert printed and int(printed[1]) == chip and int(printed[2]) == len(co["unit_clusters"][chip])
    assert set(printed[3].strip().split(", ")) <= words
