"""Chips stable enough to follow (SPEC 9's consensus, issue 34): on the PTB LSTM (2 x 200, trained
here on PTB valid with `rnnvis train`), layer 1's h over PTB test, k = 8: how well two single seeds
agree, how well two consensus co-clusterings from disjoint seed sets agree, and which k the scan
suggests with and without consensus.

    .venv/bin/python -m benchmarks.consensus [--model DIR] [--seeds 10] [--k 8]
Last line: agreement_units=<ARI> agreement_words=<ARI> (two consensuses of `seeds` seeds each)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np

from services.clustering.consensus import consensus
from services.clustering.trust import ari, fit_once, scan
from services.models import load_model
from services.recording import RecordingOptions, record
from tests.shared_data import SHARED_DATA

TRAIN = [
    "--layers",
    "2",
    "--hidden",
    "200",
    "--epochs",
    "6",
    "--lr",
    "0.01",
    "--batch-size",
    "20",
    "--max-vocab",
    "2000",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--model", type=Path, help="a trained model folder (default: train one, about a minute)"
    )
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--top-words", type=int, default=500)
    args = parser.parse_args()
    folder = args.model or Path(tempfile.mkdtemp()) / "ptb-lstm-2x200"
    if not (folder / "model.safetensors").exists():
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "rnnvis"), "train", "--quiet", "--out", str(folder),
             "--corpus", str(SHARED_DATA / "ptb.valid.txt"), *TRAIN],
            check=True,
        )  # fmt: skip
        print(f"trained {folder} in {time.perf_counter() - started:.0f} s")
    model = load_model(folder / "model.safetensors", folder / "vocab.txt", folder / "config.json")
    stats = record(model, SHARED_DATA / "ptb.test.txt", options=RecordingOptions(top_words=300)).statistics
    _, matrix = stats.matrix(1, "h", args.top_words, min_count=5)
    print(f"layer 1 h: {matrix.shape[0]} words x {matrix.shape[1]} units, k = {args.k}, {args.seeds} seeds")

    singles = [fit_once(matrix, args.k, "abs", s, False) for s in range(args.seeds)]
    pairs = list(combinations(singles, 2))
    single_units = float(np.mean([ari(a.unit_labels, b.unit_labels) for a, b in pairs]))
    single_words = float(np.mean([ari(a.word_labels, b.word_labels) for a, b in pairs]))
    print(f"single seeds, mean pairwise adjusted Rand: units {single_units:.3f}, words {single_words:.3f}")
    started = time.perf_counter()
    found = consensus(matrix, args.k, "abs", 0, args.seeds)
    took = time.perf_counter() - started
    print(
        f"consensus of seeds 0..{args.seeds - 1} against {args.seeds}..{2 * args.seeds - 1}: units "
        f"{found.agreement_units:.3f}, words {found.agreement_words:.3f} ({took:.1f} s)"
    )
    for on in (False, True):
        found_k = scan(matrix, "abs", 2, 12, 5, 0, consensus=on)
        rows = ", ".join(
            f"k{r['k']} {r['stability_units']:.2f}/{r['stability_words']:.2f}" for r in found_k["results"]
        )
        print(
            f"scan k 2..12, 5 seeds, consensus {on}: suggested k {found_k['suggested_k']} (stability {rows})"
        )
    print(f"agreement_units={found.agreement_units:.3f} agreement_words={found.agreement_words:.3f}")


if __name__ == "__main__":
    main()
