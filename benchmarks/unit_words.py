"""How often the words a unit view shows were seen, and how many carry stored quantiles (issue 13).

A 2-layer, 200-unit LSTM over PTB's vocabulary (random weights, as benchmarks/pipeline.py: what
matters here is how noisy a rare word's mean is, which training does not change) recorded over
ptb.test.txt with default settings; then, for 50 units of layer 1 h, GET /units/{u}/words with
k = 8 under three rankings: the plain mean at min_count 1 (the old defaults), the plain mean at
min_count 5, and the defaults (mean shrunk by count / (count + 20), min_count 5).

    .venv/bin/python -m benchmarks.unit_words
One line per ranking: median_count=... with_quantiles=...%
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import numpy as np

from benchmarks.pipeline import wait, write_model
from benchmarks.service_stack import running_stack
from tests.shared_data import SHARED_DATA

RANKINGS = {
    "plain mean, min_count 1 (before)": {"score": "mean", "min_count": 1},
    "plain mean, min_count 5": {"score": "mean", "min_count": 5},
    "defaults (shrunk, min_count 5)": {},
}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, running_stack() as (stack, token):
        api = httpx.Client(
            base_url=f"{stack.url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
        model_dir = write_model(Path(folder))
        with (model_dir / "model.safetensors").open("rb") as w, (model_dir / "vocab.txt").open("rb") as v:
            model = api.post("/models", data={"name": "lstm-200"}, files={"weights": w, "vocab": v}).json()
        with (SHARED_DATA / "ptb.test.txt").open("rb") as f:
            corpus = api.post(
                "/corpora", data={"name": "ptb test", "format": "text"}, files={"file": f}
            ).json()
        rec = api.post("/recordings", json={"model_id": model["id"], "corpus_id": corpus["id"]}).json()
        wait(api, rec["job_id"])
        for name, params in RANKINGS.items():
            counts, quantiles = [], []
            for unit in range(0, 200, 4):
                body = api.get(
                    f"/recordings/{rec['id']}/units/{unit}/words", params={"layer": 1, "k": 8, **params}
                ).json()
                for word in body["positive"] + body["negative"]:
                    counts.append(word["count"])
                    quantiles.append(word["quantiles"] is not None)
            print(
                f"{name}: median_count={np.median(counts):.0f} "
                f"with_quantiles={100 * np.mean(quantiles):.0f}% (words={len(counts)})",
                flush=True,
            )


if __name__ == "__main__":
    main()
