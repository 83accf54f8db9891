"""One source for every default and type: the live server's /openapi.json. The committed openapi.json
is that schema, and the Python client's models and the web client's types and defaults are what
their generators make of it. Finished results answer with an ETag and honour If-None-Match."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import Uploaded
from tests.service.stack import RunningService

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_is_the_live_one(service: RunningService) -> None:
    live = httpx.get(f"{service.url}/openapi.json", timeout=30).json()
    assert json.loads((ROOT / "openapi.json").read_text()) == live, "run `make api-schema`"


def test_client_models_are_generated_from_the_schema(tmp_path: Path) -> None:
    """datamodel-codegen with its options from pyproject.toml, as `make api-schema` runs it."""
    codegen = Path(sys.executable).with_name("datamodel-codegen")
    out = tmp_path / "models.py"
    subprocess.run(
        [str(codegen), "--output", str(out)], cwd=ROOT, check=True, capture_output=True, timeout=120
    )
    assert out.read_text() == (ROOT / "rnnvis_client" / "models.py").read_text(), "run `make api-schema`"


def test_web_types_and_defaults_are_generated_from_the_schema() -> None:
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, "generate.mjs", "--check"], cwd=ROOT / "web" / "codegen", capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "path",
    [
        "/coclusterings/{co}",
        "/recordings/{rec}/response?word=the&layer=1&state=h",
        "/recordings/{rec}/units/3/words?layer=1",
        "/recordings/{rec}/matrix?layer=0&top_words=50",
    ],
)
def test_finished_results_revalidate_with_etags(
    alice: httpx.Client, bob: httpx.Client, uploaded: Uploaded, path: str
) -> None:
    url = path.format(co=uploaded.coclustering_id, rec=uploaded.recording_id)
    first = alice.get(url)
    assert first.status_code == 200, first.text
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    again = alice.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert alice.get(url, headers={"If-None-Match": '"other"'}).json() == first.json()
    # another user's id is still not found, whatever tag they send
    assert bob.get(url, headers={"If-None-Match": etag}).status_code == 404
