"""Finished results kept in each API process: a read of one is a dictionary lookup, not a query.

A finished co-clustering, or a word's statistics in a finished recording, never changes; it can
only be deleted. A delete evicts its entries here at once and publishes the record on Redis, where
every API process listens and evicts too. While that subscription is down, the cache is bypassed:
a deleted result is never served from it for longer than the message takes to arrive.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

import redis

log = logging.getLogger(__name__)
CHANNEL = "rnnvis:deleted"


def redis_client_url(url: str) -> str:
    """Celery/kombu's redis+socket:///path -> redis-py's unix:///path."""
    for prefix in ("redis+socket://", "socket://"):
        if url.startswith(prefix):
            return "unix://" + url[len(prefix) :]
    return url


class ResultCache:
    def __init__(
        self, redis_url: str, max_bytes: int = 64 * 1024 * 1024, on_revoked: Callable[[], None] | None = None
    ) -> None:
        self.max_bytes = max_bytes
        self.on_revoked = on_revoked  # called in every process when tokens are revoked anywhere
        self._entries: OrderedDict[Hashable, tuple[int, str, int, bytes]] = OrderedDict()
        # Ids are never reused, so a deleted record stays deleted: a read that raced its delete
        # must not put it back.
        self._deleted: set[tuple[str, int]] = set()
        self._bytes = 0
        self._lock = threading.Lock()
        self._redis = redis.Redis.from_url(redis_client_url(redis_url))
        self._listening = threading.Event()
        threading.Thread(target=self._listen, name="result-cache-evictions", daemon=True).start()

    def get(self, key: Hashable) -> tuple[int, bytes] | None:
        """(owner id, JSON body), or None on a miss or while evictions cannot be heard."""
        if not self._listening.is_set():
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[2], entry[3]

    def put(self, key: Hashable, kind: str, record_id: int, owner_id: int, body: bytes) -> None:
        if not self._listening.is_set():
            return
        with self._lock:
            if (kind, record_id) in self._deleted:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[3])
            self._entries[key] = (record_id, kind, owner_id, body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes and self._entries:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted[3])

    def tokens_revoked(self) -> None:
        """Tokens were deleted: every API process forgets the tokens it had checked."""
        self.deleted("tokens", [0])

    def deleted(self, kind: str, record_ids: list[int]) -> None:
        """Evict here, then tell the other API processes."""
        if not record_ids:
            return
        self._evict(kind, set(record_ids))
        try:
            self._redis.publish(CHANNEL, f"{kind}:{','.join(map(str, record_ids))}")
        except redis.RedisError:
            log.warning("could not publish a delete; other API processes rely on their reconnect")

    def _evict(self, kind: str, record_ids: set[int]) -> None:
        if kind == "tokens":
            if self.on_revoked is not None:
                self.on_revoked()
            return
        with self._lock:
            self._deleted.update((kind, i) for i in record_ids)
            for key in [k for k, e in self._entries.items() if e[1] == kind and e[0] in record_ids]:
                self._bytes -= len(self._entries.pop(key)[3])

    def _clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _listen(self) -> None:
        while True:
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                self._clear()  # anything deleted while we were not listening is gone from here
                self._listening.set()
                for message in pubsub.listen():
                    kind, _, ids = message["data"].decode().partition(":")
                    self._evict(kind, {int(i) for i in ids.split(",") if i})
            except Exception as exc:  # the broker went away: stop trusting the cache until back
                self._listening.clear()
                log.warning("result cache bypassed, no eviction channel (%s); retrying", exc)
                time.sleep(1)
