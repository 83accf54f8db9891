"""Hostile input: each gets a clear 4xx or is stored and served verbatim, and nothing half-written stays."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import torch
from safetensors.torch import load_file, save_file

from tests.service.conftest import UPLOAD_LIMIT, upload_corpus, upload_model
from tests.service.stack import RunningService, wait_for_job

NASTY_WORDS = ["a/b", "it's", 'say"hi"', "emoji😀", "ünïcödé", "..", "%20", "<b>", "DROP;--"]


@pytest.fixture(scope="module")
def mallory(service: RunningService) -> Iterator[httpx.Client]:
    with service.client(service.create_user("mallory")) as client:
        yield client


def _stored_files(service: RunningService) -> set[Path]:
    root = service.data_dir / "artifacts"
    return {p for p in root.rglob("*") if p.is_file()}


def _post_weights(client: httpx.Client, weights: bytes, vocab: bytes) -> httpx.Response:
    return client.post(
        "/models",
        data={"name": "hostile"},
        files={"weights": ("w.safetensors", weights), "vocab": ("v.txt", vocab)},
    )


def test_broken_weight_files(
    mallory: httpx.Client, service: RunningService, model_dir: Path, tmp_path: Path
) -> None:
    good = (model_dir / "model.safetensors").read_bytes()
    vocab = (model_dir / "vocab.txt").read_bytes()
    petabytes = struct.pack("<Q", 2**50) + b'{"x": 1}'  # a header that claims a petabyte
    tensors = load_file(str(model_dir / "model.safetensors"))
    tensors["rnn.weight_ih_l0"][0, 0] = float("nan")
    save_file(tensors, str(tmp_path / "nan.safetensors"))
    tensors["rnn.weight_ih_l0"][0, 0] = float("inf")
    save_file(tensors, str(tmp_path / "inf.safetensors"))
    torch.save({"not": "tensors", "n": 3}, tmp_path / "dict.pt")
    before = _stored_files(service)
    cases = {
        "truncated safetensors": (good[: len(good) // 2], "not a readable safetensors file"),
        "random bytes": (bytes(range(256)) * 40, "not a readable safetensors file"),
        "a header that claims a petabyte": (petabytes, "not a readable safetensors file"),
        "NaN weights": ((tmp_path / "nan.safetensors").read_bytes(), "NaN or Inf"),
        "Inf weights": ((tmp_path / "inf.safetensors").read_bytes(), "NaN or Inf"),
        "a pickle of non-tensors": ((tmp_path / "dict.pt").read_bytes(), "refused"),
        "empty": (b"", "empty"),
    }
    for what, (weights, expected) in cases.items():
        answer = _post_weights(mallory, weights, vocab)
        assert answer.status_code == 422, (what, answer.text)
        assert expected in answer.json()["detail"], (what, answer.json())
    assert _stored_files(service) == before  # nothing half-written stays


def test_a_streamed_upload_is_cut_at_the_limit(mallory: httpx.Client, service: RunningService) -> None:
    """No Content-Length (chunked): the server counts while it reads and stops at the limit."""
    sent = 0

    def endless() -> Iterator[bytes]:
        nonlocal sent
        boundary = b"--x\r\n"
        yield boundary + b'Content-Disposition: form-data; name="name"\r\n\r\nbig\r\n'
        yield boundary + b'Content-Disposition: form-data; name="format"\r\n\r\ntext\r\n'
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        chunk = b"word " * 200_000  # 1 MB
        while sent < 10 * UPLOAD_LIMIT:  # it would go on to 160 MB if the server kept reading
            sent += len(chunk)
            yield chunk

    before = _stored_files(service)
    answer = mallory.post(
        "/corpora", content=endless(), headers={"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert answer.status_code == 413, answer.text
    assert "limit" in answer.json()["detail"]
    assert _stored_files(service) == before
    assert not any((service.data_dir / "artifacts" / "staging").iterdir())


def test_a_long_line_and_hostile_words_are_served_verbatim(
    mallory: httpx.Client, service: RunningService, tmp_path: Path
) -> None:
    # a vocabulary of hostile tokens, a model over it, and a corpus with a 10 MB line
    vocab = ["<unk>", "<eos>", "plain", *NASTY_WORDS]
    vocab_file = tmp_path / "vocab.txt"
    vocab_file.write_text("".join(f"{w}\n" for w in vocab), encoding="utf-8")
    from services.models import save_model
    from tests.conftest import random_model

    model = random_model(vocab, cell="gru", layers=1, hidden=8, embedding=4)
    folder = save_model(tmp_path / "m", model.spec, model.vocab, model.state_dict)
    uploaded = upload_model(mallory, folder, "hostile words")
    assert uploaded.status_code == 201, uploaded.text
    corpus = tmp_path / "corpus.txt"
    long_line = " ".join(["plain"] * 2_000_000)  # 12 MB on one line
    corpus.write_text(
        " ".join(NASTY_WORDS) + "\n" + long_line + "\n" + " ".join(reversed(NASTY_WORDS)) + "\n"
    )
    stored = upload_corpus(mallory, corpus, name="long line")
    assert stored.status_code == 201, stored.text
    assert stored.json()["num_sequences"] == 3
    rec = mallory.post(
        "/recordings",
        json={"model_id": uploaded.json()["id"], "corpus_id": stored.json()["id"], "max_tokens": 100},
    ).json()
    assert wait_for_job(mallory, rec["job_id"])["status"] == "succeeded"
    for word in NASTY_WORDS:
        answer = mallory.get(f"/recordings/{rec['id']}/response", params={"word": word})
        assert answer.status_code == 200, (word, answer.text)
        assert answer.json()["word"] == word and answer.json()["count"] == 1  # max_tokens stops before line 2
    raw = httpx.get(
        f"{service.url}/api/v1/recordings/{rec['id']}/response?word={quote('a/b', safe='')}",
        headers=dict(mallory.headers),
    )
    assert raw.status_code == 200


def test_markup_and_sql_in_names_are_stored_verbatim(mallory: httpx.Client, ptb_lines: Path) -> None:
    name = "<img src=x onerror=alert(1)>'; DROP TABLE corpora;--"
    with ptb_lines.open("rb") as f:
        created = mallory.post("/corpora", data={"name": name, "format": "text"}, files={"file": f})
    assert created.status_code == 201
    assert mallory.get(f"/corpora/{created.json()['id']}").json()["name"] == name
    assert name in json.dumps(mallory.get("/corpora").json()["items"], ensure_ascii=False)
