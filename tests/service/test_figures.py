"""Figures for papers (issue 35): a record's provenance against what the test uploaded and asked for
(the weights' sha256 computed here from the file), and the files `Client.figure` writes with the web
client's export code in headless Chromium: the PDF opened with pypdf (vector paths, the font
embedded, the metadata equal to the provenance), the SVG parsed as XML, the PNG's text chunks read
byte by byte."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import pypdf
import pytest

from rnnvis_client import Client
from tests.service.conftest import COCLUSTERING, Uploaded
from tests.service.stack import RunningService, token_of

SVG_NS = "{http://www.w3.org/2000/svg}"
KEY = "rnnvis-provenance"  # web/src/charts/export.ts: PROVENANCE_KEY
XMP_NAMESPACE = "urn:rnnvis:provenance:1.0"  # and XMP_NAMESPACE
FIXED = ("kind", "id", "model", "corpus", "recording_id", "coclustering_id", "timeline_id", "layer", "state")
FIXED += (
    "k",
    "seed",
    "seeds",
    "consensus",
    "word_selection",
    "server_version",
    "created_at",
    "caption",
    "cite",
)


@pytest.fixture(scope="module")
def api(service: RunningService, alice: httpx.Client) -> Iterator[Client]:
    with Client(service.url, token_of(alice), progress=False) as client:
        yield client


def fixed(provenance: dict[str, Any]) -> dict[str, Any]:
    return {key: provenance[key] for key in FIXED}


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


def png_texts(data: bytes) -> dict[str, str]:
    """The iTXt chunks of a PNG: keyword -> text (uncompressed ones, as the export writes them)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    texts, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"iTXt":
            keyword, rest = body.split(b"\0", 1)
            assert rest[:2] == b"\0\0"  # not compressed
            _language, _translated, text = rest[2:].split(b"\0", 2)
            texts[keyword.decode()] = text.decode()
        at += 12 + length
    return texts


def test_figures_carry_their_provenance(
    api: Client, alice: httpx.Client, uploaded: Uploaded, tmp_path: Path
) -> None:
    expected = fixed(alice.get(f"/provenance/coclustering/{uploaded.coclustering_id}").json())
    co = alice.get(f"/coclusterings/{uploaded.coclustering_id}").json()
    chips = sum(1 for units in co["unit_clusters"] if units)

    pdf = api.figure("cocluster", uploaded.coclustering_id, tmp_path / "chips.pdf")
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    content = reader.pages[0].get_contents()
    assert content is not None
    operators = re.findall(rb"(?<=[\s\d])(re|l|c|f|S|B)(?=\s)", content.get_data())
    # drawn as paths: at least a cell per unit and a frame and an edge per chip; the words as text
    assert len(operators) >= len(co["unit_labels"]) + 2 * chips, len(operators)
    assert re.search(rb"\bT[jJ]\b", content.get_data())
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = [f.get_object() for f in fonts.values() if "Roboto" in str(f.get_object()["/BaseFont"])]
    assert embedded, {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    for font in embedded:  # a TrueType font program in the file, not a name for the viewer to find
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
    info = reader.metadata
    assert info is not None and info.title is not None and info.title.startswith("Memory chips of ")
    xmp = reader.xmp_metadata
    assert xmp is not None
    # the provenance as JSON in the XMP packet, in the export's namespace
    (element,) = xmp.rdf_root.getElementsByTagNameNS(XMP_NAMESPACE, "metadata")
    recorded = json.loads("".join(node.data for node in element.childNodes))
    assert fixed(recorded) == expected

    svg = api.figure("cocluster", uploaded.coclustering_id, tmp_path / "chips.svg", caption=True)
    tree = ET.parse(svg).getroot()
    metadata = tree.find(f"{SVG_NS}metadata[@id='{KEY}']")
    assert metadata is not None and metadata.text is not None
    recorded = json.loads(metadata.text)
    assert fixed(recorded) == expected
    assert len(tree.findall(f".//{SVG_NS}rect[@class='chip']")) == chips
    lines = " ".join(t.text or "" for t in tree.iter(f"{SVG_NS}text"))
    assert recorded["caption"][:60] in lines  # the caption line under the chart

    png = api.figure("cocluster", uploaded.coclustering_id, tmp_path / "chips.png")
    texts = png_texts(png.read_bytes())
    assert fixed(json.loads(texts[KEY])) == expected and texts["Title"].startswith("Memory chips of ")

    unit = api.figure("unit", uploaded.recording_id, tmp_path / "unit.svg", unit=3, layer=1, state="h")
    unit_meta = ET.parse(unit).getroot().find(f"{SVG_NS}metadata[@id='{KEY}']")
    assert unit_meta is not None and json.loads(unit_meta.text or "")["kind"] == "recording"

    cite = api.cite("coclustering", uploaded.coclustering_id)
    assert cite.startswith("@inproceedings{ming2017understanding,") and "% data: lstm (model" in cite
    with pytest.raises(ValueError, match="svg, png or pdf"):
        api.figure("cocluster", uploaded.coclustering_id, tmp_path / "chips.jpeg")
