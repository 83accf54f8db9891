"""Engines and sessions, one engine per database URL and process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker


def sqlalchemy_url(url: str) -> str:
    """postgres:// and postgresql:// (what compose files and hosts hand out) -> the psycopg 3 driver."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


POOL_SIZE = 40  # the API's thread pool (anyio: 40 threads); fewer means connections opened per request


_engines: list[Engine] = []


def forget_inherited_connections() -> None:
    """In a process just forked (a Celery pool child): never use the parent's pooled connections.

    Two processes on one PostgreSQL connection corrupt it ("server closed the connection
    unexpectedly"); the child opens its own instead. The parent's connections stay open for it.
    """
    for engine in _engines:
        engine.dispose(close=False)


@lru_cache(maxsize=8)
def get_engine(url: str, pre_ping: bool = True) -> Engine:
    """pre_ping tests each connection before use: one round trip more per checkout. The API turns it
    off (a request is a checkout; a connection lost to a database restart answers 503 once instead)."""
    engine = create_engine(
        sqlalchemy_url(url), pool_pre_ping=pre_ping, pool_size=POOL_SIZE, max_overflow=10, pool_recycle=1800
    )
    _engines.append(engine)
    return engine


@lru_cache(maxsize=8)
def get_sessionmaker(url: str, autocommit: bool = False, pre_ping: bool = True) -> sessionmaker[Session]:
    """autocommit=True: for reads; no BEGIN and no ROLLBACK, two round trips fewer per request."""
    engine = get_engine(url, pre_ping)
    if autocommit:
        engine = engine.execution_options(isolation_level="AUTOCOMMIT")
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def database_answers(url: str) -> str:
    """'ok' when the database answers a query, else what went wrong (for /readyz)."""
    from sqlalchemy import text

    try:
        with get_engine(url).connect() as connection:
            connection.execute(text("select 1"))
        return "ok"
    except Exception as exc:
        return f"unreachable: {type(exc).__name__}"
