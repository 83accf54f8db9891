"""What a trace costs (SPEC 13): a recording with trace=16 against the same recording without.

The model and text are benchmarks/recording.py's: a 2-layer LSTM of 650 units and a 10,000-word
vocabulary reading the first 100k tokens of PTB valid + test. Both recordings run in this process,
alternately (without, with, without, with), and each takes its faster run, so the ratio compares
like with like on a machine whose speed drifts.

    .venv/bin/python -m benchmarks.trace [--tokens 100000] [--trace 16]
Last line: ratio=<time with trace / time without>
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch

from benchmarks.recording import HIDDEN, LAYERS, VOCAB_SIZE, build_corpus, build_model
from services.recording import RecordingOptions, record


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=100_000)
    parser.add_argument("--trace", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"LSTM {LAYERS}x{HIDDEN}, vocabulary {VOCAB_SIZE}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        model = build_model()
        corpus = build_corpus(args.tokens, Path(tmp))
        plain = RecordingOptions(max_tokens=args.tokens)
        traced = replace(plain, trace=args.trace)
        record(model, corpus, options=RecordingOptions(max_tokens=5000), device="cpu")  # warm up oneDNN
        times: dict[int, list[float]] = {0: [], args.trace: []}
        for _ in range(args.repeats):
            for options in (plain, traced):
                started = time.perf_counter()
                result = record(model, corpus, options=options, device="cpu")
                times[options.trace].append(time.perf_counter() - started)
                print(
                    f"trace={options.trace:2d}: {result.tokens:,} tokens in {times[options.trace][-1]:.2f} s"
                    f" = {result.tokens / times[options.trace][-1]:,.0f} tokens/s"
                )
        stats = result.statistics.trace
        assert stats is not None
        print(
            f"traced words {len(stats.word_ids)}, channels {len(stats.channels)}, "
            f"trace kept {stats.trace.nbytes / 2**20:.1f} MiB"
        )
    best = {depth: min(values) for depth, values in times.items()}
    print(f"without {best[0]:.2f} s, with trace={args.trace} {best[args.trace]:.2f} s")
    print(f"ratio={best[args.trace] / best[0]:.3f}")


if __name__ == "__main__":
    main()
