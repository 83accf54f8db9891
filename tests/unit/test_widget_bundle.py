"""The notebook widgets' JavaScript (rnnvis_client/widgets/rnnvis-widgets.js) is committed, so that
`pip install ./rnnvis_client[notebook]` needs no Node; it must be the build of web/src as it is now
(one source: the web client's charts). The web build (`npm run build`, part of `make test`) builds
it again into web/dist/widgets/; `make widgets` writes it where the client ships it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "rnnvis_client" / "widgets" / "rnnvis-widgets.js"
BUILT = ROOT / "web" / "dist" / "widgets" / BUNDLE.name


def test_the_committed_bundle_is_the_build_of_web_src() -> None:
    if not BUILT.exists():
        pytest.fail("web/dist/widgets is missing: `make test` builds the web client before the tests")
    assert BUILT.read_bytes() == BUNDLE.read_bytes(), (
        "rnnvis-widgets.js is not the build of web/src: run `make widgets`"
    )


def test_the_bundle_draws_every_widget_the_client_defines() -> None:
    from rnnvis_client import widgets

    source = BUNDLE.read_text()
    for cls in (widgets.CoclusterWidget, widgets.UnitWidget, widgets.SentenceWidget, widgets.TimelineWidget):
        kind = cls.__name__.removesuffix("Widget").lower()
        assert f"{kind}:" in source, f"the bundle draws no {kind} widget"
