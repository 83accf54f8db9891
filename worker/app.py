"""The worker's Celery application: `celery -A worker.app worker -Q batch,interactive`."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import torch
from celery.app import trace as celery_trace
from celery.signals import worker_process_init, worker_ready
from celery.utils.nodenames import worker_direct

# What jobs fit with, imported here, before the pool forks: every child shares these pages instead of
# importing them again at its first co-clustering (the services import them lazily, for the API)
from scipy.optimize import linear_sum_assignment  # noqa: F401
from sklearn.cluster import SpectralCoclustering  # noqa: F401
from sklearn.metrics import adjusted_rand_score  # noqa: F401

from services.database.session import forget_inherited_connections
from services.jobs.messages import JOB_TASK, SHARD_TASK, JobKind, JobMessage, ShardMessage, ShardPart
from services.jobs.reaper import reap, reap_shards
from services.processes import die_with_parent_if_asked
from services.settings import get_settings
from services.storage.artifacts import artifact_store
from worker.config import make_celery

app = make_celery()
STAGING_MAX_IDLE_S = 3600.0  # a staged upload nobody wrote to for an hour was left by a dead process
log = logging.getLogger(__name__)

# Celery logs every task's return value at INFO ("succeeded in 0.4s: {...}"); an evaluation's answer
# holds the user's text. The format is read at each use, so the worker logs the outcome without it.
celery_trace.LOG_SUCCESS = "Task %(name)s[%(id)s] succeeded in %(runtime)ss"


@worker_process_init.connect
def _one_thread_per_child(**_: Any) -> None:
    # prefork children share the machine's cores; torch would otherwise start a thread per core in each
    torch.set_num_threads(1)
    die_with_parent_if_asked()  # under `rnnvis serve`: a child ends with its worker, however it ends
    # the main process (its lost-job reaper) has pooled database connections: not ours to use
    forget_inherited_connections()


def send_again(kind: JobKind, job_id: int) -> None:
    app.send_task(JOB_TASK[kind], kwargs=JobMessage(job_id=job_id))


def send_part(part: ShardPart, job_id: int, index: int | None, here: str | None = None) -> None:
    """A sharded recording's shard (part "shard", its index) or merge (part "merge") to the batch
    queue; here: the node name of the worker sending it, whose own queue gets the merge."""
    message = JobMessage(job_id=job_id) if index is None else ShardMessage(job_id=job_id, index=index)
    if part == "merge" and here is not None:
        app.send_task(SHARD_TASK[part], kwargs=message, queue=worker_direct(here))
    else:
        app.send_task(SHARD_TASK[part], kwargs=message)


@worker_ready.connect
def _start_reaper(**_: Any) -> None:
    """Look for jobs that lost their worker at start and then every job_reap_interval_s."""
    settings = get_settings()

    def loop() -> None:
        while True:
            try:
                assert settings.database_url is not None
                reap(settings.database_url, send_again, settings.job_stale_after_s, settings.job_max_attempts)
                reap_shards(
                    settings.database_url, send_part, settings.job_stale_after_s, settings.job_max_attempts
                )
                artifact_store(settings).sweep_staging(STAGING_MAX_IDLE_S)
            except Exception:
                log.exception("the lost-job reaper failed; trying again later")
            time.sleep(settings.job_reap_interval_s)

    threading.Thread(target=loop, name="lost-job-reaper", daemon=True).start()
