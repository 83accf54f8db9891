"""The Python client as people install it on their own machines: `pip install ./rnnvis_client[notebook]`
into a fresh virtual environment, without torch or any of the server's packages, then a whole analysis
against the live server (upload, record, co-cluster, read, a widget built), checked against the
server's own answers; the widgets' JavaScript came with the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

from tests.service.stack import RunningService

ROOT = Path(__file__).resolve().parents[2]

ANALYSIS = textwrap.dedent(
    """
    import importlib.util, json, sys
    from rnnvis_client import Client, CoclusterWidget
    from rnnvis_client.widgets import BUNDLE

    url, token, model_dir, corpus = sys.argv[1:5]
    server_side = ["torch", "fastapi", "sqlalchemy", "celery", "api", "services", "worker"]
    absent = [m for m in server_side if importlib.util.find_spec(m) is None]
    api = Client(url, token, progress=False)
    model = api.upload_model("alone", f"{model_dir}/model.safetensors", f"{model_dir}/vocab.txt")
    corpus = api.upload_corpus("alone", corpus)
    rec = api.record(model.id, corpus.id, top_words=50, wait=True)
    co = api.cocluster(rec.id, 3, layer=1, wait=True)
    chips = api.coclusters(co.id)
    the = api.response(rec.id, "the", layer=1)
    stats = api.statistics(rec.id, layer=1, state="h")
    widget = CoclusterWidget(api, co.id)
    widget.selected_chip = 0
    print(json.dumps({
        "absent": absent,
        "recording": rec.id,
        "options": rec.options,
        "coclustering": co.id,
        "top_words": co.top_words,
        "unit_labels": chips.unit_labels.tolist(),
        "the_mean": the.mean.tolist(),
        "frame_rows": len(stats.mean_frame(layer=1)),
        "bundle": str(BUNDLE),
        "widget_esm": len(str(widget._esm)),
        "chip_units": widget.chip_units,
    }))
    """
)


def test_client_installs_and_runs_alone(
    service: RunningService, model_dir: Path, ptb_lines: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # --no-compile: the analysis imports a few modules once; byte-compiling all of IPython and jedi
    # (the notebook extra's) would be most of the test's time
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-compile", f"{ROOT / 'rnnvis_client'}[notebook]"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    token = service.create_user("client-alone")
    run = subprocess.run(
        [str(python), "-c", ANALYSIS, service.url, token, str(model_dir), str(ptb_lines)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,  # not the repository: nothing of the server can be imported by accident
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["absent"] == ["torch", "fastapi", "sqlalchemy", "celery", "api", "services", "worker"]
    # the widgets' JavaScript is the wheel's (installed, not the clone's), whole
    bundle = Path(result["bundle"])
    assert (
        venv in bundle.parents
        and bundle.read_bytes() == (ROOT / "rnnvis_client" / "widgets" / bundle.name).read_bytes()
    )
    assert result["widget_esm"] == len(bundle.read_text())

    with service.client(token) as http:
        # the client sent only what it was given: every other option is the server's default
        defaults = http.get(f"{service.url}/openapi.json").json()["components"]["schemas"]
        recording_defaults = defaults["RecordingCreate"]["properties"]
        assert result["options"]["top_words"] == 50
        assert result["options"]["segment_length"] == recording_defaults["segment_length"]["default"]
        assert result["top_words"] == defaults["CoclusteringCreate"]["properties"]["top_words"]["default"]
        served = http.get(
            f"/recordings/{result['recording']}/response", params={"word": "the", "layer": 1}
        ).json()
    np.testing.assert_allclose(result["the_mean"], served["mean"], rtol=0, atol=0)
    assert result["frame_rows"] > 0
    assert len(result["unit_labels"]) == 24  # the test model's hidden size
    assert result["chip_units"] == [u for u, chip in enumerate(result["unit_labels"]) if chip == 0]


def test_client_keeps_no_server_import() -> None:
    """The client's own code names none of the server's packages."""
    for path in (ROOT / "rnnvis_client").rglob("*.py"):
        text = path.read_text()
        for package in ("api", "services", "worker", "runtime"):
            assert f"from {package}" not in text and f"import {package}" not in text, (path, package)
