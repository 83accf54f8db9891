"""`rnnvis serve` with its artifacts in an object store (SPEC 10): uploads go to the bucket, jobs
read them through the workers' cache, deletes remove them, and a store that is away answers 503 in
words and keeps nothing. moto's standalone server stands in for MinIO or AWS S3 (no S3-compatible
server installs on this machine); boto3 talks the S3 HTTP API to it as it would to them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.service.conftest import upload_corpus, upload_model
from tests.service.stack import RunningService, free_port, start_service, wait_for_job

BUCKET = "rnnvis-objects"
KEYS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def store() -> Iterator[tuple[ThreadedMotoServer, str]]:
    saved = {name: os.environ.get(name) for name in KEYS}
    os.environ.update(KEYS)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=BUCKET)
    try:
        yield server, endpoint
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def served(
    store: tuple[ThreadedMotoServer, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningService]:
    service = start_service(
        tmp_path_factory.mktemp("objects") / "data",
        artifact_url=f"s3://{BUCKET}/lab",
        s3_endpoint_url=store[1],
    )
    yield service
    assert service.stop() == 0


def _keys(endpoint: str) -> list[str]:
    listed = boto3.client("s3", endpoint_url=endpoint).list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def test_uploads_live_in_the_bucket_and_jobs_read_them(
    served: RunningService, store: tuple[ThreadedMotoServer, str], model_dir: Path, ptb_lines: Path
) -> None:
    endpoint = store[1]
    with served.client(served.create_user("olga")) as client:
        model = upload_model(client, model_dir).raise_for_status().json()
        corpus = upload_corpus(client, ptb_lines).raise_for_status().json()
        assert f"lab/models/{model['id']}/weights.bin" in _keys(endpoint)
        assert f"lab/corpora/{corpus['id']}/corpus.txt" in _keys(endpoint)
        local = served.data_dir / "artifacts"
        assert not [p for p in local.rglob("*") if p.is_file()]  # only staging lives there, and it is empty
        rec = client.post(
            "/recordings", json={"model_id": model["id"], "corpus_id": corpus["id"], "max_tokens": 3000}
        ).json()
        assert wait_for_job(client, rec["job_id"])["status"] == "succeeded"
        assert list((served.data_dir / "cache" / "models" / str(model["id"])).iterdir())  # fetched, cached
        assert client.delete(f"/models/{model['id']}").status_code == 204
        assert not [k for k in _keys(endpoint) if k.startswith(f"lab/models/{model['id']}/")]


def test_a_store_that_is_away_answers_503_and_keeps_nothing(
    served: RunningService, store: tuple[ThreadedMotoServer, str], model_dir: Path
) -> None:
    server, endpoint = store
    with served.client(served.create_user("pia")) as client:
        before = _keys(endpoint)
        server.stop()
        try:
            answer = upload_model(client, model_dir, "while away")
            assert answer.status_code == 503, answer.text
            assert "object store s3://rnnvis-objects/lab cannot be reached" in answer.json()["detail"]
            assert "nothing was kept" in answer.json()["detail"]
        finally:
            server.start()
        assert _keys(endpoint) == before
        assert client.get("/models").json()["total"] == 0
        assert upload_model(client, model_dir, "back").status_code == 201
