"""Recording speed and memory: a 2-layer LSTM, 650 units, 10,000-word vocabulary, PTB text.

Times (a) plain torch.nn.LSTM inference over the recorder's own batches and (b) the full recording
(h and c of both layers, every statistic, quantiles of the top 300 words) in one process, then runs
the recording at 100k and at 400k tokens in fresh processes and compares their peak memory.

    .venv/bin/python benchmarks/recording.py
Last line: ratio=<time b / time a> memory_growth=<peak 400k / peak 100k>
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from services.corpora import SequenceSource
from services.models import ModelSpec, RNNModel, build_network, check_model, network_state_dict
from services.recording import QuantilePlan, RecordingOptions, batch_sequences, open_corpus, pad_batch, record
from tests.shared_data import SHARED_DATA

VOCAB_SIZE, HIDDEN, LAYERS = 10_000, 650, 2


def build_corpus(tokens: int, folder: Path, base_tokens: int = 100_000) -> Path:
    """The first `base_tokens` tokens of PTB valid + test (whole lines), repeated to `tokens`.

    Repeating one base text keeps the vocabulary seen the same at every size, so a difference in
    peak memory can only come from the corpus's length.
    """
    lines, count = [], 0
    for line in (
        (SHARED_DATA / "ptb.valid.txt").read_text() + (SHARED_DATA / "ptb.test.txt").read_text()
    ).splitlines():
        if count >= base_tokens:
            break
        lines.append(line + "\n")
        count += len(line.split()) + 1  # + <eos>
    path = folder / f"ptb_{tokens}.txt"
    path.write_text("".join(lines) * (tokens // count + 1))
    return path


def build_model():
    text = (SHARED_DATA / "ptb.valid.txt").read_text() + (SHARED_DATA / "ptb.test.txt").read_text()
    words = sorted(set(text.split()) | {"<eos>"})
    vocab = words + [f"<extra{i}>" for i in range(VOCAB_SIZE - len(words))]  # PTB's vocabulary has 10k words
    spec = ModelSpec(
        cell="lstm",
        num_layers=LAYERS,
        hidden_size=HIDDEN,
        embedding_size=HIDDEN,
        vocab_size=VOCAB_SIZE,
        task="language_model",
    )
    torch.manual_seed(0)
    return check_model(network_state_dict(RNNModel(spec)), vocab, spec.to_config())


def time_plain_lstm(model, corpus: Path, options: RecordingOptions) -> tuple[float, int]:
    """torch.nn.LSTM over exactly the batches the recorder forms (same sizes, same padding)."""
    network = build_network(model, "cpu")
    source: SequenceSource = open_corpus(model, corpus, "text", options)
    counts = source.scan().word_counts
    plan = QuantilePlan(counts, options.top_words, options.sample_size)
    batches = [pad_batch(batch)[0] for batch in batch_sequences(source, plan, counts * 0, options.batch_size)]
    started = time.perf_counter()
    with torch.inference_mode():
        for tokens in batches:
            network(tokens)
    return time.perf_counter() - started, int(counts.sum())


def child(tokens: int, folder: Path) -> None:
    """Record `tokens` tokens and print the peak resident memory in MiB."""
    model = build_model()
    corpus = build_corpus(tokens, folder)
    result = record(model, corpus, options=RecordingOptions(max_tokens=tokens), device="cpu")
    print(len(result.statistics.word_ids), result.tokens)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tokens", type=int, default=100_000)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder)
        return
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"LSTM {LAYERS}x{HIDDEN}, vocabulary {VOCAB_SIZE}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = build_model()
        corpus = build_corpus(args.tokens, folder)
        options = RecordingOptions(max_tokens=args.tokens)
        time_plain_lstm(model, corpus, RecordingOptions(max_tokens=5000))  # warm up oneDNN
        plain, tokens = time_plain_lstm(model, corpus, options)
        print(
            f"(a) plain nn.LSTM inference: {tokens} tokens in {plain:.2f} s = {tokens / plain:,.0f} tokens/s"
        )
        started = time.perf_counter()
        result = record(model, corpus, options=options, device="cpu")
        full = time.perf_counter() - started
        print(
            f"(b) full recording (h, c, 2 layers, statistics, quantiles of top {options.top_words}): "
            f"{result.tokens} tokens in {full:.2f} s = {result.tokens / full:,.0f} tokens/s"
        )
        peaks = {}
        for size in (100_000, 400_000):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size), "--folder", tmp],
                capture_output=True,
                text=True,
                check=True,
            )
            lines = out.stdout.strip().splitlines()
            words, read = lines[-2].split()
            peaks[size] = float(lines[-1])
            print(
                f"peak memory recording {int(read):,} tokens ({int(words):,} distinct words): "
                f"{peaks[size]:,.0f} MiB"
            )
    print(f"ratio={full / plain:.3f} memory_growth={peaks[400_000] / peaks[100_000]:.3f}")


if __name__ == "__main__":
    main()
