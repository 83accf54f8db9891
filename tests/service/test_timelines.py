"""Checkpoints of a model and timelines of its chips (issue 34), over HTTP with the real workers.

The series is constructed so its answer is known: the trained LSTM, the same weights with layer 1's
units permuted (every gate's rows, the recurrent columns and the decoder's columns: the function is
unchanged), and the trained weights again. The timeline must give the permutation as the unit map
(and its inverse after), every chip continuing whole, and no event. A split cannot be a checkpoint
of the same series (it adds units: another architecture, refused below); the constructed split is
tests/unit/test_timeline.py's.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import torch
from safetensors.torch import load_file, save

from rnnvis_client import Client
from tests.figure_files import SVG_NS, svg_provenance
from tests.service.stack import RNNVIS, RunningService, token_of, wait_for_job

LAYER = 1
TIMELINE = {"layer": LAYER, "state": "h", "n_clusters": 4, "top_words": 200, "min_count": 3, "seed": 1}


def permuted_weights(folder: Path, order: torch.Tensor) -> bytes:
    """The model's weights with layer LAYER's units in `order` (new unit p is old unit order[p])."""
    weights = load_file(str(folder / "model.safetensors"))
    hidden = len(order)
    rows = torch.cat([order + gate * hidden for gate in range(4)])  # i, f, g, o blocks
    for name in (f"rnn.weight_ih_l{LAYER}", f"rnn.bias_ih_l{LAYER}", f"rnn.bias_hh_l{LAYER}"):
        weights[name] = weights[name][rows]
    weights[f"rnn.weight_hh_l{LAYER}"] = weights[f"rnn.weight_hh_l{LAYER}"][rows][:, order]
    weights["decoder.weight"] = weights["decoder.weight"][:, order]  # the top layer feeds the decoder
    return save({k: v.contiguous() for k, v in weights.items()})


def one_layer_weights(folder: Path) -> bytes:
    """Another architecture over the same vocabulary: layer 1 dropped (the decoder reads layer 0)."""
    weights = load_file(str(folder / "model.safetensors"))
    return save({k: v.contiguous() for k, v in weights.items() if not k.endswith("_l1")})


@pytest.fixture(scope="module")
def tina(service: RunningService) -> Iterator[httpx.Client]:
    with service.client(service.create_user("timeline-tina")) as client:
        yield client


def checkpoint(
    client: httpx.Client, model_id: int, step: int, weights: bytes, vocab: bytes
) -> httpx.Response:
    files = {"weights": ("model.safetensors", io.BytesIO(weights)), "vocab": ("vocab.txt", io.BytesIO(vocab))}
    return client.post(f"/models/{model_id}/checkpoints", data={"step": str(step)}, files=files)


def test_a_permuted_checkpoint_is_followed_exactly_and_recordings_are_reused(
    tina: httpx.Client, service: RunningService, model_dir: Path, ptb_lines: Path, tmp_path: Path
) -> None:
    trained = (model_dir / "model.safetensors").read_bytes()
    vocab = (model_dir / "vocab.txt").read_bytes()
    model = tina.post(
        "/models", data={"name": "tina's lstm"}, files={"weights": trained, "vocab": vocab}
    ).json()
    with ptb_lines.open("rb") as f:
        corpus = tina.post("/corpora", data={"name": "ptb", "format": "text"}, files={"file": f}).json()
    order = torch.randperm(24, generator=torch.Generator().manual_seed(5))
    early = checkpoint(tina, model["id"], 10, trained, vocab)
    assert early.status_code == 201, early.text
    middle = checkpoint(tina, model["id"], 50, permuted_weights(model_dir, order), vocab)
    assert middle.status_code == 201 and middle.json()["checkpoint_of"] == model["id"], middle.text

    # refused in words, and nothing kept: another architecture, a step taken, an unknown model
    other = checkpoint(tina, model["id"], 60, one_layer_weights(model_dir), vocab)
    assert other.status_code == 422 and "num_layers is 1 here and 2 in model" in other.text, other.text
    again = checkpoint(tina, model["id"], 50, trained, vocab)
    assert again.status_code == 422 and "already has a checkpoint at step 50" in again.text, again.text
    series = tina.get(f"/models/{model['id']}/checkpoints").json()
    assert [(c["model_id"], c["step"]) for c in series] == [
        (early.json()["id"], 10), (middle.json()["id"], 50), (model["id"], None)
    ]  # fmt: skip
    assert [m["id"] for m in tina.get("/models").json()["items"]] == [
        model["id"]
    ]  # checkpoints are not listed

    made = tina.post(f"/models/{model['id']}/timelines", json={"corpus_id": corpus["id"], **TIMELINE})
    assert made.status_code == 202, made.text
    assert wait_for_job(tina, made.json()["job_id"])["status"] == "succeeded"
    timeline = tina.get(f"/timelines/{made.json()['id']}").json()
    assert [c["step"] for c in timeline["checkpoints"]] == [10, 50, None]
    assert not any(c["reused"] for c in timeline["checkpoints"])
    forward, back = timeline["unit_maps"]
    assert forward["predecessor"] == order.tolist()  # unit p at step 50 was unit order[p] at step 10
    assert back["predecessor"] == torch.argsort(order).tolist()
    assert min(forward["correlation"] + back["correlation"]) > 0.999999
    first, last = timeline["checkpoints"][0], timeline["checkpoints"][2]
    assert first["loss"] == pytest.approx(last["loss"], abs=1e-9)  # the same weights read the same
    assert [c["units"] for c in first["chips"]] == [c["units"] for c in last["chips"]]
    for t in (0, 1):  # the chips of step 50 are those of step 10 with their units renamed, whole
        links = [x for x in timeline["links"] if x["checkpoint"] == t]
        assert all(
            x["share_of_source"] == 1.0 and x["share_of_target"] == 1.0 and x["matched"] for x in links
        )
        assert len(links) == sum(c["size"] > 0 for c in first["chips"])
    assert timeline["events"] == []
    assert all(len(set(path)) == 1 for path in timeline["word_paths"].values())  # each word stays put
    csv = tina.get(f"/timelines/{made.json()['id']}/export", params={"table": "links"})
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("checkpoint,step,next_step,source")
    assert len(csv.text.splitlines()) == 1 + len(timeline["links"])

    # the Python client reads the same as tables
    with Client(service.url, token_of(tina), progress=False) as api:
        assert [c.step for c in api.checkpoints(model["id"])] == [10, 50, None]
        frames = api.timeline_frames(made.json()["id"])
        assert frames["checkpoints"]["step"].tolist()[:2] == [10, 50]
        assert len(frames["links"]) == len(timeline["links"]) and frames["events"].empty
        assert list(frames["word_paths"].columns) == [10, 50, "last"]
        assert frames["word_paths"].loc["the"].tolist() == timeline["word_paths"]["the"]
        # its figure (issue 35): the timeline view's chart, a box per chip with units, its provenance
        recorded, svg = svg_provenance(api.figure("timeline", made.json()["id"], tmp_path / "timeline.svg"))
        assert recorded["timeline_id"] == made.json()["id"] and recorded["model"]["id"] == model["id"]
        drawn = svg.findall(f".//{SVG_NS}rect[@class='chip-box']")
        assert len(drawn) == sum(1 for c in timeline["checkpoints"] for chip in c["chips"] if chip["size"])

    # another k over the same checkpoints reads the same recordings: none is made again
    recordings_before = tina.get("/recordings", params={"limit": 500}).json()["items"]
    other_k = tina.post(
        f"/models/{model['id']}/timelines", json={"corpus_id": corpus["id"], **TIMELINE, "n_clusters": 3}
    )
    assert wait_for_job(tina, other_k.json()["job_id"])["status"] == "succeeded"
    reread = tina.get(f"/timelines/{other_k.json()['id']}").json()
    assert all(c["reused"] for c in reread["checkpoints"])
    assert [c["recording_id"] for c in reread["checkpoints"]] == [
        c["recording_id"] for c in timeline["checkpoints"]
    ]
    assert tina.get("/recordings", params={"limit": 500}).json()["items"] == recordings_before
    # the command line, as a user runs it: the series, a timeline (its recordings reused), its events
    env = {**os.environ, "RNNVIS_URL": service.url, "RNNVIS_TOKEN": token_of(tina)}

    def shell(*args: str) -> str:
        done = subprocess.run([str(RNNVIS), *args], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert [c["step"] for c in json.loads(shell("checkpoints", str(model["id"]), "--json"))] == [10, 50, None]
    shown = shell("timeline", str(model["id"]), "--corpus", str(corpus["id"]), "--layer", "1", "--k", "2",
                  "--top-words", "200", "--min-count", "3", "--wait", "--quiet")  # fmt: skip
    assert "3 checkpoints" in shown and "(reused)" in shown and "none: every chip continues" in shown, shown
    cli_id = int(shown.split()[1].rstrip(":"))
    events = shell("export", f"timeline/{cli_id}", "--table", "events", "-o", "-")
    assert events.splitlines() == ["checkpoint,step,next_step,kind,sources,targets,text"]

    # the same request again answers the same timeline
    same = tina.post(f"/models/{model['id']}/timelines", json={"corpus_id": corpus["id"], **TIMELINE})
    assert same.json()["id"] == made.json()["id"]

    # cancel a running one (new recordings: another max_tokens), then delete it
    slow = tina.post(
        f"/models/{model['id']}/timelines",
        json={"corpus_id": corpus["id"], **TIMELINE, "max_tokens": 20_000},
    )
    assert tina.post(f"/jobs/{slow.json()['job_id']}/cancel").status_code == 200
    assert wait_for_job(tina, slow.json()["job_id"])["status"] == "cancelled"
    assert tina.delete(f"/timelines/{slow.json()['id']}").status_code == 204
    assert tina.get(f"/timelines/{slow.json()['id']}").status_code == 404

    # another user sees none of it; a model outside the series is refused in words
    with service.client(service.create_user("timeline-theo")) as theo:
        assert theo.get(f"/timelines/{made.json()['id']}").status_code == 404
        answer = theo.post(f"/models/{model['id']}/timelines", json={"corpus_id": corpus["id"]})
        assert answer.status_code == 404
        theo.post("/models", data={"name": "theo's"}, files={"weights": trained, "vocab": vocab})
        assert checkpoint(theo, model["id"], 70, trained, vocab).status_code == 404
    stranger = tina.post("/models", data={"name": "lone"}, files={"weights": trained, "vocab": vocab}).json()
    outside = tina.post(
        f"/models/{model['id']}/timelines",
        json={"corpus_id": corpus["id"], "checkpoints": [model["id"], stranger["id"]]},
    )
    assert (
        outside.status_code == 422
        and f"{stranger['id']} is not in model {model['id']}'s series" in outside.text
    )
    alone = tina.post(f"/models/{stranger['id']}/timelines", json={"corpus_id": corpus["id"]})
    assert alone.status_code == 422 and "at least two checkpoints" in alone.text
    # deleting the model takes its checkpoints and timelines
    assert tina.delete(f"/models/{model['id']}").status_code == 204
    assert tina.get(f"/models/{middle.json()['id']}").status_code == 404
    assert tina.get(f"/timelines/{made.json()['id']}").status_code == 404


def test_a_training_keeps_its_checkpoints_and_a_timeline_follows_them(
    tina: httpx.Client, ptb_lines: Path
) -> None:
    with ptb_lines.open("rb") as f:
        corpus = tina.post("/corpora", data={"name": "ptb head", "format": "text"}, files={"file": f}).json()
    options = {"hidden_size": 16, "embedding_size": 16, "epochs": 3, "max_vocab": 2000, "checkpoint_every": 1}
    training = tina.post("/trainings", json={"corpus_id": corpus["id"], "name": "watched", **options})
    assert training.status_code == 202, training.text
    assert wait_for_job(tina, training.json()["job_id"])["status"] == "succeeded"
    model_id = tina.get(f"/trainings/{training.json()['id']}").json()["model_id"]
    series = tina.get(f"/models/{model_id}/checkpoints").json()
    assert [(c["step"], c["head"], c["name"]) for c in series] == [
        (1, False, "watched @ epoch 1"), (2, False, "watched @ epoch 2"), (3, True, "watched")
    ]  # fmt: skip
    made = tina.post(
        f"/models/{model_id}/timelines",
        json={"corpus_id": corpus["id"], "n_clusters": 3, "top_words": 100, "max_tokens": 5000},
    )
    assert wait_for_job(tina, made.json()["job_id"])["status"] == "succeeded"
    timeline = tina.get(f"/timelines/{made.json()['id']}").json()
    losses = [c["loss"] for c in timeline["checkpoints"]]
    assert [c["step"] for c in timeline["checkpoints"]] == [1, 2, 3] and losses[2] < losses[0], losses
    assert timeline["layer"] == 0 and len(timeline["unit_maps"]) == 2


def test_checkpoint_every_counts_steps_or_epochs_and_never_keeps_the_end() -> None:
    from services.training.loop import Checkpoints
    from services.training.options import TrainingOptions

    kept: list[int] = []
    by_steps = Checkpoints(TrainingOptions(checkpoint_every=5, checkpoint_by="steps"), kept.append, 15)
    for done in range(1, 16):
        by_steps.after_step(done)
        by_steps.after_epoch(1)
    assert kept == [5, 10]
    kept.clear()
    by_epochs = Checkpoints(TrainingOptions(epochs=4, checkpoint_every=2), kept.append, 100)
    for epoch in range(1, 5):
        by_epochs.after_step(epoch * 25)
        by_epochs.after_epoch(epoch)
    assert kept == [2]


def test_a_classifiers_timeline_follows_its_accuracy(tina: httpx.Client, tmp_path: Path) -> None:
    """A classifier's checkpoints have no next-word loss: the timeline gives each one's accuracy on the
    corpus beside always answering the commonest label (tests/unit/test_reading_quality.py checks the
    number against plain torch)."""
    lines = [f"pos\tgood great fine film {i % 7}" for i in range(120)] + [
        f"neg\tbad awful poor film {i % 7}" for i in range(80)
    ]
    corpus = tina.post(
        "/corpora",
        data={"name": "reviews", "format": "labeled"},
        files={"file": ("r.tsv", "\n".join(lines) + "\n")},
    ).json()
    options = {"task": "classifier", "cell": "gru", "hidden_size": 8, "embedding_size": 8, "epochs": 6,
               "learning_rate": 0.02, "checkpoint_every": 2, "seed": 1}  # fmt: skip
    training = tina.post("/trainings", json={"corpus_id": corpus["id"], **options}).json()
    assert wait_for_job(tina, training["job_id"])["status"] == "succeeded"
    model_id = tina.get(f"/trainings/{training['id']}").json()["model_id"]
    made = tina.post(
        f"/models/{model_id}/timelines",
        json={"corpus_id": corpus["id"], "n_clusters": 2, "top_words": 10, "min_count": 1},
    ).json()
    assert wait_for_job(tina, made["job_id"])["status"] == "succeeded"
    points = tina.get(f"/timelines/{made['id']}").json()["checkpoints"]
    assert [p["step"] for p in points] == [2, 4, 6] and all(p["loss"] is None for p in points)
    assert all(p["majority_accuracy"] == 0.6 for p in points)  # 120 of the 200 reviews are pos
    accuracies = [p["accuracy"] for p in points]
    assert accuracies[-1] == 1.0 and accuracies[0] <= accuracies[-1], accuracies  # a separable task, learned
