"""Password sign-in, throttled by client address and by user name together.

Per client address (the socket's peer, or the address a trusted proxy forwards: RNNVIS_TRUSTED_PROXIES):
after CLIENT_FREE failures within WINDOW, each further sign-in from that address waits 30 s,
doubling to 15 minutes: 429 with Retry-After, whatever the name and password. This is what stops one
guesser, and it is checked first, before any password is hashed.

Per name, known or not: after NAME_FREE failures within WINDOW, every sign-in for that name is held
before its password is checked: 0.5 s, doubling to NAME_DELAY_MAX_S. It is never refused, so nobody
can keep a user out with wrong guesses: the right password gets in after the delay. A name that
does not exist is counted, delayed and answered exactly as a known one, so the answers reveal no
names.

Each sign-in's password is checked in services.domain.passwords' bounded pool, after the cheap
checks, outside any database connection; at most IN_FLIGHT_PER_CLIENT of one address's sign-ins run
at once in a process (a parallel flood is refused before it costs a hash).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.database.tables import ApiToken, SignInThrottle, User, utcnow
from services.domain import passwords
from services.domain.errors import NotSignedIn, TooManyAttempts
from services.domain.users import name_key, new_token

CLIENT_FREE = 30  # failures from one address within WINDOW before it waits
CLIENT_WAIT_FIRST_S, CLIENT_WAIT_MAX_S = 30, 900
NAME_FREE = 5  # failures for one name within WINDOW before its sign-ins are held
NAME_DELAY_FIRST_S, NAME_DELAY_MAX_S = 0.5, 8.0
WINDOW = timedelta(minutes=30)  # failures older than this (since the last one) are forgotten
IN_FLIGHT_PER_CLIENT = 4
SESSION_NAME = "browser sign-in"
# the one answer for a wrong name, a wrong password, an account without a password and a disabled one
WRONG = "wrong user name or password (or the account is disabled)"


@dataclass(frozen=True)
class SignedIn:
    user: User  # loaded, detached
    token: str  # the new browser session's
    tokens: int  # how many tokens and sessions the user holds now


@dataclass(frozen=True)
class _Attempt:
    client_key: str
    name_key: str
    user_id: int | None
    stored_hash: str | None
    delay_s: float


def client_key(address: str) -> str:
    return "client:" + address[:57]


def name_throttle_key(name: str) -> str:
    return "name:" + hashlib.sha256(name_key(name.strip()).encode()).hexdigest()[:64]


def _failures(session: Session, key: str, now: datetime) -> tuple[int, datetime | None]:
    row = session.get(SignInThrottle, key)
    if row is None or row.last_failure_at < now - WINDOW:
        return 0, None
    return row.failures, row.last_failure_at


def _begin(session: Session, name: str, address: str) -> _Attempt:
    """The cheap checks: the client's wait (TooManyAttempts), the name's delay and the stored hash."""
    now = utcnow()
    by_client = client_key(address)
    failures, last = _failures(session, by_client, now)
    if failures >= CLIENT_FREE and last is not None:
        wait = min(CLIENT_WAIT_MAX_S, CLIENT_WAIT_FIRST_S * 2 ** (failures - CLIENT_FREE))
        left = int((last + timedelta(seconds=wait) - now).total_seconds()) + 1
        if left > 0:
            raise TooManyAttempts(
                f"too many failed sign-ins from your address: try again in {left} s", retry_after_s=left
            )
    by_name = name_throttle_key(name)
    named, _ = _failures(session, by_name, now)
    delay = 0.0 if named < NAME_FREE else min(NAME_DELAY_MAX_S, NAME_DELAY_FIRST_S * 2 ** (named - NAME_FREE))
    user = session.execute(select(User.id, User.password_hash).where(User.name_key == name_key(name.strip())))
    found = user.one_or_none()
    return _Attempt(
        by_client, by_name, found.id if found else None, found.password_hash if found else None, delay
    )


def _record_failure(session: Session, attempt: _Attempt) -> None:
    now = utcnow()
    session.execute(delete(SignInThrottle).where(SignInThrottle.last_failure_at < now - WINDOW))
    for key in (attempt.client_key, attempt.name_key):
        fresh = insert(SignInThrottle).values(key=key, failures=1, last_failure_at=now)
        counted = fresh.on_conflict_do_update(
            index_elements=[SignInThrottle.key],
            set_={
                "failures": func.coalesce(SignInThrottle.failures, 0) + 1,
                "last_failure_at": now,
            },
        )
        session.execute(counted)
    session.commit()


def _finish(session: Session, attempt: _Attempt, right: bool, password: str, days: int) -> SignedIn:
    """After the check: a failure counted (NotSignedIn), or the new session, committed."""
    user = session.get(User, attempt.user_id, with_for_update=True) if attempt.user_id is not None else None
    # the password changed while this one was checked, or the account went: the same failure
    if not right or user is None or user.password_hash != attempt.stored_hash or user.disabled:
        _record_failure(session, attempt)
        raise NotSignedIn(WRONG)
    session.execute(delete(SignInThrottle).where(SignInThrottle.key == attempt.name_key))
    assert user.password_hash is not None
    if passwords.hasher().check_needs_rehash(user.password_hash):
        user.password_hash = passwords.hasher().hash(password)
    token = new_token(session, user, days, name=SESSION_NAME, kind="session")
    session.commit()
    tokens = session.execute(select(func.count()).where(ApiToken.user_id == user.id)).scalar_one()
    session.expunge(user)
    return SignedIn(user, token, int(tokens))


_in_flight: Counter[str] = Counter()
_in_flight_lock = threading.Lock()


@contextmanager
def _one_more(address: str) -> Iterator[None]:
    with _in_flight_lock:
        if _in_flight[address] >= IN_FLIGHT_PER_CLIENT:
            raise TooManyAttempts(
                "too many sign-ins from your address at once: wait for the ones under way", retry_after_s=1
            )
        _in_flight[address] += 1
    try:
        yield
    finally:
        with _in_flight_lock:
            _in_flight[address] -= 1
            if _in_flight[address] <= 0:
                del _in_flight[address]


async def sign_in(
    open_session: Callable[[], Session], name: str, password: str, address: str, days: int
) -> SignedIn:
    """A new browser session for the name and password, from the client at `address`.
    TooManyAttempts (429) while the address waits or has too many sign-ins under way; NotSignedIn
    (401, WRONG) for anything else that is not a sign-in."""

    def run(step: Callable[[Session], object]) -> object:
        with open_session() as session:
            return step(session)

    with _one_more(address):
        attempt = await asyncio.to_thread(run, lambda s: _begin(s, name, address))
        assert isinstance(attempt, _Attempt)
        if attempt.delay_s:
            await asyncio.sleep(attempt.delay_s)
        right = await passwords.checked(attempt.stored_hash, password)
        signed = await asyncio.to_thread(run, lambda s: _finish(s, attempt, right, password, days))
    assert isinstance(signed, SignedIn)
    return signed
