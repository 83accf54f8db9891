"""Named, idempotent tasks taking keyword arguments (services/jobs/messages.py: a job's id, or an
interactive question); each runs a runner from services.jobs."""

from __future__ import annotations

from functools import partial
from typing import Unpack

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded

from services.jobs import interactive, runners
from services.jobs.messages import (
    INTERACTIVE_TASK,
    JOB_TASK,
    SHARD_TASK,
    AlignQuestion,
    Answer,
    EvaluateQuestion,
)
from services.settings import get_settings
from worker.app import app, send_part

# A job past its time limit gets SoftTimeLimitExceeded (it fails in words); a minute later it is killed.
LIMITS = {
    "soft_time_limit": get_settings().job_time_limit_s,
    "time_limit": get_settings().job_time_limit_s + 60,
}
TIMED_OUT = (SoftTimeLimitExceeded,)


@app.task(name=JOB_TASK["recording"], ignore_result=True, **LIMITS)
def record(job_id: int) -> str:
    return runners.run_recording(get_settings(), job_id, send_part, TIMED_OUT)


@app.task(name=SHARD_TASK["shard"], ignore_result=True, bind=True, **LIMITS)
def record_shard(self: Task, job_id: int, index: int) -> str:
    # the merge, when this shard is the last, goes to this worker: its partial is in this worker's cache
    return runners.run_recording_shard(
        get_settings(), job_id, index, partial(send_part, here=self.request.hostname)
    )


@app.task(name=SHARD_TASK["merge"], ignore_result=True, **LIMITS)
def merge_recording(job_id: int) -> str:
    return runners.run_recording_merge(get_settings(), job_id, TIMED_OUT)


@app.task(name=JOB_TASK["coclustering"], ignore_result=True, **LIMITS)
def cocluster(job_id: int) -> str:
    return runners.run_coclustering(get_settings(), job_id, TIMED_OUT)


@app.task(name=JOB_TASK["coclustering_scan"], ignore_result=True, **LIMITS)
def scan(job_id: int) -> str:
    return runners.run_coclustering_scan(get_settings(), job_id, TIMED_OUT)


@app.task(name=JOB_TASK["ablation"], ignore_result=True, **LIMITS)
def ablate(job_id: int) -> str:
    return runners.run_ablation(get_settings(), job_id, TIMED_OUT)


@app.task(name=JOB_TASK["training"], ignore_result=True, **LIMITS)
def train(job_id: int) -> str:
    return runners.run_training(get_settings(), job_id, TIMED_OUT)


@app.task(name=INTERACTIVE_TASK["evaluate"])
def evaluate(**question: Unpack[EvaluateQuestion]) -> Answer:
    return interactive.answer("evaluate", lambda: interactive.evaluate(get_settings(), question))


@app.task(name=INTERACTIVE_TASK["align"])
def align(**question: Unpack[AlignQuestion]) -> Answer:
    return interactive.answer("align", lambda: interactive.align(get_settings(), question))
