"""Password hashes (argon2id) and the bounded pool that checks them.

Each check costs argon2's 64 MiB and tens of milliseconds of a core, and anyone can ask for one
(a sign-in needs no token). So checks run in a pool of their own, HASH_THREADS wide, never on the
threads that serve other requests and never while a database connection is held; at most
HASH_WAITING wait for it, and more are refused at once (TooManyAttempts, 429) rather than queued
without bound. Memory for hashing is then at most HASH_THREADS x 64 MiB per API process, and a
flood of sign-ins leaves the other cores to other users (benchmarks/sign_in_flood.py).
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.domain.errors import Invalid, TooManyAttempts

MIN_PASSWORD, MAX_PASSWORD = 10, 1000
HASH_THREADS = 1  # per API process (RNNVIS_API_PROCESSES of them): hashing never takes every core
HASH_WAITING = 16  # checks waiting for the pool before more are refused
BUSY = "the server is checking many sign-ins at once: try again in a few seconds"


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106's second recommended parameters)."""
    return PasswordHasher()


@lru_cache(maxsize=1)
def _nobody() -> str:
    """A hash checked for unknown names (and accounts with no password), so that they take as long
    as known ones."""
    return hasher().hash("the password of nobody")


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Invalid(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    return password


def hash_password(password: str) -> str:
    return hasher().hash(check_password(password))


def matches(stored: str | None, password: str) -> bool:
    """Whether the password is the stored hash's; None (no account, no password) checks a dummy
    hash and answers False, in the same time."""
    try:
        return hasher().verify(stored or _nobody(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


class _Pool:
    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(HASH_THREADS, thread_name_prefix="argon2")
        self.lock = threading.Lock()
        self.queued = 0  # running or waiting

    async def run_matches(self, stored: str | None, password: str) -> bool:
        with self.lock:
            if self.queued >= HASH_THREADS + HASH_WAITING:
                raise TooManyAttempts(BUSY, retry_after_s=2)
            self.queued += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self.executor, matches, stored, password)
        finally:
            with self.lock:
                self.queued -= 1


@lru_cache(maxsize=1)
def _pool() -> _Pool:
    return _Pool()


async def checked(stored: str | None, password: str) -> bool:
    """matches() in the bounded pool; TooManyAttempts when HASH_WAITING checks wait already."""
    return await _pool().run_matches(stored, password)
