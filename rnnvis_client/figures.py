"""The Client's figures (issue 35): a record's provenance, what to cite, and `figure`, which writes
the file the web client's export button would (SVG, PNG or PDF, the provenance in its metadata).

`figure` draws with the web client's own code: it opens the server's figure page (web/figure.html)
in headless Chromium, hands it the record and its provenance, and writes the file the page makes.
It needs `pip install 'rnnvis-client[figures]'` (playwright's Python package) and a Chromium: the
one in RNNVIS_CHROMIUM, else `chromium` or `google-chrome` on PATH, else playwright's own
(`playwright install chromium`)."""

from __future__ import annotations

import base64
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal, get_args

from rnnvis_client.connection import Connection
from rnnvis_client.models import ProvenanceOut
from rnnvis_client.views import cocluster_view, sentence_view, timeline_view, unit_view

FigureKind = Literal["cocluster", "unit", "sentence", "timeline"]
# the kinds of record a provenance is read for: the schema's (GET /provenance/{kind}/{record_id})
RECORD_KINDS: tuple[str, ...] = get_args(ProvenanceOut.model_fields["kind"].annotation)
FORMATS = ("svg", "png", "pdf")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# the flags a container's Chromium needs (no sandbox for root, no GPU, a small /dev/shm)
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
FIGURE_TIMEOUT_MS = 120_000  # a hang guard: a figure takes a second or two


def chromium() -> str | None:
    """The Chromium `figure` runs: RNNVIS_CHROMIUM, else one on PATH, else None (playwright's)."""
    given = os.environ.get("RNNVIS_CHROMIUM")
    if given:
        return given
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def figure_source(kind: FigureKind, record_id: int, coclustering_id: int | None = None) -> tuple[str, int]:
    """Whose provenance a figure carries: the co-clustering, the recording, the timeline; a sentence's
    the co-clustering it was read with, else its model."""
    if kind == "cocluster":
        return "coclustering", record_id
    if kind == "unit":
        return "recording", record_id
    if kind == "sentence":
        return ("coclustering", coclustering_id) if coclustering_id is not None else ("model", record_id)
    if kind == "timeline":
        return "timeline", record_id
    raise ValueError(f"no figure of kind {kind!r}: cocluster, unit, sentence or timeline")


def _draw(url: str, arguments: list[Any]) -> str:
    try:
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError as exc:
        raise ImportError("figure needs playwright: pip install 'rnnvis-client[figures]'") from exc
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": max(1280, int(arguments[5]) + 40), "height": 900})
            page.set_default_timeout(FIGURE_TIMEOUT_MS)
            page.goto(f"{url}/figure.html")
            page.wait_for_function("() => typeof window.rnnvisFigure === 'function'")
            return str(page.evaluate("(a) => window.rnnvisFigure(...a)", arguments))
        finally:
            browser.close()


class FigureMethods:
    """Provenance, citation and figures (Client inherits them)."""

    _api: Connection

    def provenance(self, kind: str, record_id: int) -> ProvenanceOut:
        """Where a figure of this record comes from: the model and its weights' sha256, the corpus,
        the ids, layer, state, k, seed and word selection, the server's version, the date, a one-line
        caption and what to cite. kind: model, recording, coclustering or timeline (RECORD_KINDS)."""
        return ProvenanceOut.model_validate(self._api.get(f"/provenance/{kind}/{record_id}"))

    def cite(self, kind: str, record_id: int) -> str:
        """The paper's BibTeX, then a comment line naming the model and data of the record."""
        cite = self.provenance(kind, record_id).cite
        return f"{cite.bibtex}\n% data: {cite.data}"

    def figure(
        self,
        kind: FigureKind,
        record_id: int,
        path: str | Path,
        *,
        format: Literal["svg", "png", "pdf"] | None = None,
        caption: bool = False,
        width: int = 1200,
        unit: int | None = None,
        layer: int | None = None,
        state: str | None = None,
        text: str | None = None,
        coclustering_id: int | None = None,
        output: int | None = None,
    ) -> Path:
        """Write a view's chart to `path` as the web client's export would: "cocluster" (a
        co-clustering's id), "unit" (a recording's id, with unit= and optionally layer=, state=),
        "sentence" (a model's id, with text= and optionally coclustering_id=, output=) or
        "timeline" (a timeline's id). format: from the path's suffix unless given; caption=True
        ends the file with the provenance's one-line caption. Answers the path."""
        target = Path(path)
        chosen = format or target.suffix.lstrip(".").lower()
        if chosen not in FORMATS:
            raise ValueError(f"a figure is svg, png or pdf: give format= or a path ending in one ({target})")
        source = figure_source(kind, record_id, coclustering_id)
        data, title = self._figure_data(kind, record_id, unit, layer, state, text, coclustering_id, output)
        provenance = self._api.get(f"/provenance/{source[0]}/{source[1]}")
        arguments = [kind, data, provenance, chosen, caption, width, title]
        # playwright's synchronous API may not run inside an event loop (a notebook's): a thread of its own
        with ThreadPoolExecutor(max_workers=1) as pool:
            encoded = pool.submit(_draw, self._api.url, arguments).result()
        target.write_bytes(base64.b64decode(encoded))
        return target

    def _figure_data(
        self,
        kind: FigureKind,
        record_id: int,
        unit: int | None,
        layer: int | None,
        state: str | None,
        text: str | None,
        coclustering_id: int | None,
        output: int | None,
    ) -> tuple[dict[str, Any], str]:
        """The view's record and the file's title."""
        if kind == "cocluster":
            data = cocluster_view(self._api, record_id)
            return data, str(data["coclustering"]["label"])
        if kind == "unit":
            if unit is None:
                raise ValueError("a unit figure needs unit=")
            data = unit_view(self._api, record_id, unit, layer, state, None)
            title = f"Unit {unit} of layer {data['layer']} {data['state']}, recording {record_id}"
            return data, title
        if kind == "sentence":
            if not text:
                raise ValueError("a sentence figure needs text=")
            data = sentence_view(self._api, record_id, text, coclustering_id, output)
            return data, f"“{text}” read by model {record_id}"
        if kind == "timeline":
            data = timeline_view(self._api, record_id)
            return data, f"Memory chips across checkpoints, timeline {record_id}"
        raise AssertionError(kind)  # figure_source refused it
