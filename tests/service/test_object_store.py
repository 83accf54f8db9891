"""`rnnvis serve` with its artifacts in an object store (SPEC 10): uploads go to the bucket, jobs
read them through the workers' cache, deletes remove them, and a store that is away answers 503 in
words and keeps nothing. moto's standalone server (tests/object_store.py) stands in for MinIO or
AWS S3: no S3-compatible server installs on this machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

from tests.object_store import BUCKET, keys, service_on_s3
from tests.service.conftest import upload_corpus, upload_model
from tests.service.stack import RunningService, wait_for_job


@pytest.fixture(scope="module")
def served(
    store: tuple[ThreadedMotoServer, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningService]:
    with service_on_s3(tmp_path_factory.mktemp("objects") / "data", BUCKET, store[1]) as service:
        yield service


def _keys(endpoint: str) -> list[str]:
    return keys(endpoint, BUCKET)


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
