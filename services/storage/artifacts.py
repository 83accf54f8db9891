"""The artifact store: a folder shared by the API and the workers, one sub-folder per record.

Uploads are written to a staging folder in chunks (never whole in memory), checksummed while they
are written, and moved into place only once the record that owns them is valid; a record's folder
goes when the record goes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class UploadTooLarge(ValueError):
    """The upload is larger than the limit the settings allow."""


class ChecksumMismatch(RuntimeError):
    """A stored file no longer matches the checksum taken when it was uploaded."""


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
    def __init__(self, root: Path) -> None:
        self.root = root
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
        with target.open("wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadTooLarge(f"{name} is larger than the limit of {limit:,} bytes")
                digest.update(chunk)
                out.write(chunk)
        return StoredFile(target, digest.hexdigest(), size)

    def folder(self, kind: str, record_id: int) -> Path:
        return self.root / kind / str(record_id)

    def promote(self, staging: Path, kind: str, record_id: int) -> Path:
        target = self.folder(kind, record_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, target)
        return target

    def discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def sweep_staging(self, older_than_s: float) -> int:
        """Remove staging folders untouched for older_than_s: left by a process that died while it
        copied an upload in (a live copy writes its file every moment). Returns how many went."""
        removed, now = 0, time.time()
        for folder in (self.root / "staging").iterdir():
            try:
                touched = max([folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.iterdir())])
            except FileNotFoundError:  # promoted or discarded meanwhile
                continue
            if now - touched > older_than_s:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    def remove(self, kind: str, record_id: int) -> None:
        shutil.rmtree(self.folder(kind, record_id), ignore_errors=True)

    def stored(self, kind: str, record_id: int, files: dict[str, dict[str, object]], role: str) -> Path:
        """One of the record's files, unread: its reader checks the checksum in the same read."""
        path = self.folder(kind, record_id) / str(files[role]["file"])
        if not path.is_file():
            raise ChecksumMismatch(f"the stored {role} file is missing from the artifact store")
        return path

    def verified(self, kind: str, record_id: int, files: dict[str, dict[str, object]]) -> dict[str, Path]:
        """The record's files after checking each against its stored checksum."""
        folder = self.folder(kind, record_id)
        paths = {}
        for role, meta in files.items():
            path = folder / str(meta["file"])
            try:
                stored = checksum(path)
            except FileNotFoundError:
                raise ChecksumMismatch(f"the stored {role} file is missing from the artifact store") from None
            if stored.sha256 != meta["sha256"]:
                raise ChecksumMismatch(f"the stored {role} file has changed since upload (checksum differs)")
            paths[role] = path
        return paths
