"""A job's names, defined once for every layer: its kinds and statuses (the tables, the API's
schemas), and what travels over the job queue for the sender (api/dispatch.py, the reaper) and the
receiver (worker/tasks.py): the queues, each task's name and each task's keyword arguments.

Tasks take keyword arguments only: a payload is a TypedDict, so a sender that names a field wrongly
or leaves one out fails mypy, and reordering fields changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypedDict, get_args

JobKind = Literal["training", "recording", "coclustering", "coclustering_scan", "ablation", "timeline"]
# the interactive tasks, answered while the API waits
Question = Literal["evaluate", "align", "patch", "attribute"]
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
ACTIVE_STATUSES: tuple[JobStatus, ...] = ("queued", "running")
FINISHED_STATUSES: tuple[JobStatus, ...] = ("succeeded", "failed", "cancelled")
BATCH_QUEUE = "batch"  # training, recording, co-clustering, scans, ablations, timelines: minutes
INTERACTIVE_QUEUE = "interactive"  # evaluation, alignment, patching: a second, while the API waits

JOB_TASK: dict[JobKind, str] = {
    "recording": "rnnvis.record",
    "coclustering": "rnnvis.cocluster",
    "coclustering_scan": "rnnvis.scan",
    "ablation": "rnnvis.ablate",
    "training": "rnnvis.train",
    "timeline": "rnnvis.timeline",
}
INTERACTIVE_TASK: dict[Question, str] = {
    "evaluate": "rnnvis.evaluate",
    "align": "rnnvis.align",
    "patch": "rnnvis.patch",
    "attribute": "rnnvis.attribute",
}
# A sharded recording's parts (SPEC 10), on the batch queue: one task per shard, then the merge.
ShardPart = Literal["shard", "merge"]
SHARD_TASK: dict[ShardPart, str] = {"shard": "rnnvis.record_shard", "merge": "rnnvis.merge_recording"}
# what the worker's Celery app does with them (worker/app.py); services take these as callables
SendJob = Callable[[JobKind, int], None]
# ("shard", job_id, index) or ("merge", job_id, None): a sharded recording's part to the workers
SendPart = Callable[[ShardPart, int, int | None], None]
assert set(JOB_TASK) == set(get_args(JobKind)) and set(INTERACTIVE_TASK) == set(get_args(Question))
assert set(ACTIVE_STATUSES) | set(FINISHED_STATUSES) == set(get_args(JobStatus))


class JobMessage(TypedDict):
    """Every batch task's arguments: the job's row holds its inputs."""

    job_id: int


class ShardMessage(TypedDict):
    job_id: int
    index: int


class EvaluateQuestion(TypedDict):
    model_id: int
    text: str
    coclustering_id: int | None
    layer: int | None
    state: str | None
    output: int | None


class AlignQuestion(TypedDict):
    owner_id: int
    recording_id: int
    other_id: int
    layer: int
    state: str
    other_layer: int
    other_state: str
    top_words: int


class PatchQuestion(TypedDict):
    """SPEC 13 patching: the units already resolved (a co-clustering's chip: its units and channel)."""

    model_id: int
    source_text: str
    target_text: str
    layer: int | None
    state: str
    units: list[int]
    steps: list[int] | None
    output: int | str | None
    controls: int
    seed: int


class AttributeQuestion(TypedDict):
    """SPEC 13 attribution over time, the units resolved as for patching."""

    model_id: int
    text: str
    layer: int | None
    state: str
    units: list[int]
    step: int | None
    n_steps: int


# what Workers.ask carries: one of the interactive questions
QuestionPayload = EvaluateQuestion | AlignQuestion | PatchQuestion | AttributeQuestion


class Answer(TypedDict, total=False):
    """An interactive task's answer: exactly one of the three."""

    ok: dict[str, object]  # the result
    refused: str  # the user's input is wrong: these words (a 422)
    internal_error: str  # a bug, logged by the worker under the id these words carry (a 500)


def alignment_key(question: AlignQuestion) -> dict[str, object]:
    """The columns that identify a stored alignment: the question without who asked it."""
    return {k: v for k, v in question.items() if k != "owner_id"}
