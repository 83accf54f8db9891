"""What the figure files say of themselves, read without the code that wrote them: a PDF with pypdf,
an SVG as XML, a PNG chunk by chunk (web/src/charts/export.ts writes them; tests/service/test_figures.py
and test_web.py read them)."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf

KEY = "rnnvis-provenance"  # web/src/charts/export.ts: PROVENANCE_KEY
XMP_NAMESPACE = "urn:rnnvis:provenance:1.0"  # and XMP_NAMESPACE
SVG_NS = "{http://www.w3.org/2000/svg}"
# what a figure's provenance fixes, whenever it is read
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


def fixed(provenance: dict[str, Any]) -> dict[str, Any]:
    return {key: provenance[key] for key in FIXED}


@dataclass(frozen=True)
class Pdf:
    pages: int
    title: str | None
    provenance: dict[str, Any]
    path_operators: int  # rectangles, lines, curves, fills and strokes: vector marks
    shows_text: bool  # text drawn as text (Tj/TJ), not as outlines
    embedded_fonts: list[str]  # base font names whose TrueType program is in the file


def read_pdf(path: Path) -> Pdf:
    reader = pypdf.PdfReader(path)
    page = reader.pages[0]
    content = page.get_contents()
    data = content.get_data() if content is not None else b""
    operators = re.findall(rb"(?<=[\s\d])(re|l|c|f|S|B)(?=\s)", data)
    embedded = []
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            embedded.append(str(font["/BaseFont"]))
    xmp = reader.xmp_metadata
    assert xmp is not None, "no XMP metadata"
    (element,) = xmp.rdf_root.getElementsByTagNameNS(XMP_NAMESPACE, "metadata")
    provenance = json.loads("".join(node.data for node in element.childNodes))
    title = reader.metadata.title if reader.metadata is not None else None
    return Pdf(
        len(reader.pages), title, provenance, len(operators), bool(re.search(rb"\bT[jJ]\b", data)), embedded
    )


def svg_provenance(path: Path) -> tuple[dict[str, Any], ET.Element]:
    """The SVG's provenance and its root."""
    root = ET.parse(path).getroot()
    metadata = root.find(f"{SVG_NS}metadata[@id='{KEY}']")
    assert metadata is not None and metadata.text is not None, "no provenance metadata"
    return json.loads(metadata.text), root


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
