"""The notebook widgets' JavaScript (rnnvis_client/widgets/rnnvis-widgets.js) is committed, so that
`pip install ./rnnvis_client[notebook]` needs no Node; it must be the build of web/src as it is now
(one source: the web client's charts). `make widgets` builds it again."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "rnnvis_client" / "widgets" / "rnnvis-widgets.js"


def test_the_committed_bundle_is_the_build_of_web_src(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            "npx",
            "vite",
            "build",
            "-c",
            "vite.widgets.config.ts",
            "--outDir",
            str(tmp_path),
            "--logLevel",
            "warn",
        ],
        cwd=ROOT / "web",
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard: the build takes about a second
    )
    assert built.returncode == 0, built.stderr
    fresh = (tmp_path / BUNDLE.name).read_bytes()
    assert fresh == BUNDLE.read_bytes(), "rnnvis-widgets.js is not the build of web/src: run `make widgets`"


def test_the_bundle_draws_every_widget_the_client_defines() -> None:
    from rnnvis_client import widgets

    source = BUNDLE.read_text()
    for cls in (widgets.CoclusterWidget, widgets.UnitWidget, widgets.SentenceWidget, widgets.TimelineWidget):
        kind = cls.__name__.removesuffix("Widget").lower()
        assert f"{kind}:" in source, f"the bundle draws no {kind} widget"
