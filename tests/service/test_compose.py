"""docker-compose.yml and .env.example against the settings and the code (Docker cannot run here)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli.main import build_parser
from services.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# used by compose itself, not by the code
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "WEB_PORT", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "TORCH_INDEX_GPU"}
# read by boto3 (AWS_REGION by the settings too)
BOTO3 = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"}
APP = ("api", "worker", "worker-gpu", "worker-interactive")


def _setting_names() -> set[str]:
    names = {"DATABASE_URL", "REDIS_URL"}
    for name in Settings.model_fields:
        if name not in ("database_url", "redis_url"):
            names.add(f"RNNVIS_{name.upper()}")
    return names


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def test_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    stores, jobs = (
        {"postgres", "redis", "minio", "bucket", "migrate"},
        {"worker", "worker-gpu", "worker-interactive"},
    )
    assert set(services) == stores | jobs | {"api", "web"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["minio"]["image"].startswith("minio/minio:")  # the official image
    for name in ("postgres", "redis", "minio", "api", "worker", "worker-gpu", "worker-interactive", "web"):
        assert "healthcheck" in services[name], name
    # scalable: nothing that pins one container
    for key in ("container_name", "ports", "hostname"):
        assert key not in services["worker"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["bucket"]["depends_on"]["minio"]["condition"] == "service_healthy"
    for name in APP:
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["bucket"]["condition"] == "service_completed_successfully"
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "miniodata"}


def test_no_folder_is_shared_and_a_gpu_worker_is_a_profile_away(compose: dict[str, Any]) -> None:
    """SPEC 10: the API and the workers share only PostgreSQL, Redis and the object store, so a
    worker can run on another host; the GPU worker is the batch worker with a CUDA build of torch."""
    services = compose["services"]
    for name in APP:
        assert "volumes" not in services[name], name
    gpu, worker = services["worker-gpu"], services["worker"]
    assert gpu["profiles"] == ["gpu"] and gpu["command"] == worker["command"]
    [device] = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia" and device["capabilities"] == ["gpu"]
    assert "cu" in _default(gpu["build"]["args"]["TORCH_INDEX"])
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu" in dockerfile
    assert "--index-url ${TORCH_INDEX} torch==2.13.0" in dockerfile


def test_environment_matches_settings(compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    known = _setting_names() | BOTO3
    for name in ("migrate", *APP):
        env = compose["services"][name]["environment"]
        assert set(env) <= known, set(env) - known
        assert {"DATABASE_URL", "REDIS_URL", "RNNVIS_DATA_DIR"} <= set(env)
        assert "@postgres:5432/" in env["DATABASE_URL"] and env["REDIS_URL"].startswith("redis://redis:")
        with monkeypatch.context() as patch:
            for key, value in env.items():
                patch.setenv(key, _default(value))
            settings = Settings(_env_file=None)  # type: ignore[call-arg]  # every value parses as its type
        assert settings.data_dir == Path("/data")
        assert settings.max_active_jobs == 4 and settings.database_url == _default(env["DATABASE_URL"])
        assert settings.artifact_url == "s3://rnnvis/artifacts"  # the bucket the one-shot makes
        assert settings.s3_endpoint_url == "http://minio:9000"
        assert settings.oidc_issuer is None and settings.public_url is None  # empty: single sign-on off
    assert "store/rnnvis" in " ".join(compose["services"]["bucket"]["entrypoint"])


def _default(value: str) -> str:
    """'${NAME:-default}' -> 'default'; plain values as they are."""
    return re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", str(value))


def test_env_example_names_every_setting() -> None:
    lines = (ROOT / ".env.example").read_text().splitlines()
    named = [line for line in lines if re.match(r"^#?\s*[A-Z0-9_]+=", line)]
    names = {re.sub(r"^#\s*", "", line).split("=")[0] for line in named}
    assert names - COMPOSE_ONLY == _setting_names()


def test_commands_exist(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["migrate"]["command"][:2] == ["rnnvis", "migrate"]
    build_parser().parse_args(services["migrate"]["command"][1:])  # a real subcommand
    api = services["api"]["command"]  # the HTTP server `rnnvis serve` runs (its header limits, proxies)
    assert api[:3] == ["python", "-m", "runtime.http_server"]
    assert callable(importlib.import_module("runtime.http_server").main)
    assert api[api.index("--host") + 1] == "0.0.0.0" and api[api.index("--port") + 1] == "8000"
    for name, queues in (("worker", "batch"), ("worker-interactive", "interactive")):
        command = services[name]["command"]
        assert command[command.index("-A") + 1] == "worker.app"
        assert command[command.index("-Q") + 1] == queues
    from worker.config import BATCH_QUEUE, INTERACTIVE_QUEUE

    assert {BATCH_QUEUE, INTERACTIVE_QUEUE} == {"batch", "interactive"}
    # the web container builds the client and proxies the API's paths to the api service
    assert services["web"]["build"] == "./web"
    web_dockerfile = (ROOT / "web" / "Dockerfile").read_text()
    assert "npm run build" in web_dockerfile and "nginx.conf" in web_dockerfile
    nginx = (ROOT / "web" / "nginx.conf").read_text()
    assert "proxy_pass http://api:8000;" in nginx
    for path in ("api/", "auth/", "healthz", "readyz", "docs", "openapi"):
        assert path in nginx
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "torch==2.13.0" in dockerfile
    for folder in ("services", "api", "worker", "cli", "runtime", "rnnvis_client", "migrations"):
        assert f"COPY {folder} {folder}" in dockerfile
