"""Celery configuration, shared by the worker and the API (which sends tasks by name: the names,
queues and payloads are services/jobs/messages.py).

Redis is the broker; job state lives in PostgreSQL, not in Celery.

Two queues: `batch` (training, recording, co-clustering, scans, ablations: minutes) and
`interactive` (sentence evaluation, alignment, patching, attribution: a second, answered while the
API waits), so a long job never holds up a sentence. Start a worker with
`celery -A worker.app worker -Q batch,interactive`.
"""

from __future__ import annotations

from celery import Celery

from services.jobs.messages import BATCH_QUEUE, INTERACTIVE_QUEUE, INTERACTIVE_TASK
from services.settings import Settings, get_settings


def make_celery(settings: Settings | None = None) -> Celery:
    """The worker's application, or (from the API) a client that sends tasks by name."""
    settings = settings or get_settings()
    if settings.redis_url is None:
        raise RuntimeError("REDIS_URL is not set (rnnvis serve sets it for its own worker)")
    app = Celery("rnnvis", broker=settings.redis_url, backend=settings.redis_url, include=["worker.tasks"])
    app.conf.update(
        task_acks_late=True,  # a task is acknowledged when done, so a lost worker's task runs again
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # long jobs: a worker takes one at a time
        # each worker also reads its own queue: a sharded recording's merge goes to the worker that
        # stored the last partial (it has that one in its cache)
        worker_direct=True,
        task_default_queue=BATCH_QUEUE,
        task_routes={name: {"queue": INTERACTIVE_QUEUE} for name in INTERACTIVE_TASK.values()},
        broker_transport_options={"visibility_timeout": settings.job_visibility_timeout_s},
        result_backend_transport_options={"visibility_timeout": settings.job_visibility_timeout_s},
        result_expires=600,  # only the interactive answers use results
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    return app
