"""What each API process keeps of immutable things, with one eviction path.

A finished co-clustering, or a word's statistics in a finished recording, never changes; it can only
be deleted, or shared (its project_id). So each API process keeps the JSON it answered (results),
the layout of each finished recording it read (layouts), and who each token it checked belongs to,
for a few seconds (tokens). A delete or a share evicts here at once and publishes the record on
Redis, where every API process listens and evicts too. While that subscription is down, the results
and layouts are bypassed: a deleted result is never served for longer than the message takes to
arrive. A revoked token must be refused by the very next request, whichever process takes it, so
tokens do not wait for a message: each kept token carries the revocation count it was checked at
(a Redis counter that every revocation increments), and a hit whose count is no longer current,
or that cannot be compared because Redis is away, is checked against the database again.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import redis
from cachetools import LRUCache, TTLCache

log = logging.getLogger(__name__)
CHANNEL = "rnnvis:deleted"
REVOCATIONS = "rnnvis:tokens-revoked"  # a counter: a token checked before its latest value is stale
K = TypeVar("K")
V = TypeVar("V")
Kind = Literal["recording", "coclustering"]


def redis_client_url(url: str) -> str:
    """Celery/kombu's redis+socket:///path -> redis-py's unix:///path."""
    for prefix in ("redis+socket://", "socket://"):
        if url.startswith(prefix):
            return "unix://" + url[len(prefix) :]
    return url


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


@dataclass(frozen=True)
class Answer:
    """A finished result's JSON as this process answered it, with its owner and ETag."""

    kind: Kind
    record_id: int
    owner: int  # the user id that may read it (besides administrators)
    body: bytes
    etag: str


@dataclass(frozen=True)
class TokenUser:
    """A token's user as the API checks it (a users row is not kept across sessions)."""

    id: int
    name: str
    is_admin: bool


class Guarded(MutableMapping[K, V]):
    """A cachetools cache behind a lock (requests read it from several threads), empty while
    evictions cannot be heard: reads miss and writes are dropped."""

    def __init__(self, cache: MutableMapping[K, V], lock: threading.Lock, open_: threading.Event) -> None:
        self._cache, self._lock, self._open = cache, lock, open_

    def __getitem__(self, key: K) -> V:
        if not self._open.is_set():
            raise KeyError(key)
        with self._lock:
            return self._cache[key]

    def __setitem__(self, key: K, value: V) -> None:
        if self._open.is_set():
            with self._lock:
                self._cache[key] = value

    def __delitem__(self, key: K) -> None:
        with self._lock:
            del self._cache[key]

    def __iter__(self) -> Iterator[K]:
        with self._lock:
            return iter(list(self._cache))

    def __len__(self) -> int:
        return len(self._cache)

    def evict(self, keep: Callable[[K, V], bool]) -> None:
        with self._lock:
            for key in [k for k, v in self._cache.items() if not keep(k, v)]:
                self._cache.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


class ProcessCaches:
    def __init__(
        self,
        redis_url: str,
        max_result_bytes: int = 64 * 1024 * 1024,
        max_layouts: int = 4096,
        max_tokens: int = 10_000,
        token_ttl_s: float = 10.0,
    ) -> None:
        self._lock = threading.Lock()
        self._listening = threading.Event()
        always = threading.Event()
        always.set()  # a token's user is checked again after token_ttl_s, heard or not
        self.results: Guarded[Hashable, Answer] = Guarded(
            LRUCache(max_result_bytes, getsizeof=lambda a: len(a.body)), self._lock, self._listening
        )
        # A finished recording's channels and hidden size (services.domain.recordings.FinishedRecording)
        self.layouts: Guarded[int, Any] = Guarded(LRUCache(max_layouts), self._lock, self._listening)
        self.tokens: Guarded[str, tuple[TokenUser, int]] = Guarded(
            TTLCache(max_tokens, token_ttl_s), self._lock, always
        )
        # Ids are never reused, so a deleted record stays deleted: a read that raced its delete
        # must not put it back.
        self._deleted: LRUCache[tuple[str, int], bool] = LRUCache(1_000_000)
        self._closed = threading.Event()
        self._redis = redis.Redis.from_url(redis_client_url(redis_url))
        # read on every authenticated request from the event loop: a stalled Redis must not stall it
        self._counter = redis.Redis.from_url(
            redis_client_url(redis_url), socket_timeout=0.25, socket_connect_timeout=0.25
        )
        threading.Thread(target=self._listen, name="cache-evictions", daemon=True).start()

    def answer(self, key: Hashable, kind: Kind, record_id: int, owner: int, body: bytes) -> Answer:
        """The answer with its ETag, kept for the next read unless its record was deleted."""
        answer = Answer(kind, record_id, owner, body, etag_of(body))
        if (kind, record_id) not in self._deleted:
            self.results[key] = answer
        return answer

    def forget(self, kind: Kind, record_ids: list[int]) -> None:
        """Records about to be deleted: evict them here, then in every other API process."""
        if record_ids:
            self._evict(kind, set(record_ids))
            self._publish(f"{kind}:{','.join(map(str, record_ids))}")

    def changed(self, kind: Kind, record_ids: list[int]) -> None:
        """Records whose answer changed (shared into a project or unshared: its project_id): evict
        them here, then in every other API process; they are kept again at their next read."""
        if record_ids:
            self._evict(kind, set(record_ids), deleted=False)
            self._publish(f"changed-{kind}:{','.join(map(str, record_ids))}")

    def revocations(self) -> int | None:
        """How many times tokens were revoked on this server, or None while Redis cannot say."""
        try:
            return int(self._counter.get(REVOCATIONS) or 0)
        except (redis.RedisError, ValueError):
            return None

    def token_user(self, token: str) -> TokenUser | None:
        """The token's user if this process checked it lately and nothing was revoked since."""
        kept = self.tokens.get(token)
        if kept is None:
            return None
        user, checked_at = kept
        return user if checked_at == self.revocations() else None

    def keep_token(self, token: str, user: TokenUser, checked_at: int | None) -> None:
        """Keep a token's user as the database gave it; checked_at is revocations() read before
        the lookup, so a revocation that raced the lookup makes the entry stale at once."""
        if checked_at is not None:
            self.tokens[token] = (user, checked_at)

    def tokens_revoked(self) -> None:
        """Tokens were deleted: every API process checks its tokens against the database again,
        from its very next request (the counter), not when a message arrives."""
        self.tokens.clear()
        try:
            self._redis.incr(REVOCATIONS)
        except redis.RedisError:  # kept tokens are compared with a counter nobody can read: all miss
            log.warning("could not count a revocation; tokens are checked again within their seconds")

    def _publish(self, message: str) -> None:
        try:
            self._redis.publish(CHANNEL, message)
        except redis.RedisError:
            log.warning("could not publish an eviction; other API processes rely on their reconnect")

    def _evict(self, kind: str, record_ids: set[int], deleted: bool = True) -> None:
        if kind.startswith("changed-"):
            kind, deleted = kind.removeprefix("changed-"), False
        if deleted:
            with self._lock:
                for record_id in record_ids:
                    self._deleted[(kind, record_id)] = True
        self.results.evict(lambda _, a: not (a.kind == kind and a.record_id in record_ids))
        if kind == "recording":
            self.layouts.evict(lambda recording_id, _: recording_id not in record_ids)

    def close(self) -> None:
        """Stop listening (a process that ends, or a test): the caches are bypassed from now on."""
        self._closed.set()
        self._listening.clear()

    def _listen(self) -> None:
        while not self._closed.is_set():
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                # anything deleted or revoked while we were not listening is gone from here
                for cache in (self.results, self.layouts, self.tokens):
                    cache.clear()
                self._listening.set()
                while not self._closed.is_set():
                    message = pubsub.get_message(timeout=1.0)  # wakes each second to see a close
                    if message is None:
                        continue
                    kind, _, ids = message["data"].decode().partition(":")
                    self._evict(kind, {int(i) for i in ids.split(",") if i})
                pubsub.close()
            except Exception as exc:  # the broker went away: stop trusting the caches until back
                self._listening.clear()
                log.warning("result caches bypassed, no eviction channel (%s); retrying", exc)
                time.sleep(1)
