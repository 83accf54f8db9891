"""A bounded local cache of artifacts fetched from an object store (SPEC 10): every file is checked
against the checksum its record keeps before it is used, and the least recently used files go when
the cache would pass its size (RNNVIS_CACHE_BYTES)."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path

CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileCache:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root, self.max_bytes = root, max_bytes
        root.mkdir(parents=True, exist_ok=True)

    def get(self, key: str, sha256: str, fetch: Callable[[Path], None]) -> tuple[Path, bool]:
        """The cached file for key (a relative path) whose content has this sha256: the copy here when
        it matches, else fetch(target) writes a new one. Returns (path, whether it matched)."""
        path = self.root / key
        if path.is_file() and sha256_of(path) == sha256:
            os.utime(path)  # used now: the last to be evicted
            return path, True
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")  # readers never see half a file
        try:
            fetch(partial)
            matched = sha256_of(partial) == sha256
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        self.evict(keep=path)
        return path, matched

    def adopt(self, key: str, path: Path) -> None:
        """Move a file just stored from this process into the cache (a shard's partial result: the
        merge, often on the same worker, then reads it here instead of fetching it)."""
        target = self.root / key
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        self.evict(keep=target)

    def drop(self, prefix: str) -> None:
        """Forget every file under prefix (a deleted record's)."""
        folder = self.root / prefix
        if folder.is_dir():
            for path in sorted(folder.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            folder.rmdir()

    def evict(self, keep: Path | None = None) -> int:
        """Remove least recently used files until the cache fits max_bytes; returns how many went."""
        files = [p for p in self.root.rglob("*") if p.is_file() and not p.name.endswith(".part")]
        stats = {p: p.stat() for p in files}
        total = sum(s.st_size for s in stats.values())
        removed = 0
        for path in sorted(files, key=lambda p: stats[p].st_mtime):
            if total <= self.max_bytes:
                break
            if path == keep:
                continue
            path.unlink(missing_ok=True)
            total -= stats[path].st_size
            removed += 1
        return removed
