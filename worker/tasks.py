"""Named, idempotent tasks taking ids; each runs a runner from services.jobs."""

from __future__ import annotations

from functools import partial
from typing import Any

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded

from services.jobs import interactive, runners
from services.settings import get_settings
from worker.app import app, send_part
from worker.config import INTERACTIVE_TASK, JOB_TASK, SHARD_TASK

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
def evaluate(
    model_id: int,
    text: str,
    coclustering_id: int | None = None,
    layer: int | None = None,
    state: str | None = None,
    output: int | None = None,
) -> dict[str, Any]:
    try:
        return {
            "ok": interactive.evaluate(get_settings(), model_id, text, coclustering_id, layer, state, output)
        }
    except (ValueError, KeyError) as exc:  # bad input in words the API passes on as a 422
        return {"error": str(exc).strip("'\"")}


@app.task(name=INTERACTIVE_TASK["align"])
def align(
    owner_id: int,
    recording_id: int,
    other_id: int,
    layer: int,
    state: str,
    other_layer: int,
    other_state: str,
    top_words: int,
) -> dict[str, Any]:
    try:
        result = interactive.align(
            get_settings(),
            owner_id,
            recording_id,
            other_id,
            layer,
            state,
            other_layer,
            other_state,
            top_words,
        )
        return {"ok": result}
    except (ValueError, KeyError) as exc:
        return {"error": str(exc).strip("'\"")}
