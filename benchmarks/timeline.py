"""What a timeline costs beyond its recordings (issue 34): 8 checkpoints of benchmarks/recording.py's
LSTM (2 layers of 650 units, a 10,000-word vocabulary) followed over the first 100k tokens of PTB valid
+ test, against a running `rnnvis serve`.

The checkpoints are one series: weights moving in a straight line from one random draw to another
(checkpoint k of 8 holds W0 + k/7 (W1 - W0)), the last one the model itself. The timeline records each
(none exists yet), co-clusters layer 1's h into 8 chips and follows them. Its recordings are jobs of
their own, with their own start and end, so one run gives both figures: the timeline's time from its
start to its end, and the sum of its 8 recordings' times (each recording's job: reading the model,
counting the words, the model's loss, recording, saving the statistics to PostgreSQL). Whatever is
left is the timeline's own work: 8 co-clusterings, 7 unit alignments, the links.

    .venv/bin/python -m benchmarks.timeline [--tokens 100000] [--checkpoints 8]
Last line: ratio=<timeline time / sum of its recordings' times> (target: at most 1.2)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx
import torch
from safetensors.torch import save

from benchmarks.recording import HIDDEN, LAYERS, VOCAB_SIZE, build_corpus, build_model
from benchmarks.service_stack import running_stack
from services.models import RNNModel, check_model, network_state_dict, vocab_text


def seconds(job: dict[str, object]) -> float:
    start, end = (datetime.fromisoformat(str(job[k])) for k in ("started_at", "finished_at"))
    return (end - start).total_seconds()


def finished(api: httpx.Client, job_id: int) -> dict[str, object]:
    while (job := api.get(f"/jobs/{job_id}").json())["status"] in ("queued", "running"):
        time.sleep(0.5)
    if job["status"] != "succeeded":
        raise RuntimeError(f"job {job_id} {job['status']}: {job['error']}")
    return dict(job)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=100_000)
    parser.add_argument("--checkpoints", type=int, default=8)
    args = parser.parse_args()
    n = args.checkpoints
    print(f"torch {torch.__version__}, LSTM {LAYERS}x{HIDDEN}, vocabulary {VOCAB_SIZE}, {n} checkpoints")
    start = build_model()  # seed 0
    torch.manual_seed(1)
    end = network_state_dict(RNNModel(start.spec))  # the same spec, drawn again
    vocab = vocab_text(start.vocab)
    with tempfile.TemporaryDirectory() as folder, running_stack() as (stack, token):
        corpus_path = build_corpus(args.tokens, Path(folder))
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"{stack.url}/api/v1", headers=headers, timeout=600) as api:

            def weights(k: int) -> bytes:
                share = k / (n - 1)
                moved = {name: w + share * (end[name] - w) for name, w in start.state_dict.items()}
                check_model(moved, start.vocab, start.spec.to_config())  # a model the server takes
                return save({name: w.contiguous() for name, w in moved.items()})

            def parts(k: int) -> dict[str, tuple[str, bytes]]:
                return {"weights": ("model.safetensors", weights(k)), "vocab": ("vocab.txt", vocab)}

            model = api.post("/models", data={"name": "lstm-650 series"}, files=parts(n - 1)).json()
            for k in range(n - 1):
                step = {"step": str(1000 * k)}
                api.post(f"/models/{model['id']}/checkpoints", data=step, files=parts(k)).raise_for_status()
            with corpus_path.open("rb") as f:
                corpus = api.post("/corpora", data={"name": "ptb 100k", "format": "text"}, files={"file": f})
            body = {
                "corpus_id": corpus.json()["id"],
                "layer": 1,
                "n_clusters": 8,
                "max_tokens": args.tokens,
            }
            made = api.post(f"/models/{model['id']}/timelines", json=body).json()
            timeline_job = finished(api, made["job_id"])
            timeline = api.get(f"/timelines/{made['id']}").json()
            recorded = []
            for point in timeline["checkpoints"]:
                assert not point["reused"]
                rec = api.get(f"/recordings/{point['recording_id']}").json()
                recorded.append(seconds(finished(api, rec["job_id"])))
                print(f"step {point['step']}: recorded {rec['tokens']:,} tokens in {recorded[-1]:.1f} s")
    total, recordings_s = seconds(timeline_job), sum(recorded)
    rest = total - recordings_s
    print(f"timeline: {total:.1f} s; its {len(recorded)} recordings: {recordings_s:.1f} s; rest {rest:.1f} s")
    print(f"events: {len(timeline['events'])}; links: {len(timeline['links'])}")
    print(f"ratio={total / recordings_s:.3f}")


if __name__ == "__main__":
    main()
