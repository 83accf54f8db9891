"""The artifact store's two backends (SPEC 10). The object store here is moto's standalone server
(tests/object_store.py): a stand-in for MinIO or AWS, as no S3-compatible server installs here."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from services.settings import Settings
from services.storage.artifacts import ChecksumMismatch, artifact_store
from services.storage.objects import MULTIPART_BYTES, StoreUnavailable
from tests.object_store import keys, s3_server
from tests.service.stack import free_port

BUCKET = "rnnvis-test"


@pytest.fixture()
def s3() -> Iterator[str]:
    with s3_server(BUCKET) as (_, endpoint):
        yield endpoint


def _settings(tmp_path: Path, endpoint: str, cache_bytes: int = 10**9) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        artifact_url=f"s3://{BUCKET}/lab",
        s3_endpoint_url=endpoint,
        cache_bytes=cache_bytes,
    )


def _keys(endpoint: str) -> list[str]:
    return keys(endpoint, BUCKET)


def _upload(store, files: dict[str, bytes], record_id: int):  # type: ignore[no-untyped-def]
    with store.staged() as staging:
        stored = {name: store.write(staging, name, io.BytesIO(data), 1 << 30) for name, data in files.items()}
        store.promote(staging, "models", record_id)
    return {name: f.describe() for name, f in stored.items()}


def test_files_go_to_the_bucket_and_come_back_checked(tmp_path: Path, s3: str) -> None:
    store = artifact_store(_settings(tmp_path, s3))
    big = bytes(range(256)) * (MULTIPART_BYTES // 256 + 4096)  # above the multipart threshold
    files = _upload(store, {"weights.bin": big, "vocab.txt": b"a\nb\n"}, 7)
    assert _keys(s3) == ["lab/models/7/vocab.txt", "lab/models/7/weights.bin"]
    assert not list(
        (tmp_path / "data" / "artifacts").rglob("weights.bin")
    )  # nothing kept locally but the cache
    paths = store.verified("models", 7, files)
    assert paths["weights.bin"].read_bytes() == big and paths["vocab.txt"].read_bytes() == b"a\nb\n"
    assert paths["weights.bin"].is_relative_to(tmp_path / "data" / "cache")
    # an object changed behind the server's back is refused, in words
    boto3.client("s3", endpoint_url=s3).put_object(Bucket=BUCKET, Key="lab/models/7/vocab.txt", Body=b"x\n")
    (tmp_path / "data" / "cache" / "models" / "7" / "vocab.txt").unlink()
    with pytest.raises(ChecksumMismatch, match="vocab.txt file has changed since upload"):
        store.verified("models", 7, files)
    store.remove("models", 7)
    assert _keys(s3) == [] and not (tmp_path / "data" / "cache" / "models" / "7").exists()
    with pytest.raises(ChecksumMismatch, match="missing from the object store s3://rnnvis-test/lab"):
        store.verified("models", 7, files)


def test_the_cache_keeps_the_most_recently_used_within_its_size(tmp_path: Path, s3: str) -> None:
    store = artifact_store(_settings(tmp_path, s3, cache_bytes=2500))
    records = {i: _upload(store, {"weights.bin": bytes([i]) * 1000}, i) for i in (1, 2, 3)}
    for i in (1, 2, 3):
        store.verified("models", i, records[i])
    cached = sorted(p.parent.name for p in (tmp_path / "data" / "cache").rglob("weights.bin"))
    assert cached == ["2", "3"]  # 3 x 1000 bytes do not fit 2500: the least recently used went
    assert store.verified("models", 1, records[1])["weights.bin"].read_bytes() == bytes([1]) * 1000


def test_a_store_that_is_away_is_said_in_words(tmp_path: Path) -> None:
    store = artifact_store(_settings(tmp_path, f"http://127.0.0.1:{free_port()}"))  # nothing listens
    with pytest.raises(StoreUnavailable, match="cannot be reached to store"), store.staged() as staging:
        store.write(staging, "weights.bin", io.BytesIO(b"w"), 10)
        store.promote(staging, "models", 1)


def test_a_folder_is_the_default_and_behaves_as_before(tmp_path: Path) -> None:
    store = artifact_store(Settings(data_dir=tmp_path / "data"))
    files = _upload(store, {"vocab.txt": b"a\n"}, 3)
    assert (tmp_path / "data" / "artifacts" / "models" / "3" / "vocab.txt").read_bytes() == b"a\n"
    assert (
        store.verified("models", 3, files)["vocab.txt"].parent
        == tmp_path / "data" / "artifacts" / "models" / "3"
    )
    store.remove("models", 3)
    assert not (tmp_path / "data" / "artifacts" / "models" / "3").exists()
