"""Figures for papers (issue 35): a record's provenance against what the test uploaded and asked for
(the weights' sha256 computed here from the file), and the files `Client.figure` writes with the web
client's export code in headless Chromium: the PDF opened with pypdf (vector paths, the font
embedded, the metadata equal to the provenance), the SVG parsed as XML, the PNG's text chunks read
byte by byte."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import httpx
import pytest

from rnnvis_client import Client
from tests.figure_files import KEY, SVG_NS, fixed, png_texts, read_pdf, svg_provenance
from tests.service.conftest import COCLUSTERING, Uploaded
from tests.service.stack import RNNVIS, RunningService, token_of


@pytest.fixture(scope="module")
def api(service: RunningService, alice: httpx.Client) -> Iterator[Client]:
    with Client(service.url, token_of(alice), progress=False) as client:
        yield client


def test_provenance_names_what_was_uploaded_and_asked_for(
    alice: httpx.Client, bob: httpx.Client, uploaded: Uploaded, model_dir: Path
) -> None:
    answer = alice.get(f"/provenance/coclustering/{uploaded.coclustering_id}")
    assert answer.status_code == 200, answer.text
    p = answer.json()
    co_made = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()["created_at"][:10]
    sha = hashlib.sha256((model_dir / "model.safetensors").read_bytes()).hexdigest()
    assert p["model"]["id"] == uploaded.model_id and p["model"]["weights_sha256"] == sha
    assert p["corpus"]["id"] == uploaded.corpus_id
    assert (p["recording_id"], p["coclustering_id"]) == (uploaded.recording_id, uploaded.coclustering_id)
    assert (p["layer"], p["state"], p["k"], p["seed"]) == (
        COCLUSTERING["layer"],
        COCLUSTERING["state"],
        COCLUSTERING["n_clusters"],
        COCLUSTERING["seed"],
    )
    assert (
        p["word_selection"]
        == f"{COCLUSTERING['top_words']} frequent words (min count {COCLUSTERING['min_count']})"
    )
    assert p["server_version"] == version("rnnvis")
    for part in (
        f"weights sha256 {sha[:12]}",
        f"recording {uploaded.recording_id}",
        "k = 4",
        f"made {co_made}",
    ):
        assert part in p["caption"], (part, p["caption"])
    assert "\n" not in p["caption"]
    assert p["cite"]["bibtex"].startswith("@inproceedings{ming2017understanding,")
    assert "Understanding Hidden Memories of Recurrent Neural Networks" in p["cite"]["bibtex"]
    recording = alice.get(f"/provenance/recording/{uploaded.recording_id}").json()
    assert recording["model"] == p["model"] and recording["coclustering_id"] is None
    # not yours: 404, as every read; a kind that is not one: 422 naming the kinds
    assert bob.get(f"/provenance/coclustering/{uploaded.coclustering_id}").status_code == 404
    wrong = alice.get(f"/provenance/chip/{uploaded.coclustering_id}")
    assert wrong.status_code == 422 and "coclustering" in wrong.text


def test_figures_carry_their_provenance(
    api: Client, alice: httpx.Client, uploaded: Uploaded, tmp_path: Path
) -> None:
    expected = fixed(alice.get(f"/provenance/coclustering/{uploaded.coclustering_id}").json())
    co = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
    chips = sum(1 for units in co["unit_clusters"] if units)

    pdf = read_pdf(api.figure("cocluster", uploaded.coclustering_id, tmp_path / "chips.pdf"))
    assert pdf.pages == 1 and pdf.title is not None and pdf.title.startswith("Memory chips of ")
    # drawn as paths: at least a cell per unit and a frame and an edge per chip; the words as text
    assert pdf.path_operators >= len(co["unit_labels"]) + 2 * chips, pdf.path_operators
    assert pdf.shows_text and any("Roboto" in font for font in pdf.embedded_fonts), pdf.embedded_fonts
    assert fixed(pdf.provenance) == expected

    svg = api.figure("cocluster", uploaded.coclustering_id, tmp_path / "chips.svg", caption=True)
    recorded, tree = svg_provenance(svg)
    assert fixed(recorded) == expected
    assert len(tree.findall(f".//{SVG_NS}rect[@class='chip']")) == chips
    lines = " ".join(t.text or "" for t in tree.iter(f"{SVG_NS}text"))
    assert recorded["caption"][:60] in lines  # the caption line under the chart

    png = api.figure("cocluster", uploaded.coclustering_id, tmp_path / "chips.png")
    texts = png_texts(png.read_bytes())
    assert fixed(json.loads(texts[KEY])) == expected and texts["Title"].startswith("Memory chips of ")

    unit = api.figure("unit", uploaded.recording_id, tmp_path / "unit.svg", unit=3, layer=1, state="h")
    assert svg_provenance(unit)[0]["kind"] == "recording"

    # a sentence's glyphs: a row per chip with units, the co-clustering's provenance
    text = "the company said it would sell its stake"
    glyphs = api.figure(
        "sentence", uploaded.model_id, tmp_path / "glyphs.svg", text=text, coclustering_id=co["id"]
    )
    recorded, tree = svg_provenance(glyphs)
    assert recorded["coclustering_id"] == co["id"]
    assert len([g for g in tree.iter(f"{SVG_NS}g") if g.get("class") == "chip-row"]) == chips

    cite = api.cite("coclustering", uploaded.coclustering_id)
    assert cite.startswith("@inproceedings{ming2017understanding,") and "% data: lstm (model" in cite
    with pytest.raises(ValueError, match="svg, png or pdf"):
        api.figure("cocluster", uploaded.coclustering_id, tmp_path / "chips.jpeg")


def test_command_line(
    service: RunningService, alice: httpx.Client, uploaded: Uploaded, tmp_path: Path
) -> None:
    env = {**os.environ, "RNNVIS_URL": service.url, "RNNVIS_TOKEN": token_of(alice)}

    def rnnvis(*args: str) -> str:
        done = subprocess.run([str(RNNVIS), *args], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, (
            f"rnnvis {' '.join(args)}\n{done.stdout}{done.stderr}"
        )  # a hang guard above
        return done.stdout

    served = alice.get(f"/provenance/coclustering/{uploaded.coclustering_id}").json()
    out = rnnvis(
        "figure", "cocluster", str(uploaded.coclustering_id), str(tmp_path / "chips.svg"), "--caption"
    )
    assert out.startswith(f"wrote {tmp_path / 'chips.svg'} (") and served["caption"] in out
    assert fixed(svg_provenance(tmp_path / "chips.svg")[0]) == fixed(served)
    assert rnnvis("provenance", "coclustering", str(uploaded.coclustering_id)).strip() == served["caption"]
    cited = rnnvis("cite", "coclustering", str(uploaded.coclustering_id))
    assert cited.startswith(served["cite"]["bibtex"]) and f"% data: {served['cite']['data']}" in cited
