"""Where researchers work (issue 35): the tour notebook run from start to end by nbclient, and the
notebook widgets in a real JupyterLab opened in headless Chromium (web/e2e/notebook.mjs), against
this session's live service.

Both run the notebook in a scratch copy laid out as the repository is (docs/notebooks/ with
shared/ beside it), so that nothing they write lands in the clone.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
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


@dataclass(frozen=True)
class Reader:
    name: str
    token: str


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
