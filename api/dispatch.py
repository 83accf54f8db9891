"""The workers as the use cases see them (services.domain.ports.Workers), over Celery.

Jobs are sent by id after their rows are committed; interactive answers (evaluation, alignment,
patching, attribution) go to their own queue and are waited for.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import redis
from celery import Celery
from celery.exceptions import TimeoutError as CeleryTimeout

from api.caches import redis_client_url
from services.domain.errors import Invalid, TooManyJobs, Unavailable
from services.errors import InternalError
from services.jobs.messages import (
    INTERACTIVE_QUEUE,
    INTERACTIVE_TASK,
    JOB_TASK,
    Answer,
    JobKind,
    JobMessage,
    Question,
    QuestionPayload,
)
from services.settings import Settings

QUEUE_DOWN = "the job queue (Redis) is unreachable; try again later"
SLOTS_KEY = "rnnvis:interactive:{}"  # a user's questions waiting for an answer
log = logging.getLogger(__name__)


class CeleryWorkers:
    def __init__(self, celery: Celery, settings: Settings) -> None:
        self.celery, self.settings = celery, settings
        assert settings.redis_url is not None
        self.redis = redis.Redis.from_url(redis_client_url(settings.redis_url), socket_timeout=5)

    def run(self, kind: JobKind, job_id: int) -> None:
        try:
            self.celery.send_task(JOB_TASK[kind], kwargs=JobMessage(job_id=job_id))
        except Exception as exc:
            raise Unavailable(QUEUE_DOWN) from exc

    def ask(self, question: Question, payload: QuestionPayload, caller_id: int) -> dict[str, Any]:
        timeout = self.settings.interactive_timeout_s
        slot = self._take_slot(caller_id)
        try:
            # expires: a question whose caller stopped waiting is dropped, never worked on
            result = self.celery.send_task(
                INTERACTIVE_TASK[question],
                kwargs=payload,
                queue=INTERACTIVE_QUEUE,
                expires=timeout,
                argsrepr=f"({question} for user {caller_id})",  # what logs and events show: no user text
                kwargsrepr="{}",
            )
        except Exception as exc:
            self._free_slot(caller_id, slot)
            raise Unavailable(QUEUE_DOWN) from exc
        try:
            answer: Answer = result.get(timeout=timeout)
        except CeleryTimeout as exc:
            raise Unavailable(f"no worker answered within {timeout:.0f} s; is a worker running?") from exc
        finally:
            result.forget()
            self._free_slot(caller_id, slot)
        if "refused" in answer:
            raise Invalid(answer["refused"])
        if "internal_error" in answer:  # the worker logged it: its id is in the words
            raise InternalError(answer["internal_error"])
        return dict(answer["ok"])

    def _take_slot(self, caller_id: int) -> str:
        """One of the caller's interactive slots, shared by every API process (a Redis sorted set
        of call ids by start time; a call older than the wait is a dead process's and is dropped)."""
        limit, timeout = self.settings.max_interactive_calls, self.settings.interactive_timeout_s
        key, call, now = SLOTS_KEY.format(caller_id), uuid.uuid4().hex, time.time()
        try:
            with self.redis.pipeline() as pipe:  # MULTI/EXEC: one atomic step
                pipe.zremrangebyscore(key, 0, now - timeout - 5)
                pipe.zadd(key, {call: now})
                pipe.zcard(key)
                pipe.expire(key, int(timeout) + 10)
                waiting = int(pipe.execute()[2])
            if waiting > limit:
                self.redis.zrem(key, call)
        except redis.RedisError as exc:
            raise Unavailable(QUEUE_DOWN) from exc
        if waiting > limit:
            raise TooManyJobs(
                f"you have {limit} sentence evaluations, alignments, patches or attributions waiting "
                f"for an answer (the limit is {limit}); wait for one to finish"
            )
        return call

    def _free_slot(self, caller_id: int, call: str) -> None:
        try:
            self.redis.zrem(SLOTS_KEY.format(caller_id), call)
        except redis.RedisError:
            log.warning("could not free an interactive slot; it expires after the wait")

    def check(self) -> dict[str, Any]:
        """{'broker': 'ok' | what is wrong, 'workers': how many answered | what is wrong} (for /readyz)."""
        checks: dict[str, Any] = {}
        try:
            with self.celery.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
            replies = self.celery.control.ping(timeout=1.0)
            checks["workers"] = len(replies) if replies else "none answered"
        except Exception as exc:
            checks.setdefault("broker", f"unreachable: {type(exc).__name__}")
            checks.setdefault("workers", "unknown (no broker)")
        return checks
