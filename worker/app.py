"""The worker's Celery application: `celery -A worker.app worker -Q batch,interactive`."""

from __future__ import annotations

from typing import Any

import torch
from celery.signals import worker_process_init

from worker.config import make_celery

app = make_celery()


@worker_process_init.connect
def _one_thread_per_child(**_: Any) -> None:
    # prefork children share the machine's cores; torch would otherwise start a thread per core in each
    torch.set_num_threads(1)
