"""Every 4xx path: bad input gets a clear answer and leaves nothing behind."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import httpx
import pytest
from safetensors.torch import load_file, save_file

from tests.service.conftest import UPLOAD_LIMIT, Uploaded, upload_corpus, upload_model
from tests.service.stack import RunningService


def _post_model(
    client: httpx.Client, weights: bytes, vocab: bytes, config: bytes | None = None
) -> httpx.Response:
    files = {"weights": ("w.safetensors", weights), "vocab": ("vocab.txt", vocab)}
    if config is not None:
        files["config"] = ("config.json", config)
    return client.post("/models", data={"name": "bad"}, files=files)


def _staging_is_empty(service: RunningService) -> bool:
    return not any((service.data_dir / "artifacts" / "staging").iterdir())


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch /tmp/rnnvis-pwned",))


def test_refused_models_name_the_problem_and_keep_nothing(
    alice: httpx.Client, service: RunningService, model_dir: Path
) -> None:
    weights = (model_dir / "model.safetensors").read_bytes()
    vocab = (model_dir / "vocab.txt").read_bytes()
    before = alice.get("/models").json()["total"]
    tensors = load_file(str(model_dir / "model.safetensors"))
    tensors["rnn.weight_hh_l1"] = tensors["rnn.weight_hh_l1"][:, :5].contiguous()
    buffer = io.BytesIO()
    save_file(tensors, "/tmp/rnnvis-bad-shape.safetensors")
    buffer.write(Path("/tmp/rnnvis-bad-shape.safetensors").read_bytes())
    cases = [
        (b"this is not a weights file", vocab, None, "not a readable safetensors file"),
        (weights, b"".join(vocab.splitlines(keepends=True)[:-3]), None, "vocab has"),
        (weights, vocab, json.dumps({"cell": "gru"}).encode(), "gru"),
        (weights, vocab, b"{not json", "config"),
        (buffer.getvalue(), vocab, None, "rnn.weight_hh_l1"),
        (pickle.dumps(_Exploit()), vocab, None, "refused"),
        (weights, b"\xff\xfe bad bytes\n", None, "UTF-8"),
    ]
    for w, v, c, expected in cases:
        answer = _post_model(alice, w, v, c)
        assert answer.status_code == 422, (expected, answer.text)
        assert expected in answer.json()["detail"], (expected, answer.json())
    assert not Path("/tmp/rnnvis-pwned").exists()
    assert alice.get("/models").json()["total"] == before
    assert _staging_is_empty(service)


def test_model_form_errors(alice: httpx.Client, model_dir: Path) -> None:
    with (model_dir / "model.safetensors").open("rb") as w:
        assert alice.post("/models", data={"name": "x"}, files={"weights": w}).status_code == 422  # no vocab
    assert alice.post("/models", json={"name": "x"}).status_code == 422
    weights, vocab = (model_dir / "model.safetensors").read_bytes(), (model_dir / "vocab.txt").read_bytes()
    answer = alice.post("/models", data={"name": "  "}, files={"weights": weights, "vocab": vocab})
    assert answer.status_code == 422 and "name" in answer.json()["detail"]


def test_too_large_uploads_answer_413(alice: httpx.Client, service: RunningService, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("w") as f:
        line = "the quick brown fox jumps over the lazy dog\n"
        f.write(line * (UPLOAD_LIMIT // len(line) + 1000))
    before = alice.get("/corpora").json()["total"]
    answer = upload_corpus(alice, big)
    assert answer.status_code == 413 and "limit" in answer.json()["detail"]
    assert alice.get("/corpora").json()["total"] == before
    assert _staging_is_empty(service)


@pytest.mark.parametrize(
    "content,fmt,expected",
    [
        (b"", "text", "no non-blank line"),
        (b"\n   \n\n", "text", "no non-blank line"),
        (b"good line\n\xff\xfe\xfd\n", "text", "line 2 is not UTF-8"),
        (b"pos\tgreat film\nno tab here\n", "labeled", "line 2: expected 'label<TAB>text'"),
        (b'{"text": "fine", "label": 1}\n{"text": 3}\n', "labeled", "line 2"),
        (b"text\n", "parquet", "format"),
    ],
)
def test_refused_corpora(
    alice: httpx.Client, service: RunningService, content: bytes, fmt: str, expected: str
) -> None:
    answer = alice.post("/corpora", data={"name": "bad", "format": fmt}, files={"file": ("c.txt", content)})
    assert answer.status_code == 422, answer.text
    assert expected in json.dumps(answer.json()["detail"]), answer.json()
    assert _staging_is_empty(service)


def test_bad_recording_requests(alice: httpx.Client, uploaded: Uploaded) -> None:
    good = {"model_id": uploaded.model_id, "corpus_id": uploaded.corpus_id}
    assert alice.post("/recordings", json={**good, "model_id": 999999}).status_code == 404
    assert alice.post("/recordings", json={**good, "corpus_id": 999999}).status_code == 404
    assert alice.post("/recordings", json={**good, "top_words": 0}).status_code == 422
    assert alice.post("/recordings", json={**good, "sequence_mode": "paragraphs"}).status_code == 422
    assert alice.post("/recordings", json={**good, "top_word": 10}).status_code == 422  # misspelt field
    assert alice.post("/recordings", json={**good, "max_tokens": 10**12}).status_code == 422  # past 2^31 - 1
    assert (
        alice.post(
            "/recordings", content=b"{not json", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )


def test_bad_reads(alice: httpx.Client, uploaded: Uploaded) -> None:
    rid = uploaded.recording_id
    unknown = alice.get(f"/recordings/{rid}/response", params={"word": "zzzunknownzzz"})
    assert unknown.status_code == 404 and "zzzunknownzzz" in unknown.json()["detail"]
    assert alice.get(f"/recordings/{rid}/response").status_code == 422  # no word
    layer = alice.get(f"/recordings/{rid}/response", params={"word": "the", "layer": 7})
    assert layer.status_code == 422 and "layer 7" in layer.json()["detail"]
    assert alice.get(f"/recordings/{rid}/response", params={"word": "the", "state": "q"}).status_code == 422
    assert alice.get(f"/recordings/{rid}/units/24/words").status_code == 404  # hidden size 24
    assert alice.get(f"/recordings/{rid}/units/0/words", params={"k": 0}).status_code == 422
    assert alice.get(f"/recordings/{rid}/matrix", params={"top_words": 0}).status_code == 422
    assert alice.get(f"/recordings/{rid}/alignment", params={"other": 999999}).status_code == 404
    assert alice.get(f"/recordings/{rid}/alignment").status_code == 422  # no other
    assert alice.get("/recordings/not-a-number").status_code == 422
    assert alice.get("/coclusterings/999999").status_code == 404
    assert alice.get("/jobs/999999").status_code == 404


def test_bad_coclustering_requests(alice: httpx.Client, uploaded: Uploaded) -> None:
    path = f"/recordings/{uploaded.recording_id}/coclusterings"
    too_many = alice.post(path, json={"n_clusters": 25})
    assert too_many.status_code == 422 and "24 units" in too_many.json()["detail"]
    assert alice.post(path, json={"mode": "bogus"}).status_code == 422
    assert alice.post(path, json={"layer": 5}).status_code == 422
    assert alice.post(path, json={"n_clusters": 1}).status_code == 422


def test_bad_evaluations(alice: httpx.Client, bob: httpx.Client, uploaded: Uploaded, model_dir: Path) -> None:
    path = f"/models/{uploaded.model_id}/evaluate"
    assert alice.post(path, json={"text": ""}).status_code == 422
    assert alice.post(path, json={"text": "x" * 20_001}).status_code == 413
    nothing = alice.post(path, json={"text": "   "})
    assert nothing.status_code == 422 and "no token" in nothing.json()["detail"]
    assert alice.post(path, json={"text": "the", "output": 10**6}).status_code == 422
    assert alice.post(path, json={"text": "the", "layer": 9}).status_code == 422
    assert alice.post(path, json={"text": "the", "coclustering_id": 999999}).status_code == 404
    other = upload_model(alice, model_dir, "copy").json()["id"]
    wrong = alice.post(
        f"/models/{other}/evaluate", json={"text": "the", "coclustering_id": uploaded.coclustering_id}
    )
    assert wrong.status_code == 422 and "not of model" in wrong.json()["detail"]
    assert alice.delete(f"/models/{other}").status_code == 204


def test_bad_trainings(alice: httpx.Client, uploaded: Uploaded) -> None:
    text_corpus = uploaded.corpus_id
    classifier = alice.post("/trainings", json={"corpus_id": text_corpus, "task": "classifier"})
    assert classifier.status_code == 422 and "labeled corpus" in classifier.json()["detail"]
    assert alice.post("/trainings", json={"corpus_id": text_corpus, "hidden_size": 0}).status_code == 422
    assert alice.post("/trainings", json={"corpus_id": text_corpus, "cell": "transformer"}).status_code == 422
    labeled = alice.post(
        "/corpora",
        data={"name": "l", "format": "labeled"},
        files={"file": ("l.tsv", b"pos\tgood\nneg\tbad\n")},
    ).json()
    unknown = alice.post(
        "/trainings", json={"corpus_id": labeled["id"], "task": "classifier", "labels": ["meh"]}
    )
    assert unknown.status_code == 422 and "meh" in unknown.json()["detail"]
    assert labeled["labels"] == ["neg", "pos"]
    assert alice.delete(f"/corpora/{labeled['id']}").status_code == 204


def test_cancelling_a_finished_job_is_a_conflict(alice: httpx.Client, uploaded: Uploaded) -> None:
    job_id = alice.get(f"/recordings/{uploaded.recording_id}").json()["job_id"]
    answer = alice.post(f"/jobs/{job_id}/cancel")
    assert answer.status_code == 409 and "succeeded" in answer.json()["detail"]
