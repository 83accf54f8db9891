"""From upload to a readable co-clustering, through the running service.

A 2-layer, 200-unit LSTM over PTB's vocabulary (weights random: speed does not depend on them),
recorded over ptb.test.txt (82k tokens) with default settings, then co-clustered (layer 1, h).

    .venv/bin/python -m benchmarks.pipeline
Last line: seconds=<upload to co-clustering> (target: under 60 s on this 2-core machine)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.service_stack import random_lstm, running_stack
from tests.shared_data import SHARED_DATA


def write_model(folder: Path) -> Path:
    words = set()
    for name in ("ptb.valid.txt", "ptb.test.txt"):
        words.update((SHARED_DATA / name).read_text().split())
    vocab = sorted(words) + ["<eos>"]
    return random_lstm(folder, vocab, layers=2, hidden=200, embedding=200)


def wait(api: httpx.Client, job_id: int) -> None:
    while (job := api.get(f"/jobs/{job_id}").json())["status"] in ("queued", "running"):
        time.sleep(0.1)
    if job["status"] != "succeeded":
        raise RuntimeError(f"job {job_id} {job['status']}: {job['error']}")


def main() -> None:
    corpus = SHARED_DATA / "ptb.test.txt"
    with tempfile.TemporaryDirectory() as folder, running_stack() as (stack, token):
        model_dir = write_model(Path(folder))
        api = httpx.Client(
            base_url=f"{stack.url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
        marks = [("start", time.perf_counter())]
        with (model_dir / "model.safetensors").open("rb") as w, (model_dir / "vocab.txt").open("rb") as v:
            model = api.post(
                "/models", data={"name": "lstm-200"}, files={"weights": w, "vocab": v}
            ).raise_for_status()
        with corpus.open("rb") as f:
            uploaded = api.post("/corpora", data={"name": "ptb test", "format": "text"}, files={"file": f})
        marks.append(("upload", time.perf_counter()))
        body = {"model_id": model.json()["id"], "corpus_id": uploaded.raise_for_status().json()["id"]}
        rec = api.post("/recordings", json=body).raise_for_status().json()
        wait(api, rec["job_id"])
        marks.append(("recording", time.perf_counter()))
        co = api.post(f"/recordings/{rec['id']}/coclusterings", json={"layer": 1, "n_clusters": 10})
        wait(api, co.raise_for_status().json()["job_id"])
        result = api.get(f"/coclusterings/{co.json()['id']}").raise_for_status().json()
        marks.append(("co-clustering", time.perf_counter()))
        recording = api.get(f"/recordings/{rec['id']}").json()
        # sentence evaluation of a 100-token text with glyphs: the first call loads the model
        text = " ".join(corpus.read_text().split()[:100])
        evaluations = []
        for _ in range(6):
            started = time.perf_counter()
            body = {"text": text, "coclustering_id": co.json()["id"]}
            api.post(f"/models/{model.json()['id']}/evaluate", json=body).raise_for_status()
            evaluations.append(time.perf_counter() - started)
    print(
        f"ptb.test.txt: {recording['tokens']:,} tokens, {recording['words']:,} words; "
        f"{len(result['words'])} words x {len(result['unit_labels'])} units co-clustered"
    )
    for (_, before), (name, at) in zip(marks, marks[1:], strict=False):
        print(f"  {name:<14} {at - before:6.2f} s")
    warm = sorted(evaluations[1:])[len(evaluations[1:]) // 2]
    print(
        f"  evaluate 100 tokens: first {evaluations[0]:.3f} s (loads the model), then {warm:.3f} s (median)"
    )
    print(f"seconds={marks[-1][1] - marks[0][1]:.1f}")


if __name__ == "__main__":
    main()
