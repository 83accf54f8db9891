"""Named, idempotent tasks taking keyword arguments (services/jobs/messages.py: a job's id, or an
interactive question); each runs a runner from services.jobs."""

from __future__ import annotations

from collections.abc import Callable
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
    AttributeQuestion,
    EvaluateQuestion,
    PatchQuestion,
)
from services.jobs.running import TimeLimitErrors
from services.jobs.timeline import run_timeline
from services.settings import Settings, get_settings
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


def _job_task(name: str, runner: Callable[[Settings, int, TimeLimitErrors], str]) -> Task:
    """The task of a job that needs only its id (JobMessage) and its time limit: it runs the runner."""

    def run(job_id: int) -> str:
        return runner(get_settings(), job_id, TIMED_OUT)

    return app.task(name=name, ignore_result=True, **LIMITS)(run)


merge_recording = _job_task(SHARD_TASK["merge"], runners.run_recording_merge)
cocluster = _job_task(JOB_TASK["coclustering"], runners.run_coclustering)
scan = _job_task(JOB_TASK["coclustering_scan"], runners.run_coclustering_scan)
ablate = _job_task(JOB_TASK["ablation"], runners.run_ablation)
train = _job_task(JOB_TASK["training"], runners.run_training)
timeline = _job_task(JOB_TASK["timeline"], run_timeline)


@app.task(name=INTERACTIVE_TASK["evaluate"])
def evaluate(**question: Unpack[EvaluateQuestion]) -> Answer:
    return interactive.answer("evaluate", lambda: interactive.evaluate(get_settings(), question))


@app.task(name=INTERACTIVE_TASK["align"])
def align(**question: Unpack[AlignQuestion]) -> Answer:
    return interactive.answer("align", lambda: interactive.align(get_settings(), question))


@app.task(name=INTERACTIVE_TASK["patch"])
def patch(**question: Unpack[PatchQuestion]) -> Answer:
    return interactive.answer("patch", lambda: interactive.patch(get_settings(), question))


@app.task(name=INTERACTIVE_TASK["attribute"])
def attribute(**question: Unpack[AttributeQuestion]) -> Answer:
    return interactive.answer("attribute", lambda: interactive.attribute(get_settings(), question))
