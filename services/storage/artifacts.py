"""The artifact store: a record's files, kept in a folder shared by the API and the workers or in an
S3-compatible object store (services.storage.objects; RNNVIS_ARTIFACT_URL), one place per record.

Uploads are written to a local staging folder in chunks (never whole in memory), checksummed while
they are written, and put in place only once the record that owns them is valid; a record's files go
when the record goes. Every read checks each file against the checksum its record keeps; from an
object store, files come through a bounded local cache (services.storage.cache).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from services.errors import UserError
from services.settings import Settings
from services.storage.cache import FileCache
from services.storage.objects import FolderObjects, Objects, S3Objects, open_objects

CHUNK = 1024 * 1024


class UploadTooLarge(UserError):
    """The upload is larger than the limit the settings allow."""


class ChecksumMismatch(RuntimeError):
    """A stored file no longer matches the checksum taken when it was uploaded."""


class DiskFull(RuntimeError):
    """The server's disk (or its quota) is full: what was being written is removed, nothing kept."""


FULL_WORDS = (os.strerror(errno.ENOSPC), os.strerror(errno.EDQUOT))  # in errors that wrap no OSError


def disk_full(exc: BaseException | None) -> bool:
    """The error (or one it came from) is a full disk. Libraries that write through their own code
    (safetensors, in Rust) raise their own error class with the system's words in its message."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DiskFull) or (
            isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
        ):
            return True
        if any(words in str(exc) for words in FULL_WORDS):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def disk_full_words(writing: str) -> str:
    """The one wording of a full disk, for an upload's 507, an export's and a failed job's."""
    return f"the server's disk is full ({writing}); nothing was kept: an administrator must free space"


@dataclass(frozen=True)
class StoredFile:
    path: Path
    sha256: str
    bytes: int

    def describe(self) -> dict[str, object]:
        return {"file": self.path.name, "sha256": self.sha256, "bytes": self.bytes}


def checksum(path: Path) -> StoredFile:
    """A file's sha256 and size, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return StoredFile(path, digest.hexdigest(), size)


class ArtifactStore:
    def __init__(self, root: Path, objects: Objects | None = None, cache: FileCache | None = None) -> None:
        self.root = root  # local: staging folders (and a folder store's records)
        self.objects = objects or FolderObjects(root)
        self.cache = cache
        (root / "staging").mkdir(parents=True, exist_ok=True)

    def staging(self) -> Path:
        """A fresh staging folder for one upload; discard() it or promote() it."""
        folder = self.root / "staging" / uuid.uuid4().hex
        folder.mkdir()
        return folder

    @contextmanager
    def staged(self) -> Iterator[Path]:
        """A staging folder for one upload or result; gone afterwards unless promote()d inside."""
        folder = self.staging()
        try:
            yield folder
        finally:
            self.discard(folder)  # gone already when promoted

    def write(self, folder: Path, name: str, source: BinaryIO, limit: int) -> StoredFile:
        """Copy a stream into folder/name in chunks, with its sha256; UploadTooLarge past limit bytes."""
        digest, size = hashlib.sha256(), 0
        target = folder / name
        try:
            with target.open("wb") as out:
                while chunk := source.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise UploadTooLarge(f"{name} is larger than the limit of {limit:,} bytes")
                    digest.update(chunk)
                    out.write(chunk)
        except OSError as exc:
            if disk_full(exc):  # the caller discards the staging folder, so the part written too
                raise DiskFull(disk_full_words(f"writing {name} after {size:,} bytes")) from exc
            raise
        return StoredFile(target, digest.hexdigest(), size)

    def promote(self, staging: Path, kind: str, record_id: int) -> None:
        """Put a staged folder's files in place as the record's (StoreUnavailable: the store is away)."""
        self.objects.put(staging, kind, record_id)

    def add_file(self, path: Path, kind: str, record_id: int) -> dict[str, object]:
        """Put one more file among a record's (a shard's partial result); returns what its record
        keeps of it (name, sha256, bytes) for checked reads."""
        described = checksum(path).describe()
        self.objects.put_file(path, kind, record_id)
        if path.exists():  # uploaded to an object store: kept in the cache for this process's reads
            if self.cache is not None:
                self.cache.adopt(f"{kind}/{record_id}/{path.name}", path)
            else:
                path.unlink()
        return described

    def discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def sweep_staging(self, older_than_s: float) -> int:
        """Remove staging folders (and an export's temporary files) untouched for older_than_s: left
        by a process that died while it copied an upload in or wrote an export (a live copy writes its
        file every moment). Returns how many went."""
        removed, now = 0, time.time()
        for entry in (self.root / "staging").iterdir():
            try:
                inside = list(entry.iterdir()) if entry.is_dir() else []
                touched = max([entry.stat().st_mtime, *(p.stat().st_mtime for p in inside)])
            except FileNotFoundError:  # promoted, discarded or sent meanwhile
                continue
            if now - touched > older_than_s:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed += 1
        return removed

    def remove(self, kind: str, record_id: int) -> None:
        self.objects.delete(kind, record_id)
        if self.cache is not None:
            self.cache.drop(f"{kind}/{record_id}")

    def stored(self, kind: str, record_id: int, files: dict[str, dict[str, object]], role: str) -> Path:
        """One of the record's files. From a folder unread (its reader checks the checksum in the same
        read); from an object store fetched into the cache and checked."""
        meta = files[role]
        path = self.objects.local_path(kind, record_id, str(meta["file"]))
        if path is None:
            return self._fetched(kind, record_id, role, meta)
        if not path.is_file():
            raise ChecksumMismatch(f"the stored {role} file is missing from {self.objects.describe()}")
        return path

    def verified(self, kind: str, record_id: int, files: dict[str, dict[str, object]]) -> dict[str, Path]:
        """The record's files after checking each against its stored checksum."""
        paths = {}
        for role, meta in files.items():
            path = self.objects.local_path(kind, record_id, str(meta["file"]))
            if path is None:
                paths[role] = self._fetched(kind, record_id, role, meta)
                continue
            try:
                stored = checksum(path)
            except FileNotFoundError:
                raise ChecksumMismatch(
                    f"the stored {role} file is missing from {self.objects.describe()}"
                ) from None
            if stored.sha256 != meta["sha256"]:
                raise ChecksumMismatch(f"the stored {role} file has changed since upload (checksum differs)")
            paths[role] = path
        return paths

    def _fetched(self, kind: str, record_id: int, role: str, meta: dict[str, object]) -> Path:
        assert self.cache is not None, "an object store needs a cache"
        name = str(meta["file"])

        def fetch(target: Path) -> None:
            self.objects.download(kind, record_id, name, target)

        try:
            path, matched = self.cache.get(f"{kind}/{record_id}/{name}", str(meta["sha256"]), fetch)
        except FileNotFoundError:
            raise ChecksumMismatch(
                f"the stored {role} file is missing from {self.objects.describe()}"
            ) from None
        if not matched:
            raise ChecksumMismatch(f"the stored {role} file has changed since upload (checksum differs)")
        return path


@lru_cache(maxsize=4)
def _objects(url: str | None, folder: Path, endpoint: str | None, region: str | None) -> Objects:
    return open_objects(url, folder, endpoint, region)  # one client per process: boto3's are thread-safe


def artifact_store(settings: Settings) -> ArtifactStore:
    """The store the settings name: RNNVIS_ARTIFACT_URL (s3://... or a folder), else <data dir>/artifacts."""
    objects = _objects(
        settings.artifact_url, settings.artifacts, settings.s3_endpoint_url, settings.aws_region
    )
    cache = FileCache(settings.cache, settings.cache_bytes) if isinstance(objects, S3Objects) else None
    return ArtifactStore(settings.artifacts, objects, cache)
