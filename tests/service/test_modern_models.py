"""SPEC 11 on the live stack: a transformers folder uploaded over HTTP (files, archive, client, CLI),
refused in words when it cannot be read, recorded by a worker at two lags (the means equal
transformers' own cached states), co-clustered, and aligned with an LSTM over the same corpus."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import torch

from rnnvis_client import Client
from tests.modern_folders import save_folder, tiny_model
from tests.service.conftest import Uploaded
from tests.service.stack import RNNVIS, RunningService, wait_for_job


@pytest.fixture(scope="module")
def words(ptb_lines: Path) -> list[str]:
    counts = Counter(ptb_lines.read_text().split())
    return ["<unk>", "<eos>", *[w for w, _ in counts.most_common(1500) if w not in ("<unk>", "<eos>")]]


@pytest.fixture(scope="module")
def folder(words: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_folder(
        tiny_model("mamba2", vocab_size=len(words)), tmp_path_factory.mktemp("m2") / "mamba2", words
    )


def _parts(folder: Path) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in sorted(folder.iterdir())]


def test_a_folder_records_at_lags_equal_to_transformers(
    service: RunningService, folder: Path, words: list[str], ptb_lines: Path
) -> None:
    with Client(service.url, service.create_user("mamba-fay"), progress=False) as api:
        model = api.upload_model("mamba2 tiny", folder=folder)
        assert model.cell == "mamba2" and model.hidden_size == 32 and model.tokenizer == "tokenizer.json"
        arch = model.architecture
        assert arch is not None and [s.name for s in arch.states] == ["y", "norm"]
        assert arch.recorded_layers == [0, 1] and arch.end_of_sequence == "<eos>"
        assert "Mamba2ForCausalLM" in arch.reference
        lines = ptb_lines.read_text().splitlines()[:60]
        small = folder.parent / "head.txt"
        small.write_text("\n".join(lines) + "\n")
        corpus = api.upload_corpus("ptb head", small)
        rec = api.record(model.id, corpus.id, lags=[0, 1], top_words=50, wait=True)
        assert rec.status == "succeeded", rec
        # the sentence view: states per step, predictions equal transformers' own, no decomposition
        text = " ".join(lines[0].split()[:6])
        ev = api.evaluate(model.id, text)
        assert ev.contributions is None and "not a linear function" in str(ev.decomposition_note)
        assert ev.states[(1, "norm")].shape == (6, 32) and ev.tokens == text.split()
        reference = transformers_model(folder)(
            torch.tensor([[words.index(w) if w in words else 0 for w in ev.tokens]])
        )
        probs = torch.softmax(reference.logits[0, -1].double(), dim=0)
        best, p = ev.predictions[-1][0]
        assert words[int(probs.argmax())] == best and abs(float(probs.max()) - p) < 1e-5
        expected = _oracle(folder, words, lines)
        for (layer, lag, word), mean in list(expected.items())[:40]:
            got = api.response(rec.id, words[word], layer=layer, state="norm" if lag == 0 else "norm@1")
            assert np.allclose(got.mean, mean, atol=1e-5), (layer, lag, words[word])


def test_chips_and_units_aligned_with_an_lstm_over_the_same_corpus(
    alice: httpx.Client, folder: Path, words: list[str], uploaded: Uploaded
) -> None:
    model = alice.post("/models", data={"name": "mamba2 files"}, files=_parts(folder))
    assert model.status_code == 201, model.text
    rec = alice.post(
        "/recordings",
        json={
            "model_id": model.json()["id"],
            "corpus_id": uploaded.corpus_id,
            "layers": [1],
            "top_words": 100,
        },
    )
    assert rec.status_code == 202, rec.text
    assert wait_for_job(alice, rec.json()["job_id"])["status"] == "succeeded"
    recording = alice.get(f"/recordings/{rec.json()['id']}").json()
    assert recording["layers"] == [1] and recording["states"] == ["y", "norm"]
    co = alice.post(
        f"/recordings/{recording['id']}/coclusterings", json={"layer": 1, "state": "y", "n_clusters": 3}
    )
    assert co.status_code == 202, co.text
    assert wait_for_job(alice, co.json()["job_id"])["status"] == "succeeded"
    chips = alice.get(f"/coclusterings/{co.json()['id']}").json()
    assert len(chips["word_labels"]) > 50 and set(chips["words"]) <= set(words)
    aligned = alice.get(
        f"/recordings/{uploaded.recording_id}/alignment",
        params={"other": recording["id"], "layer": 1, "state": "h", "other_layer": 1, "other_state": "y"},
    )
    assert aligned.status_code == 200, aligned.text
    pairs = aligned.json()
    assert len(pairs["shared_words"]) > 50 and len(pairs["pairs"]) == 24  # every LSTM unit matched
    # does the model use its chip? the chip frozen beside random channels of its layer (SPEC 11)
    ablation = alice.post(
        f"/coclusterings/{co.json()['id']}/ablations",
        json={"unit_cluster": 0, "controls": 2, "max_tokens": 3000},
    )
    assert ablation.status_code == 202, ablation.text
    assert wait_for_job(alice, ablation.json()["job_id"])["status"] == "succeeded"
    tested = alice.get(f"/ablations/{ablation.json()['id']}").json()
    assert len(tested["loss"]["controls"]) == 2 and tested["loss"]["unablated"] > 0


def test_a_mamba2_trained_on_the_server_downloads_as_a_folder_transformers_reads(
    alice: httpx.Client, uploaded: Uploaded, tmp_path: Path
) -> None:
    options = {"cell": "mamba2", "num_layers": 1, "hidden_size": 32, "embedding_size": 32, "max_vocab": 500,
               "checkpoint_every": 10, "checkpoint_by": "steps"}  # fmt: skip
    started = alice.post("/trainings", json={"corpus_id": uploaded.corpus_id, "name": "m2 here", **options})
    assert started.status_code == 202, started.text
    assert wait_for_job(alice, started.json()["job_id"])["status"] == "succeeded"
    training = alice.get(f"/trainings/{started.json()['id']}").json()
    model = alice.get(f"/models/{training['model_id']}").json()
    assert model["architecture"]["model_type"] == "mamba2" and model["vocab_size"] == 500
    assert training["metrics"]["validation_loss"] < training["metrics"]["baseline"]["loss"]  # it learned
    # its checkpoints (issue 34) are save_pretrained folders too, and a timeline follows their chips
    series = alice.get(f"/models/{model['id']}/checkpoints").json()
    assert [c["step"] for c in series[:2]] == [10, 20] and series[-1]["model_id"] == model["id"], series
    body = {
        "corpus_id": uploaded.corpus_id,
        "state": "y",
        "n_clusters": 3,
        "top_words": 100,
        "max_tokens": 3000,
    }
    made = alice.post(f"/models/{model['id']}/timelines", json=body)
    assert made.status_code == 202, made.text
    assert wait_for_job(alice, made.json()["job_id"])["status"] == "succeeded"
    timeline = alice.get(f"/timelines/{made.json()['id']}").json()
    assert [c["model_id"] for c in timeline["checkpoints"]] == [c["model_id"] for c in series]
    assert all(c["loss"] is not None for c in timeline["checkpoints"])
    download = alice.get(f"/models/{model['id']}/download")
    assert download.status_code == 200, download.text
    with zipfile.ZipFile(io.BytesIO(download.content)) as packed:
        packed.extractall(tmp_path)
    folder = tmp_path / f"model-{model['id']}"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"]
    from tokenizers import Tokenizer

    ids = (
        Tokenizer.from_file(str(folder / "tokenizer.json"))
        .encode("the company said", add_special_tokens=False)
        .ids
    )
    logits = transformers_model(folder)(torch.tensor([ids])).logits[0, -1]
    answer = alice.post(f"/models/{model['id']}/evaluate", json={"text": "the company said"}).json()
    best, p = answer["predictions"][-1][0]["token"], answer["predictions"][-1][0]["probability"]
    probs = torch.softmax(logits.double(), 0)
    assert abs(float(probs.max()) - p) < 1e-5 and best == Tokenizer.from_file(
        str(folder / "tokenizer.json")
    ).id_to_token(int(probs.argmax()))


def test_an_archive_and_the_command_line_upload_the_same_folder(
    service: RunningService, alice: httpx.Client, folder: Path
) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        for p in sorted(folder.iterdir()):
            z.write(p, f"mamba2/{p.name}")  # an archive of the folder itself
    zipped = alice.post(
        "/models", data={"name": "zipped"}, files=[("files", ("mamba2.zip", packed.getvalue()))]
    )
    assert zipped.status_code == 201, zipped.text
    assert zipped.json()["architecture"]["model_type"] == "mamba2"
    env = {**os.environ, "RNNVIS_URL": service.url, "RNNVIS_TOKEN": service.create_user("shell-hal")}
    done = subprocess.run(
        [str(RNNVIS), "models", "upload", "from the shell", f"{folder}/", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,  # a hang guard only: an upload, not a job
    )
    assert done.returncode == 0, done.stderr
    assert (
        json.loads(done.stdout)["files"]["weights"]["sha256"] == zipped.json()["files"]["weights"]["sha256"]
    )


def test_a_folder_that_cannot_be_read_is_refused_in_words(alice: httpx.Client, folder: Path) -> None:
    before = alice.get("/models").json()["total"]
    config = json.loads((folder / "config.json").read_text())
    files = {p.name: p.read_bytes() for p in folder.iterdir()}

    def refused(changed: dict[str, bytes | None]) -> str:
        parts = [("files", (n, b)) for n, b in {**files, **changed}.items() if b is not None]
        answer = alice.post("/models", data={"name": "refused"}, files=parts)
        assert answer.status_code == 422, answer.text
        return str(answer.json()["detail"])

    llama = json.dumps({**config, "model_type": "llama"}).encode()
    assert "supported: mamba, mamba2, rwkv, xlstm, recurrent_gemma" in refused({"config.json": llama})
    assert "tokenizer.json is missing" in refused({"tokenizer.json": None})
    assert "code is never run" in refused({"modeling_mamba2.py": b"import os"})
    pickled = refused({"model.safetensors": None, "pytorch_model.bin": b"\x80\x04"})
    assert "pytorch_model.bin is a pickle" in pickled and "safe_serialization=True" in pickled
    wider = json.dumps({**config, "hidden_size": 24, "num_heads": 6}).encode()
    assert "config.json makes it" in refused({"config.json": wider})
    both = alice.post("/models", data={"name": "both"}, files=[("weights", ("w.bin", b"x")), *_parts(folder)])
    assert both.status_code == 422 and "send files alone" in both.text
    assert alice.get("/models").json()["total"] == before  # nothing kept


def transformers_model(folder: Path) -> Any:
    import transformers

    return transformers.Mamba2ForCausalLM.from_pretrained(folder).eval()


def _oracle(folder: Path, words: list[str], lines: list[str]) -> dict[tuple[int, int, int], np.ndarray]:
    """{(layer, lag, word id): mean Δ‖h‖ at step t + lag} from transformers stepped with its cache."""
    model = transformers_model(folder)
    index = {w: i for i, w in enumerate(words)}
    values: dict[tuple[int, int, int], list[np.ndarray]] = {}
    for line in lines:
        ids = [index.get(w, 0) for w in line.split()] + [1]
        norms, cache = [], None
        with torch.inference_mode():
            for token in ids:
                cache = model(input_ids=torch.tensor([[token]]), cache=cache, use_cache=True).cache
                norms.append(
                    [
                        torch.linalg.vector_norm(cache.get_recurrent_state(layer, state_idx=0)[0], dim=-1)
                        .flatten()
                        .numpy()
                        for layer in (0, 1)
                    ]
                )
        for layer in (0, 1):
            series = [np.zeros_like(norms[0][layer]), *[n[layer] for n in norms]]
            delta = [series[t + 1] - series[t] for t in range(len(ids))] + [np.zeros_like(series[0])]
            for lag in (0, 1):
                for t, word in enumerate(ids):
                    values.setdefault((layer, lag, word), []).append(delta[min(t + lag, len(ids))])
    return {key: np.mean(v, axis=0) for key, v in values.items()}
