"""A backup folder, what it holds and how it is read: as untrusted input.

    manifest.json                  written last: no manifest, no backup. The format, when, the
                                   database's schema revision, and every file's sha256 and size
    database.dump                  pg_dump's custom format
    artifacts/<kind>/<id>/<file>   the files of every model and corpus in the dump

A backup may have been tampered with, and its checksums catch damage, not tampering. So the
manifest's kinds come from a closed set, its ids are integers and its file names one plain path
component; every file is opened one component at a time without following a symlink, and copied in
the same read that checks it. Backups hold password and token hashes: their files are 0600 in 0700
folders, as the live database's are. Writing and restoring a backup: services/backups.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.database.tables import Corpus, Model
from services.errors import UserError

FORMAT = 1
MANIFEST, DUMP, ARTIFACTS = "manifest.json", "database.dump", "artifacts"
FILE_TABLES: dict[str, Any] = {"models": Model, "corpora": Corpus}  # the rows that name stored files
CHUNK = 1 << 20
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,199}")  # one path component: no /, no .., no dot first
SHA256 = re.compile(r"[0-9a-f]{64}")
REVISION = re.compile(r"[0-9a-z_]{1,32}")  # an Alembic revision id (ours: 0001, 0002, ...)


class BackupError(UserError):
    """A backup or restore that cannot go on, in words (the command exits 2 and says why)."""


@dataclass(frozen=True)
class Entry:
    """One artifact file a manifest names, checked: artifacts/<kind>/<id>/<file>."""

    kind: str
    id: int
    file: str
    sha256: str
    bytes: int

    @property
    def relative(self) -> Path:
        return Path(ARTIFACTS, self.kind, str(self.id), self.file)


def private_folder(path: Path) -> None:
    """A folder only its owner reads (made if absent)."""
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    path.chmod(PRIVATE_FOLDER)


def create_private(path: Path) -> None:
    """An empty file only its owner reads, made here (never through a symlink, never an old file)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE))


def sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def check(source: Path) -> dict[str, Any]:
    """The backup's manifest, after checking its form (an untrusted input: closed kinds, integer ids,
    plain file names, no symlinks) and every file in it against its checksum."""
    manifest = _manifest(source)
    read_checked(source, Path(DUMP), manifest["database"]["sha256"], manifest["database"]["bytes"])
    for entry in manifest["entries"]:
        read_checked(source, entry.relative, entry.sha256, entry.bytes)
    return manifest


def _manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if path.is_symlink():
        raise BackupError(f"the backup is refused: {path} is a symlink")
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{source} holds no backup ({MANIFEST} is missing: an unfinished backup?)"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"the backup is damaged: {path} is not JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise BackupError(f"the backup is damaged: {path} is not a JSON object")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r}; this version reads {FORMAT}")
    database = manifest.get("database")
    if not isinstance(database, dict) or database.get("file") != DUMP:
        raise BackupError(f"the backup's manifest is refused: its database entry must name {DUMP}")
    _checksum_fields("the database entry", database)
    if not (isinstance(database.get("revision"), str) and REVISION.fullmatch(database["revision"])):
        raise BackupError("the backup's manifest is refused: its database entry has no valid revision")
    files, deleted = manifest.get("files"), manifest.get("deleted")
    if not isinstance(files, list) or not isinstance(deleted, list):
        raise BackupError("the backup's manifest is refused: it needs the lists 'files' and 'deleted'")
    entries = [_entry(number, item) for number, item in enumerate(files)]
    if len({(e.kind, e.id, e.file) for e in entries}) < len(entries):
        raise BackupError("the backup's manifest is refused: it names a file twice")
    gone = [_record(f"deleted entry {number}", item) for number, item in enumerate(deleted)]
    return {**manifest, "entries": entries, "gone": gone}


def _shown(item: Any) -> str:
    return json.dumps(item)[:200]


def _record(where: str, item: Any) -> tuple[str, int]:
    """A (kind, id) of the manifest, or BackupError naming the entry."""
    if not isinstance(item, dict):
        raise BackupError(f"the backup's manifest is refused: {where} is not an object")
    kind, record_id = item.get("kind"), item.get("id")
    if kind not in FILE_TABLES:
        raise BackupError(
            f"the backup's manifest is refused: {where} ({_shown(item)}) has the kind {kind!r}; "
            f"a backup holds {' and '.join(FILE_TABLES)}"
        )
    if type(record_id) is not int or not 1 <= record_id < 2**63:
        raise BackupError(
            f"the backup's manifest is refused: {where} ({_shown(item)}) has the id {record_id!r}, "
            "not a positive integer"
        )
    return str(kind), record_id


def _checksum_fields(where: str, item: dict[str, Any]) -> None:
    if not (isinstance(item.get("sha256"), str) and SHA256.fullmatch(item["sha256"])):
        raise BackupError(f"the backup's manifest is refused: {where} has no valid sha256")
    if type(item.get("bytes")) is not int or item["bytes"] < 0:
        raise BackupError(f"the backup's manifest is refused: {where} has no valid size in bytes")


def _entry(number: int, item: Any) -> Entry:
    where = f"file entry {number}"
    kind, record_id = _record(where, item)
    name = item.get("file")
    if not isinstance(name, str) or not PLAIN_NAME.fullmatch(name):
        raise BackupError(
            f"the backup's manifest is refused: {where} ({_shown(item)}) has the file name {name!r}; "
            "a file name is one plain path component (letters, digits, '.', '_', '-')"
        )
    _checksum_fields(f"{where} ({_shown(item)})", item)
    return Entry(kind, record_id, name, item["sha256"], item["bytes"])


def _open_plain(source: Path, relative: Path) -> int:
    """A file of the backup opened for reading, with no symlink on the way and nothing but a plain
    file at the end (BackupError otherwise); the caller closes the descriptor."""
    folder = os.open(source, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in relative.parts:
            try:
                opened = os.open(part, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
            except FileNotFoundError:
                raise BackupError(f"the backup is damaged: {source / relative} is missing") from None
            except OSError as exc:  # ELOOP: a symlink
                raise BackupError(
                    f"the backup is refused: {source / relative} passes through a symlink or a "
                    f"special file ({exc.strerror})"
                ) from None
            os.close(folder)
            folder = opened
        if not stat.S_ISREG(os.fstat(folder).st_mode):
            raise BackupError(f"the backup is refused: {source / relative} is not a plain file")
        os.set_blocking(folder, True)
        opened, folder = folder, -1
        return opened
    finally:
        if folder >= 0:
            os.close(folder)


def read_checked(source: Path, relative: Path, sha256: str, size: int, copy_to: Path | None = None) -> None:
    """Read a backup's file (opened by _open_plain) and compare it with its checksum; with copy_to,
    copy it there (a new 0600 file) in the same read, so what is copied is what was checked."""
    digest, seen = hashlib.sha256(), 0
    with os.fdopen(_open_plain(source, relative), "rb") as f:
        out = None
        if copy_to is not None:
            create_private(copy_to)
            out = copy_to.open("wb")
        try:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                seen += len(chunk)
                if out is not None:
                    out.write(chunk)
        finally:
            if out is not None:
                out.close()
    if (digest.hexdigest(), seen) != (sha256, size):
        if copy_to is not None:
            copy_to.unlink(missing_ok=True)
        raise BackupError(f"the backup is damaged: {source / relative} differs from its checksum")
