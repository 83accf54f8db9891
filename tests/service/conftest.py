"""One real service for the module's tests: `rnnvis serve` with PostgreSQL, Redis, workers and the API."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.models import save_model
from services.training import TrainingOptions, train
from tests.service.stack import RunningService, start_service, wait_for_job

MiB = 1024 * 1024
UPLOAD_LIMIT = 16 * MiB  # small, so that the 413 path is cheap to reach (the 1500-unit test model is 9 MB)
ACTIVE_JOB_LIMIT = 4
# The session service's limits on slow clients. Short, so that the slow-client tests are quick; but
# every test's own clients are bound by them too, and a client starved of CPU under the parallel run
# (test_load's async uploads) once idled 2 s mid-request and was cut off: long enough to hold on a
# machine twice as slow.
HEADER_TIMEOUT_S = 8
BODY_IDLE_S = 8


OIDC_CLIENT_ID, OIDC_CLIENT_SECRET = "rnnvis-tests", "rnnvis-tests-secret"
OIDC_LABEL = "Example University"


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[str]:
    """A real OpenID Connect provider on loopback (oidc-provider-mock: Authlib's authorization server
    with a sign-in form that asks for the subject): its issuer URL. It takes any client id and secret."""
    import oidc_provider_mock

    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # the provider's side: plain HTTP on loopback
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def sso_settings(issuer: str) -> dict[str, str]:
    """Single sign-on on, beside passwords and tokens (tests/service/test_sso.py)."""
    return {
        "oidc_issuer": issuer,
        "oidc_client_id": OIDC_CLIENT_ID,
        "oidc_client_secret": OIDC_CLIENT_SECRET,
        "oidc_label": OIDC_LABEL,
    }


@pytest.fixture(scope="module")
def store() -> Iterator[tuple[Any, str]]:
    """A module's own S3 server (tests/object_store.py) with the bucket BUCKET: (the server, its URL)."""
    from tests.object_store import BUCKET, s3_server  # moto: only for the modules that ask

    with s3_server(BUCKET) as running:
        yield running


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory, oidc_provider: str) -> Iterator[RunningService]:
    running = start_service(
        tmp_path_factory.mktemp("rnnvis") / "data",
        **sso_settings(oidc_provider),
        max_upload_bytes=UPLOAD_LIMIT,
        max_active_jobs=ACTIVE_JOB_LIMIT,
        progress_interval_s=0.2,
        header_timeout_s=HEADER_TIMEOUT_S,  # see HEADER_TIMEOUT_S
        body_idle_s=BODY_IDLE_S,
        # the tests stand in for a proxy: X-Forwarded-For picks the client address sign-ins count
        trusted_proxies="127.0.0.1",
        # an access line per request, so that test_sharing can look for link tokens in the logs
        api_log_level="info",
        api_processes=2,  # as `rnnvis serve` runs by default: what the processes share is tested here
        embed_origins="http://127.0.0.1:*",  # test_sharing frames /embed/ from here and from localhost
    )
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="session")
def alice(service: RunningService) -> Iterator[httpx.Client]:
    with service.client(service.create_user("alice")) as client:
        yield client


@pytest.fixture(scope="session")
def bob(service: RunningService) -> Iterator[httpx.Client]:
    with service.client(service.create_user("bob")) as client:
        yield client


@pytest.fixture(scope="session")
def admin(service: RunningService) -> Iterator[httpx.Client]:
    with service.client(service.create_user("root", admin=True)) as client:
        yield client


@pytest.fixture(scope="session")
def ptb_lines(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 1,500 lines of PTB test (about 32k tokens)."""
    path = tmp_path_factory.mktemp("corpus") / "ptb-head.txt"
    lines = (shared_data / "ptb.test.txt").read_text().splitlines(keepends=True)[:1500]
    path.write_text("".join(lines))
    return path


@pytest.fixture(scope="session")
def model_dir(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer LSTM language model trained here on PTB validation text."""
    folder = tmp_path_factory.mktemp("trained")
    text = folder / "train.txt"
    text.write_text("".join((shared_data / "ptb.valid.txt").read_text().splitlines(keepends=True)[:2000]))
    options = TrainingOptions(num_layers=2, hidden_size=24, embedding_size=16, epochs=1, max_vocab=3000)
    trained = train(text, "text", options)
    return save_model(folder / "model", trained.model.spec, trained.model.vocab, trained.model.state_dict)


def upload_model(client: httpx.Client, folder: Path, name: str = "lstm") -> httpx.Response:
    with (folder / "model.safetensors").open("rb") as w, (folder / "vocab.txt").open("rb") as v:
        return client.post("/models", data={"name": name}, files={"weights": w, "vocab": v})


def upload_corpus(client: httpx.Client, path: Path, fmt: str = "text", name: str = "ptb") -> httpx.Response:
    with path.open("rb") as f:
        return client.post("/corpora", data={"name": name, "format": fmt}, files={"file": f})


@dataclass(frozen=True)
class Uploaded:
    model_id: int
    corpus_id: int
    recording_id: int
    coclustering_id: int


RECORDING = {"top_words": 100, "seed": 3, "gates": True, "trace": 6}
COCLUSTERING = {"layer": 1, "state": "h", "n_clusters": 4, "top_words": 200, "min_count": 3, "seed": 1}


@pytest.fixture(scope="session")
def uploaded(alice: httpx.Client, model_dir: Path, ptb_lines: Path) -> Uploaded:
    model = upload_model(alice, model_dir).raise_for_status().json()
    corpus = upload_corpus(alice, ptb_lines).raise_for_status().json()
    rec = alice.post("/recordings", json={"model_id": model["id"], "corpus_id": corpus["id"], **RECORDING})
    assert rec.status_code == 202, rec.text
    job = wait_for_job(alice, rec.json()["job_id"])
    assert job["status"] == "succeeded", job
    co = alice.post(f"/recordings/{rec.json()['id']}/coclusterings", json=COCLUSTERING)
    assert co.status_code == 202, co.text
    assert wait_for_job(alice, co.json()["job_id"])["status"] == "succeeded"
    return Uploaded(model["id"], corpus["id"], rec.json()["id"], co.json()["id"])
