"""A backup's database dump loaded as data only, into the schema this server's own migrations made.

pg_restore would run the dump's SQL as it stands, and a tampered dump's SQL can do whatever the
restoring role can: as the embedded PostgreSQL's superuser, write files and run programs, or leave a
trigger that runs later as the server. So no SQL of the dump runs here. The schema comes from our
migrations, at the revision the backup was taken at; pg_restore only prints the dump's data section
(--data-only, to a pipe); and every line must be a COPY block of a table and columns that schema
has, a sequence's setval, a SET or a comment, else the backup is refused. The COPY statements and
the setval calls sent to the database are ours, with the names checked against the live schema.
Rows go into temporary tables first, then into the real ones in foreign-key order, all in one
transaction: the dump's order does not matter and a refused load leaves nothing.

Streamed: one line at a time from pg_restore into COPY, so memory stays flat however large the dump.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import psycopg
from alembic.util import CommandError
from psycopg import sql

from services.database.migrate import upgrade
from services.errors import UserError

COPY_LINE = re.compile(r'COPY public\.("?)([a-z_][a-z0-9_]*)\1 \((.+)\) FROM stdin;')
COLUMN = re.compile(r'"?([a-z_][a-z0-9_]*)"?')
SETVAL = re.compile(r"SELECT pg_catalog\.setval\('public\.([a-z_][a-z0-9_]*)', (\d+), (true|false)\);")
# comments, settings and psql's \restrict guards: read past, never run (the load sets its own)
HARMLESS = re.compile(
    r"(--.*|SET [a-z_]+ = [^;]*;|SELECT pg_catalog\.set_config\('search_path', '', false\);"
    r"|\\(un)?restrict [A-Za-z0-9]+|)"
)
END_OF_DATA = "\\."
VERSIONS = "alembic_version"


class DumpRefused(UserError):
    """The dump is not one this server's backups write (services.backups says BackupError)."""


def load(dump: Path, database_url: str, libpq: str, revision: str, pg_restore: str) -> None:
    """The schema at `revision` by our migrations, then the dump's rows; DumpRefused otherwise."""
    try:
        upgrade(database_url, revision)
    except CommandError as exc:
        raise DumpRefused(
            f"its database is at revision {revision!r}, which this version does not know ({exc})"
        ) from None
    reader = subprocess.Popen(
        [pg_restore, "--data-only", "--file=-", str(dump)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader.stdout is not None and reader.stderr is not None
    try:
        with psycopg.connect(libpq) as connection:  # one transaction: committed when the block ends
            _load_lines(connection, _lines(reader.stdout), revision)
            errors = reader.stderr.read().decode(errors="replace").strip()
            if reader.wait() != 0:
                raise DumpRefused(f"pg_restore cannot read it: {errors}")
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()


def _lines(stream: object) -> Iterator[str]:
    for raw in stream:  # type: ignore[attr-defined]
        try:
            yield raw.decode().rstrip("\n")
        except UnicodeDecodeError:
            raise DumpRefused("its data is not UTF-8") from None


def _load_lines(connection: psycopg.Connection, lines: Iterator[str], revision: str) -> None:
    columns = _columns(connection)
    sequences = {
        name
        for (name,) in connection.execute(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'"
        )
    }
    loaded: dict[str, list[str]] = {}
    setvals: list[tuple[str, int, bool]] = []
    for line in lines:
        copying = COPY_LINE.fullmatch(line)
        if copying:
            table, named = copying.group(2), _column_names(copying.group(3))
            if (
                table not in columns
                or table in loaded
                or not set(named) <= columns[table]
                or len(set(named)) < len(named)
            ):
                raise DumpRefused(
                    f"it holds rows for {table} ({', '.join(named)}), which the schema has no place for"
                )
            if table == VERSIONS:
                versions = list(_block(lines))
                if versions != [revision]:
                    raise DumpRefused(f"its schema revision {versions} is not the manifest's {revision!r}")
                continue
            _copy(connection, table, named, _block(lines))
            loaded[table] = named
            continue
        setting = SETVAL.fullmatch(line)
        if setting:
            if setting.group(1) not in sequences:
                raise DumpRefused(
                    f"it sets the sequence {setting.group(1)}, which this server's schema lacks"
                )
            setvals.append((setting.group(1), int(setting.group(2)), setting.group(3) == "true"))
            continue
        if not HARMLESS.fullmatch(line):
            raise DumpRefused(f"it holds a statement a backup of RNNVis never holds: {line[:120]!r}")
    for table in _foreign_key_order(connection, set(loaded)):
        names = sql.SQL(", ").join(map(sql.Identifier, loaded[table]))
        connection.execute(
            sql.SQL("INSERT INTO public.{} ({}) SELECT {} FROM {}").format(
                sql.Identifier(table), names, names, sql.Identifier(f"load_{table}")
            )
        )
    for sequence, value, called in setvals:
        connection.execute(
            "SELECT pg_catalog.setval(%s::regclass, %s, %s)", (f"public.{sequence}", value, called)
        )


def _columns(connection: psycopg.Connection) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for table, column in connection.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
    ):
        found.setdefault(table, set()).add(column)
    return found


def _column_names(listed: str) -> list[str]:
    names = []
    for part in listed.split(","):
        matched = COLUMN.fullmatch(part.strip())
        if matched is None:
            raise DumpRefused(f"it names a column {part.strip()[:60]!r}")
        names.append(matched.group(1))
    return names


def _block(lines: Iterator[str]) -> Iterator[str]:
    """A COPY block's rows, up to its end marker."""
    for line in lines:
        if line == END_OF_DATA:
            return
        yield line
    raise DumpRefused("it ends inside a table's rows")


def _copy(connection: psycopg.Connection, table: str, named: list[str], rows: Iterator[str]) -> None:
    staging = sql.Identifier(f"load_{table}")
    connection.execute(
        sql.SQL("CREATE TEMPORARY TABLE {} (LIKE public.{}) ON COMMIT DROP").format(
            staging, sql.Identifier(table)
        )
    )
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        staging, sql.SQL(", ").join(map(sql.Identifier, named))
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write(row + "\n")


def _foreign_key_order(connection: psycopg.Connection, tables: set[str]) -> list[str]:
    """The tables, each after those its foreign keys point to (a table's keys to itself aside)."""
    graph: dict[str, set[str]] = {table: set() for table in tables}
    for child, parent in connection.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'"
    ):
        if child in graph and parent in tables and parent != child:
            graph[child].add(parent)
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise DumpRefused(f"its tables' foreign keys form a cycle: {exc.args[1]}") from None
