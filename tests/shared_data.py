"""Where the reference text lives: ../shared/data beside the clone (Penn Treebank, tiny Shakespeare),
never copied into the repository. Tests and benchmarks read it from here."""

from __future__ import annotations

from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
