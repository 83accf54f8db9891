"""Ablation speed: the recording benchmark's model (2-layer LSTM, 650 units, 10,000 words) on 100k
PTB tokens, one memory chip of 60 units of layer 1 frozen and 5 random controls: seven passes over
the corpus (unablated, ablated, five controls), the layer below shared. Timed against one recording
of the same tokens in the same process.

    .venv/bin/python benchmarks/ablation.py [--tokens 100000]
Last line: seconds=<ablation> ratio_to_recording=<ablation / recording> (target ratio at most 7)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.recording import build_corpus, build_model
from services.ablation.engine import AblationOptions, ablate
from services.recording import RecordingOptions, record

CHIP_UNITS = 60
CONTROLS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=100_000)
    args = parser.parse_args()
    model = build_model()
    with tempfile.TemporaryDirectory() as folder:
        corpus = build_corpus(args.tokens, Path(folder), base_tokens=args.tokens)
        started = time.perf_counter()
        record(model, corpus, "text", RecordingOptions(max_tokens=args.tokens), device="cpu")
        recording = time.perf_counter() - started
        chip = tuple(sorted(np.random.default_rng(1).choice(650, CHIP_UNITS, replace=False).tolist()))
        clusters = {w: i % 8 for i, w in enumerate(model.vocab[:1000])}  # eight clouds of frequent words
        options = AblationOptions(layer=1, units=chip, controls=CONTROLS, max_tokens=args.tokens)
        started = time.perf_counter()
        result = ablate(model, corpus, "text", options, clusters, 8, device="cpu")
        seconds = time.perf_counter() - started
    print(
        f"{result.tokens:,} scored steps; recording {recording:.1f} s; "
        f"ablation ({2 + CONTROLS} variants) {seconds:.1f} s"
    )
    print(f"loss unablated {result.loss['unablated']:.4f}, ablated {result.loss['ablated']:.4f} nats")
    print(f"seconds={seconds:.1f} ratio_to_recording={seconds / recording:.2f}")


if __name__ == "__main__":
    main()
