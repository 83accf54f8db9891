"""The workers as the use cases see them (services.domain.ports.Workers), over Celery.

Jobs are sent by id after their rows are committed; interactive answers (evaluation, alignment) go
to their own queue and are waited for.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.exceptions import TimeoutError as CeleryTimeout

from services.domain.errors import Invalid, Unavailable
from services.domain.ports import Question
from services.settings import Settings
from worker.config import INTERACTIVE_QUEUE, INTERACTIVE_TASK, JOB_TASK

QUEUE_DOWN = "the job queue (Redis) is unreachable; try again later"


class CeleryWorkers:
    def __init__(self, celery: Celery, settings: Settings) -> None:
        self.celery, self.settings = celery, settings

    def run(self, kind: str, job_id: int) -> None:
        try:
            self.celery.send_task(JOB_TASK[kind], args=[job_id])
        except Exception as exc:
            raise Unavailable(QUEUE_DOWN) from exc

    def ask(self, question: Question, args: list[Any]) -> dict[str, Any]:
        timeout = self.settings.interactive_timeout_s
        try:
            result = self.celery.send_task(INTERACTIVE_TASK[question], args=args, queue=INTERACTIVE_QUEUE)
        except Exception as exc:
            raise Unavailable(QUEUE_DOWN) from exc
        try:
            answer: dict[str, Any] = result.get(timeout=timeout)
        except CeleryTimeout as exc:
            raise Unavailable(f"no worker answered within {timeout:.0f} s; is a worker running?") from exc
        finally:
            result.forget()
        if "error" in answer:
            raise Invalid(answer["error"])
        ok: dict[str, Any] = answer["ok"]
        return ok

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
