"""The worked example of docs/guide.md on memory over time and cause (SPEC 13): how long the PTB
language model keeps a word, which chip carries the number of the subject, and where a chip's value
comes from. Everything goes through the Python client.

    .venv/bin/python docs/examples/memory.py [--out docs/guide/memory-results.json]

Trains the guide's 2-layer LSTM language model (48 units, the ablation example's settings) on the
Penn Treebank validation text on the server, records it over the test text with trace=16,
co-clusters layer 1's h into 6 chips, then reads the half-lives, patches each chip from plural
subjects into singular ones (beside 20 random unit sets each), and attributes the number chip's
state to the words before it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ablation import DATA, MODEL  # noqa: E402  (the same model as the worked ablation)
from sentiment import print_report, server  # noqa: E402  (the same embedded server)

from client import BadRequest  # noqa: E402

K, DEPTH, CONTROLS = 6, 16, 20
# singular subject (target) and plural subject (source): the plural's chip state patched into the singular
SUBJECTS = ["company", "bank", "price", "stock", "firm", "investor", "share", "rate", "analyst", "market"]
PLURAL_VERB = "are"


def half_life_summary(values: list[float | None], depth: int) -> dict[str, Any]:
    held = [v for v in values if v is not None]
    return {
        "units": len(values),
        "median": statistics.median(v if v is not None else np.inf for v in values),
        "longer_than_depth": len(values) - len(held),
        "at_1": sum(v == 1 for v in held),
        "depth": depth,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="save the numbers as JSON here")
    args = parser.parse_args()
    with server() as api:
        valid = api.upload_corpus("PTB valid", DATA / "ptb.valid.txt")
        test = api.upload_corpus("PTB test", DATA / "ptb.test.txt")
        trained = api.train(valid.id, name="PTB LSTM 2x48", wait=True, **MODEL)
        assert trained.model_id is not None
        model = trained.model_id
        rec = api.record(model, test.id, top_words=300, trace=DEPTH, wait=True)
        co = api.cocluster(rec.id, K, layer=1, top_words=300, min_count=5, wait=True)
        chips = api.coclusters(co.id)
        channels = {
            f"{layer}/{state}": half_life_summary(
                api.trace(rec.id, layer=layer, state=state).half_life.tolist(), DEPTH
            )
            for layer in (0, 1)
            for state in ("h", "c")
        }
        for summary in channels.values():  # nan (json: null) for "longer than depth"
            summary["median"] = None if not np.isfinite(summary["median"]) else summary["median"]
        halves = api.half_lives(co.id)
        chip_rows = []
        for chip in range(K):
            units = chips.units(chip).tolist()
            if not units:
                continue
            # the words the chip's units hold: their top words by |trace_0|, counted over the units
            held: dict[str, int] = {}
            for unit in units:
                for word in api.unit_trace(rec.id, unit, layer=1, state="h").curves.columns[:3]:
                    held[word] = held.get(word, 0) + 1
            chip_rows.append(
                {
                    "chip": chip,
                    "units": len(units),
                    "half_life": halves.chips[chip],
                    "cloud": chips.cloud(chip, 5),
                    "held_words": sorted(held, key=lambda w: -held[w])[:5],
                }
            )
        # patching: the state of a plural subject put into a singular one; does "are" become likelier?
        patches = []
        for chip in [row["chip"] for row in chip_rows]:
            found = []
            for noun in SUBJECTS:
                try:
                    result = api.patch(
                        model, f"the {noun}s", f"the {noun}", coclustering_id=co.id, unit_cluster=chip,
                        output=PLURAL_VERB, controls=CONTROLS, seed=chip,
                    )  # fmt: skip
                except BadRequest:  # a noun or its plural outside the model's 2,000 words
                    continue
                if "<unk>" in result.source_tokens + result.target_tokens:
                    continue
                found.append(result)
            patches.append(
                {
                    "chip": chip,
                    "pairs": len(found),
                    "nouns": [r.target_tokens[-1] for r in found],
                    "p_before": float(np.mean([r.before.probability for r in found])),
                    "p_after": float(np.mean([r.after.probability for r in found])),
                    "delta_logit": float(np.mean([r.delta_logit for r in found])),
                    "control_delta_logit": float(np.mean([r.controls.mean.logit or 0.0 for r in found])),
                    "z": float(
                        np.mean([r.controls.z.logit for r in found if r.controls.z.logit is not None])
                    ),
                }
            )
        number = max(patches, key=lambda p: p["z"])
        text = "the companies that the bank bought"
        told = api.attribute(model, text, coclustering_id=co.id, unit_cluster=number["chip"])
        order = np.argsort(-np.abs(told.attributions))
        report = {
            "model": {"metrics": trained.metrics.model_dump() if trained.metrics else None},
            "recording": {"tokens": rec.tokens, "trace": DEPTH},
            "coclustering_id": co.id,
            "channels": channels,
            "chips": sorted(chip_rows, key=lambda r: -(r["half_life"] if r["half_life"] is not None else 99)),
            "patching": {
                "output": PLURAL_VERB,
                "controls": CONTROLS,
                "chips": patches,
                "number_chip": number["chip"],
            },
            "attribution": {
                "text": text,
                "chip": number["chip"],
                "step": told.step,
                "tokens": told.tokens,
                "attributions": told.attributions,
                "largest": [(told.tokens[i], told.attributions[i]) for i in order[:3]],
                "value": told.value,
                "baseline": told.baseline,
                "completeness_error": told.completeness_error,
            },
        }
    return print_report(report, args.out)


if __name__ == "__main__":
    sys.exit(main())
