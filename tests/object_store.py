"""An S3 server for the tests: moto's standalone server (ThreadedMotoServer) speaks the S3 HTTP API,
and boto3 talks to it as it would to MinIO or AWS. It stands in for them because no S3-compatible
server installs on this machine (docs: .env.example, SPEC 10)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from runtime.stack import free_port
from tests.service.stack import RunningService, start_service

BUCKET = "rnnvis-objects"  # the one bucket of a test module
KEYS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}


@contextmanager
def s3_server(bucket: str) -> Iterator[tuple[ThreadedMotoServer, str]]:
    """(the server, its endpoint URL), with the bucket made and test credentials in the environment
    (so that `rnnvis serve` started inside inherits them)."""
    saved = {name: os.environ.get(name) for name in KEYS}
    os.environ.update(KEYS)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
    try:
        yield server, endpoint
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def service_on_s3(data_dir: Path, bucket: str, endpoint: str, **settings: Any) -> Iterator[RunningService]:
    """`rnnvis serve` keeping its artifacts in the bucket, under lab/; it must stop cleanly."""
    service = start_service(data_dir, artifact_url=f"s3://{bucket}/lab", s3_endpoint_url=endpoint, **settings)
    yield service
    assert service.stop() == 0


def keys(endpoint: str, bucket: str) -> list[str]:
    listed = boto3.client("s3", endpoint_url=endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))
