"""Recording speed of the SPEC 11 models beside transformers' own forward, on the same batches.

For each model_type a mid-size config (d_model 256, 4 layers, vocabulary 10,000; random weights:
speed does not depend on what was learned) reads the first 50,000 tokens of PTB (valid, then test)
cut into sequences of 128 tokens. Timed in one process, one torch thread, the same padded batches:
(a) transformers' full-sequence forward (`model(input_ids)`, logits included, nothing recorded);
(b) the whole recording (every layer's states at every step, their responses, every statistic).

    .venv/bin/python -m benchmarks.recording_modern [--tokens 50000] [--types mamba,rwkv]
Last line: mamba=<tokens/s (b) / tokens/s (a)> mamba2=... rwkv=... xlstm=... recurrent_gemma=...
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

from services.models.modern import FAMILIES, MODEL_TYPES
from services.models.modern.folder import read_folder
from services.recording import QuantilePlan, RecordingOptions, batch_sequences, open_corpus, pad_batch, record
from tests.modern_folders import save_folder
from tests.shared_data import SHARED_DATA

VOCAB_SIZE, D_MODEL, LAYERS, SEGMENT, BATCH = 10_000, 256, 4, 128, 32
CONFIGS: dict[str, dict[str, Any]] = {
    "mamba": dict(hidden_size=D_MODEL, state_size=16, expand=2, conv_kernel=4),
    "mamba2": dict(
        hidden_size=D_MODEL, state_size=64, expand=2, num_heads=8, head_dim=64, n_groups=1, chunk_size=64
    ),
    "rwkv": dict(
        hidden_size=D_MODEL, attention_hidden_size=D_MODEL, intermediate_size=4 * D_MODEL, rescale_every=0
    ),
    "xlstm": dict(hidden_size=D_MODEL, embedding_dim=D_MODEL, num_heads=4, num_blocks=LAYERS),
    "recurrent_gemma": dict(
        hidden_size=D_MODEL,
        lru_width=D_MODEL,
        num_attention_heads=4,
        num_key_value_heads=1,
        intermediate_size=3 * D_MODEL,
    ),
}


def corpus(tokens: int, folder: Path) -> tuple[Path, list[str]]:
    """The first `tokens` tokens of PTB (whole lines) and its words, most frequent first."""
    lines, count = [], 0
    for line in (
        (SHARED_DATA / "ptb.valid.txt").read_text() + (SHARED_DATA / "ptb.test.txt").read_text()
    ).splitlines():
        if count >= tokens:
            break
        lines.append(line)
        count += len(line.split()) + 1
    path = folder / "ptb.txt"
    path.write_text("\n".join(lines) + "\n")
    words = ["<unk>", "<eos>", *sorted(set(" ".join(lines).split()) - {"<unk>", "<eos>"})]
    return path, words + [f"<extra{i}>" for i in range(VOCAB_SIZE - len(words))]


def model_folder(model_type: str, words: list[str], folder: Path) -> Path:
    import transformers

    torch.manual_seed(0)
    config = transformers.AutoConfig.for_model(
        model_type, vocab_size=VOCAB_SIZE, num_hidden_layers=LAYERS, **CONFIGS[model_type]
    )
    model = getattr(transformers, FAMILIES[model_type].class_name)(config).eval()
    return save_folder(model, folder / model_type, words)


def measure(model_type: str, text: Path, words: list[str], folder: Path) -> tuple[float, float, int]:
    """(tokens/s of transformers' forward, tokens/s of the recording, tokens) over the same batches."""
    import transformers

    path = model_folder(model_type, words, folder)
    loaded = read_folder({p.name: p for p in path.iterdir()})
    options = RecordingOptions(sequence_mode="stream", segment_length=SEGMENT, batch_size=BATCH)
    source = open_corpus(loaded, text, "text", options)
    scan = source.scan()
    reference = getattr(transformers, FAMILIES[model_type].class_name).from_pretrained(path).eval()
    reference.config.use_cache = False
    plan = QuantilePlan(scan.word_counts)
    seen = torch.zeros(len(scan.word_counts), dtype=torch.int64).numpy()
    batches = [pad_batch(b)[0] for b in batch_sequences(source, plan, seen, BATCH)]
    with torch.inference_mode():
        reference(batches[0][:, :8])  # warm up (and RWKV's one-time rescaling, off here)
        started = time.perf_counter()
        for tokens in batches:
            reference(tokens)
        forward = time.perf_counter() - started
    started = time.perf_counter()
    result = record(loaded, text, options=options)
    recording = time.perf_counter() - started
    return scan.tokens / forward, result.tokens / recording, scan.tokens


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tokens", type=int, default=50_000)
    parser.add_argument("--types", default=",".join(MODEL_TYPES))
    args = parser.parse_args()
    torch.set_num_threads(1)
    ratios = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text, words = corpus(args.tokens, folder)
        for model_type in args.types.split(","):
            forward, recording, tokens = measure(model_type, text, words, folder)
            ratios[model_type] = recording / forward
            print(
                f"{model_type}: {tokens:,} tokens; transformers forward {forward:,.0f} tokens/s, "
                f"recording {recording:,.0f} tokens/s, ratio {ratios[model_type]:.2f}",
                flush=True,
            )
    print(" ".join(f"{t}={r:.2f}" for t, r in ratios.items()))


if __name__ == "__main__":
    main()
