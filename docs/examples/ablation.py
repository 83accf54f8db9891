"""The worked ablation of docs/guide.md: does a language model use its memory chips for their
clouds' words? Everything goes through the Python client.

    .venv/bin/python docs/examples/ablation.py [--figures docs/guide] [--out docs/guide/ablation-results.json]

Trains a 2-layer LSTM language model (48 units) on the Penn Treebank validation text on the server,
records it over the test text, co-clusters layer 1's h into 6 chips over its 300 most frequent
words, and freezes each chip's units in turn while the model reads the test text, beside 5 random
unit sets of the same size (SPEC 9, ablation).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sentiment import ROOT, print_report, server  # noqa: E402  (the same embedded server)

DATA = ROOT.parent / "shared" / "data"
MODEL: dict[str, Any] = {"num_layers": 2, "hidden_size": 48, "embedding_size": 32, "epochs": 6,
                         "learning_rate": 0.01, "batch_size": 20, "max_vocab": 2000, "seed": 0}  # fmt: skip
K, CONTROLS = 6, 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", type=Path, help="save a screenshot of the web client here")
    parser.add_argument("--out", type=Path, help="save the numbers as JSON here")
    args = parser.parse_args()
    with server() as api:
        valid = api.upload_corpus("PTB valid", DATA / "ptb.valid.txt")
        test = api.upload_corpus("PTB test", DATA / "ptb.test.txt")
        trained = api.train(valid.id, name="PTB LSTM 2x48", wait=True, **MODEL)
        assert trained.model_id is not None
        rec = api.record(trained.model_id, test.id, top_words=300, wait=True)
        co = api.cocluster(rec.id, K, layer=1, top_words=300, min_count=5, wait=True)
        chips = api.coclusters(co.id)
        tests = []
        for chip in range(K):
            if len(chips.units(chip)) == 0:
                continue
            found = api.ablate(co.id, chip, controls=CONTROLS, seed=chip, wait=True)
            tests.append(found)
        report = {
            "model": {"metrics": trained.metrics.model_dump() if trained.metrics else None},
            "coclustering_id": co.id,
            "quality": chips.quality,
            "clouds": [chips.cloud(i, 6) for i in range(K)],
            "chips": [
                {
                    "chip": t.unit_cluster,
                    "units": len(t.units),
                    "loss": t.loss.model_dump() if t.loss else None,
                    "delta": t.delta_loss,
                    "control_mean": t.control_delta_loss_mean,
                    "control_std": t.control_delta_loss_std,
                    "z": t.z,
                    "most_hurt": [w.model_dump() for w in (t.most_hurt or [])[:8]],
                }
                for t in tests
            ],
        }
        if args.figures:
            import os
            import subprocess

            shots = [{
                "name": "ablation-lm",
                "hash": f"#/cocluster?recording={rec.id}&id={co.id}",
                "wait": "svg.ablation-matrix",
            }]  # fmt: skip
            env = {
                **os.environ,
                "RNNVIS_URL": api.url,
                "RNNVIS_TOKEN": api.token or "",
                "RNNVIS_FIGURES": json.dumps(shots),
                "RNNVIS_FIGURES_DIR": str(args.figures.resolve()),
            }
            subprocess.run(["node", "e2e/figures.mjs"], cwd=ROOT / "web", env=env, check=True)
    return print_report(report, args.out)


if __name__ == "__main__":
    sys.exit(main())
