"""The worked example of docs/guide.md's "Modern recurrent models": a Mamba-2 trained on the server
over the Penn Treebank, its memory chips, and its units aligned with an LSTM's trained on the same
text. Everything goes through the Python client.

    .venv/bin/python docs/examples/modern.py [--out docs/guide/modern-results.json]

Trains a 2-layer LSTM (48 units) and a 2-layer Mamba-2 (d_model 64: 128 channels a layer) language
model on the validation text, records both over the test text (the Mamba-2 at lags 0, 1 and 2),
co-clusters layer 1 of each into 6 chips, and aligns the LSTM's units with the Mamba-2's channels.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sentiment import ROOT, server  # noqa: E402  (the same embedded server)

DATA = ROOT.parent / "shared" / "data"
LSTM: dict[str, Any] = {"cell": "lstm", "num_layers": 2, "hidden_size": 48, "embedding_size": 32, "epochs": 6,
                        "learning_rate": 0.01, "batch_size": 20, "max_vocab": 2000, "seed": 0}  # fmt: skip
MAMBA2: dict[str, Any] = {"cell": "mamba2", "num_layers": 2, "hidden_size": 64, "embedding_size": 64,
                          "epochs": 4, "learning_rate": 0.003, "batch_size": 20, "max_vocab": 2000,
                          "seed": 0}  # fmt: skip
K, LAYER, LAGS = 6, 1, [0, 1, 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="save the numbers as JSON here")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    with server() as api:
        valid = api.upload_corpus("PTB valid", DATA / "ptb.valid.txt")
        test = api.upload_corpus("PTB test", DATA / "ptb.test.txt")
        models, recordings, chips = {}, {}, {}
        for name, options, record in (
            ("LSTM", LSTM, {}),
            ("Mamba-2", MAMBA2, {"lags": LAGS}),
        ):
            trained = api.train(valid.id, name=f"PTB {name}", wait=True, **options)
            assert trained.model_id is not None and trained.metrics is not None
            models[name] = api.model(trained.model_id)
            ppl, base = trained.metrics.validation_perplexity, trained.metrics.baseline
            unigram = base.perplexity if base and base.perplexity else float("nan")
            print(f"{name}: validation perplexity {ppl:.0f} (unigram {unigram:.0f})")
            rec = api.record(trained.model_id, test.id, top_words=300, wait=True, **record)
            recordings[name] = rec
            state = "y" if name == "Mamba-2" else "h"
            co = api.cocluster(rec.id, K, layer=LAYER, state=state, top_words=300, min_count=5, wait=True)
            chips[name] = api.coclusters(co.id)
            quality = chips[name].quality or {}
            report[name] = {
                "model_id": trained.model_id,
                "validation_perplexity": ppl,
                "unigram_perplexity": base.perplexity if base else None,
                "recording_id": rec.id,
                "coclustering_id": co.id,
                "quality": quality,
                "chips": [
                    {"units": len(chips[name].units(i)), "cloud": chips[name].cloud(i, 8)} for i in range(K)
                ],
            }
            band = quality.get("band", "?")
            modularity = quality.get("modularity", 0)
            print(f"  layer {LAYER} {state}: {K} chips, structure {band}, modularity {modularity:.3f}")
            for i in range(K):
                print(f"    #{i} ({len(chips[name].units(i))} units): {', '.join(chips[name].cloud(i, 8))}")
        report["lags"] = lag_shares(api, recordings["Mamba-2"].id)
        report["alignment"] = aligned(api, recordings["LSTM"].id, recordings["Mamba-2"].id, chips)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2, default=float) + "\n")
    return 0


def lag_shares(api: Any, recording_id: int) -> dict[str, float]:
    """How much of a token's effect on the channels' state size (norm) shows at each lag: the mean
    |E[Δ norm@k | word]| over the 300 most frequent words and every channel, against lag 0's."""
    sizes = {}
    for lag in LAGS:
        state = "norm" if lag == 0 else f"norm@{lag}"
        sizes[lag] = float(
            np.abs(api.matrix(recording_id, layer=LAYER, state=state, top_words=300).mean).mean()
        )
    shares = {f"lag {k}": sizes[k] / sizes[0] for k in LAGS}
    print(
        "Mamba-2 layer 1, |E[Δ norm | word]| at each lag, against lag 0:",
        ", ".join(f"{k} {v:.2f}" for k, v in shares.items()),
    )
    return shares


def aligned(api: Any, lstm_id: int, mamba_id: int, chips: dict[str, Any]) -> dict[str, Any]:
    """The LSTM's layer-1 units matched one-to-one with the Mamba-2's layer-1 channels by the
    correlation of their E[Δ | word] over shared words, and which chips the pairs join."""
    found = api.alignment(
        lstm_id, mamba_id, layer=LAYER, state="h", other_layer=LAYER, other_state="y", top_words=300
    )
    pairs = found.pairs
    strength = pairs["correlation"].abs()
    lstm_chip = {u: i for i in range(K) for u in chips["LSTM"].units(i)}
    mamba_chip = {u: i for i in range(K) for u in chips["Mamba-2"].units(i)}
    strong = pairs[strength >= 0.5]
    joined = Counter(
        (lstm_chip.get(int(r.unit)), mamba_chip.get(int(r.other_unit))) for r in strong.itertuples()
    )
    print(
        f"aligned over {len(found.shared_words)} shared words: {len(pairs)} pairs, "
        f"median |r| {strength.median():.2f}, {len(strong)} with |r| >= 0.5"
    )
    for (a, b), n in joined.most_common(4):
        left, right = ", ".join(chips["LSTM"].cloud(a, 4)), ", ".join(chips["Mamba-2"].cloud(b, 4))
        print(f"  LSTM chip #{a} ({left}) ~ Mamba-2 chip #{b} ({right}): {n} strong pairs")
    best = pairs.iloc[int(strength.values.argmax())]
    return {
        "shared_words": len(found.shared_words),
        "pairs": len(pairs),
        "median_abs_r": float(strength.median()),
        "strong_pairs": len(strong),
        "strongest": {
            "lstm_unit": int(best.unit),
            "mamba2_channel": int(best.other_unit),
            "r": float(best.correlation),
        },
        "chip_pairs": [
            {"lstm_chip": a, "mamba2_chip": b, "strong_pairs": n} for (a, b), n in joined.most_common(6)
        ],
    }


if __name__ == "__main__":
    raise SystemExit(main())
