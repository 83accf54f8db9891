"""`rnnvis backup DEST` and `rnnvis restore SRC`: a whole server (database and artifacts) copied while
it serves, and restored onto an empty data folder (services/backups.py says how it stays consistent)."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from cli.serve import add_data_dir, settings_for


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "backup", help="copy the server's database and artifacts into a new folder (while it serves)"
    )
    p.add_argument("dest", type=Path, help="a new (or empty) folder for the backup")
    add_data_dir(p)
    p.set_defaults(run=run_backup)
    r = commands.add_parser(
        "restore", help="restore a backup onto an empty data folder (or an empty DATABASE_URL)"
    )
    r.add_argument("source", type=Path, help="a folder `rnnvis backup` wrote")
    add_data_dir(r)
    r.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from cli.users import database_url
    from services.backups import backup
    from services.storage.artifacts import artifact_store

    settings = settings_for(args)
    done = backup(database_url(args), artifact_store(settings), args.dest.resolve())
    print(
        f"backed up {done.records} models and corpora ({done.files} files, {done.bytes:,} bytes) and the "
        f"database into {args.dest} in {done.seconds:.1f} s"
    )
    if done.deleted:
        print(f"deleted while the backup ran, and so on restore: {_records(done.deleted)}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from runtime.embedded import start_postgres, stop_postgres
    from services.backup_format import BackupError, check, private_folder
    from services.backups import restore
    from services.storage.artifacts import artifact_store
    from services.storage.objects import FolderObjects

    manifest = check(args.source)  # a damaged or tampered backup is refused before anything is made
    settings = settings_for(args)
    folder = settings.data_dir.resolve()
    embedded = settings.database_url is None
    if embedded and (folder / "postgres").exists():
        raise BackupError(f"{folder} already holds a server: restore onto a new data folder")
    folder.mkdir(parents=True, exist_ok=True)
    store = artifact_store(settings)
    # The restored files are users' data: 0600 in 0700 folders, as PostgreSQL keeps its own folder.
    # (The data folder itself stays traversable: as root, embedded PostgreSQL runs as another user.)
    private_folder(store.root)
    if isinstance(store.objects, FolderObjects) and any(
        p for p in store.objects.root.glob("*/*") if p.parent.name != "staging"
    ):
        raise BackupError(f"{store.objects.root} already holds files: restore onto a new data folder")
    url = settings.database_url or start_postgres(folder)
    try:
        done = restore(args.source, url, store, manifest)
    except BackupError:
        if embedded:  # the server this restore made, left empty: gone, so that a retry can go ahead
            stop_postgres(folder)
            shutil.rmtree(folder / "postgres")
            embedded = False
        raise
    finally:
        if embedded:
            stop_postgres(folder)
    print(
        f"restored {done.records} models and corpora ({done.files} files, {done.bytes:,} bytes) and the "
        f"database from {args.source} in {done.seconds:.1f} s",
    )
    if done.jobs_queued:
        print(f"{done.jobs_queued} jobs were running or queued: queued again (`rnnvis serve` sends them)")
    if done.deleted:
        print(f"deleted while the backup ran, so not restored: {_records(done.deleted)}", file=sys.stderr)
    return 0


def _records(records: list[tuple[str, int]]) -> str:
    return ", ".join(f"{kind} {record_id}" for kind, record_id in records)
