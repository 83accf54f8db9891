"""Where artifacts live for good (SPEC 10): a local folder, or an S3-compatible object store (MinIO,
Ceph, AWS S3) reached with boto3. Both keep a record's files under `<kind>/<id>/<name>`.

The API and the workers stage files in a local folder first (uploads are checksummed as they are
written); `put` then moves a staged folder into place: a rename on a folder, a (multipart above
8 MiB, streamed from disk) upload on an object store. Readers of an object store get the files
through a bounded local cache (services.storage.cache) that checks every file's checksum.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from services.errors import UserError

MULTIPART_BYTES = 8 * 1024 * 1024  # larger files go up in parts of this size, never held whole
# Reads in ranges of 64 MiB: fewer requests per file. (moto's server, the tests' stand-in, copies the
# whole object for each ranged read: a 500 MB file took 19 s in 8 MiB ranges and 3 s in 64 MiB.)
DOWNLOAD_PART_BYTES = 64 * 1024 * 1024


class StoreUnavailable(RuntimeError):
    """The object store cannot be reached or refused a request; the message says which in words."""


class Objects(Protocol):
    """A record's files, kept for good."""

    def put(self, staged: Path, kind: str, record_id: int) -> None: ...
    def put_file(self, path: Path, kind: str, record_id: int) -> None: ...
    def local_path(self, kind: str, record_id: int, name: str) -> Path | None: ...
    def download(self, kind: str, record_id: int, name: str, target: Path) -> None: ...
    def delete(self, kind: str, record_id: int) -> None: ...
    def describe(self) -> str: ...


class FolderObjects:
    """A folder shared by the API and the workers (the default: `<data dir>/artifacts`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, kind: str, record_id: int) -> Path:
        return self.root / kind / str(record_id)

    def put(self, staged: Path, kind: str, record_id: int) -> None:
        target = self.folder(kind, record_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)

    def put_file(self, path: Path, kind: str, record_id: int) -> None:
        target = self.folder(kind, record_id)
        target.mkdir(parents=True, exist_ok=True)
        os.replace(path, target / path.name)

    def local_path(self, kind: str, record_id: int, name: str) -> Path | None:
        return self.folder(kind, record_id) / name

    def download(self, kind: str, record_id: int, name: str, target: Path) -> None:
        raise AssertionError("a folder's files are read in place")

    def delete(self, kind: str, record_id: int) -> None:
        shutil.rmtree(self.folder(kind, record_id), ignore_errors=True)

    def describe(self) -> str:
        return f"the folder {self.root}"


class S3Objects:
    """An S3-compatible bucket: `s3://BUCKET/PREFIX`, with an endpoint URL for anything but AWS."""

    def __init__(self, url: str, endpoint_url: str | None, region: str | None = None) -> None:
        import boto3
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config

        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise UserError(f"RNNVIS_ARTIFACT_URL must be a folder or s3://BUCKET/PREFIX, not {url!r}")
        self.url, self.bucket, self.prefix = url, parsed.netloc, parsed.path.strip("/")
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            # a store that is down answers within seconds, in words, rather than hanging a request
            config=Config(
                connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"}
            ),
        )
        self.transfer = TransferConfig(
            multipart_threshold=MULTIPART_BYTES, multipart_chunksize=MULTIPART_BYTES
        )
        self.read_transfer = TransferConfig(
            multipart_threshold=DOWNLOAD_PART_BYTES,
            multipart_chunksize=DOWNLOAD_PART_BYTES,
            max_concurrency=4,
        )

    def key(self, kind: str, record_id: int, name: str = "") -> str:
        return "/".join(part for part in (self.prefix, kind, str(record_id), name) if part)

    def put(self, staged: Path, kind: str, record_id: int) -> None:
        for path in sorted(p for p in staged.iterdir() if p.is_file()):
            self._upload(path, self.key(kind, record_id, path.name))
        shutil.rmtree(staged, ignore_errors=True)

    def put_file(self, path: Path, kind: str, record_id: int) -> None:
        self._upload(path, self.key(kind, record_id, path.name))  # the file stays (for the cache)

    def _upload(self, path: Path, key: str) -> None:
        """One file, streamed from disk (in parts above MULTIPART_BYTES)."""
        self._call(
            "store", lambda: self.client.upload_file(str(path), self.bucket, key, Config=self.transfer)
        )

    def local_path(self, kind: str, record_id: int, name: str) -> Path | None:
        return None

    def download(self, kind: str, record_id: int, name: str, target: Path) -> None:
        key = self.key(kind, record_id, name)
        self._call(
            "read",
            lambda: self.client.download_file(self.bucket, key, str(target), Config=self.read_transfer),
        )

    def delete(self, kind: str, record_id: int) -> None:
        prefix = self.key(kind, record_id) + "/"

        def delete_all() -> None:
            for page in self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=prefix
            ):
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})

        self._call("delete", delete_all)

    def describe(self) -> str:
        return f"the object store {self.url}"

    def _call(self, what: str, action: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return action()
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "?")
            if code in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(f"{what}: no such object in {self.url}") from exc
            raise StoreUnavailable(f"the object store {self.url} refused to {what} ({code})") from exc
        except (BotoCoreError, OSError) as exc:
            raise StoreUnavailable(f"the object store {self.url} cannot be reached to {what}: {exc}") from exc


def open_objects(
    artifact_url: str | None, folder: Path, endpoint_url: str | None, region: str | None
) -> Objects:
    """The artifact store the settings name: RNNVIS_ARTIFACT_URL as s3://..., else the folder."""
    if artifact_url and artifact_url.startswith("s3://"):
        return S3Objects(artifact_url, endpoint_url, region)
    return FolderObjects(Path(artifact_url) if artifact_url else folder)
