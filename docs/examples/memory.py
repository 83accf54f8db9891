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
from sentiment import MODEL as SENTIMENT_MODEL  # noqa: E402
from sentiment import print_report, server, snippets, split  # noqa: E402  (the same embedded server)

from rnnvis_client import BadRequest  # noqa: E402

K, DEPTH, CONTROLS = 6, 16, 20
# singular subject (target) and plural subject (source): the plural's chip state patched into the singular
SUBJECTS = ["company", "bank", "price", "stock", "firm", "investor", "share", "rate", "analyst", "market"]
PLURAL_VERB, SINGULAR_VERB = "are", "is"
# the sentiment so far: a rotten snippet (target) read with a chip's state from a fresh one (source)
SENTIMENT_PAIRS = [
    ("a dull , lifeless and predictable film", "a moving , funny and beautifully acted film"),
    ("the plot is thin and the acting is wooden", "the story is rich and the acting is superb"),
    ("a tedious , pointless mess", "a warm , wonderful treat"),
    ("boring , clumsy and far too long", "smart , funny and often touching"),
    ("an ugly and stupid movie", "a charming and clever movie"),
    ("it is a waste of time", "it is a joy to watch"),
]


def half_life_summary(values: list[float | None], depth: int) -> dict[str, Any]:
    held = [v for v in values if v is not None]
    median = statistics.median(v if v is not None else np.inf for v in values)
    return {
        "units": len(values),
        "median": median if np.isfinite(median) else None,  # None: longer than depth
        "longer_than_depth": len(values) - len(held),
        "at_1": sum(v == 1 for v in held),
        "depth": depth,
    }


def chip_rows(api: Any, recording_id: int, coclustering_id: int, state: str) -> list[dict[str, Any]]:
    """Each chip of layer 1's `state`: its units, half-life, cloud and the words its units hold."""
    chips = api.coclusters(coclustering_id)
    halves = api.half_lives(coclustering_id)
    rows = []
    for chip in range(K):
        units = chips.units(chip).tolist()
        if not units:
            continue
        held: dict[str, int] = {}  # the chip's units' top words by |trace_0|, counted over the units
        for unit in units:
            for word in api.unit_trace(recording_id, unit, layer=1, state=state).curves.columns[:3]:
                held[word] = held.get(word, 0) + 1
        rows.append(
            {
                "chip": chip,
                "units": units,
                "half_life": halves.chips[chip],
                "unit_half_lives": [halves.units[u] for u in units],
                "cloud": chips.cloud(chip, 5),
                "held_words": sorted(held, key=lambda w: -held[w])[:5],
            }
        )
    return rows


def patch_rows(api: Any, model: int, **where: Any) -> dict[str, Any]:
    """The plural subject's state patched into the singular one, for every noun pair: the change of
    the log-odds of "are" against "is" (two patches with the same seed: the same random sets), and
    its z against the random sets' changes."""
    found = []
    for noun in SUBJECTS:
        try:
            are = api.patch(model, f"the {noun}s", f"the {noun}", output=PLURAL_VERB, **where)
            is_ = api.patch(model, f"the {noun}s", f"the {noun}", output=SINGULAR_VERB, **where)
        except BadRequest:  # a noun or its plural outside the model's 2,000 words
            continue
        if "<unk>" in are.source_tokens + are.target_tokens:
            continue
        change = are.delta_logit - is_.delta_logit
        controls = np.subtract(are.controls.delta_logit, is_.controls.delta_logit)
        z = (change - controls.mean()) / controls.std(ddof=1) if len(controls) > 1 else None
        before = are.before.logit - is_.before.logit
        found.append(
            {"noun": noun, "log_odds_before": before, "change": change, "controls": controls, "z": z}
        )
    if not found:
        return {"pairs": 0, "nouns": [], "z": None}
    zs = [f["z"] for f in found if f["z"] is not None]
    return {
        "pairs": len(found),
        "nouns": [f["noun"] for f in found],
        "log_odds_before": float(np.mean([f["log_odds_before"] for f in found])),
        "change": float(np.mean([f["change"] for f in found])),
        "control_change": float(np.mean([f["controls"].mean() for f in found])) if zs else None,
        "z": float(np.mean(zs)) if zs else None,
    }


def patch_chip(api: Any, model: int, coclustering_id: int, chip: int, state: str) -> dict[str, Any]:
    units = api.coclusters(coclustering_id).units(chip).tolist()
    # random sets of more than half the layer overlap the chip too much to be controls: none then
    controls = CONTROLS if len(units) <= MODEL["hidden_size"] // 2 else 0
    where = {"coclustering_id": coclustering_id, "unit_cluster": chip, "controls": controls, "seed": chip}
    row = patch_rows(api, model, **where)
    return {"chip": chip, "state": state, "units": units, **row}


def sentiment_so_far(api: Any) -> dict[str, Any]:
    """The worked sentiment example's balanced GRU classifier: which chip of its h carries the
    sentiment read so far? Each chip's state from a fresh snippet put into a rotten one, P(fresh)."""
    sets, _ = split(snippets())
    corpus = api.upload_corpus("reviews balanced", sets["balanced"])
    trained = api.train(
        corpus.id, name="sentiment balanced", labels=["fresh", "rotten"], wait=True, **SENTIMENT_MODEL
    )
    assert trained.model_id is not None
    rec = api.record(trained.model_id, corpus.id, trace=DEPTH, wait=True)
    co = api.cocluster(rec.id, K, top_words=800, min_count=10, wait=True)
    chips = api.coclusters(co.id)
    halves = api.half_lives(co.id)
    rows = []
    for chip in range(K):
        units = chips.units(chip).tolist()
        if not units:
            continue
        found = [
            api.patch(
                trained.model_id,
                source,
                target,
                coclustering_id=co.id,
                unit_cluster=chip,
                output="fresh",
                controls=CONTROLS if len(units) <= SENTIMENT_MODEL["hidden_size"] // 2 else 0,
                seed=chip,
            )  # fmt: skip
            for target, source in SENTIMENT_PAIRS
        ]
        zs = [r.controls.z.probability for r in found if r.controls.z.probability is not None]
        rows.append(
            {
                "chip": chip,
                "units": len(units),
                "half_life": halves.chips[chip],
                "cloud": chips.cloud(chip, 5),
                "p_before": float(np.mean([r.before.probability for r in found])),
                "p_after": float(np.mean([r.after.probability for r in found])),
                "delta_probability": float(np.mean([r.delta_probability for r in found])),
                "control_delta_probability": float(
                    np.mean([r.controls.mean.probability or 0.0 for r in found])
                ),
                "z": float(np.mean(zs)) if zs else None,
                "pairs": [
                    {
                        "target": r.target_tokens,
                        "before": r.before.probability,
                        "after": r.after.probability,
                        "z": r.controls.z.probability,
                    }
                    for r in found
                ],  # fmt: skip
            }
        )
    every = [
        api.patch(
            trained.model_id,
            source,
            target,
            units=list(range(SENTIMENT_MODEL["hidden_size"])),
            output="fresh",
            controls=0,
        )
        for target, source in SENTIMENT_PAIRS
    ]
    best = max(rows, key=lambda r: r["z"] if r["z"] is not None else -np.inf)
    attributions = []
    for text in SENTIMENT_PAIRS[0]:  # which words give the chip its value at the last word
        told = api.attribute(trained.model_id, text, coclustering_id=co.id, unit_cluster=best["chip"])
        attributions.append(
            {
                "text": text,
                "tokens": told.tokens,
                "attributions": told.attributions,
                "value": told.value,
                "baseline": told.baseline,
                "completeness_error": told.completeness_error,
            }
        )
    return {
        "sentiment_chip": best["chip"],
        "attributions": attributions,
        "model": {"validation_accuracy": trained.metrics.validation_accuracy if trained.metrics else None},
        "recording_id": rec.id,
        "unit_half_lives": half_life_summary(halves.units, DEPTH),
        "every_unit": {
            "p_before": float(np.mean([r.before.probability for r in every])),
            "p_after": float(np.mean([r.after.probability for r in every])),
        },
        "chips": rows,
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
        report_chips: dict[str, list[dict[str, Any]]] = {}
        report_patches: dict[str, list[dict[str, Any]]] = {}
        for state in ("h", "c"):
            co = api.cocluster(rec.id, K, layer=1, state=state, top_words=300, min_count=5, wait=True)
            report_chips[state], report_patches[state] = chip_rows(api, rec.id, co.id, state), []
            for row in report_chips[state]:
                report_patches[state].append(patch_chip(api, model, co.id, row["chip"], state))
        channels = {
            f"{layer}/{state}": half_life_summary(
                api.trace(rec.id, layer=layer, state=state).half_life.tolist(), DEPTH
            )
            for layer in (0, 1)
            for state in ("h", "c")
        }
        # the ceiling: every unit of layer 1's state patched (no controls)
        ceiling = {
            state: patch_rows(
                api, model, units=list(range(MODEL["hidden_size"])), layer=1, state=state, controls=0
            )
            for state in ("h", "c")
        }
        state, number = max(
            ((state, p) for state, rows in report_patches.items() for p in rows),
            key=lambda sp: sp[1]["z"] if sp[1]["z"] is not None else -np.inf,
        )
        text = "the companies that the bank bought"
        told = api.attribute(model, text, layer=1, state=state, units=number["units"])
        order = np.argsort(-np.abs(told.attributions))
        sentiment = sentiment_so_far(api)
        metrics = trained.metrics
        report = {
            "model": {
                "validation_perplexity": metrics.validation_perplexity if metrics else None,
                "unigram_perplexity": metrics.baseline.perplexity if metrics and metrics.baseline else None,
            },
            "recording": {"id": rec.id, "tokens": rec.tokens, "trace": DEPTH},
            "channels": channels,
            "chips": report_chips,
            "patching": {
                "output": f"log-odds of {PLURAL_VERB!r} against {SINGULAR_VERB!r}",
                "controls": CONTROLS,
                "ceiling": ceiling,
                "chips": report_patches,
                "number_chip": {"state": state, "chip": number["chip"]},
            },
            "sentiment": sentiment,
            "attribution": {
                "text": text,
                "state": state,
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
